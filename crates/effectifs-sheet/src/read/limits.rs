//! Resource limits: how big a file may be, once unpacked and once read, before we refuse it with a
//! clear message instead of freezing or exhausting the page (or the ERP) that reads it.
//!
//! The defaults never bother a real CFA (a big one has about 5 000 learners and 70 columns; the
//! official template has 62) and stop abuse long before it hurts: see [`Limits`] for each figure
//! and why. [`Budget`] applies the per-row and per-cell limits while a reader builds its rows.

use effectifs_core::{Cell, Row};

use super::ReadError;

/// The limits applied while reading a file. `Limits::default()` holds the documented defaults;
/// each edge (CLI, npm package, web app) may pass its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest file accepted, in bytes. Default 100 Mo (104 857 600 bytes): a 5 000-learner
    /// xlsx weighs about 1 Mo and a CSV about 3 Mo; 100 Mo is 30 times the largest real export
    /// and still fits comfortably in a browser tab.
    pub max_file_bytes: u64,
    /// Zip-based workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`): the largest total size of the
    /// archive's entries once decompressed. Default 1 Gio: the XML of a sheet at the line limit
    /// (200 000 lines × 70 columns) takes about 500 Mo; a zip bomb declares terabytes.
    pub max_uncompressed_bytes: u64,
    /// Zip-based workbooks: the largest ratio between an entry's decompressed and compressed sizes,
    /// for entries over 1 Mio once decompressed. Default 100, as in Apache POI: spreadsheet XML
    /// compresses 5 to 20 times; a zip bomb, about 1 000 times.
    pub max_compression_ratio: u64,
    /// The most non-blank rows a sheet may have (header and rows above it included). Default
    /// 200 000: 40 times a big CFA.
    pub max_lines: u32,
    /// The most columns a row may use: a non-empty cell beyond this column is an error. Empty
    /// cells beyond it are ignored (spreadsheets often carry formatted but empty columns up to
    /// the sheet's edge), so a column with a header is never ignored silently. Default 1 000:
    /// 16 times the template's 62 columns.
    pub max_columns: u32,
    /// The most characters in one cell. Default 32 767, the most Excel itself accepts in a cell.
    pub max_cell_chars: usize,
    /// The most cells the sheet's used area may hold (rows × columns up to the last filled one),
    /// all sheets together for the formats whose reader loads every sheet at once (`.xls`,
    /// `.ods`). Default 15 000 000: 200 000 lines of 75 columns; it bounds the memory a reader
    /// needs (about 32 bytes a cell) whatever the shape of the file.
    pub max_cells: u64,
    /// The most text (in bytes) all the cells read may hold together, copies of one shared string
    /// or of a merged cell's value included. Default 256 Mio: a 5 000-learner file holds about
    /// 5 Mo of text, one at the line limit of ordinary values about 150 Mo; a file whose one long
    /// string is referenced by every cell would otherwise make gigabytes out of kilobytes.
    pub max_text_bytes: u64,
}

/// Entries smaller than this once decompressed are never refused for their compression ratio: a
/// small part cannot be a bomb, and short repetitive XML compresses very well.
pub(super) const RATIO_GRACE_BYTES: u64 = 1024 * 1024;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 100 * 1024 * 1024,
            max_uncompressed_bytes: 1024 * 1024 * 1024,
            max_compression_ratio: 100,
            max_lines: 200_000,
            max_columns: 1_000,
            max_cell_chars: 32_767,
            max_cells: 15_000_000,
            max_text_bytes: 256 * 1024 * 1024,
        }
    }
}

impl Limits {
    /// What calamine may hold while it reads a workbook whose every sheet it builds at once
    /// (`.ods`, `.xls`): three quarters of [`Limits::max_uncompressed_bytes`], our own table of the
    /// chosen sheet and its report coming on top.
    pub(super) fn calamine_bytes(&self) -> u64 {
        self.max_uncompressed_bytes / 4 * 3
    }
}

/// Counts what a reader has built so far and refuses a row, a column or a cell beyond the limits.
#[derive(Debug)]
pub(super) struct Budget<'a> {
    limits: &'a Limits,
    rows: u32,
    cells: u64,
    text: u64,
}

impl<'a> Budget<'a> {
    pub(super) fn new(limits: &'a Limits) -> Budget<'a> {
        Budget {
            limits,
            rows: 0,
            cells: 0,
            text: 0,
        }
    }

    /// One more non-blank row.
    pub(super) fn row(&mut self) -> Result<(), ReadError> {
        self.rows = self.rows.saturating_add(1);
        if self.rows > self.limits.max_lines {
            return Err(ReadError::TooManyLines {
                max: self.limits.max_lines,
            });
        }
        Ok(())
    }

    /// A non-empty cell about to be stored at (`line`, `column`, from 0).
    // Inlined, with its refusals built out of line: it runs once per cell read (a tenth of the CSV
    // reading time when it was a call building its errors in place).
    #[inline]
    pub(super) fn cell(&mut self, line: u32, column: u32, cell: &Cell) -> Result<(), ReadError> {
        if column >= self.limits.max_columns {
            return Err(too_many_columns(line, column, self.limits));
        }
        match cell {
            Cell::Text(text) => self.text(line, column, text)?,
            Cell::Error(text) => self.text(line, column, text)?,
            _ => {}
        }
        Ok(())
    }

    /// A cell's text, checked for length (characters, not bytes) and counted in the text read.
    #[inline]
    pub(super) fn text(&mut self, line: u32, column: u32, text: &str) -> Result<(), ReadError> {
        self.copied_text(text.len())?;
        let max = self.limits.max_cell_chars;
        // A text of at most `max` bytes has at most `max` characters: only count long ones.
        if text.len() > max && text.chars().nth(max).is_some() {
            return Err(cell_too_long(line, column, max));
        }
        Ok(())
    }

    /// `bytes` more bytes of text held by the cells read.
    #[inline]
    pub(super) fn copied_text(&mut self, bytes: usize) -> Result<(), ReadError> {
        self.text = self.text.saturating_add(u64::try_from(bytes).unwrap_or(u64::MAX));
        if self.text > self.limits.max_text_bytes {
            return Err(ReadError::TextTooLarge {
                max: self.limits.max_text_bytes,
            });
        }
        Ok(())
    }

    /// `added` more cells (empty ones included) stored in rows.
    pub(super) fn cells(&mut self, added: usize) -> Result<(), ReadError> {
        self.cells = self.cells.saturating_add(u64::try_from(added).unwrap_or(u64::MAX));
        if self.cells > self.limits.max_cells {
            return Err(ReadError::TooManyCells {
                max: self.limits.max_cells,
            });
        }
        Ok(())
    }

    /// Checks a whole row built elsewhere (a calamine range, a CSV record), counting it.
    pub(super) fn whole_row(&mut self, row: &Row) -> Result<(), ReadError> {
        self.row()?;
        // One pass for the common row, within every limit: its text and its longest cell. Only a
        // row that may break one is checked cell by cell, which finds the first cell that does.
        let (mut text, mut longest) = (0_usize, 0_usize);
        for cell in &row.cells {
            let length = match cell {
                Cell::Text(text) => text.len(),
                Cell::Error(text) => text.len(),
                _ => 0,
            };
            text += length;
            longest = longest.max(length);
        }
        let text = u64::try_from(text).unwrap_or(u64::MAX);
        if u32::try_from(row.cells.len()).is_ok_and(|width| width <= self.limits.max_columns)
            && longest <= self.limits.max_cell_chars
            && self.text.saturating_add(text) <= self.limits.max_text_bytes
        {
            self.text += text;
            return self.cells(row.cells.len());
        }
        for (column, cell) in (0u32..).zip(&row.cells) {
            if *cell != Cell::Empty {
                self.cell(row.line, column, cell)?;
            }
        }
        self.cells(row.cells.len())
    }
}

/// The refusal of a non-empty cell beyond the column limit (out of line: see [`Budget::cell`]).
#[cold]
#[inline(never)]
fn too_many_columns(line: u32, column: u32, limits: &Limits) -> ReadError {
    ReadError::TooManyColumns {
        line,
        column: column_letter(column),
        max: limits.max_columns,
    }
}

/// The refusal of a cell longer than `max` characters (out of line: see [`Budget::cell`]).
#[cold]
#[inline(never)]
fn cell_too_long(line: u32, column: u32, max: usize) -> ReadError {
    ReadError::CellTooLong {
        line,
        column: column_letter(column),
        max,
    }
}

/// The spreadsheet letter of a column counted from 0 (the core's, for a reader's `u32` index).
pub(super) fn column_letter(column: u32) -> String {
    effectifs_core::table::column_letter(usize::try_from(column).unwrap_or(usize::MAX))
}

/// A size for messages, in the largest unit that keeps it a whole number or more: `104857600` →
/// `100 Mo`, `1073741824` → `1 024 Mo`, `8327` → `8 Ko`, `900` → `900 octets`.
pub(super) fn size(bytes: u64) -> String {
    const KILO: u64 = 1024;
    if bytes >= KILO * KILO {
        format!("{} Mo", count(bytes / (KILO * KILO)))
    } else if bytes >= KILO {
        format!("{} Ko", count(bytes / KILO))
    } else {
        format!("{bytes} octets")
    }
}

/// A count for messages, with French thousands separators: `200000` → `200 000`.
pub(super) fn count(value: impl Into<u64>) -> String {
    effectifs_core::french::group_thousands(value.into(), ' ')
}

#[cfg(test)]
mod tests {
    use effectifs_core::{Cell, Row};

    use super::{Budget, Limits, column_letter, count, size};
    use crate::ReadError;

    #[test]
    fn figures_for_messages() {
        let letters: Vec<String> = [0, 25, 26, 701, 702, 999, 16_383].map(column_letter).to_vec();
        assert_eq!(letters, ["A", "Z", "AA", "ZZ", "AAA", "ALL", "XFD"]);
        assert_eq!(count(200_000u32), "200 000");
        assert_eq!(count(999u32), "999");
        assert_eq!(size(104_857_600), "100 Mo");
        assert_eq!(size(1_073_741_824), "1 024 Mo");
        assert_eq!(size(8_327), "8 Ko");
        assert_eq!(size(900), "900 octets");
    }

    #[test]
    fn budget_counts_rows_columns_cells_and_characters() {
        let limits = Limits {
            max_lines: 2,
            max_columns: 3,
            max_cell_chars: 4,
            max_cells: 5,
            ..Limits::default()
        };
        let mut budget = Budget::new(&limits);
        let text = |text: &str| Cell::Text(text.into());
        // Characters, not bytes: four accented letters are eight bytes but fit.
        assert_eq!(budget.cell(1, 2, &text("éèàç")), Ok(()));
        assert!(matches!(
            budget.cell(1, 2, &text("abcde")),
            Err(ReadError::CellTooLong { line: 1, ref column, max: 4 }) if column == "C"
        ));
        assert!(matches!(
            budget.cell(7, 3, &Cell::Number(1.0)),
            Err(ReadError::TooManyColumns { line: 7, ref column, max: 3 }) if column == "D"
        ));
        let row = Row {
            line: 1,
            cells: vec![text("a"), Cell::Empty, text("b")],
        };
        assert_eq!(budget.whole_row(&row), Ok(()));
        assert_eq!(budget.cells(3), Err(ReadError::TooManyCells { max: 5 }));
        assert_eq!(budget.row(), Ok(()));
        assert_eq!(budget.row(), Err(ReadError::TooManyLines { max: 2 }));
    }
}
