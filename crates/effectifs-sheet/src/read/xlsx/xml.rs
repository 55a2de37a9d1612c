//! The XML layer of the fast `.xlsx` reader: quick-xml's borrowed reader configured exactly as
//! calamine configures its own, attributes split exactly as calamine splits them, and the small
//! decoders calamine applies to what it reads (entities, `_xHHHH_` escapes, cell references).
//!
//! Every function here either gives what calamine would give or returns a [`Fallback`]:
//! never a guess. Where calamine would fail, so do we (and calamine then reports it in its words).

use std::borrow::Cow;

use calamine::Dimensions;
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::QName;

use super::Fallback;

/// Events of one part (or one window of a part), with the count of open elements carried from
/// window to window.
///
/// calamine reads each part with one reader, which refuses an end tag closing nothing
/// (`UnmatchedEndTag`). A window starts with the elements of the previous ones still open, so its
/// reader is told to let such end tags through and the count kept here refuses them instead,
/// exactly where calamine's reader would.
pub(super) struct Events<'w> {
    /// All the bytes being read (the reader holds what is left of them).
    bytes: &'w [u8],
    /// The same, when they are UTF-8 throughout (checked once, rather than piece by piece).
    text: Option<&'w str>,
    reader: Reader<&'w [u8]>,
    depth: usize,
    /// Whether a `<mergeCells>` start is refused (see [`Events::guard_merged_cells`]).
    guard_merged_cells: bool,
    /// Whether every start tag's attributes are checked (see [`Events::check_attributes`]).
    check_attributes: bool,
    /// Whether the reader stands between two pieces of markup, about to read text: the only
    /// state in which its input may be read past by [`Events::skip_read`] (after a start or an
    /// end tag, a reference, a comment…; not after text, after which it has already looked at
    /// the markup that follows, nor after a self-closing tag, whose end event is still to come).
    between_markup: bool,
}

impl<'w> Events<'w> {
    /// Events of `bytes`, `depth` elements being open before it.
    pub(super) fn new(bytes: &'w [u8], depth: usize) -> Events<'w> {
        let mut reader = Reader::from_reader(bytes);
        let config = reader.config_mut();
        // calamine's `xml_reader` settings.
        config.check_end_names = false;
        config.trim_text(false);
        config.check_comments = false;
        config.expand_empty_elements = true;
        // See the type's documentation.
        config.allow_unmatched_ends = true;
        Events {
            bytes,
            text: std::str::from_utf8(bytes).ok(),
            reader,
            depth,
            guard_merged_cells: false,
            check_attributes: false,
            // The reader's first event also looks for a byte order mark: let it read one first.
            between_markup: false,
        }
    }

    /// Checks the attributes of every start tag from now on (see [`check_attributes`]): for the
    /// small parts, where calamine reads attributes of many elements we otherwise skip.
    pub(super) fn check_attributes(&mut self) {
        self.check_attributes = true;
    }

    /// Refuses (falls back on) any `<mergeCells>` start from now on: calamine takes a sheet's
    /// merged areas from the first one anywhere in it, while we only look for it after the cells.
    pub(super) fn guard_merged_cells(&mut self, guard: bool) {
        self.guard_merged_cells = guard;
    }

    /// The elements open after the last event.
    pub(super) fn depth(&self) -> usize {
        self.depth
    }

    /// What is left to read, when the reader stands between two pieces of markup (see
    /// `between_markup`).
    pub(super) fn rest_between_markup(&self) -> Option<&'w [u8]> {
        self.between_markup.then(|| *self.reader.get_ref())
    }

    /// What the reader has read so far.
    fn read(&self) -> &'w [u8] {
        let rest: &'w [u8] = self.reader.get_ref();
        self.bytes.get(..self.bytes.len() - rest.len()).unwrap_or_default()
    }

    /// `len` bytes of what is left to read, from `from` on, as text: what quick-xml would check
    /// before giving them in an event (not UTF-8: an XML error, hence a fallback).
    pub(super) fn rest_str(&self, from: usize, len: usize) -> Result<&'w str, Fallback> {
        let rest: &'w [u8] = self.reader.get_ref();
        let start = self.bytes.len() - rest.len() + from;
        let text = match self.text {
            Some(text) => text.get(start..start + len),
            None => self
                .bytes
                .get(start..start + len)
                .and_then(|bytes| std::str::from_utf8(bytes).ok()),
        };
        text.ok_or(Fallback("text that is not UTF-8"))
    }

    /// Goes past `len` bytes of [`Events::rest_between_markup`] read by the caller: well-formed
    /// markup that leaves the reader between two pieces of markup again, opening `opened` elements
    /// and closing `closed` ones. The reader itself never sees them; the count of open elements,
    /// which only matters for end tags closing nothing, is kept here.
    pub(super) fn skip_read(&mut self, len: usize, opened: usize, closed: usize) {
        let reader: &mut &'w [u8] = self.reader.get_mut();
        *reader = reader.get(len..).unwrap_or_default();
        self.depth = self.depth.saturating_add(opened).saturating_sub(closed);
        self.between_markup = true;
    }

    /// If the next piece of markup is a start tag named `name` (`<c …>` or `<c …/>`), reads it
    /// with quick-xml's own element parser rather than through the reader: the event the reader
    /// would give, and whether the tag closes itself (its end event is then implied). `None`
    /// otherwise, and whenever the reader is not between two pieces of markup.
    pub(super) fn start_named(&mut self, name: &str) -> Result<Option<(BytesStart<'w>, bool)>, Fallback> {
        let Some(rest) = self.rest_between_markup() else {
            return Ok(None);
        };
        let Some(after_name) = rest
            .strip_prefix(b"<")
            .and_then(|tag| tag.strip_prefix(name.as_bytes()))
        else {
            return Ok(None);
        };
        if !matches!(after_name.first(), Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/')) {
            return Ok(None);
        }
        let Some(end) = tag_end(rest) else {
            return Ok(None);
        };
        let tag = self.rest_str(0, end + 1)?;
        // As quick-xml's `emit_start`: without `<` and `>`, or `/>` for a self-closing tag.
        let inner = tag.get(1..).unwrap_or_default();
        let (content, closes) = match inner.strip_suffix("/>") {
            Some(content) => (content, true),
            None => (inner.strip_suffix('>').unwrap_or(inner), false),
        };
        if content
            .get(name.len()..)
            .is_some_and(|after| !after.is_empty() && !after.starts_with([' ', '\t', '\r', '\n']))
        {
            return Ok(None);
        }
        self.skip_read(tag.len(), usize::from(!closes), 0);
        Ok(Some((BytesStart::from_content(content, name.len()), closes)))
    }

    /// The next event; an XML error falls back (calamine fails on it), and so does a part whose root
    /// element declares Strict Open XML namespaces (calamine reads only the transitional ones).
    pub(super) fn next(&mut self) -> Result<Event<'w>, Fallback> {
        let event = self.reader.read_event().map_err(|_| Fallback("malformed XML"))?;
        self.between_markup = match &event {
            Event::Text(_) | Event::Eof => false,
            // A self-closing tag (`<c/>`): its end event is still to come.
            Event::Start(_) => !self.read().ends_with(b"/>"),
            _ => true,
        };
        match &event {
            Event::Start(start) => {
                if self.guard_merged_cells
                    && start.name().into_inner().ends_with("mergeCells")
                    && local(start) == "mergeCells"
                {
                    return Err(Fallback("merged cells before the end of the cells"));
                }
                if self.check_attributes {
                    check_attributes(start)?;
                }
                if self.depth == 0 && is_strict(start) {
                    return Err(Fallback("Strict Open XML"));
                }
                self.depth += 1;
            }
            Event::End(_) => {
                self.depth = self.depth.checked_sub(1).ok_or(Fallback("end tag closing nothing"))?;
            }
            _ => {}
        }
        Ok(event)
    }

    /// Skips to the end of the element `name` just opened, as quick-xml's `read_to_end` does
    /// (counting nested elements of the same name).
    pub(super) fn skip(&mut self, name: QName<'_>) -> Result<(), Fallback> {
        let mut nested = 0_usize;
        loop {
            match self.next()? {
                Event::Start(start) if start.name() == name => nested += 1,
                Event::End(end) if end.name() == name => match nested.checked_sub(1) {
                    Some(fewer) => nested = fewer,
                    None => return Ok(()),
                },
                Event::Eof => return Err(Fallback("unclosed element")),
                _ => {}
            }
        }
    }

    /// Skips to the first end tag whose local name is `name` (as calamine's style parsers do).
    pub(super) fn skip_to_local_end(&mut self, name: &str) -> Result<(), Fallback> {
        loop {
            match self.next()? {
                Event::End(end) if local_end(&end) == name => return Ok(()),
                Event::Eof => return Err(Fallback("unclosed element")),
                _ => {}
            }
        }
    }
}

/// Where the start tag at the beginning of `bytes` ends (its `>`): the first `>` outside a quoted
/// attribute value, as quick-xml's `ElementParser` finds it (the same automaton, as a plain loop:
/// tags are short, and a search call per quote costs more than it saves).
fn tag_end(bytes: &[u8]) -> Option<usize> {
    let mut quote = None;
    for (at, &byte) in bytes.iter().enumerate() {
        match quote {
            None if byte == b'>' => return Some(at),
            None if byte == b'"' || byte == b'\'' => quote = Some(byte),
            Some(open) if byte == open => quote = None,
            _ => {}
        }
    }
    None
}

/// An element's local name (without its namespace prefix), as calamine matches elements.
pub(super) fn local<'a>(start: &'a BytesStart<'_>) -> &'a str {
    local_part(start.name().into_inner())
}

/// An end tag's local name.
pub(super) fn local_end<'a>(end: &'a quick_xml::events::BytesEnd<'_>) -> &'a str {
    local_part(end.name().into_inner())
}

/// What follows the first `:` of a name (quick-xml's `local_name`), written for the one- to
/// three-letter names of a sheet, met millions of times.
fn local_part(name: &str) -> &str {
    match name.bytes().position(|byte| byte == b':') {
        Some(colon) => name.get(colon + 1..).unwrap_or_default(),
        None => name,
    }
}

/// A start tag's attributes as calamine's `RawAttrIter` splits them (raw values, no unescaping):
/// `Err` where calamine reports a malformed attribute.
pub(super) struct Attributes<'a> {
    raw: &'a str,
    position: usize,
}

impl<'a> Attributes<'a> {
    pub(super) fn of(start: &'a BytesStart<'_>) -> Attributes<'a> {
        Attributes {
            raw: start.attributes_raw(),
            position: 0,
        }
    }
}

impl<'a> Iterator for Attributes<'a> {
    type Item = Result<(&'a str, &'a str), Fallback>;

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.raw.as_bytes();
        let at = |position: usize| bytes.get(position).copied();
        let mut position = self.position;
        while at(position).is_some_and(|byte| byte.is_ascii_whitespace()) {
            position += 1;
        }
        if position >= bytes.len() {
            self.position = position;
            return None;
        }
        let key_start = position;
        while at(position).is_some_and(|byte| byte != b'=') {
            position += 1;
        }
        let malformed = Some(Err(Fallback("malformed attribute")));
        let Some(key) = self.raw.get(key_start..position) else {
            self.position = bytes.len();
            return malformed;
        };
        if position >= bytes.len() {
            self.position = bytes.len();
            return malformed;
        }
        position += 1;
        while at(position).is_some_and(|byte| byte.is_ascii_whitespace()) {
            position += 1;
        }
        let Some(quote @ (b'"' | b'\'')) = at(position) else {
            self.position = bytes.len();
            return malformed;
        };
        position += 1;
        let value_start = position;
        while at(position).is_some_and(|byte| byte != quote) {
            position += 1;
        }
        let value = self.raw.get(value_start..position).unwrap_or_default();
        if position < bytes.len() {
            position += 1;
        }
        self.position = position;
        Some(Ok((key.trim_ascii_end(), value)))
    }
}

/// The raw values of the attributes `keys` of `start` (its other attributes are checked too). An
/// attribute given twice falls back: calamine's lookups do not all keep the same one.
pub(super) fn attributes<'a, const N: usize>(
    start: &'a BytesStart<'_>,
    keys: [&str; N],
) -> Result<[Option<&'a str>; N], Fallback> {
    let mut values = [None; N];
    for attribute in Attributes::of(start) {
        let (key, value) = attribute?;
        if let Some(index) = keys.iter().position(|wanted| same(wanted.as_bytes(), key.as_bytes()))
            && let Some(slot) = values.get_mut(index)
            && slot.replace(value).is_some()
        {
            return Err(Fallback("repeated attribute"));
        }
    }
    Ok(values)
}

/// Byte strings compared inline (attribute names are one to a dozen bytes: a `memcmp` call per
/// comparison would cost more than the comparison).
fn same(left: &[u8], right: &[u8]) -> bool {
    left.len() == right.len() && left.iter().zip(right).all(|(left, right)| left == right)
}

/// The raw value of the attribute `key` of `start`.
pub(super) fn attribute<'a>(start: &'a BytesStart<'_>, key: &str) -> Result<Option<&'a str>, Fallback> {
    let [value] = attributes(start, [key])?;
    Ok(value)
}

/// Checks every attribute of `start` as calamine would if it read any of them: well-formed, and
/// unescapable where it holds an entity (calamine unescapes names, format codes, targets…).
pub(super) fn check_attributes(start: &BytesStart<'_>) -> Result<(), Fallback> {
    for attribute in Attributes::of(start) {
        let (_, value) = attribute?;
        if value.contains('&') {
            decode(value)?;
        }
    }
    Ok(())
}

/// An attribute value unescaped (entities and character references), as calamine's `decode_attr`.
pub(super) fn decode(value: &str) -> Result<Cow<'_, str>, Fallback> {
    quick_xml::escape::unescape(value).map_err(|_| Fallback("unknown entity"))
}

/// Whether the root element `start` declares a Strict Open XML namespace: calamine reads these
/// files by local names alone; we leave them to it.
fn is_strict(start: &BytesStart<'_>) -> bool {
    Attributes::of(start).any(|attribute| {
        attribute.is_ok_and(|(key, value)| key.starts_with("xmlns") && value.starts_with("http://purl.oclc.org/ooxml/"))
    })
}

/// Appends the text of an entity or character reference, as calamine's
/// `unescape_entity_to_buffer`.
pub(super) fn push_reference(reference: &BytesRef<'_>, out: &mut String) -> Result<(), Fallback> {
    if let Some(text) = quick_xml::escape::resolve_xml_entity(reference) {
        out.push_str(text);
        return Ok(());
    }
    match reference.resolve_char_ref() {
        Ok(Some(character)) => {
            out.push(character);
            Ok(())
        }
        _ => Err(Fallback("unknown entity")),
    }
}

/// Length of an Excel escape, `_xHHHH_`.
const ESCAPE_LEN: usize = 7;

/// Appends `text` with Excel's `_xHHHH_` escapes decoded (`_x000D_` is a carriage return; a UTF-16
/// surrogate pair is two escapes; a lone surrogate becomes U+FFFD), as calamine's `unescape_xml`.
pub(super) fn push_unescaped(text: &str, out: &mut String) {
    let mut copied = 0;
    let mut from = 0;
    while let Some((index, unit)) = find_escape(text, from) {
        out.push_str(text.get(copied..index).unwrap_or_default());
        let mut next = index + ESCAPE_LEN;
        let character = match unit {
            0xD800..=0xDBFF => match parse_escape(text, next) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    next += ESCAPE_LEN;
                    let code = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
                }
                _ => char::REPLACEMENT_CHARACTER,
            },
            0xDC00..=0xDFFF => char::REPLACEMENT_CHARACTER,
            _ => char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER),
        };
        out.push(character);
        copied = next;
        from = next;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
}

/// The first `_xHHHH_` escape at or after the byte `from`, and its UTF-16 unit.
fn find_escape(text: &str, mut from: usize) -> Option<(usize, u16)> {
    while let Some(offset) = text.get(from..)?.find('_') {
        let index = from + offset;
        if let Some(unit) = parse_escape(text, index) {
            return Some((index, unit));
        }
        from = index + 1;
    }
    None
}

/// The UTF-16 unit of the `_xHHHH_` escape at the byte `index`, if there is one.
fn parse_escape(text: &str, index: usize) -> Option<u16> {
    let bytes = text.as_bytes().get(index..index + ESCAPE_LEN)?;
    let (&[b'_', b'x'], rest) = bytes.split_at_checked(2)? else {
        return None;
    };
    let (hex, b"_") = rest.split_at_checked(4)? else {
        return None;
    };
    if !hex.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
}

/// The most letters and digits of a reference we read ourselves (`XFD1048576` has 3 and 7):
/// longer ones, which calamine reads with overflowing arithmetic, are left to it.
const MAX_LETTERS: usize = 3;
const MAX_DIGITS: usize = 9;

/// The fallback reason of a row number too long for calamine to read right: damage, reported as
/// such (see [`super::DAMAGE`]).
pub(super) const ROW_BEYOND_SHEET: &str = "damaged: a row number beyond the last row of a sheet (1 048 576)";

/// A cell or row reference (`B12`, `12`) as calamine's `get_row_and_optional_column` reads it:
/// the row and the column, from 0 (the column only if there are letters).
pub(super) fn reference(text: &str) -> Result<(u32, Option<u32>), Fallback> {
    let odd = || Fallback("unusual cell reference");
    let bytes = text.as_bytes();
    let letters = bytes.iter().take_while(|byte| byte.is_ascii_alphabetic()).count();
    let (letters, digits) = bytes.split_at(letters);
    if letters.len() <= MAX_LETTERS && digits.len() > MAX_DIGITS && digits.iter().all(u8::is_ascii_digit) {
        // calamine reads it with overflowing arithmetic: the row would come out under a wrong
        // number, over another one. A sheet has 1 048 576 rows: the file is damaged.
        return Err(Fallback(ROW_BEYOND_SHEET));
    }
    if letters.len() > MAX_LETTERS
        || digits.is_empty()
        || digits.len() > MAX_DIGITS
        || !digits.iter().all(u8::is_ascii_digit)
    {
        return Err(odd());
    }
    let column = letters.iter().fold(0_u32, |column, letter| {
        column * 26 + u32::from(letter.to_ascii_uppercase() - b'A') + 1
    });
    let row = digits
        .iter()
        .fold(0_u32, |row, digit| row * 10 + u32::from(digit - b'0'));
    Ok((row.checked_sub(1).ok_or_else(odd)?, column.checked_sub(1)))
}

/// A cell reference (`B12`), which must have a column.
pub(super) fn cell_reference(text: &str) -> Result<(u32, u32), Fallback> {
    match reference(text)? {
        (row, Some(column)) => Ok((row, column)),
        (_, None) => Err(Fallback("cell reference without a column")),
    }
}

/// An area (`A1:C3`, or one cell `B2`) as calamine's `get_dimension` reads it. A reversed area,
/// which calamine computes with wrapping arithmetic, is left to it.
pub(super) fn area(text: &str) -> Result<Dimensions, Fallback> {
    let (start, end) = match text.split_once(':') {
        None => {
            let cell = cell_reference(text)?;
            (cell, cell)
        }
        Some((start, end)) => (cell_reference(start)?, cell_reference(end)?),
    };
    if end.0 < start.0 || end.1 < start.1 {
        return Err(Fallback("reversed area"));
    }
    Ok(Dimensions::new(start, end))
}

/// A style or shared-string index as calamine reads it (`atoi_simd`: digits only). Anything else,
/// which calamine reads as 0, is left to it.
pub(super) fn index(text: &str) -> Result<usize, Fallback> {
    let unusual = Fallback("unusual index");
    if text.is_empty() || text.len() > MAX_DIGITS {
        return Err(unusual);
    }
    text.bytes().try_fold(0_usize, |index, byte| {
        let digit = byte.wrapping_sub(b'0');
        (digit < 10).then(|| index * 10 + usize::from(digit)).ok_or(unusual)
    })
}

/// A number written as Excel writes them (`-12`, `3.25`, `1.5E-3`), parsed: for these, every
/// correctly rounding parser (calamine's `fast_float2`, the standard library's) gives the same
/// `f64`. Anything else (blanks, `inf`, `+1`, `.5`), `None`.
pub(super) fn decimal(text: &str) -> Option<f64> {
    /// Integers of up to 15 digits are below 2^53: exact as `f64`, no rounding to do.
    const EXACT_DIGITS: usize = 15;
    let bytes = text.as_bytes();
    let digits = |from: usize| {
        bytes
            .get(from..)
            .map_or(0, |rest| rest.iter().take_while(|byte| byte.is_ascii_digit()).count())
    };
    let negative = bytes.first() == Some(&b'-');
    let mut at = usize::from(negative);
    let integer = digits(at);
    if integer == 0 {
        return None;
    }
    at += integer;
    if at == bytes.len() && integer <= EXACT_DIGITS {
        let value = bytes
            .get(usize::from(negative)..)?
            .iter()
            .fold(0_u64, |value, digit| value * 10 + u64::from(digit - b'0'));
        #[allow(clippy::cast_precision_loss, reason = "below 2^53, exact")]
        let value = value as f64;
        return Some(if negative { -value } else { value });
    }
    if bytes.get(at) == Some(&b'.') {
        let fraction = digits(at + 1);
        if fraction == 0 {
            return None;
        }
        at += 1 + fraction;
    }
    if matches!(bytes.get(at), Some(b'e' | b'E')) {
        at += 1;
        if matches!(bytes.get(at), Some(b'+' | b'-')) {
            at += 1;
        }
        let exponent = digits(at);
        if exponent == 0 {
            return None;
        }
        at += exponent;
    }
    if at != bytes.len() {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::{Attributes, decimal, push_unescaped, reference};

    #[test]
    fn attributes_split_like_calamine() {
        let split = |raw: &'static str| -> Vec<Result<(&'static str, &'static str), ()>> {
            Attributes { raw, position: 0 }
                .map(|attribute| attribute.map_err(|_| ()))
                .collect()
        };
        assert_eq!(split(" r=\"A1\" s='2' "), [Ok(("r", "A1")), Ok(("s", "2"))]);
        assert_eq!(
            split(" r = \"50\" spans = '1:4'"),
            [Ok(("r", "50")), Ok(("spans", "1:4"))]
        );
        assert_eq!(split("k='a\"b'"), [Ok(("k", "a\"b"))]);
        assert_eq!(split("good=\"1\" bad=2"), [Ok(("good", "1")), Err(())]);
        assert_eq!(split("  spans  "), [Err(())]);
        assert_eq!(split(""), []);
    }

    /// The tag end is where quick-xml's own parser finds it.
    #[test]
    fn tag_end_like_quick_xml() {
        use quick_xml::parser::{ElementParser, Parser};
        let pieces: [&[u8]; 8] = [b"<c", b" r=\"A1\"", b">", b"'", b"\"", b"x", b"/", b" t='>'"];
        let mut state = 7_u32;
        for _ in 0..5_000 {
            let mut tag = Vec::new();
            for _ in 0..8 {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                tag.extend_from_slice(pieces[usize::try_from(state >> 16).unwrap_or(0) % pieces.len()]);
            }
            assert_eq!(
                super::tag_end(&tag),
                ElementParser::default().feed(&tag),
                "{}",
                String::from_utf8_lossy(&tag)
            );
        }
    }

    #[test]
    fn excel_escapes() {
        let cases = [
            ("a_x000D_b", "a\rb"),
            ("_x005F_x000D_", "_x000D_"),
            ("_xD83D__xDCF7_", "📷"),
            ("_xD83D_", "\u{FFFD}"),
            ("_xDCF7_x", "\u{FFFD}x"),
            ("_x00e9_t_x00C9_", "étÉ"),
            ("_x12G4_ _x1", "_x12G4_ _x1"),
            ("", ""),
        ];
        for (text, expected) in cases {
            let mut out = String::new();
            push_unescaped(text, &mut out);
            assert_eq!(out, expected, "{text}");
        }
    }

    #[test]
    fn references_and_numbers() {
        assert_eq!(reference("A1").ok(), Some((0, Some(0))));
        assert_eq!(reference("xfd1048576").ok(), Some((1_048_575, Some(16_383))));
        assert_eq!(reference("12").ok(), Some((11, None)));
        for odd in ["", "A", "A0", "1A", "AAAA1", "A1234567890", "A-1"] {
            assert!(reference(odd).is_err(), "{odd}");
        }
        assert_eq!(decimal("-12"), Some(-12.0));
        assert_eq!(decimal("-0").map(f64::to_bits), Some((-0.0_f64).to_bits()));
        assert_eq!(decimal("999999999999999"), Some(999_999_999_999_999.0));
        assert_eq!(decimal("9007199254740993"), Some(9_007_199_254_740_992.0));
        assert_eq!(decimal("007"), Some(7.0));
        assert_eq!(decimal("1.5E-3"), Some(0.0015));
        assert_eq!(decimal("45000.25"), Some(45_000.25));
        for odd in ["", "-", "1.", ".5", "+1", " 1", "1 ", "inf", "NaN", "1e", "0x10", "1,5"] {
            assert_eq!(decimal(odd), None, "{odd}");
        }
    }
}
