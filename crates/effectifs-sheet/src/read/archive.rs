//! Zip-based workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`) inspected before calamine opens them:
//! the central directory's declared sizes against the limits (zip bombs), every entry's checksum
//! and its longest text (see [`Archive::scan`]), and the parts that calamine cannot be trusted with
//! read here first (the `.ods` content, see [`super::ods`]).
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

impl Archive<'_> {
    /// The decompressed bytes of the entry `name`, `None` when there is none. Its size is already
    /// bounded by the limits checked in [`inspect`].
    pub(super) fn entry(&mut self, name: &str, format: FileFormat) -> Result<Option<Vec<u8>>, ReadError> {
        let mut file = match self.zip.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(error) => return Err(corrupted(format, &error)),
        };
        if file.encrypted() {
            return Err(ReadError::PasswordProtected);
        }
        // The declared size can be a lie in the small direction only: start small, grow as read.
        let capacity = usize::try_from(file.size().min(16 * 1024 * 1024)).unwrap_or(0);
        let mut bytes = Vec::with_capacity(capacity);
        file.read_to_end(&mut bytes)
            .map_err(|error| corrupted(format, &error))?;
        Ok(Some(bytes))
    }
}

impl Archive<'_> {
    /// Refuses a shared-string table whose `uniqueCount` promises more strings than its part can
    /// hold (five bytes each at least: `<si/>`). calamine reserves room for that many strings
    /// before reading one: a lying count of a few digits asks for terabytes (the process aborts)
    /// or overflows (a panic, fatal in WebAssembly). Every part named `sharedStrings.xml` is
    /// checked, in whatever folder and spelling, as calamine finds it loosely.
    pub(super) fn check_string_count(&mut self, format: FileFormat) -> Result<(), ReadError> {
        let names: Vec<String> = self
            .zip
            .file_names()
            .filter_map(Result::ok)
            .filter(|name| {
                name.replace('\\', "/")
                    .to_ascii_lowercase()
                    .ends_with("sharedstrings.xml")
            })
            .map(std::borrow::Cow::into_owned)
            .collect();
        for name in names {
            let Ok(file) = self.zip.by_name(&name) else {
                continue;
            };
            let size = file.size();
            if let Some(count) = unique_count(file)
                && count > size / 5
            {
                return Err(ReadError::Corrupted {
                    format,
                    detail: format!("{name} declares {count} strings in {size} bytes"),
                });
            }
        }
        Ok(())
    }
}

impl Archive<'_> {
    /// Refuses a cell, row, merged-area or dimension reference (the `r` of a `<c>` or `<row>`, the
    /// `ref` of a `<mergeCell>` or `<dimension>`, in any XML part) whose column letters or row
    /// digits go past 2³² − 1: calamine accumulates both in 32 bits
    /// without checking (a panic in a debug build, a wrapped row or column in a release build, so a
    /// merged area or a cell silently moved elsewhere). No sheet reaches such a number (16 384
    /// columns, 1 048 576 rows): the file is damaged.
    pub(super) fn check_references(&mut self, format: FileFormat) -> Result<(), ReadError> {
        let names: Vec<String> = self
            .zip
            .file_names()
            .filter_map(Result::ok)
            .filter(|name| name.to_ascii_lowercase().ends_with(".xml"))
            .map(std::borrow::Cow::into_owned)
            .collect();
        for name in names {
            let Ok(file) = self.zip.by_name(&name) else {
                continue;
            };
            if let Some(reference) = overflowing_reference(file) {
                return Err(ReadError::Corrupted {
                    format,
                    detail: format!("{name} holds the reference {reference}, beyond any sheet"),
                });
            }
        }
        Ok(())
    }
}

/// The first reference attribute calamine reads (see [`Archive::check_references`]) whose value it
/// would read with an overflow, if any (the part read as far as it is well-formed).
fn overflowing_reference(file: impl Read) -> Option<String> {
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(file));
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        match xml.read_event_into(&mut buffer).ok()? {
            quick_xml::events::Event::Start(start) | quick_xml::events::Event::Empty(start) => {
                let element = start.local_name();
                for attribute in start.attributes().flatten() {
                    let key = attribute.key.local_name();
                    let read = matches!(
                        (element.as_ref(), key.as_ref()),
                        ("c" | "row", "r") | ("mergeCell" | "dimension", "ref")
                    );
                    if read && attribute.value.split(':').any(overflows) {
                        return Some(attribute.value.into_owned());
                    }
                }
            }
            quick_xml::events::Event::Eof => return None,
            _ => {}
        }
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

/// The `uniqueCount` of a shared-string table, read as calamine reads it (the first `<sst>`
/// start tag, the attribute's raw digits); `None` when there is none or it is no number.
fn unique_count(file: impl Read) -> Option<u64> {
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(file));
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        match xml.read_event_into(&mut buffer).ok()? {
            quick_xml::events::Event::Start(start) if start.local_name().as_ref() == "sst" => {
                let attribute = start.try_get_attribute("uniqueCount").ok()??;
                return attribute.value.parse().ok();
            }
            quick_xml::events::Event::Eof => return None,
            _ => {}
        }
    }
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

impl Archive<'_> {
    /// Inflates every entry to its end, 64 Kio at a time, without keeping it: what calamine will
    /// read is checked first. An entry whose checksum (CRC-32) is wrong is refused, named (the zip
    /// reader verifies it only at the end of an entry, which calamine does not always reach); so is
    /// an entry with a stretch longer than [`MAX_TEXT_RUN`] without markup (`.bin` records aside). An entry that cannot
    /// be inflated at all is left to calamine, which reports it in its own words if it reads it.
    pub(super) fn scan(&mut self, format: FileFormat, limits: &Limits) -> Result<(), ReadError> {
        let mut chunk = vec![0; 64 * 1024];
        for index in 0..self.zip.len() {
            let Ok(mut file) = self.zip.by_index(index) else {
                continue;
            };
            let name = String::from_utf8_lossy(file.name_raw()).into_owned();
            // Every entry but the binary records of `.xlsb` (bounded by its own check): calamine
            // reads a part as XML whatever its name, if a relationship points at it.
            let xml = !std::path::Path::new(&name)
                .extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("bin"));
            // The shared strings, which calamine holds whole, used or not: their text (what lies
            // outside the markup, references unresolved: never less than they stand for) counts
            // against the text limit.
            let mut strings = name
                .to_ascii_lowercase()
                .ends_with("sharedstrings.xml")
                .then(MarkupText::default);
            let mut run = TextRun::default();
            loop {
                match file.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(read) => {
                        let bytes = chunk.get(..read).unwrap_or_default();
                        if xml && !run.feed(bytes) {
                            return Err(ReadError::TextRunTooLong { part: name });
                        }
                        if let Some(strings) = &mut strings
                            && strings.feed(bytes) > limits.max_text_bytes
                        {
                            return Err(ReadError::TextTooLarge {
                                max: limits.max_text_bytes,
                            });
                        }
                    }
                    Err(error) if is_checksum(&error) => return Err(ReadError::DamagedPart { format, part: name }),
                    Err(_) => break,
                }
            }
        }
        Ok(())
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
