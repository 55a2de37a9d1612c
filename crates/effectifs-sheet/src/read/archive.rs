//! Zip-based workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`) inspected before calamine opens them:
//! the central directory's declared sizes against the limits (zip bombs), then one pass over every
//! entry for its checksum, its longest text and, in `.xlsx`, what calamine would gather whole or
//! read with an overflow (see [`Archive::scan`]), and the parts that calamine cannot be trusted
//! with read here first (the `.ods` content, see [`super::ods`]).
//!
//! The declared sizes can be trusted: the zip reader refuses to produce more bytes than an entry
//! declares ("File is larger than its declared uncompressed size"), so what the central directory
//! says bounds what calamine will ever decompress.

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::limits::{Limits, RATIO_GRACE_BYTES};
use super::{FileFormat, ReadError};

/// An opened archive, its sizes checked.
pub(super) struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
}

/// Opens the archive and checks its declared sizes. `Ok(None)` when the zip reader cannot open it
/// at all: calamine, which uses the same reader, then reports the damage in its own words.
pub(super) fn inspect<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Option<Archive<'a>>, ReadError> {
    let Ok(zip) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(None);
    };
    let mut total: u64 = 0;
    for index in 0..zip.len() {
        let Ok(entry) = zip.by_index_data(index) else {
            continue;
        };
        let size = entry.size();
        total = total.saturating_add(size);
        let compressed = entry.compressed_size().max(1);
        if size > RATIO_GRACE_BYTES && size / compressed > limits.max_compression_ratio {
            return Err(ReadError::CompressionRatio {
                entry: String::from_utf8_lossy(entry.name_raw()).into_owned(),
                ratio: size / compressed,
                max: limits.max_compression_ratio,
            });
        }
    }
    if total > limits.max_uncompressed_bytes {
        return Err(ReadError::UncompressedTooLarge {
            bytes: total,
            max: limits.max_uncompressed_bytes,
        });
    }
    Ok(Some(Archive { zip }))
}

impl<'a> Archive<'a> {
    /// The zip reader itself, its sizes checked (for the fast `.xlsx` reader).
    pub(super) fn into_zip(self) -> ZipArchive<Cursor<&'a [u8]>> {
        self.zip
    }
}

impl<'a> Archive<'a> {
    /// The entry `name`, to be inflated as it is read (never whole); `None` when there is none.
    /// Its size is bounded by the limits checked in [`inspect`].
    pub(super) fn open_entry(
        &mut self,
        name: &str,
        format: FileFormat,
    ) -> Result<Option<zip::read::ZipFile<'_, Cursor<&'a [u8]>>>, ReadError> {
        let file = match self.zip.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(error) => return Err(corrupted(format, &error)),
        };
        if file.encrypted() {
            return Err(ReadError::PasswordProtected);
        }
        Ok(Some(file))
    }
}

/// Whether calamine's reading of a reference (`get_row_and_optional_column`: letters into a
/// column, then digits into a row, each in a `u32`, stopping at anything else) overflows.
fn overflows(reference: &str) -> bool {
    let (mut column, mut row, mut digits) = (0_u64, 0_u64, false);
    for byte in reference.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' if !digits => {
                column = column * 26 + u64::from(byte.to_ascii_uppercase() - b'A') + 1;
            }
            b'0'..=b'9' => {
                digits = true;
                row = row * 10 + u64::from(byte - b'0');
            }
            _ => return false,
        }
        if column > u64::from(u32::MAX) || row > u64::from(u32::MAX) {
            return true;
        }
    }
    false
}

impl<'a> Archive<'a> {
    /// The entry at `path` found as calamine finds parts (ignoring case, `\\` read as `/`, the last
    /// of several entries whose names differ only so, as calamine's table of names keeps), to be
    /// inflated as it is read; `None` when there is none or it cannot be opened.
    pub(super) fn open_loose(&mut self, path: &str) -> Option<zip::read::ZipFile<'_, Cursor<&'a [u8]>>> {
        let key = path.to_ascii_lowercase();
        let name = self
            .zip
            .file_names()
            .filter_map(Result::ok)
            .filter(|name| name.replace('\\', "/").to_ascii_lowercase() == key)
            .last()
            .map_or_else(|| path.to_owned(), std::borrow::Cow::into_owned);
        self.zip.by_name(&name).ok()
    }

    /// The declared (decompressed) size of the entry at `path`, found as [`Archive::open_loose`]
    /// finds it.
    pub(super) fn size_loose(&mut self, path: &str) -> Option<u64> {
        self.open_loose(path).map(|file| file.size())
    }
}

impl Archive<'_> {
    /// Whether any entry named `prefix…suffix` contains `needle`, read in chunks (never whole):
    /// a cheap way to know that a rare part of a sheet (merged cells) is absent before asking
    /// calamine to parse the sheet again for it. Unreadable entries count as containing it.
    pub(super) fn any_entry_contains(&mut self, prefix: &str, suffix: &str, needle: &str) -> bool {
        const CHUNK: usize = 64 * 1024;
        let names: Vec<String> = self
            .zip
            .file_names()
            .filter_map(Result::ok)
            .filter(|name| name.starts_with(prefix) && name.ends_with(suffix))
            .map(std::borrow::Cow::into_owned)
            .collect();
        let keep = needle.len().saturating_sub(1);
        for name in names {
            let Ok(mut file) = self.zip.by_name(&name) else {
                return true;
            };
            let mut window = Vec::with_capacity(CHUNK + keep);
            let mut chunk = vec![0; CHUNK];
            loop {
                let read = match file.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(read) => read,
                    Err(_) => return true,
                };
                window.extend_from_slice(chunk.get(..read).unwrap_or_default());
                if text_contains(&window, needle) {
                    return true;
                }
                let drop = window.len().saturating_sub(keep);
                window.drain(..drop);
            }
        }
        false
    }
}

/// Whether the UTF-8 text in `bytes` contains `needle`, looking past invalid bytes and a character
/// cut at the end (as a lossy conversion would, without copying): a sheet's XML is checked this way
/// 64 Kio at a time, and the plain UTF-8 check has a fast path for the ASCII that XML mostly is.
fn text_contains(bytes: &[u8], needle: &str) -> bool {
    let mut rest = bytes;
    loop {
        let error = match std::str::from_utf8(rest) {
            Ok(text) => return text.contains(needle),
            Err(error) => error,
        };
        let (valid, after) = rest.split_at(error.valid_up_to());
        if std::str::from_utf8(valid).is_ok_and(|text| text.contains(needle)) {
            return true;
        }
        // An invalid sequence is skipped; a character cut at the end waits for the next chunk
        // (the caller keeps the window's last bytes).
        match error.error_len() {
            Some(invalid) => rest = after.get(invalid..).unwrap_or_default(),
            None => return false,
        }
    }
}

/// The longest stretch of an XML part read without a markup character (`<` or `>`). A cell holds
/// at most 32 767 characters (a few hundred kilobytes however they are written), so a longer
/// stretch is a forged text that a reader would hold whole (calamine holds a 600 Mo cell, then
/// copies it) before any limit on cells could refuse it.
pub(super) const MAX_TEXT_RUN: usize = 16 * 1024 * 1024;

/// The most XML, in bytes, that one cell (`<c>`, with its inline string, formula and value), one
/// shared string (`<si>`) or one defined name (`<definedName>`) may take from its start tag to its
/// end tag, and that one piece of markup or text may take anywhere in a part. calamine gathers
/// each of them whole (the runs of a rich text concatenated, the children of a formula kept raw)
/// before any limit on cells applies, and every run may be short: a cell of a million short runs
/// never trips [`MAX_TEXT_RUN`]. A cell of 32 767 characters, each written the longest way
/// (`_xD83D__xDE00_`) and in a run of its own with its formatting, takes a few megabytes.
pub(super) const MAX_ITEM_XML: u64 = 16 * 1024 * 1024;

/// The elements bounded by [`MAX_ITEM_XML`], by local name.
const ITEMS: [&str; 3] = ["c", "si", "definedName"];

/// What the scan's XML reader may have read ahead of the event it parses.
const READ_AHEAD: usize = 64 * 1024;

impl Archive<'_> {
    /// Inflates every entry to its end, once, a chunk at a time and without keeping it: what
    /// calamine will read is checked first, in that one pass.
    ///
    /// - An entry whose checksum (CRC-32) is wrong is refused, named (the zip reader verifies it
    ///   only at the end of an entry, which calamine does not always reach); so is an entry with a
    ///   stretch longer than [`MAX_TEXT_RUN`] without markup (`.bin` records aside: `.xlsb` has
    ///   its own check). An entry that cannot be inflated at all is left to calamine, which
    ///   reports it in its own words if it reads it.
    /// - The shared strings, which calamine holds whole, used or not: their text (what lies
    ///   outside the markup, references unresolved: never less than they stand for) counts
    ///   against the text limit.
    /// - `.xlsx`, `.xlsm`: every part that is XML is parsed as calamine parses it, and refused
    ///   (as damaged, or with its own message) where calamine would hold more than
    ///   [`MAX_ITEM_XML`] for one cell, string or piece of markup, where a shared-string table
    ///   promises more strings than its part can hold, or where a reference overflows (see
    ///   [`xml_problem`]).
    pub(super) fn scan(&mut self, format: FileFormat, limits: &Limits) -> Result<(), ReadError> {
        let xlsx = matches!(format, FileFormat::Xlsx | FileFormat::Xlsm | FileFormat::Csv);
        for index in 0..self.zip.len() {
            let Ok(file) = self.zip.by_index(index) else {
                continue;
            };
            let name = String::from_utf8_lossy(file.name_raw()).into_owned();
            let size = file.size();
            // Every entry but the binary records of `.xlsb` (bounded by its own check): calamine
            // reads a part as XML whatever its name, if a relationship points at it.
            let binary = std::path::Path::new(&name)
                .extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("bin"));
            // calamine finds the shared strings loosely: any folder, any spelling.
            let strings = name
                .replace('\\', "/")
                .to_ascii_lowercase()
                .ends_with("sharedstrings.xml");
            let mut part = Inflating {
                file,
                run: (!binary).then(TextRun::default),
                strings: strings.then(MarkupText::default),
                max_text: limits.max_text_bytes,
                inflated: 0,
                anchor: None,
                stop: None,
            };
            let problem = if xlsx && !binary {
                xml_problem(
                    &mut part,
                    &XmlChecks {
                        references: std::path::Path::new(&name)
                            .extension()
                            .is_some_and(|extension| extension.eq_ignore_ascii_case("xml")),
                        string_count: strings.then_some(size),
                    },
                )
            } else {
                None
            };
            // The rest (after the end of the XML, or an XML error at which calamine stops too) is
            // only inflated.
            part.anchor = None;
            part.drain();
            match part.stop {
                Some(Stop::Checksum) => return Err(ReadError::DamagedPart { format, part: name }),
                Some(Stop::Run) => return Err(ReadError::TextRunTooLong { part: name }),
                Some(Stop::Text) => {
                    return Err(ReadError::TextTooLarge {
                        max: limits.max_text_bytes,
                    });
                }
                Some(Stop::Item) => return Err(ReadError::XmlItemTooLong { part: name }),
                None => {}
            }
            if let Some(detail) = problem {
                return Err(ReadError::Corrupted {
                    format,
                    detail: format!("{name} {detail}"),
                });
            }
        }
        Ok(())
    }
}

/// Why the scan of an entry stopped inflating it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// Its checksum is wrong.
    Checksum,
    /// A stretch without markup is longer than [`MAX_TEXT_RUN`].
    Run,
    /// The shared strings' text is over the text limit.
    Text,
    /// A cell, string or piece of markup is longer than [`MAX_ITEM_XML`].
    Item,
}

/// An entry being inflated for the scan: every byte goes through the checks that need no parsing
/// before the XML reader (if any) sees it, and the reader is stopped (by a read error) as soon as
/// one fails, so that nothing it buffers outgrows the limits.
struct Inflating<R> {
    file: R,
    run: Option<TextRun>,
    strings: Option<MarkupText>,
    max_text: u64,
    /// Bytes inflated so far.
    inflated: u64,
    /// Where the cell or string being parsed (or else the piece of markup) starts: what the XML
    /// reader may hold from there on is bounded by [`MAX_ITEM_XML`].
    anchor: Option<u64>,
    stop: Option<Stop>,
}

impl<R: Read> Read for Inflating<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.stop.is_some() {
            return Err(std::io::Error::other("scan stopped"));
        }
        let read = match self.file.read(out) {
            Ok(read) => read,
            Err(error) => {
                if is_checksum(&error) {
                    self.stop = Some(Stop::Checksum);
                }
                return Err(error);
            }
        };
        let bytes = out.get(..read).unwrap_or_default();
        self.inflated = self.inflated.saturating_add(u64::try_from(read).unwrap_or(u64::MAX));
        if self.run.as_mut().is_some_and(|run| !run.feed(bytes)) {
            self.stop = Some(Stop::Run);
        } else if self
            .strings
            .as_mut()
            .is_some_and(|strings| strings.feed(bytes) > self.max_text)
        {
            self.stop = Some(Stop::Text);
        } else if self.anchor.is_some_and(|anchor| {
            self.inflated.saturating_sub(anchor) > MAX_ITEM_XML.saturating_add(u64::try_from(READ_AHEAD).unwrap_or(0))
        }) {
            self.stop = Some(Stop::Item);
        }
        if self.stop.is_some() {
            return Err(std::io::Error::other("scan stopped"));
        }
        Ok(read)
    }
}

impl<R: Read> Inflating<R> {
    /// Inflates the rest of the entry (unless a check already failed), 64 Kio at a time.
    fn drain(&mut self) {
        let mut chunk = vec![0; READ_AHEAD];
        while self.stop.is_none() {
            match self.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }
}

/// An XML reader of `source` with calamine's `xml_reader` settings (end names unchecked, text
/// untrimmed, empty elements expanded), so that it reads what calamine reads.
pub(super) fn calamine_reader<R: std::io::BufRead>(source: R) -> quick_xml::Reader<R> {
    let mut reader = quick_xml::Reader::from_reader(source);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    reader
}

/// The checks of one `.xlsx` XML part that need its elements.
struct XmlChecks {
    /// Whether its references are read (a part named `….xml`).
    references: bool,
    /// The declared size of a shared-string table, whose `uniqueCount` is checked against it.
    string_count: Option<u64>,
}

/// Parses the part as calamine does (the same reader settings), as far as it is well-formed, and
/// gives what makes it damaged, if anything:
/// - a shared-string table whose `uniqueCount` promises more strings than its part can hold (five
///   bytes each at least: `<si/>`): calamine reserves room for that many strings before reading
///   one, and a lying count of a few digits asks for terabytes (the process aborts) or overflows
///   (a panic, fatal in WebAssembly);
/// - a cell, row, merged-area or dimension reference (the `r` of a `<c>` or `<row>`, the `ref` of
///   a `<mergeCell>` or `<dimension>`) whose column letters or row digits go past 2³² − 1:
///   calamine accumulates both in 32 bits without checking (a panic in a debug build, a wrapped
///   row or column in a release build, so a merged area or a cell silently moved elsewhere). No
///   sheet reaches such a number (16 384 columns, 1 048 576 rows).
///
/// Meanwhile the part's cells, strings and defined names are bounded by [`MAX_ITEM_XML`] (see
/// [`Inflating`]), which stops the reading.
fn xml_problem(part: &mut Inflating<impl Read>, checks: &XmlChecks) -> Option<String> {
    let mut xml = calamine_reader(std::io::BufReader::with_capacity(READ_AHEAD, part));
    let mut buffer = Vec::new();
    let mut item: Option<(String, u64)> = None;
    let mut string_count = checks.string_count;
    loop {
        let position = xml.buffer_position();
        xml.get_mut().get_mut().anchor = Some(item.as_ref().map_or(position, |(_, start)| *start));
        buffer.clear();
        let event = xml.read_event_into(&mut buffer).ok()?;
        if let Some((_, start)) = &item
            && xml.buffer_position().saturating_sub(*start) > MAX_ITEM_XML
        {
            xml.get_mut().get_mut().stop = Some(Stop::Item);
            return None;
        }
        match event {
            quick_xml::events::Event::Start(start) => {
                let element = start.local_name();
                if item.is_none() && ITEMS.contains(&element.as_ref()) {
                    item = Some((start.name().as_ref().to_owned(), position));
                }
                if let Some(size) = string_count
                    && element.as_ref() == "sst"
                {
                    // calamine reads the first `<sst>`'s attribute, raw.
                    string_count = None;
                    if let Some(count) = start
                        .try_get_attribute("uniqueCount")
                        .ok()
                        .flatten()
                        .and_then(|attribute| attribute.value.parse::<u64>().ok())
                        && count > size / 5
                    {
                        return Some(format!("declares {count} strings in {size} bytes"));
                    }
                }
                if checks.references {
                    for attribute in start.attributes().flatten() {
                        let key = attribute.key.local_name();
                        let read = matches!(
                            (element.as_ref(), key.as_ref()),
                            ("c" | "row", "r") | ("mergeCell" | "dimension", "ref")
                        );
                        if read && attribute.value.split(':').any(overflows) {
                            return Some(format!("holds the reference {}, beyond any sheet", attribute.value));
                        }
                    }
                }
            }
            // As calamine, the first end tag of the same name closes the item.
            quick_xml::events::Event::End(end)
                if item
                    .as_ref()
                    .is_some_and(|(name, _)| end.name().as_ref() == name.as_str()) =>
            {
                item = None;
            }
            quick_xml::events::Event::Eof => return None,
            _ => {}
        }
    }
}

/// How many bytes of an XML part have gone by since its last markup character, across the chunks
/// it is inflated in.
#[derive(Debug, Default)]
pub(super) struct TextRun {
    len: usize,
}

impl TextRun {
    /// The next inflated bytes (at most a chunk, shorter than [`MAX_TEXT_RUN`]: a stretch inside
    /// them cannot be too long, only one across them); `false` once a stretch is too long.
    pub(super) fn feed(&mut self, bytes: &[u8]) -> bool {
        match memchr::memchr2(b'<', b'>', bytes) {
            None => self.len = self.len.saturating_add(bytes.len()),
            Some(first) => {
                if self.len.saturating_add(first) > MAX_TEXT_RUN {
                    return false;
                }
                let last = memchr::memrchr2(b'<', b'>', bytes).unwrap_or(first);
                self.len = bytes.len() - last - 1;
            }
        }
        self.len <= MAX_TEXT_RUN
    }
}

/// How many bytes of an XML part lie outside its markup (`<…>`), across the chunks it is
/// inflated in.
#[derive(Debug, Default)]
struct MarkupText {
    in_tag: bool,
    text: u64,
}

impl MarkupText {
    /// The next inflated bytes; the text counted so far.
    fn feed(&mut self, mut bytes: &[u8]) -> u64 {
        while !bytes.is_empty() {
            let delimiter = if self.in_tag { b'>' } else { b'<' };
            let Some(at) = memchr::memchr(delimiter, bytes) else {
                if !self.in_tag {
                    self.text = self.text.saturating_add(u64::try_from(bytes.len()).unwrap_or(u64::MAX));
                }
                break;
            };
            if !self.in_tag {
                self.text = self.text.saturating_add(u64::try_from(at).unwrap_or(u64::MAX));
            }
            self.in_tag = !self.in_tag;
            bytes = bytes.get(at + 1..).unwrap_or_default();
        }
        self.text
    }
}

/// Whether a read error is the zip reader's wrong checksum (it has no error kind of its own).
pub(super) fn is_checksum(error: &std::io::Error) -> bool {
    error.kind() == std::io::ErrorKind::InvalidData && error.to_string().contains("checksum")
}

fn corrupted(format: FileFormat, error: &dyn std::fmt::Display) -> ReadError {
    ReadError::Corrupted {
        format,
        detail: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_contains_looks_past_invalid_and_cut_characters() {
        let cases: [(&[u8], bool); 7] = [
            (b"<mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/>", true),
            (b"<sheetData><row r=\"1\"/></sheetData>", false),
            // Invalid bytes before and around it, as a lossy conversion would see past them.
            (b"\xff\xfe<mergeCell \xff", true),
            (b"\xe2<mergeCell ref", true),
            // Accented text first, then a character cut at the very end of the chunk.
            ("Élève é <mergeCell ".as_bytes(), true),
            (b"<c>\xc3\xa9l\xc3\xa8ve</c><mergeCell \xe2\x82", true),
            (b"<c>mergeCel</c>\xe2\x82", false),
        ];
        for (bytes, expected) in cases {
            assert_eq!(
                super::text_contains(bytes, "mergeCell "),
                expected,
                "{}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}
