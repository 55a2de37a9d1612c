//! The `.xls` container and records checked before calamine parses them.
//!
//! calamine 0.38 reads an OLE2 compound file by following sector chains without checking them: a
//! truncated file makes it slice past the end of its buffer (a panic), a sector chain that loops
//! makes it read forever, and a repeated FAT sector makes it build a table far bigger than the
//! file. It then loads every sheet at once into a dense range whose size comes from the cell
//! positions (and a `DIMENSIONS` record it trusts for a reservation), so a two-cell sheet can ask
//! for gigabytes. This module walks the same structures the same way, refusing anything calamine
//! could not walk safely, then scans the workbook stream's records for the size of every sheet.

use super::limits::Limits;
use super::{FileFormat, ReadError};

const SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const MINI_SECTOR: usize = 64;
const MINI_STREAM_CUTOFF: usize = 4096;

/// The shortest cell record calamine reads without checking (row, column, format).
const CELL_RECORD_MIN_LEN: usize = 6;

/// What calamine holds per cell of a sheet's dense range, in bytes: a cell value of 32 bytes, twice
/// (every sheet is built, then the one asked for is copied). Measured: a 13 Ko file with a cell at
/// row 57 860, column 255 (14.8 million cells, under the cell limit) peaked at about 900 Mo.
const CELL_BYTES: u64 = 64;

/// The cells the sheets of an `.xls` may span all together: the cell limit, and no more than
/// calamine may hold ([`Limits::calamine_bytes`], as for `.ods`). With the default limits,
/// 12 582 912 cells: far above what a real `.xls` holds (65 536 rows of 70 columns are 4.6
/// million).
fn max_cells(limits: &Limits) -> u64 {
    limits.max_cells.min(limits.calamine_bytes() / CELL_BYTES)
}

/// Checks the file (see the module documentation): `Ok` when calamine can read it safely.
pub(super) fn check(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    match workbook_stream(bytes).map_err(corrupted)? {
        Ole::Workbook(stream) => check_records(&stream, limits),
        Ole::Encrypted => Err(ReadError::PasswordProtected),
        Ole::Other => Err(ReadError::NotASpreadsheet),
    }
}

/// What an OLE2 compound file holds.
enum Ole {
    /// An Excel 97–2003 workbook: its workbook stream.
    Workbook(Vec<u8>),
    /// An Office document encrypted with a password (an `EncryptedPackage` stream).
    Encrypted,
    /// Something else: a Word document, an Outlook message…
    Other,
}

fn corrupted(detail: String) -> ReadError {
    ReadError::Corrupted {
        format: FileFormat::Xls,
        detail,
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at.checked_add(8)?)?.try_into().ok()?))
}

fn to_u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|chunk| u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
}

/// The sectors of the file as calamine addresses them: sector `id` starts right after the header.
struct Sectors<'a> {
    bytes: &'a [u8],
    header: usize,
    size: usize,
    /// The largest id calamine accepts (`file length / sector size`).
    max_id: usize,
}

impl<'a> Sectors<'a> {
    /// Sector `id`, required whole: calamine slices past its buffer on a sector cut by the end of
    /// the file.
    fn get(&self, id: u32) -> Result<&'a [u8], String> {
        let index = usize::try_from(id).map_err(|_| format!("sector {id} out of range"))?;
        if index > self.max_id {
            return Err(format!("sector {id} points past the end of the file"));
        }
        let start = index
            .checked_mul(self.size)
            .and_then(|offset| offset.checked_add(self.header))
            .ok_or_else(|| format!("sector {id} out of range"))?;
        self.bytes
            .get(start..start.saturating_add(self.size))
            .ok_or_else(|| format!("sector {id} is cut by the end of the file"))
    }

    /// The chain starting at `id`, as calamine's `get_chain` follows it: at most `len` bytes, every
    /// next sector looked up in `table` (which must hold it), no sector twice.
    fn chain(&self, mut id: u32, table: &[u32], len: usize) -> Result<Vec<u8>, String> {
        let mut chain = Vec::new();
        let mut steps = 0usize;
        while id != END_OF_CHAIN {
            steps += 1;
            if steps > self.max_id.saturating_add(1) {
                return Err("a sector chain loops".to_owned());
            }
            let sector = self.get(id)?;
            let take = sector.len().min(len - chain.len());
            chain.extend_from_slice(sector.get(..take).unwrap_or_default());
            if chain.len() >= len {
                break;
            }
            id = *usize::try_from(id)
                .ok()
                .and_then(|index| table.get(index))
                .ok_or_else(|| format!("sector {id} is not in the allocation table"))?;
        }
        Ok(chain)
    }
}

/// The mini stream's 64-byte sectors, all within the mini stream (calamine reads past it from the
/// file, and can then slice past its buffer).
fn mini_chain(ministream: &[u8], mini_fat: &[u32], mut id: u32, len: usize) -> Result<Vec<u8>, String> {
    let mut chain = Vec::new();
    let mut steps = 0usize;
    while id != END_OF_CHAIN {
        steps += 1;
        if steps > ministream.len() / MINI_SECTOR + 1 {
            return Err("a mini sector chain loops".to_owned());
        }
        let index = usize::try_from(id).map_err(|_| format!("mini sector {id} out of range"))?;
        let start = index
            .checked_mul(MINI_SECTOR)
            .ok_or_else(|| format!("mini sector {id} out of range"))?;
        let sector = ministream
            .get(start..start.saturating_add(MINI_SECTOR))
            .ok_or_else(|| format!("mini sector {id} is outside the mini stream"))?;
        let take = sector.len().min(len - chain.len());
        chain.extend_from_slice(sector.get(..take).unwrap_or_default());
        if chain.len() >= len {
            break;
        }
        id = *mini_fat
            .get(index)
            .ok_or_else(|| format!("mini sector {id} is not in the mini allocation table"))?;
    }
    Ok(chain)
}

/// The workbook stream (`Workbook`, else `Book`), read the way calamine's `Cfb` reads it.
fn workbook_stream(bytes: &[u8]) -> Result<Ole, String> {
    let header = bytes.get(..512).ok_or("shorter than an OLE2 header")?;
    if header.get(..8) != Some(SIGNATURE) {
        return Err("not an OLE2 file".to_owned());
    }
    let version = u16_at(header, 26).unwrap_or(0);
    let (size, header_len) = match u16_at(header, 30) {
        Some(0x0009) => (512, 512),
        Some(0x000C) if bytes.len() >= 4096 => (4096, 4096),
        _ => return Err("invalid sector size".to_owned()),
    };
    if u16_at(header, 32) != Some(0x0006) {
        return Err("invalid mini sector size".to_owned());
    }
    let sectors = Sectors {
        bytes,
        header: header_len,
        size,
        max_id: bytes.len() / size,
    };
    let read = |at| u32_at(header, at).ok_or("short header");
    let dir_start = read(48)?;
    let mini_fat_start = read(60)?;
    let mini_fat_len = usize::try_from(read(64)?).map_err(|_| "mini FAT too long")?;
    let difat_start = read(68)?;

    let mut difat: Vec<u32> = to_u32s(header.get(76..512).unwrap_or_default()).collect();
    let mut id = difat_start;
    let mut difat_sectors = 0usize;
    while id < RESERVED_SECTORS {
        difat_sectors += 1;
        if difat_sectors > sectors.max_id.saturating_add(1) {
            return Err("the DIFAT chain loops".to_owned());
        }
        difat.extend(to_u32s(sectors.get(id)?));
        id = difat.pop().ok_or("empty DIFAT sector")?;
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    // A real file lists each FAT sector once; repeats would make calamine's table grow past the file.
    if fat_sectors.len() > sectors.max_id.saturating_add(1) {
        return Err("more FAT sectors than the file holds".to_owned());
    }
    let mut fat = Vec::with_capacity(fat_sectors.len().saturating_mul(size / 4));
    for id in fat_sectors {
        fat.extend(to_u32s(sectors.get(id)?));
    }

    let directory = sectors.chain(dir_start, &fat, usize::MAX)?;
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let root = entries.first().ok_or("empty root directory")?;
    let entry_start = |entry: &[u8]| u32_at(entry, 116).unwrap_or(END_OF_CHAIN);
    let entry_len = |entry: &[u8]| -> Result<usize, String> {
        let len = if size == 512 {
            u64::from(u32_at(entry, 120).unwrap_or(0))
        } else {
            u64_at(entry, 120).unwrap_or(0)
        };
        // calamine unwraps this conversion: on a 32-bit target (the browser) a larger length panics.
        u32::try_from(len)
            .ok()
            .and_then(|len| usize::try_from(len).ok())
            .ok_or_else(|| "stream length out of range".to_owned())
    };
    if version != 3 && entry_start(root) == END_OF_CHAIN {
        return Err("empty root directory".to_owned());
    }
    let (mini_fat, ministream) = if mini_fat_len > 0 {
        if mini_fat_len > sectors.max_id.saturating_add(1) {
            return Err("mini FAT longer than the file".to_owned());
        }
        let ministream = sectors.chain(entry_start(root), &fat, entry_len(root)?)?;
        let mini_fat = sectors.chain(mini_fat_start, &fat, mini_fat_len * size)?;
        (to_u32s(&mini_fat).collect::<Vec<_>>(), ministream)
    } else {
        (Vec::new(), Vec::new())
    };
    let name_of = |entry: &[u8]| {
        let (name, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(entry.get(..64).unwrap_or_default());
        let name = name.into_owned();
        match name.as_bytes().iter().position(|byte| *byte == 0) {
            Some(end) => name.get(..end).unwrap_or_default().to_owned(),
            None => name,
        }
    };
    let find = |wanted: &str| {
        entries
            .iter()
            .find(|entry| name_of(entry).as_bytes().eq_ignore_ascii_case(wanted.as_bytes()))
    };
    if find("EncryptedPackage").is_some() {
        return Ok(Ole::Encrypted);
    }
    let Some(entry) = find("Workbook").or_else(|| find("Book")) else {
        return Ok(Ole::Other);
    };
    let len = entry_len(entry)?;
    if len < MINI_STREAM_CUTOFF {
        mini_chain(&ministream, &mini_fat, entry_start(entry), len).map(Ole::Workbook)
    } else {
        sectors.chain(entry_start(entry), &fat, len).map(Ole::Workbook)
    }
}

/// The records calamine reads, as it reads them: the workbook globals up to their `EOF`, then each
/// sheet from the position its `BOUNDSHEET` record gives, up to the sheet's `EOF`. Records that
/// calamine indexes without checking their length are refused when too short; the cells of every
/// sheet, as calamine will lay them out, must fit in the cell limit all together.
fn check_records(stream: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let too_short = |what: &str| corrupted(format!("{what} record too short"));
    let mut positions = Vec::new();
    for (kind, data) in records(stream, 0) {
        let minimum = match kind {
            // FILEPASS, CODEPAGE, DATEMODE: a 16-bit value.
            0x002F | 0x0042 | 0x0022 => 2,
            // BOUNDSHEET: position, state, type, then the name's length and flags.
            0x0085 => 8,
            // BOF: version and type.
            0x0809 => 4,
            0x000A => break,
            _ => 0,
        };
        if data.len() < minimum {
            return Err(too_short("workbook"));
        }
        if kind == 0x0085 {
            let position = u32_at(data, 0).and_then(|position| usize::try_from(position).ok());
            match position {
                Some(position) if position <= stream.len() => positions.push(position),
                _ => {
                    return Err(corrupted(
                        "a sheet starts past the end of the workbook stream".to_owned(),
                    ));
                }
            }
        }
    }
    let max = max_cells(limits);
    let mut total: u64 = 0;
    for position in positions {
        let mut sheet = SheetSpan::default();
        for (kind, data) in records(stream, position) {
            match kind {
                0x000A => break,
                // DIMENSIONS: calamine reserves rows × columns cells from it.
                0x0200 => {
                    let reserved = dimensions(data).ok_or_else(|| corrupted("invalid DIMENSIONS record".to_owned()))?;
                    if reserved > max {
                        return Err(ReadError::TooManyCells { max });
                    }
                }
                // Cell records: NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    let (Some(row), Some(column)) = (u16_at(data, 0), u16_at(data, 2)) else {
                        return Err(too_short("cell"));
                    };
                    if data.len() < CELL_RECORD_MIN_LEN {
                        return Err(too_short("cell"));
                    }
                    sheet.add(row, column, column);
                }
                // MULRK: several cells from the first column on.
                0x00BD => {
                    let (Some(row), Some(first)) = (u16_at(data, 0), u16_at(data, 2)) else {
                        return Err(too_short("MULRK"));
                    };
                    let count = u16::try_from(data.len().saturating_sub(6) / 6).unwrap_or(u16::MAX);
                    sheet.add(row, first, first.saturating_add(count.saturating_sub(1)));
                }
                _ => {}
            }
            if total.saturating_add(sheet.area()) > max {
                return Err(ReadError::TooManyCells { max });
            }
        }
        total = total.saturating_add(sheet.area());
    }
    Ok(())
}

/// The records of `stream` from `position`: type and data, until one does not fit.
fn records(stream: &[u8], position: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = position;
    std::iter::from_fn(move || {
        let kind = u16_at(stream, at)?;
        let len = usize::from(u16_at(stream, at + 2)?);
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        Some((kind, data))
    })
}

/// The cells calamine reserves for a `DIMENSIONS` record (`None` when it would compute them with
/// an overflow).
fn dimensions(data: &[u8]) -> Option<u64> {
    let (first_row, last_row, first_column, last_column) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)?),
            u32::from(u16_at(data, 2)?),
            u32::from(u16_at(data, 4)?),
            u32::from(u16_at(data, 6)?),
        ),
        14 | 16 => (
            u32_at(data, 0)?,
            u32_at(data, 4)?,
            u32::from(u16_at(data, 8)?),
            u32::from(u16_at(data, 10)?),
        ),
        // calamine refuses other lengths by itself.
        _ => return Some(0),
    };
    let first_column = if first_column > 0xFF || last_column < first_column {
        0
    } else {
        first_column
    };
    if last_row < 1 || last_column < 1 {
        return Some(1);
    }
    let rows = (last_row - 1).checked_sub(first_row)?.checked_add(1)?;
    let columns = (last_column - 1).checked_sub(first_column)?.checked_add(1)?;
    Some(u64::from(rows) * u64::from(columns))
}

/// The span of a sheet's cells.
#[derive(Debug, Default)]
struct SheetSpan {
    rows: Option<(u16, u16)>,
    columns: Option<(u16, u16)>,
}

impl SheetSpan {
    fn add(&mut self, row: u16, first_column: u16, last_column: u16) {
        self.rows = Some(
            self.rows
                .map_or((row, row), |(low, high)| (low.min(row), high.max(row))),
        );
        self.columns = Some(self.columns.map_or((first_column, last_column), |(low, high)| {
            (low.min(first_column), high.max(last_column))
        }));
    }

    fn area(&self) -> u64 {
        match (self.rows, self.columns) {
            (Some((top, bottom)), Some((left, right))) => {
                (u64::from(bottom - top) + 1) * (u64::from(right.saturating_sub(left)) + 1)
            }
            _ => 0,
        }
    }
}
