//! Deciding what a file is from its first bytes (and, for zip files, the names of their entries);
//! the extension only settles what the content leaves open.

use std::io::Read;

use super::{FileFormat, ReadError};

/// What [`detect`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A workbook to open with calamine.
    Workbook(FileFormat),
    /// Anything else: read as delimited text (which still rejects binary content).
    Text,
}

/// The signature of an OLE2 compound file (`.xls`, and Office files encrypted with a password).
const OLE2_SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The mime type an `.ods` spreadsheet stores first, uncompressed, at the start of the zip.
const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Decides how to read `bytes` (never empty). `extension` is the lower-case file extension.
pub(super) fn detect(bytes: &[u8], extension: Option<&str>) -> Result<Kind, ReadError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip_kind(bytes, extension);
    }
    if bytes.starts_with(OLE2_SIGNATURE) {
        // An `.xls`, or an encrypted OOXML workbook: the workbook reader tells them apart.
        return Ok(Kind::Workbook(FileFormat::Xls));
    }
    Ok(Kind::Text)
}

fn zip_kind(bytes: &[u8], extension: Option<&str>) -> Result<Kind, ReadError> {
    let hinted = extension
        .and_then(FileFormat::from_extension)
        .filter(|format| *format != FileFormat::Csv);
    let names = central_directory_names(bytes);
    // Without a readable central directory (a truncated file), look for the names in the local
    // headers, which hold them in plain text too.
    let has = |name: &[u8]| match &names {
        Some(names) => names.iter().any(|entry| entry.eq_ignore_ascii_case(name)),
        None => contains(bytes, name),
    };
    let format = if has(b"xl/workbook.bin") {
        Some(FileFormat::Xlsb)
    } else if has(b"xl/workbook.xml") {
        Some(if has(b"xl/vbaProject.bin") || hinted == Some(FileFormat::Xlsm) {
            FileFormat::Xlsm
        } else {
            FileFormat::Xlsx
        })
    } else if has(b"mimetype") {
        // OpenDocument: only the spreadsheet flavour (`.ods`, `.ots`), not a text or a drawing. The
        // standard stores `mimetype` first and uncompressed; some writers deflate it (calamine, which
        // inflates it, reads those files): then its first bytes are inflated to be read.
        let head = bytes.get(..200).unwrap_or(bytes);
        if contains(head, ODS_MIME) || mimetype_entry(bytes).is_some_and(|mime| mime == ODS_MIME) {
            Some(FileFormat::Ods)
        } else {
            return Err(ReadError::NotASpreadsheet);
        }
    } else if has(b"content.xml") {
        Some(FileFormat::Ods)
    } else if names.is_none() && has(b"[Content_Types].xml") && !contains(bytes, b"word/") && !contains(bytes, b"ppt/")
    {
        // A damaged Office file that does not (yet) show its workbook part: trust the extension.
        Some(hinted.unwrap_or(FileFormat::Xlsx))
    } else if names.is_none() {
        hinted
    } else {
        None
    };
    format.map(Kind::Workbook).ok_or(ReadError::NotASpreadsheet)
}

/// The first bytes of a zip's `mimetype` entry, inflated (as many as [`ODS_MIME`] has: calamine
/// compares those), or `None` when the zip or the entry cannot be read. The entry is read only that
/// far, whatever size it declares.
fn mimetype_entry(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let entry = zip.by_name("mimetype").ok()?;
    let mut head = Vec::with_capacity(ODS_MIME.len());
    entry
        .take(u64::try_from(ODS_MIME.len()).ok()?)
        .read_to_end(&mut head)
        .ok()?;
    Some(head)
}

/// The entry names listed in a zip's central directory, or `None` when it cannot be found or read
/// (truncated file, zip64).
fn central_directory_names(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    const END_SIGNATURE: &[u8] = b"PK\x05\x06";
    const ENTRY_SIGNATURE: &[u8] = b"PK\x01\x02";
    const END_LEN: usize = 22;
    let last = bytes.len().checked_sub(END_LEN)?;
    let first = last.saturating_sub(usize::from(u16::MAX));
    let end = (first..=last)
        .rev()
        .find(|&at| bytes.get(at..at + 4) == Some(END_SIGNATURE))?;
    let entries = read_u16(bytes, end + 10)?;
    let offset = read_u32(bytes, end + 16)?;
    if offset == u32::MAX {
        return None;
    }
    let mut at = usize::try_from(offset).ok()?;
    let mut names = Vec::with_capacity(usize::from(entries));
    for _ in 0..entries {
        if bytes.get(at..at + 4) != Some(ENTRY_SIGNATURE) {
            return None;
        }
        let name_len = usize::from(read_u16(bytes, at + 28)?);
        let extra_len = usize::from(read_u16(bytes, at + 30)?);
        let comment_len = usize::from(read_u16(bytes, at + 32)?);
        names.push(bytes.get(at + 46..at + 46 + name_len)?);
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(names)
}

fn read_u16(bytes: &[u8], at: usize) -> Option<u16> {
    let le: [u8; 2] = bytes.get(at..at + 2)?.try_into().ok()?;
    Some(u16::from_le_bytes(le))
}

fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let le: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    Some(u32::from_le_bytes(le))
}

/// Does `haystack` contain `needle` (ASCII case-insensitive)? Only used on small slices or on
/// files already known to be damaged.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window.eq_ignore_ascii_case(needle))
}
