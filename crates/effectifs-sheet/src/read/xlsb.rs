//! `.xlsb` workbooks checked before calamine reads them.
//!
//! calamine 0.38 reads the BIFF12 records of an `.xlsb` by indexing their bytes without checking
//! their length, and looks sheets up in the relationships without checking they are there: a
//! workbook-properties record that is empty, a sheet whose relationship is absent, a dimension
//! record shorter than 16 bytes or a shared-string index beyond the table make it panic (a crash of
//! the CLI, a dead worker in the browser). This module walks the same records in the same order,
//! with the same reading of their framing (a record's type in one or two bytes, its length in one to
//! four, its body copied into a buffer that keeps the bytes of longer earlier records, as
//! calamine's does), and refuses the file as damaged wherever calamine would index past what it
//! holds. It reads each part as a stream (constant memory), and stops without a verdict wherever
//! calamine would return an error of its own (the file is then refused with calamine's message).
//!
//! The formulas of defined names (`BrtName`), which calamine decodes token by token when it opens
//! the workbook, are walked too ([`formula`]): every token's length, every index into the sheets
//! and the function table, the nesting of sub-formulas (a stack overflow, which no net catches),
//! and the text calamine would build for them (a few hundred bytes of tokens can make it copy
//! gigabytes). Wherever the check cannot follow calamine exactly it refuses rather than lets it
//! read: a sheet the check did not walk, a record longer than any spreadsheet writes, a string
//! longer than its record (calamine's own length check overflows on 32-bit WebAssembly).

use std::collections::HashMap;
use std::io::{BufReader, Read};

use encoding_rs::UTF_16LE;
use quick_xml::events::Event;

use super::archive::Archive;
use super::limits::Limits;
use super::{FileFormat, ReadError};

/// The longest record accepted. The longest a spreadsheet writes is a shared string with its
/// formatting runs (about 200 Kio); a length field can claim 256 Mio, which calamine would
/// allocate before finding the part too short.
const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;

/// The most nested sub-formulas (`PtgMemFunc`) in a defined name: calamine decodes each by a
/// recursive call, and a deep enough nesting overflows the stack (a crash no net catches). Excel
/// nests at most 64 levels of functions.
const MAX_FORMULA_DEPTH: u32 = 64;

/// The most bytes calamine may write and move while decoding the defined names (their names and
/// formulas included). Real names take a few kilobytes; a formula of repeated tokens, each copying
/// the text built so far, would take gigabytes and minutes.
const MAX_NAMES_WORK: u64 = 64 * 1024 * 1024;

/// What calamine would do next: go on, or stop with an error of its own (no panic).
type Flow<T> = Result<T, Stop>;

/// calamine would stop here with its own error, or panic (`Damage`, with the reason).
#[derive(Debug)]
enum Stop {
    /// calamine returns an error: nothing more to check, its message will be shown.
    CalamineError,
    /// calamine would panic: the file is refused as damaged.
    Damage(&'static str),
    /// A limit of [`Limits`] reached before calamine reads (the shared strings' text).
    Limit(ReadError),
}

/// The records of one part, read as calamine's `RecordIter` reads them.
struct Records<R: Read> {
    reader: BufReader<R>,
}

impl<R: Read> Records<R> {
    fn new(reader: R) -> Records<R> {
        Records {
            reader: BufReader::new(reader),
        }
    }

    fn byte(&mut self) -> Flow<u8> {
        let mut byte = [0];
        self.reader.read_exact(&mut byte).map_err(|_| Stop::CalamineError)?;
        Ok(byte[0])
    }

    /// A record type: one byte, or two when the first has its high bit set.
    fn kind(&mut self) -> Flow<u16> {
        let first = self.byte()?;
        if first & 0x80 == 0 {
            return Ok(u16::from(first));
        }
        let second = self.byte()?;
        Ok(u16::from(first & 0x7F) + (u16::from(second & 0x7F) << 7))
    }

    /// A record body into `buffer`, which grows to fit it but never shrinks (calamine's buffer keeps
    /// the bytes of a longer earlier record past this one's end). Its length.
    fn body(&mut self, buffer: &mut Vec<u8>) -> Flow<usize> {
        let mut byte = self.byte()?;
        let mut len = usize::from(byte & 0x7F);
        for shift in [7, 14, 21] {
            if byte & 0x80 == 0 {
                break;
            }
            byte = self.byte()?;
            len += usize::from(byte & 0x7F) << shift;
        }
        if len > MAX_RECORD_BYTES {
            return Err(Stop::Damage("a record longer than 16 Mio (no spreadsheet writes one)"));
        }
        if buffer.len() < len {
            buffer.resize(len, 0);
        }
        let target = buffer.get_mut(..len).ok_or(Stop::CalamineError)?;
        self.reader.read_exact(target).map_err(|_| Stop::CalamineError)?;
        Ok(len)
    }

    /// Skips to the next record of type `wanted` (its body in `buffer`), skipping whole the blocks
    /// that start with one of `blocks`' first types and end with its second, as calamine's
    /// `next_skip_blocks`.
    fn skip_to(&mut self, wanted: u16, blocks: &[(u16, u16)], buffer: &mut Vec<u8>) -> Flow<usize> {
        loop {
            let kind = self.kind()?;
            let len = self.body(buffer)?;
            if kind == wanted {
                return Ok(len);
            }
            if let Some((_, end)) = blocks.iter().find(|(start, _)| *start == kind) {
                while self.kind()? != *end {
                    self.body(buffer)?;
                }
                self.body(buffer)?;
            }
        }
    }
}

/// The four bytes at `at` as a little-endian `u32`, or the damage when the buffer is too short
/// (where calamine indexes past its end).
fn u32_at(buffer: &[u8], at: usize, damage: &'static str) -> Flow<u32> {
    let bytes = buffer.get(at..at.saturating_add(4)).ok_or(Stop::Damage(damage))?;
    let mut word = [0; 4];
    word.copy_from_slice(bytes);
    Ok(u32::from_le_bytes(word))
}

/// Requires `len` bytes in the buffer.
fn need(buffer: &[u8], len: usize, damage: &'static str) -> Flow<()> {
    if buffer.len() < len {
        Err(Stop::Damage(damage))
    } else {
        Ok(())
    }
}

/// Checks the workbook-level parts calamine reads when it opens the file (shared strings, styles,
/// relationships, workbook with its defined names), and returns what the sheet check needs: the
/// number of shared strings and the sheets' names and parts.
pub(super) fn check_workbook(archive: &mut Archive<'_>, limits: &Limits) -> Result<Workbook, ReadError> {
    let mut workbook = Workbook::default();
    match open_workbook(archive, &mut workbook, limits) {
        Ok(()) | Err(Stop::CalamineError) => Ok(workbook),
        Err(Stop::Damage(reason)) => Err(damaged(reason)),
        Err(Stop::Limit(error)) => Err(error),
    }
}

/// Checks the records of the worksheet `name` as calamine's cells reader will read them. A sheet
/// the workbook check did not list is refused: calamine would read it unchecked.
pub(super) fn check_sheet(archive: &mut Archive<'_>, workbook: &Workbook, name: &str) -> Result<(), ReadError> {
    let Some((_, path)) = workbook.sheets.iter().find(|(sheet, _)| sheet == name) else {
        return Err(damaged("a sheet the workbook check did not list"));
    };
    let Some(file) = archive.open_loose(path) else {
        return Ok(());
    };
    match cells(Records::new(file), workbook.strings) {
        Ok(()) | Err(Stop::CalamineError) => Ok(()),
        Err(Stop::Damage(reason)) => Err(damaged(reason)),
        Err(Stop::Limit(error)) => Err(error),
    }
}

fn damaged(reason: &str) -> ReadError {
    ReadError::Corrupted {
        format: FileFormat::Xlsb,
        detail: reason.to_owned(),
    }
}

/// What the sheet check needs to know of the workbook.
#[derive(Debug, Default)]
pub(super) struct Workbook {
    /// How many shared strings calamine holds.
    strings: usize,
    /// The sheets' names and part paths, as calamine records them.
    sheets: Vec<(String, String)>,
}

impl Workbook {
    /// The part of the sheet `name`.
    pub(super) fn part(&self, name: &str) -> Option<&str> {
        self.sheets
            .iter()
            .find(|(sheet, _)| sheet == name)
            .map(|(_, path)| path.as_str())
    }
}

fn open_workbook(archive: &mut Archive<'_>, workbook: &mut Workbook, limits: &Limits) -> Flow<()> {
    if let Some(file) = archive.open_loose("xl/sharedStrings.bin") {
        workbook.strings = shared_strings(Records::new(file), limits)?;
    }
    if let Some(file) = archive.open_loose("xl/styles.bin") {
        styles(Records::new(file))?;
    }
    let relationships = relationships(archive)?;
    let file = archive.open_loose("xl/workbook.bin").ok_or(Stop::CalamineError)?;
    workbook.sheets = sheets(Records::new(file), &relationships)?;
    Ok(())
}

/// The text of a length-prefixed UTF-16 string at the start of `bytes` (calamine's `wide_str`), as
/// calamine decodes it. A string longer than what holds it is damage: calamine reports it on 64-bit
/// targets, but its length arithmetic overflows on 32-bit WebAssembly and then slices backwards.
fn wide_string(bytes: &[u8], damage: &'static str) -> Flow<(String, usize)> {
    let chars = u32_at(bytes, 0, damage)?;
    let end = usize::try_from(4 + u64::from(chars) * 2).map_err(|_| Stop::Damage(damage))?;
    let text = bytes.get(4..end).ok_or(Stop::Damage(damage))?;
    Ok((UTF_16LE.decode(text).0.into_owned(), end))
}

/// An upper bound of the UTF-8 length of `bytes` of UTF-16 (a unit takes at most three bytes, a
/// surrogate pair four), without decoding them.
fn utf8_len_bound(bytes: &[u8]) -> u64 {
    bytes
        .chunks_exact(2)
        .map(|pair| match u16::from_le_bytes([pair[0], pair[1]]) {
            0..0x80 => 1,
            0x80..0x800 => 2,
            _ => 3,
        })
        .sum()
}

/// `xl/sharedStrings.bin`: the count in `BrtBeginSst`, then that many `BrtSSTItem`s. Returns how
/// many strings calamine will hold; their text (which calamine holds whole, used or not) counts in
/// [`Limits::max_text_bytes`].
fn shared_strings(mut records: Records<impl Read>, limits: &Limits) -> Flow<usize> {
    // What calamine keeps per string besides its text.
    const STRING_OVERHEAD: u64 = 24;
    let mut buffer = Vec::new();
    records.skip_to(0x009F, &[], &mut buffer)?;
    let count = u32_at(&buffer, 4, "shared strings: BrtBeginSst record too short")?;
    let mut read = 0;
    let mut text_bytes: u64 = 0;
    for _ in 0..count {
        let len = records.skip_to(0x0013, &[(0x0023, 0x0024)], &mut buffer)?;
        let record = buffer.get(..len).unwrap_or_default();
        let text = record
            .get(1..)
            .ok_or(Stop::Damage("shared strings: empty BrtSSTItem record"))?;
        let chars = u32_at(text, 0, "shared strings: BrtSSTItem record too short")?;
        let units = usize::try_from(u64::from(chars) * 2)
            .ok()
            .and_then(|units| text.get(4..4usize.checked_add(units)?))
            .ok_or(Stop::Damage("shared strings: a string longer than its record"))?;
        text_bytes = text_bytes.saturating_add(utf8_len_bound(units) + STRING_OVERHEAD);
        if text_bytes > limits.max_text_bytes {
            return Err(Stop::Limit(ReadError::TextTooLarge {
                max: limits.max_text_bytes,
            }));
        }
        read += 1;
    }
    Ok(read)
}

/// `xl/styles.bin`, as calamine's `read_styles` walks it (which, between the two lists it reads,
/// reads record types only, not their bodies: the same bytes are walked the same way here).
fn styles(mut records: Records<impl Read>) -> Flow<()> {
    let mut buffer = Vec::new();
    loop {
        match records.kind()? {
            0x0267 => {
                records.body(&mut buffer)?;
                let count = u32_at(&buffer, 0, "styles: BrtBeginFmts record too short")?;
                for _ in 0..count {
                    records.skip_to(0x002C, &[], &mut buffer)?;
                    need(&buffer, 2, "styles: BrtFmt record too short")?;
                    // calamine reads the string from its whole buffer (bytes of longer earlier
                    // records included).
                    let text = buffer.get(2..).unwrap_or_default();
                    wide_string(text, "styles: a format string longer than its record")?;
                }
            }
            0x0269 => {
                records.body(&mut buffer)?;
                let count = u32_at(&buffer, 0, "styles: BrtBeginCellXFs record too short")?;
                for _ in 0..count {
                    records.skip_to(0x002F, &[], &mut buffer)?;
                    need(&buffer, 4, "styles: BrtXF record too short")?;
                }
                return Ok(());
            }
            _ => {}
        }
        buffer.clear();
    }
}

/// The relationships of `xl/_rels/workbook.bin.rels`: ids (as written, as calamine keys them) to
/// targets (unescaped), read as calamine reads them: the same XML reader settings (end names not
/// checked, empty elements expanded), and the attributes split by hand as calamine's
/// `get_attrs!` does, which stops at the second of `Id` and `Target` it meets (so that a repeated
/// `Id` leaves the relationship out, as it does).
fn relationships(archive: &mut Archive<'_>) -> Flow<HashMap<String, String>> {
    let mut ids = HashMap::new();
    let Some(file) = archive.open_loose("xl/_rels/workbook.bin.rels") else {
        return Ok(ids);
    };
    let mut reader = super::archive::calamine_reader(BufReader::new(file));
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(element)) if element.name().as_ref() == "Relationship" => {
                let (mut id, mut target, mut found) = (None, None, 0);
                for attribute in RawAttributes(element.attributes_raw()) {
                    let (key, value) = attribute?;
                    match key {
                        "Id" => id = Some(value),
                        "Target" => target = Some(value),
                        _ => continue,
                    }
                    found += 1;
                    if found == 2 {
                        break;
                    }
                }
                if let (Some(id), Some(target)) = (id, target) {
                    let target = quick_xml::escape::unescape(target).map_err(|_| Stop::CalamineError)?;
                    ids.insert(id.to_owned(), target.into_owned());
                }
            }
            Ok(Event::Eof) => return Ok(ids),
            Err(_) => return Err(Stop::CalamineError),
            Ok(_) => {}
        }
        buffer.clear();
    }
}

/// The attributes of a start tag, split as calamine splits them (its `RawAttrIter`): a key up to
/// `=` (trailing blanks trimmed), a quoted value up to the same quote, no unescaping. A key without
/// `=` or a value without quotes is an error (calamine's too).
struct RawAttributes<'a>(&'a str);

impl<'a> Iterator for RawAttributes<'a> {
    type Item = Flow<(&'a str, &'a str)>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.0.trim_start_matches(|c: char| c.is_ascii_whitespace());
        if rest.is_empty() {
            self.0 = rest;
            return None;
        }
        let Some((key, after)) = rest.split_once('=') else {
            self.0 = "";
            return Some(Err(Stop::CalamineError));
        };
        let after = after.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            self.0 = "";
            return Some(Err(Stop::CalamineError));
        };
        let value_and_rest = after.get(1..).unwrap_or_default();
        let (value, rest) = value_and_rest.split_once(quote).unwrap_or((value_and_rest, ""));
        self.0 = rest;
        Some(Ok((key.trim_end_matches(|c: char| c.is_ascii_whitespace()), value)))
    }
}

/// `xl/workbook.bin` up to the end of the defined names, as calamine's `read_workbook`: the
/// sheets' names and parts.
fn sheets(mut records: Records<impl Read>, relationships: &HashMap<String, String>) -> Flow<Vec<(String, String)>> {
    let mut buffer = Vec::new();
    let mut sheets = Vec::new();
    loop {
        match records.kind()? {
            0x0099 => {
                records.body(&mut buffer)?;
                need(&buffer, 1, "workbook: empty BrtWbProp record")?;
            }
            0x009C => {
                let len = records.body(&mut buffer)?;
                let record = buffer.get(..len).unwrap_or_default();
                let id_chars = u32_at(record, 8, "workbook: BrtBundleSh record too short")?;
                if id_chars != u32::MAX {
                    let id_end = 12 + u64::from(id_chars) * 2;
                    let name_start = usize::try_from(id_end)
                        .ok()
                        .filter(|end| *end <= len)
                        .ok_or(Stop::Damage("workbook: BrtBundleSh relationship id past its record"))?;
                    let id = UTF_16LE.decode(record.get(12..name_start).unwrap_or_default()).0;
                    let Some(target) = relationships.get(id.as_ref()) else {
                        return Err(Stop::Damage("workbook: a sheet's relationship is absent"));
                    };
                    let name = record.get(name_start..).unwrap_or_default();
                    let (name, _) = wide_string(name, "workbook: a sheet name longer than its record")?;
                    sheets.push((name, format!("xl/{target}")));
                }
            }
            0x0090 => {
                records.body(&mut buffer)?;
                break;
            }
            _ => {
                records.body(&mut buffer)?;
            }
        }
        buffer.clear();
    }
    // The external-sheet table and the defined names (calamine decodes their formulas).
    let mut names = DefinedNames::default();
    loop {
        match records.kind()? {
            0x016A => {
                records.body(&mut buffer)?;
                let count = u32_at(&buffer, 0, "workbook: BrtExternSheet record too short")?;
                // calamine reads the entries from its whole buffer (bytes of longer earlier
                // records included), as many as the count says and the buffer holds.
                let entries = buffer.get(4..).unwrap_or_default();
                names.extern_sheets = entries
                    .chunks(12)
                    .take(usize::try_from(count).unwrap_or(usize::MAX))
                    .map(|entry| match entry.get(4..8) {
                        Some(&[a, b, c, d]) => Ok(match i32::from_le_bytes([a, b, c, d]) {
                            -2 => "#ThisWorkbook".len(),
                            -1 => "#InvalidWorkSheet".len(),
                            sheet => usize::try_from(sheet)
                                .ok()
                                .and_then(|sheet| sheets.get(sheet))
                                .map_or("#Unknown".len(), |(name, _): &(String, String)| name.len()),
                        }),
                        _ => Err(Stop::Damage("workbook: BrtExternSheet entry cut short")),
                    })
                    .collect::<Flow<Vec<usize>>>()?;
            }
            0x0027 => {
                let len = records.body(&mut buffer)?;
                names.defined_name(buffer.get(..len).unwrap_or_default())?;
            }
            0x009D | 0x0225 | 0x018D | 0x0180 | 0x009A | 0x0252 | 0x0229 | 0x009B | 0x0084 => {
                return Ok(sheets);
            }
            _ => {
                records.body(&mut buffer)?;
            }
        }
    }
}

/// What calamine's decoding of the defined names depends on, and what it has cost so far.
#[derive(Debug, Default)]
struct DefinedNames {
    /// The UTF-8 length of each external sheet's text (a sheet's name, or a placeholder).
    extern_sheets: Vec<usize>,
    /// The UTF-8 length of each name decoded so far (a formula may refer to an earlier one).
    names: Vec<usize>,
    /// The bytes calamine writes and moves for them, bounded by [`MAX_NAMES_WORK`].
    work: u64,
}

impl DefinedNames {
    /// A `BrtName` record: its name, then its formula, checked as calamine decodes them.
    fn defined_name(&mut self, record: &[u8]) -> Flow<()> {
        const CUT: &str = "workbook: BrtName record cut short";
        let (name, name_len) = wide_string(record.get(9..).ok_or(Stop::Damage(CUT))?, CUT)?;
        let formula_len = record
            .get(9 + name_len..13 + name_len)
            .and_then(|bytes| u32_at(bytes, 0, CUT).ok())
            .ok_or(Stop::Damage(CUT))?;
        let rgce = usize::try_from(formula_len)
            .ok()
            .and_then(|len| record.get(13 + name_len..(13 + name_len).checked_add(len)?))
            .ok_or(Stop::Damage(CUT))?;
        self.spend(len_u64(name.len()))?;
        let built = self.formula(rgce, 0)?;
        self.spend(built)?;
        self.names.push(name.len());
        Ok(())
    }

    fn spend(&mut self, bytes: u64) -> Flow<()> {
        self.work = self.work.saturating_add(bytes);
        if self.work > MAX_NAMES_WORK {
            return Err(Stop::Damage("workbook: defined names too costly to decode"));
        }
        Ok(())
    }

    /// Walks a formula's tokens as calamine's `parse_formula` does, and returns an upper bound of
    /// the length of the text it builds. Everything calamine would panic on is damage (a token cut
    /// short, an index beyond the external sheets or the function table, a row that overflows when
    /// numbered from 1), and so is everything it would report (an unknown token), which would make
    /// it refuse the whole workbook anyway. The stack of operands is not followed: every copy is
    /// counted as a copy of all the text built so far, a bound of what calamine copies.
    fn formula(&mut self, rgce: &[u8], depth: u32) -> Flow<u64> {
        // The length of the longest function name in calamine's table, plus its parentheses and
        // up to 255 separators between arguments.
        const FUNCTION_TEXT: u64 = 18 + 2 + 255;
        // The functions calamine's table holds.
        const FUNCTIONS: u16 = 485;
        // The longest text of a cell reference ($XFD$1048576, any column, any row: `$` + 4
        // letters + `$` + 10 digits), and of a number (a `f64` printed without exponent).
        const REFERENCE: u64 = 16;
        const NUMBER: u64 = 330;
        if depth > MAX_FORMULA_DEPTH {
            return Err(Stop::Damage("workbook: a defined name's formula nested too deeply"));
        }
        let mut built: u64 = 0;
        let mut at = 0;
        while let Some(&token) = rgce.get(at) {
            let rest = rgce.get(at + 1..).unwrap_or_default();
            let (len, grown, copied) = match token {
                // PtgRef3d, PtgArea3d, PtgRefErr3d, PtgAreaErr3d: an external sheet, then cells.
                0x3A | 0x5A | 0x7A => (8, self.extern_sheet(rest, 8)? + 1 + REFERENCE + row(rest, 2)?, 0),
                0x3B | 0x5B | 0x7B => (
                    14,
                    self.extern_sheet(rest, 14)? + 2 + 2 * REFERENCE + row(rest, 2)? + row(rest, 6)?,
                    0,
                ),
                0x3C | 0x5C | 0x7C => (8, self.extern_sheet(rest, 8)? + 6, 0),
                0x3D | 0x5D | 0x7D => (14, self.extern_sheet(rest, 14)? + 6, 0),
                // PtgExp; binary operators (the right operand moved); unary operators and
                // parentheses (inserted before the operand); PtgMissArg.
                0x01 => (4, 0, 0),
                0x03..=0x11 => (0, 2, 2 * built),
                0x12 | 0x13 | 0x15 => (0, 2, built),
                0x14 => (0, 1, 0),
                0x16 => (0, 0, 0),
                // PtgStr: a length, then that many UTF-16 units.
                0x17 => {
                    let units = u64::from(u16_at(rest, 0)?);
                    let units_len = usize::try_from(2 * units).unwrap_or(usize::MAX);
                    (2 + units_len, 2 + 3 * units, 0)
                }
                // PtgExtended, PtgAttr: a sub-type, then its layout.
                0x18 => match rest.first() {
                    Some(0x19) => (13, 0, 0),
                    Some(0x1D) => (5, 0, 0),
                    _ => return Err(unsupported()),
                },
                0x19 => match rest.first() {
                    Some(0x01 | 0x02 | 0x08 | 0x20 | 0x21 | 0x40 | 0x41 | 0x80) => (3, 0, 0),
                    Some(0x04) => (11, 0, 0),
                    Some(0x10) => (3, 5, 2 * built),
                    _ => return Err(unsupported()),
                },
                // PtgErr: only the known error codes.
                0x1C => match rest.first() {
                    Some(0x00 | 0x07 | 0x0F | 0x17 | 0x1D | 0x24 | 0x2A | 0x2B) => (1, 13, 0),
                    _ => return Err(unsupported()),
                },
                0x1D => (1, 5, 0),
                0x1E => (2, 5, 0),
                0x1F => (8, NUMBER, 0),
                0x20 | 0x40 | 0x60 => (14, 0, 0),
                // PtgFunc, PtgFuncVar: an index into calamine's function table (485 entries).
                0x21 | 0x41 | 0x61 => {
                    if u16_at(rest, 0)? >= FUNCTIONS {
                        return Err(Stop::Damage(
                            "workbook: a defined name calls a function beyond the table",
                        ));
                    }
                    (2, FUNCTION_TEXT, 2 * built)
                }
                0x22 | 0x42 | 0x62 => {
                    if u16_at(rest, 1)? >= FUNCTIONS {
                        return Err(Stop::Damage(
                            "workbook: a defined name calls a function beyond the table",
                        ));
                    }
                    (3, FUNCTION_TEXT, 2 * built)
                }
                // PtgName: a one-based index (0 underflows in calamine).
                0x23 | 0x43 | 0x63 => {
                    let index = u32_at(rest, 0, "workbook: a defined name's formula is cut short")?;
                    let previous = usize::try_from(index)
                        .ok()
                        .and_then(|index| index.checked_sub(1))
                        .ok_or(Stop::Damage("workbook: a defined name refers to name 0"))?;
                    (4, len_u64(self.names.get(previous).copied().unwrap_or(0)), 0)
                }
                0x24 | 0x44 | 0x64 => (6, REFERENCE + row(rest, 0)?, 0),
                0x25 | 0x45 | 0x65 => (12, 1 + 2 * REFERENCE + row(rest, 0)? + row(rest, 4)?, 0),
                0x2A | 0x4A | 0x6A => (6, 5, 0),
                0x2B | 0x4B | 0x6B => (12, 5, 0),
                // PtgMemFunc: a sub-formula, decoded by a recursive call.
                0x29 | 0x49 | 0x69 => {
                    let sub_len = usize::from(u16_at(rest, 0)?);
                    let sub = rest.get(2..2 + sub_len).ok_or(Stop::Damage(FORMULA_CUT))?;
                    (2 + sub_len, self.formula(sub, depth + 1)?, 0)
                }
                0x39 | 0x59 | 0x79 => (6, 16, 0),
                _ => return Err(unsupported()),
            };
            if rest.len() < len {
                return Err(Stop::Damage(FORMULA_CUT));
            }
            built = built.saturating_add(grown);
            self.spend(grown.saturating_add(copied))?;
            at += 1 + len;
        }
        Ok(built)
    }

    /// The text length of the external sheet a 3-D reference token starts with (`len` bytes long).
    fn extern_sheet(&self, rest: &[u8], len: usize) -> Flow<u64> {
        if rest.len() < len {
            return Err(Stop::Damage(FORMULA_CUT));
        }
        let index = usize::from(u16_at(rest, 0)?);
        self.extern_sheets
            .get(index)
            .map(|len| len_u64(*len))
            .ok_or(Stop::Damage(
                "workbook: a defined name refers to an external sheet beyond the table",
            ))
    }
}

/// A defined name's formula whose token is cut short.
const FORMULA_CUT: &str = "workbook: a defined name's formula is cut short";

fn unsupported() -> Stop {
    Stop::Damage("workbook: a defined name's formula holds a token calamine does not read")
}

fn u16_at(bytes: &[u8], at: usize) -> Flow<u16> {
    match bytes.get(at..at + 2) {
        Some(&[low, high]) => Ok(u16::from_le_bytes([low, high])),
        _ => Err(Stop::Damage(FORMULA_CUT)),
    }
}

/// Checks a row of a reference token (calamine numbers it from 1, which overflows on the last
/// `u32`); no text of its own (counted in the reference's).
fn row(rest: &[u8], at: usize) -> Flow<u64> {
    if u32_at(rest, at, FORMULA_CUT)? == u32::MAX {
        return Err(Stop::Damage("workbook: a defined name refers to a row that overflows"));
    }
    Ok(0)
}

fn len_u64(len: usize) -> u64 {
    u64::try_from(len).unwrap_or(u64::MAX)
}

/// A worksheet part, as calamine's cells reader walks it: the dimension record, then every cell
/// record up to the end of the sheet data, each long enough for what calamine reads of it, every
/// string within its record and every shared-string index within the table.
fn cells(mut records: Records<impl Read>, strings: usize) -> Flow<()> {
    let mut buffer = Vec::new();
    records.skip_to(0x0094, &[], &mut buffer)?;
    need(&buffer, 16, "sheet: BrtWsDim record shorter than 16 bytes")?;
    records.skip_to(
        0x0091,
        &[(0x0085, 0x0086), (0x0025, 0x0026), (0x0186, 0x0187)],
        &mut buffer,
    )?;
    loop {
        let kind = records.kind()?;
        let len = records.body(&mut buffer)?;
        let needed = match kind {
            // BrtRowHdr: the row, then on. calamine stops reading at a row past Excel's last,
            // silently dropping the rest of the sheet: refused instead.
            0x0000 => {
                if u32_at(&buffer, 0, "sheet: BrtRowHdr record too short")? > 0x0010_0000 {
                    return Err(Stop::Damage("sheet: a row beyond the last row of a sheet (1 048 576)"));
                }
                continue;
            }
            0x0092 => return Ok(()),
            // BrtCellRk, BrtCellIsst: a 4-byte value after the 8-byte cell header.
            0x0002 => 12,
            0x0007 => {
                let index = u32_at(&buffer, 8, "sheet: BrtCellIsst record too short")?;
                if usize::try_from(index).map_or(true, |index| index >= strings) {
                    return Err(Stop::Damage("sheet: shared-string index beyond the table"));
                }
                12
            }
            // BrtCellError, BrtCellBool, BrtFmlaBool: one byte.
            0x0003 | 0x0004 | 0x000A => 9,
            // BrtCellReal, BrtFmlaNum: an 8-byte number.
            0x0005 | 0x0009 => 16,
            // BrtCellSt, BrtFmlaString: a string, which must fit in its record.
            0x0006 | 0x0008 => {
                let record = buffer.get(..len).unwrap_or_default();
                wide_string(
                    record.get(8..).unwrap_or_default(),
                    "sheet: a cell's text longer than its record",
                )?;
                8
            }
            _ => continue,
        };
        need(&buffer, needed, "sheet: cell record too short")?;
        // Every cell's column (and, for numbers, its style) is read from its first bytes.
        need(&buffer, 7, "sheet: cell record too short")?;
    }
}
