//! The `.ods` content (`content.xml`) checked before calamine parses it.
//!
//! calamine 0.38 trusts the XML: a table without its closing `</table:table>` (a truncated or
//! hand-made file) makes it loop forever (its reader waits for that tag past the end of the file;
//! an unclosed `<office:annotation>` in a text cell takes the same path in its code); repeat
//! counts (`table:number-columns-repeated`, `table:number-rows-repeated`) and space counts
//! (`<text:s text:c="…"/>`) make it build cells and strings far bigger than the file. This scan
//! reads the same events with the same XML reader, as the part is inflated (never whole: it may
//! take up to the 1 Gio the archive's limits allow), in constant memory, and refuses:
//! - XML that is not well-formed (an element left open, a closing tag that does not match): every
//!   loop of calamine's ODS reader waits for a closing tag that then exists, so none can hang;
//! - sheets whose cells, once repeats are expanded as calamine expands them, exceed the limits;
//! - a cell whose text would exceed the cell length limit;
//! - more text, all sheets together and repeats expanded, than the text limit: calamine builds
//!   every sheet at once, and then hands over a copy of the one asked for;
//! - a document whose cells and strings calamine would hold, every sheet together, beyond three
//!   quarters of the decompression budget (an estimate from calamine's own costs, see
//!   [`CELL_BYTES`]): a valid file of 100 000 lines of 70 filled columns passes; a 1 Ko file
//!   repeating one cell 14 million times (1.1 Go in calamine) does not.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::limits::{Limits, column_letter};
use super::{FileFormat, ReadError};

/// calamine's own caps on repeats (rows and columns of a sheet).
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// What calamine will build for one table (sheet).
#[derive(Debug, Default)]
struct Table {
    /// Rows so far, repeats expanded (capped like calamine).
    rows: u64,
    /// First and last (exclusive) expanded row holding a value.
    first_row: Option<u64>,
    end_row: u64,
    /// Leftmost and rightmost (exclusive) column holding a value, over all rows.
    first_column: u64,
    end_column: u64,
}

impl Table {
    /// The cells of calamine's dense range for this table.
    fn area(&self) -> u64 {
        match self.first_row {
            Some(first) => (self.end_row - first).saturating_mul(self.end_column.saturating_sub(self.first_column)),
            None => 0,
        }
    }
}

/// The row being scanned.
#[derive(Debug, Default)]
struct RowScan {
    repeats: u64,
    /// Columns so far (repeats expanded, capped).
    column: u64,
    /// Cells calamine stores for the row (pending empty cells only count once a value follows).
    stored: u64,
    first_value: Option<u64>,
    end_value: u64,
}

/// The cell being scanned.
#[derive(Debug)]
struct CellScan {
    /// Element depth of the cell's start tag.
    depth: usize,
    repeats: u64,
    has_value: bool,
    /// Whether calamine keeps a number or a boolean rather than a string (text, dates, times).
    numeric: bool,
    /// Characters of text the cell's string will hold (text, `text:s` spaces, tabs, breaks).
    chars: u64,
}

/// Checks `content.xml`, read as it is inflated (see the module documentation).
pub(super) fn check(content: impl std::io::BufRead, limits: &Limits) -> Result<(), ReadError> {
    let mut reader = Reader::from_reader(content);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buffer = Vec::with_capacity(1024);
    let mut scan = Scan::default();
    loop {
        buffer.clear();
        let event = reader.read_event_into(&mut buffer).map_err(|error| corrupted(&error))?;
        match event {
            Event::Start(start) => scan.start(&start),
            Event::Text(content) => scan.text(u64::try_from(content.len()).unwrap_or(u64::MAX)),
            Event::GeneralRef(_) => scan.text(1),
            Event::End(_) => scan.end(limits)?,
            Event::Eof => break,
            _ => {}
        }
    }
    if scan.depth > 0 {
        return Err(ReadError::Corrupted {
            format: FileFormat::Ods,
            detail: "content.xml: unexpected end of file, an element is not closed".to_owned(),
        });
    }
    Ok(())
}

/// The state of the scan: where we are, and what calamine will have built so far.
#[derive(Debug, Default)]
struct Scan {
    /// Elements open.
    depth: usize,
    table: Option<(usize, Table)>,
    row: Option<(usize, RowScan)>,
    cell: Option<CellScan>,
    /// Dense cells of the finished tables.
    area: u64,
    /// Characters of text, repeats expanded.
    text: u64,
    /// Cells calamine stores row by row before the dense copy, repeated rows expanded.
    stored_expanded: u64,
    /// Bytes calamine's strings take, repeats expanded (see [`string_bytes`]).
    strings: u64,
}

/// What calamine's `.ods` reader holds for each cell, measured on calamine 0.38: its value
/// (32 bytes) in the row it reads, then again in the sheet's dense range, both kept until the
/// whole document is read.
const CELL_BYTES: u64 = 64;

/// What a string cell adds to [`CELL_BYTES`], as measured (1, 10, 70 and 600 characters repeated
/// over millions of cells): about twice its length, plus the allocator's overhead.
fn string_bytes(chars: u64) -> u64 {
    chars.saturating_add(8).saturating_mul(2)
}

impl Scan {
    /// What calamine will hold, in bytes, for the document scanned so far.
    fn memory(&self) -> u64 {
        self.area
            .saturating_add(self.stored_expanded)
            .saturating_mul(CELL_BYTES / 2)
            .saturating_add(self.strings)
    }

    fn start(&mut self, start: &BytesStart<'_>) {
        self.depth += 1;
        let name = start.name();
        let name = name.as_ref();
        if let Some(cell) = &mut self.cell {
            // Inside a cell only its text matters (calamine skips nested tables there).
            if name == "text:s" {
                cell.chars = cell.chars.saturating_add(number(start, "text:c").unwrap_or(1));
            } else if name == "text:tab" || name == "text:line-break" || name == "text:p" {
                cell.chars = cell.chars.saturating_add(1);
            }
        } else if name == "table:table" && self.table.is_none() {
            self.table = Some((self.depth, Table::default()));
        } else if name == "table:table-row" && self.row.is_none() && self.table.is_some() {
            let repeats = number(start, "table:number-rows-repeated").unwrap_or(1);
            self.row = Some((
                self.depth,
                RowScan {
                    repeats,
                    ..RowScan::default()
                },
            ));
        } else if (name == "table:table-cell" || name == "table:covered-table-cell") && self.row.is_some() {
            self.cell = Some(CellScan {
                depth: self.depth,
                repeats: number(start, "table:number-columns-repeated").unwrap_or(1),
                has_value: has_value(start),
                numeric: numeric(start),
                chars: attribute_len(start, "office:string-value"),
            });
        }
    }

    /// Text (or an entity) inside the current cell, if any.
    fn text(&mut self, chars: u64) {
        if let Some(cell) = &mut self.cell {
            cell.chars = cell.chars.saturating_add(chars);
            cell.has_value |= chars > 0;
        }
    }

    fn end(&mut self, limits: &Limits) -> Result<(), ReadError> {
        let depth = self.depth;
        if self.cell.as_ref().is_some_and(|cell| cell.depth == depth)
            && let (Some(done), Some((_, row))) = (self.cell.take(), &mut self.row)
        {
            let line = self.table.as_ref().map_or(0, |(_, table)| table.rows);
            end_cell(&done, row, line, limits)?;
            let copies = done.repeats.min(MAX_COLUMNS).saturating_mul(row.repeats.min(MAX_ROWS));
            self.text = self.text.saturating_add(done.chars.saturating_mul(copies));
            if done.has_value && !done.numeric && done.chars > 0 {
                self.strings = self
                    .strings
                    .saturating_add(string_bytes(done.chars).saturating_mul(copies));
            }
        } else if self.row.as_ref().is_some_and(|(row_depth, _)| *row_depth == depth)
            && let (Some((_, done)), Some((_, table))) = (self.row.take(), &mut self.table)
        {
            let repeats = end_row(&done, table);
            self.stored_expanded = self.stored_expanded.saturating_add(done.stored.saturating_mul(repeats));
        } else if self
            .table
            .as_ref()
            .is_some_and(|(table_depth, _)| *table_depth == depth)
            && let Some((_, done)) = self.table.take()
        {
            self.area = self.area.saturating_add(done.area());
        }
        self.depth = depth.saturating_sub(1);
        if self.area > limits.max_cells || self.stored_expanded > limits.max_cells {
            return Err(ReadError::TooManyCells { max: limits.max_cells });
        }
        if self.text > limits.max_text_bytes {
            return Err(ReadError::TextTooLarge {
                max: limits.max_text_bytes,
            });
        }
        // calamine reads every sheet whole before we choose one.
        let budget = limits.calamine_bytes();
        if self.memory() > budget {
            return Err(ReadError::OdsTooLargeInMemory {
                bytes: self.memory(),
                max: budget,
            });
        }
        Ok(())
    }
}

/// Accounts a finished cell in its row, as calamine's `read_row` does.
fn end_cell(cell: &CellScan, row: &mut RowScan, line: u64, limits: &Limits) -> Result<(), ReadError> {
    let repeats = cell.repeats.min(MAX_COLUMNS.saturating_sub(row.column));
    if cell.has_value {
        if cell.chars > u64::try_from(limits.max_cell_chars).unwrap_or(u64::MAX) {
            return Err(ReadError::CellTooLong {
                line: u32::try_from(line.saturating_add(1)).unwrap_or(u32::MAX),
                column: column_letter(u32::try_from(row.column).unwrap_or(u32::MAX)),
                max: limits.max_cell_chars,
            });
        }
        row.first_value.get_or_insert(row.column);
        row.column += repeats;
        row.end_value = row.column;
        row.stored = row.column;
    } else {
        row.column += repeats;
    }
    Ok(())
}

/// Accounts a finished row in its table, as calamine's `read_table` and `get_range` do, and gives
/// the repeats it counted (capped at the sheet's last row).
fn end_row(row: &RowScan, table: &mut Table) -> u64 {
    let repeats = row.repeats.min(MAX_ROWS.saturating_sub(table.rows));
    if let Some(first_value) = row.first_value {
        if table.first_row.is_none() {
            table.first_row = Some(table.rows);
            table.first_column = first_value;
        }
        table.first_column = table.first_column.min(first_value);
        table.end_column = table.end_column.max(row.end_value);
        table.end_row = table.rows + repeats;
    }
    table.rows += repeats;
    repeats
}

/// Whether a cell's attributes give it a value (calamine keeps it) rather than only a style.
fn has_value(start: &BytesStart<'_>) -> bool {
    start.attributes().flatten().any(|attribute| {
        matches!(
            attribute.key.as_ref(),
            "office:value"
                | "office:string-value"
                | "office:date-value"
                | "office:time-value"
                | "office:boolean-value"
                | "table:formula"
        ) || (attribute.key.as_ref() == "office:value-type" && attribute.value.as_ref() == "string")
    })
}

/// Whether calamine reads the cell as a number or a boolean (no string kept), from its value type.
fn numeric(start: &BytesStart<'_>) -> bool {
    start.attributes().flatten().any(|attribute| {
        attribute.key.as_ref() == "office:value-type"
            && matches!(
                attribute.value.as_ref(),
                "float" | "percentage" | "currency" | "boolean"
            )
    })
}

/// A numeric attribute (`None` when absent or unreadable: calamine then fails on it by itself).
/// Its XML character references are resolved first, as calamine resolves them for the repeats of
/// rows and the counts of spaces (`&#50;000000000` is two billion): the raw text would be read as
/// no number at all, so as one repeat, and a 1 Ko file would make calamine build gigabytes. (It
/// reads the repeats of columns without resolving them, and then fails on such a value; resolving
/// them here too only counts more, never less.)
fn number(start: &BytesStart<'_>, key: &str) -> Option<u64> {
    let attribute = start
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.as_ref() == key)?;
    let value = quick_xml::escape::unescape(&attribute.value).ok()?;
    value.trim().parse().ok()
}

fn attribute_len(start: &BytesStart<'_>, key: &str) -> u64 {
    start
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.as_ref() == key)
        .map_or(0, |attribute| u64::try_from(attribute.value.len()).unwrap_or(u64::MAX))
}

fn corrupted(error: &quick_xml::Error) -> ReadError {
    ReadError::Corrupted {
        format: FileFormat::Ods,
        detail: format!("content.xml: {error}"),
    }
}
