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
//! What it does not mirror: the formulas of defined names (`BrtName`), which calamine decodes with
//! a long table of token layouts; a malformed one is left to the panic net of
//! [`super::workbook`] (native builds only: see `docs/reading.md#hostile-files`).

use std::collections::HashMap;
use std::io::{BufReader, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::archive::Archive;
use super::{FileFormat, ReadError};

/// What calamine would do next: go on, or stop with an error of its own (no panic).
type Flow<T> = Result<T, Stop>;

/// calamine would stop here with its own error, or panic (`Damage`, with the reason).
#[derive(Debug)]
enum Stop {
    /// calamine returns an error: nothing more to check, its message will be shown.
    CalamineError,
    /// calamine would panic: the file is refused as damaged.
    Damage(&'static str),
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
/// relationships, workbook), and returns what the sheet check needs: the number of shared strings
/// and the sheets' names and parts.
pub(super) fn check_workbook(archive: &mut Archive<'_>) -> Result<Workbook, ReadError> {
    let mut workbook = Workbook::default();
    match open_workbook(archive, &mut workbook) {
        Ok(()) | Err(Stop::CalamineError) => Ok(workbook),
        Err(Stop::Damage(reason)) => Err(damaged(reason)),
    }
}

/// Checks the records of the worksheet `name` as calamine's cells reader will read them.
pub(super) fn check_sheet(archive: &mut Archive<'_>, workbook: &Workbook, name: &str) -> Result<(), ReadError> {
    let Some((_, path)) = workbook.sheets.iter().find(|(sheet, _)| sheet == name) else {
        return Ok(());
    };
    let Some(file) = archive.open_loose(path) else {
        return Ok(());
    };
    match cells(Records::new(file), workbook.strings) {
        Ok(()) | Err(Stop::CalamineError) => Ok(()),
        Err(Stop::Damage(reason)) => Err(damaged(reason)),
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

fn open_workbook(archive: &mut Archive<'_>, workbook: &mut Workbook) -> Flow<()> {
    if let Some(file) = archive.open_loose("xl/sharedStrings.bin") {
        workbook.strings = shared_strings(Records::new(file))?;
    }
    if let Some(file) = archive.open_loose("xl/styles.bin") {
        styles(Records::new(file))?;
    }
    let relationships = relationships(archive)?;
    let file = archive.open_loose("xl/workbook.bin").ok_or(Stop::CalamineError)?;
    workbook.sheets = sheets(Records::new(file), &relationships)?;
    Ok(())
}

/// `xl/sharedStrings.bin`: the count in `BrtBeginSst`, then that many `BrtSSTItem`s. Returns how
/// many strings calamine will hold.
fn shared_strings(mut records: Records<impl Read>) -> Flow<usize> {
    let mut buffer = Vec::new();
    records.skip_to(0x009F, &[], &mut buffer)?;
    let count = u32_at(&buffer, 4, "shared strings: BrtBeginSst record too short")?;
    let mut read = 0;
    for _ in 0..count {
        records.skip_to(0x0013, &[(0x0023, 0x0024)], &mut buffer)?;
        need(&buffer, 1, "shared strings: empty BrtSSTItem record")?;
        // The text itself is checked by calamine (an error, not a panic, when too short).
        let text = buffer.get(1..).unwrap_or_default();
        let chars = u32_at(text, 0, "").map_err(|_| Stop::CalamineError)?;
        if u64::try_from(text.len()).unwrap_or(u64::MAX) < 4 + u64::from(chars) * 2 {
            return Err(Stop::CalamineError);
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
                    let text = buffer.get(2..).unwrap_or_default();
                    let chars = u32_at(text, 0, "").map_err(|_| Stop::CalamineError)?;
                    if u64::try_from(text.len()).unwrap_or(u64::MAX) < 4 + u64::from(chars) * 2 {
                        return Err(Stop::CalamineError);
                    }
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
/// targets (unescaped).
fn relationships(archive: &mut Archive<'_>) -> Flow<HashMap<String, String>> {
    let mut ids = HashMap::new();
    let Some(file) = archive.open_loose("xl/_rels/workbook.bin.rels") else {
        return Ok(ids);
    };
    let mut reader = Reader::from_reader(BufReader::new(file));
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(element) | Event::Empty(element)) if element.name().as_ref() == "Relationship" => {
                let (mut id, mut target) = (None, None);
                for attribute in element.attributes().with_checks(false).flatten() {
                    match attribute.key.as_ref() {
                        "Id" => id = Some(attribute.value.clone().into_owned()),
                        "Target" => {
                            target = Some(
                                quick_xml::escape::unescape(&attribute.value)
                                    .map_err(|_| Stop::CalamineError)?
                                    .into_owned(),
                            );
                        }
                        _ => {}
                    }
                }
                if let (Some(id), Some(target)) = (id, target) {
                    ids.insert(id, target);
                }
            }
            Ok(Event::Eof) => return Ok(ids),
            Err(_) => return Err(Stop::CalamineError),
            Ok(_) => {}
        }
        buffer.clear();
    }
}

/// `xl/workbook.bin` up to the end of the sheet list and its external-sheet table, as calamine's
/// `read_workbook`: the sheets' names and parts.
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
                    let id = record.get(12..name_start).unwrap_or_default();
                    let units: Vec<u16> = id
                        .chunks_exact(2)
                        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
                        .collect();
                    let id = String::from_utf16_lossy(&units);
                    let Some(target) = relationships.get(&id) else {
                        return Err(Stop::Damage("workbook: a sheet's relationship is absent"));
                    };
                    let name = record.get(name_start..).unwrap_or_default();
                    let Some(name) = wide_string(name) else {
                        return Err(Stop::CalamineError);
                    };
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
    // The external-sheet table, before the defined names (whose formulas are not mirrored).
    loop {
        match records.kind()? {
            0x016A => {
                records.body(&mut buffer)?;
                let count = u32_at(&buffer, 0, "workbook: BrtExternSheet record too short")?;
                let entries = buffer.get(4..).unwrap_or_default();
                let full = entries.len() / 12;
                let rest = entries.len() % 12;
                if usize::try_from(count).unwrap_or(usize::MAX) > full && (1..8).contains(&rest) {
                    return Err(Stop::Damage("workbook: BrtExternSheet entry cut short"));
                }
            }
            0x0027 | 0x009D | 0x0225 | 0x018D | 0x0180 | 0x009A | 0x0252 | 0x0229 | 0x009B | 0x0084 => {
                return Ok(sheets);
            }
            _ => {
                records.body(&mut buffer)?;
            }
        }
    }
}

/// A length-prefixed UTF-16 string (`None` where calamine reports it too long for its record).
fn wide_string(bytes: &[u8]) -> Option<String> {
    let chars = u32_at(bytes, 0, "").ok()?;
    let end = usize::try_from(4 + u64::from(chars) * 2).ok()?;
    let units: Vec<u16> = bytes
        .get(4..end)?
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    Some(String::from_utf16_lossy(&units))
}

/// A worksheet part, as calamine's cells reader walks it: the dimension record, then every cell
/// record up to the end of the sheet data, each long enough for what calamine reads of it, and
/// every shared-string index within the table.
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
        records.body(&mut buffer)?;
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
            // BrtCellSt, BrtFmlaString: a string whose length calamine checks.
            0x0006 | 0x0008 => 8,
            _ => continue,
        };
        need(&buffer, needed, "sheet: cell record too short")?;
        // Every cell's column (and, for numbers, its style) is read from its first bytes.
        need(&buffer, 7, "sheet: cell record too short")?;
    }
}
