//! Workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`), from memory: choosing the sheet, and
//! turning the reader's cells into rows of [`Cell`]s numbered with the spreadsheet's own rows and
//! columns (a sheet whose data starts at `C5` gives rows numbered from 5 and two empty leading
//! columns).
//!
//! `.xlsx` and `.xlsm` go first through our own reader ([`super::xlsx`]), several times faster than
//! calamine's on large sheets, above all in WebAssembly; it hands anything it does not fully
//! understand back to calamine, which stays the reference: both give exactly the same [`Sheet`].
//! Everything else goes through calamine. Both readers go through [`Book`] and [`build_sheet`] here,
//! so the sheet choice, the limits, the merged cells and the conversion of values are one code.
//!
//! `.xlsx`, `.xlsm` and `.xlsb` sheets are streamed cell by cell straight into rows: no dense copy
//! of the sheet is built (so a stray value in a far corner costs nothing), and a sheet without a
//! header in its first rows is abandoned without reading the rest. The other formats go through
//! calamine's `Range`, which loads every sheet at once: their content is checked first (see
//! [`super::ods`] and [`super::xls`]), as is the zip archive of every zip-based format (see
//! [`super::archive`]), so that calamine never meets a file it could hang or blow up on.

use std::io::Cursor;

use calamine::{
    Data, DataRef, Dimensions, ExcelDateTime, ExcelDateTimeType, Ods, OdsError, Range, Reader, SheetType, SheetVisible,
    Sheets, Xls, XlsError, Xlsb, XlsbError, Xlsx, XlsxError,
};
use chrono::{NaiveTime, Timelike};
use effectifs_core::{Cell, Date, Field, Row, Table};

use super::limits::{Budget, Limits, column_letter};
use super::xlsx::Failure;
use super::{
    FileFormat, FileInfo, HEADER_SEARCH_ROWS, ReadError, ReadOptions, ReadWarning, SHEET_CHOICE_MIN_FIELDS, Sheet,
    header,
};

type CalamineBook<'a> = Sheets<Cursor<&'a [u8]>>;

/// The rows a sheet can have (Excel, `LibreOffice`): rows are numbered from 0 to this, excluded.
const LAST_ROW: u32 = 1_048_576;

/// Days between Excel's 1900 and 1904 date systems.
const EPOCH_1904_OFFSET: f64 = 1462.0;

/// Reads the workbook in `bytes`, already identified as `format`.
pub(super) fn read(
    bytes: &[u8],
    format: FileFormat,
    file_name: &str,
    options: &ReadOptions,
) -> Result<Sheet, ReadError> {
    if matches!(format, FileFormat::Xlsx | FileFormat::Xlsm)
        && let Some(archive) = super::archive::inspect(bytes, &options.limits)?
    {
        match super::xlsx::read(archive, format, file_name, options) {
            Ok(sheet) => return Ok(sheet),
            Err(Failure::Read(error)) => return Err(error),
            Err(Failure::Fallback(_)) => {}
        }
    }
    read_with_calamine(bytes, format, file_name, options)
}

/// Reads the workbook with calamine alone: every format but a well-formed `.xlsx`, and the
/// reference the fast `.xlsx` reader is tested against.
pub(super) fn read_with_calamine(
    bytes: &[u8],
    format: FileFormat,
    file_name: &str,
    options: &ReadOptions,
) -> Result<Sheet, ReadError> {
    let Precheck { merged_cells, xlsb } = precheck(bytes, format, &options.limits)?;
    let book = open(bytes, format)?;
    let worksheets: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet)
        .map(|sheet| (sheet.name.clone(), sheet.visible == SheetVisible::Visible))
        .collect();
    let mut book = Calamine {
        book,
        format,
        merged_cells,
        bytes,
        xlsb,
        inflated: 0,
    };
    build_sheet(&mut book, worksheets, format, file_name, options)
}

/// An error while reading one sheet: a [`ReadError`], or (for the fast `.xlsx` reader) the
/// decision to hand the file back to calamine.
pub(super) trait SheetError: From<ReadError> {
    /// When it is a damaged sheet, what is wrong with it (the reader's technical detail): the
    /// sheet choice skips such a sheet rather than stopping at it, with a warning naming it
    /// ([`ReadWarning::DamagedSheet`]), and reports the error itself only when no other sheet has
    /// a header.
    fn damage(&self) -> Option<&str>;

    /// Whether the whole workbook must be read by another reader (calamine) instead: an error the
    /// sheet choice passes on even from a sheet it only looks at.
    fn needs_other_reader(&self) -> bool {
        false
    }
}

impl SheetError for ReadError {
    fn damage(&self) -> Option<&str> {
        match self {
            ReadError::Corrupted { detail, .. } => Some(detail),
            _ => None,
        }
    }
}

/// An opened workbook, as the sheet choice sees it.
pub(super) trait Book {
    /// What reading a sheet can fail with.
    type Error: SheetError;

    /// The non-empty rows of the worksheet `name`, in line order and within the limits; `None`
    /// when its first rows turned out to hold no header (the rest is then not read).
    fn rows(&mut self, name: &str, limits: &Limits) -> Result<Option<Vec<Row>>, Self::Error>;

    /// The merged areas of the worksheet `name`, the last one [`Book::rows`] read in full.
    fn merged_areas(&mut self, name: &str) -> Result<Vec<Dimensions>, Self::Error>;

    /// The non-empty rows among the first ones of the worksheet `name`, enough to find its header
    /// ([`RowStream::header_window`]): the rest of the sheet is not read.
    fn first_rows(&mut self, name: &str, limits: &Limits) -> Result<Vec<Row>, Self::Error>;
}

/// Chooses the sheet among `worksheets` (names and whether each is visible, in workbook order),
/// reads it and splits it at its header.
pub(super) fn build_sheet<B: Book>(
    book: &mut B,
    worksheets: Vec<(String, bool)>,
    format: FileFormat,
    file_name: &str,
    options: &ReadOptions,
) -> Result<Sheet, B::Error> {
    let limits = &options.limits;
    // The damaged sheets met on the way: never skipped without a word.
    let mut damaged = Damaged::default();
    let names: Vec<String> = worksheets.iter().map(|(name, _)| name.clone()).collect();
    if names.is_empty() {
        return Err(ReadError::NoSheet.into());
    }
    let (name, rows, header_index) = match &options.sheet {
        Some(requested) => {
            let name = find_sheet(&names, requested).ok_or_else(|| ReadError::UnknownSheet {
                requested: requested.clone(),
                available: names.clone(),
            })?;
            let (rows, header_index) = sheet_rows(book, &name, limits)?.ok_or_else(|| ReadError::NoHeader {
                sheets: vec![name.clone()],
            })?;
            (name, rows, header_index)
        }
        None => first_sheet_with_header(book, &worksheets, limits, &mut damaged)?,
    };
    let header_line = rows.get(header_index).map_or(0, |row| row.line);
    let areas = book.merged_areas(&name)?;
    let (rows, merged) = fill_merged_cells(areas, rows, header_line, limits)?;
    let (header_line, table, mut warnings) = super::table_below_header(rows, header_index);
    if !merged.is_empty() {
        warnings.push(ReadWarning::MergedCells { areas: merged });
    }
    let sheet_choice = if options.sheet.is_none() && worksheets.len() > 1 {
        sheet_choice(book, &worksheets, &name, &table, limits, &mut damaged)?
    } else {
        Vec::new()
    };
    // About the workbook rather than the sheet read: before that sheet's own warnings.
    warnings.splice(0..0, damaged.0);
    Ok(Sheet {
        info: FileInfo {
            name: file_name.to_owned(),
            format,
            sheet: Some(name),
            sheets: names,
            hidden_sheets: worksheets
                .into_iter()
                .filter_map(|(name, visible)| (!visible).then_some(name))
                .collect(),
            sheet_choice,
            encoding: None,
            delimiter: None,
            header_line,
        },
        table,
        warnings,
    })
}

/// The sheets to offer a person when the workbook holds learners on several: see
/// [`FileInfo::sheet_choice`]. `chosen` is the sheet read (its `table` known); the other visible
/// sheets are only looked at up to their header ([`Book::first_rows`]), and one that cannot be read
/// is not offered (a damaged one goes into `damaged`, and one already there is not looked at again).
fn sheet_choice<B: Book>(
    book: &mut B,
    worksheets: &[(String, bool)],
    chosen: &str,
    table: &Table,
    limits: &Limits,
    damaged: &mut Damaged,
) -> Result<Vec<String>, B::Error> {
    let mut offered = Vec::new();
    for (name, _) in worksheets.iter().filter(|(_, visible)| *visible) {
        let holds = if name == chosen {
            holds_learners(table)
        } else if damaged.contains(name) {
            false
        } else {
            match book.first_rows(name, limits) {
                Ok(rows) => {
                    header::find(&rows).is_some_and(|index| holds_learners(&super::table_below_header(rows, index).1))
                }
                Err(error) if error.needs_other_reader() => return Err(error),
                Err(error) => {
                    damaged.note(name, &error);
                    false
                }
            }
        };
        if holds {
            offered.push(name.clone());
        }
    }
    if offered.len() < 2 {
        offered.clear();
    }
    Ok(offered)
}

/// The damaged sheets met while choosing the sheet, as warnings, each sheet once, in the order met.
#[derive(Default)]
struct Damaged(Vec<ReadWarning>);

impl Damaged {
    /// Notes the sheet `name` when `error` says it is damaged.
    fn note(&mut self, name: &str, error: &impl SheetError) {
        if let Some(detail) = error.damage()
            && !self.contains(name)
        {
            self.0.push(ReadWarning::DamagedSheet {
                sheet: name.to_owned(),
                detail: detail.to_owned(),
            });
        }
    }

    fn contains(&self, name: &str) -> bool {
        self.0
            .iter()
            .any(|warning| matches!(warning, ReadWarning::DamagedSheet { sheet, .. } if sheet == name))
    }
}

/// Whether a sheet's header row names at least [`SHEET_CHOICE_MIN_FIELDS`] different fields.
fn holds_learners(table: &Table) -> bool {
    let mut seen = [false; Field::COUNT];
    for field in table.columns.iter().filter_map(|column| column.field) {
        seen[field.index()] = true;
    }
    seen.iter().filter(|seen| **seen).count() >= SHEET_CHOICE_MIN_FIELDS
}

/// What the checks made before calamine sees the file found out.
struct Precheck {
    /// Whether the workbook may hold merged cells (`false` only when we know it holds none, so that
    /// calamine is not asked to parse a big `.xlsx` sheet a second time for nothing).
    merged_cells: bool,
    /// `.xlsb`: what the check of each sheet's records needs.
    xlsb: Option<super::xlsb::Workbook>,
}

/// Checks what calamine cannot be trusted with, before it sees the file.
fn precheck(bytes: &[u8], format: FileFormat, limits: &Limits) -> Result<Precheck, ReadError> {
    let (merged_cells, xlsb) = match format {
        FileFormat::Xls => (super::xls::check(bytes, limits).map(|()| true)?, None),
        FileFormat::Ods => {
            if let Some(mut archive) = super::archive::inspect(bytes, limits)? {
                archive.scan(format, limits)?;
                if let Some(content) = archive.open_entry("content.xml", format)? {
                    super::ods::check(std::io::BufReader::new(content), limits)?;
                }
            }
            (false, None)
        }
        FileFormat::Xlsb => {
            let xlsb = match super::archive::inspect(bytes, limits)? {
                Some(mut archive) => {
                    archive.scan(format, limits)?;
                    Some(super::xlsb::check_workbook(&mut archive, limits)?)
                }
                None => None,
            };
            (false, xlsb)
        }
        FileFormat::Xlsx | FileFormat::Xlsm | FileFormat::Csv => match super::archive::inspect(bytes, limits)? {
            Some(mut archive) => {
                archive.scan(format, limits)?;
                (archive.any_entry_contains("xl/worksheets/", ".xml", "mergeCell "), None)
            }
            None => (true, None),
        },
    };
    Ok(Precheck { merged_cells, xlsb })
}

fn open(bytes: &[u8], format: FileFormat) -> Result<CalamineBook<'_>, ReadError> {
    let cursor = Cursor::new(bytes);
    let opened = match format {
        FileFormat::Xlsx | FileFormat::Xlsm | FileFormat::Csv => {
            Xlsx::new(cursor).map(Sheets::Xlsx).map_err(calamine::Error::Xlsx)
        }
        FileFormat::Xlsb => Xlsb::new(cursor).map(Sheets::Xlsb).map_err(calamine::Error::Xlsb),
        FileFormat::Ods => Ods::new(cursor).map(Sheets::Ods).map_err(calamine::Error::Ods),
        FileFormat::Xls => Xls::new(cursor).map(Sheets::Xls).map_err(calamine::Error::Xls),
    };
    opened.map_err(|error| classify(error, format))
}

/// The French error for a calamine failure.
fn classify(error: calamine::Error, format: FileFormat) -> ReadError {
    match error {
        calamine::Error::Xlsx(XlsxError::Password)
        | calamine::Error::Xlsb(XlsbError::Password)
        | calamine::Error::Xls(XlsError::Password)
        | calamine::Error::Ods(OdsError::Password) => ReadError::PasswordProtected,
        // An OLE2 file without a workbook stream: a Word document, an Outlook message…
        calamine::Error::Xls(XlsError::Cfb(cfb)) if cfb.to_string().starts_with("Cannot find") => {
            ReadError::NotASpreadsheet
        }
        error => ReadError::Corrupted {
            format,
            detail: error.to_string(),
        },
    }
}

/// The worksheet named `requested`: exactly, else ignoring case and surrounding blanks.
fn find_sheet(names: &[String], requested: &str) -> Option<String> {
    let loose = |name: &str| name.trim().to_lowercase();
    names
        .iter()
        .find(|name| *name == requested)
        .or_else(|| names.iter().find(|name| loose(name) == loose(requested)))
        .cloned()
}

/// The first worksheet holding a header: visible sheets first (in workbook order), then hidden
/// ones. A damaged sheet is skipped and noted in `damaged`; its error is reported if no sheet
/// qualifies.
fn first_sheet_with_header<B: Book>(
    book: &mut B,
    worksheets: &[(String, bool)],
    limits: &Limits,
    damaged: &mut Damaged,
) -> Result<(String, Vec<Row>, usize), B::Error> {
    let visible = worksheets.iter().filter(|(_, visible)| *visible);
    let hidden = worksheets.iter().filter(|(_, visible)| !*visible);
    let mut first_error = None;
    for (name, _) in visible.chain(hidden) {
        match sheet_rows(book, name, limits) {
            Ok(Some((rows, header_index))) => return Ok((name.clone(), rows, header_index)),
            Ok(None) => {}
            // A limit reached is about the file, not one damaged sheet: say so at once.
            Err(error) if error.damage().is_some() => {
                damaged.note(name, &error);
                first_error.get_or_insert(error);
            }
            Err(error) => return Err(error),
        }
    }
    Err(first_error.unwrap_or_else(|| {
        ReadError::NoHeader {
            sheets: worksheets.iter().map(|(name, _)| name.clone()).collect(),
        }
        .into()
    }))
}

/// The non-empty rows of a sheet (in line order) and the index of its header among them, or `None`
/// when the sheet has no header.
fn sheet_rows<B: Book>(book: &mut B, name: &str, limits: &Limits) -> Result<Option<(Vec<Row>, usize)>, B::Error> {
    let Some(rows) = book.rows(name, limits)? else {
        return Ok(None);
    };
    Ok(header::find(&rows).map(|header_index| (rows, header_index)))
}

/// A workbook opened by calamine.
struct Calamine<'a> {
    book: CalamineBook<'a>,
    format: FileFormat,
    /// Whether the workbook may hold merged cells (see [`precheck`]).
    merged_cells: bool,
    /// The file, for the checks made before calamine reads a sheet.
    bytes: &'a [u8],
    /// `.xlsb`: what the check of a sheet's records needs (see [`super::xlsb`]).
    xlsb: Option<super::xlsb::Workbook>,
    /// The declared size of the sheet parts read so far (several sheets may point at one part).
    inflated: u64,
}

impl Book for Calamine<'_> {
    type Error = ReadError;

    fn rows(&mut self, name: &str, limits: &Limits) -> Result<Option<Vec<Row>>, ReadError> {
        let mut stream = RowStream::new(limits);
        match self.stream(name, limits, &mut stream)? {
            Streamed::Whole => Ok(Some(stream.finish())),
            Streamed::Stopped => Ok(None),
            Streamed::Range(range) => range_rows(range, self.format, &mut Budget::new(limits)).map(Some),
        }
    }

    fn first_rows(&mut self, name: &str, limits: &Limits) -> Result<Vec<Row>, ReadError> {
        let mut stream = RowStream::header_window(limits);
        if let Streamed::Range(range) = self.stream(name, limits, &mut stream)? {
            // Already in memory (`.xls`, `.ods`): its first cells, in row order, until the stream stops.
            let (first_row, first_column) = range.start().unwrap_or((0, 0));
            for (row, column, value) in range.used_cells() {
                let position = (
                    first_row.saturating_add(u32::try_from(row).unwrap_or(u32::MAX)),
                    first_column.saturating_add(u32::try_from(column).unwrap_or(u32::MAX)),
                );
                if !stream.push(position, to_cell(value.clone()))? {
                    break;
                }
            }
        }
        Ok(stream.finish())
    }

    fn merged_areas(&mut self, name: &str) -> Result<Vec<Dimensions>, ReadError> {
        if !self.merged_cells {
            return Ok(Vec::new());
        }
        Ok(match &mut self.book {
            Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(name).unwrap_or_default(),
            Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(name).unwrap_or_default(),
            Sheets::Xlsb(_) | Sheets::Ods(_) => Vec::new(),
        })
    }
}

/// How far [`Calamine::stream`] took a worksheet.
enum Streamed {
    /// Every cell went into the stream.
    Whole,
    /// The stream said stop.
    Stopped,
    /// A workbook calamine reads whole (`.xls`, `.ods`): the sheet's range, nothing streamed.
    Range(Range<Data>),
}

impl Calamine<'_> {
    /// Streams the cells of the worksheet `name` into `stream` (`.xlsx`, `.xlsb`), or gives its range.
    fn stream(&mut self, name: &str, limits: &Limits, stream: &mut RowStream<'_>) -> Result<Streamed, ReadError> {
        let format = self.format;
        match &mut self.book {
            Sheets::Xlsx(xlsx) => {
                let mut reader = xlsx
                    .worksheet_cells_reader(name)
                    .map_err(|error| classify(calamine::Error::Xlsx(error), format))?;
                while let Some(cell) = reader
                    .next_cell()
                    .map_err(|error| classify(calamine::Error::Xlsx(error), format))?
                {
                    if !stream.push(cell.get_position(), data_ref_to_cell(cell.get_value().clone()))? {
                        return Ok(Streamed::Stopped);
                    }
                }
            }
            Sheets::Xlsb(xlsb) => {
                if let (Some(workbook), Some(mut archive)) = (&self.xlsb, super::archive::inspect(self.bytes, limits)?)
                {
                    super::xlsb::check_sheet(&mut archive, workbook, name)?;
                    let size = workbook.part(name).and_then(|part| archive.size_loose(part));
                    self.inflated = inflate(self.inflated, size.unwrap_or(0), limits)?;
                }
                let mut reader = xlsb
                    .worksheet_cells_reader(name)
                    .map_err(|error| classify(calamine::Error::Xlsb(error), format))?;
                while let Some(cell) = reader
                    .next_cell()
                    .map_err(|error| classify(calamine::Error::Xlsb(error), format))?
                {
                    if !stream.push(cell.get_position(), data_ref_to_cell(cell.get_value().clone()))? {
                        return Ok(Streamed::Stopped);
                    }
                }
            }
            book => {
                let range = book.worksheet_range(name).map_err(|error| classify(error, format))?;
                return Ok(Streamed::Range(range));
            }
        }
        Ok(Streamed::Whole)
    }
}

/// Adds a sheet part's declared size to what the sheets read so far inflated: several sheets may
/// point at one large part, which the archive's limits count once but a reader inflates once per
/// sheet.
pub(super) fn inflate(inflated: u64, size: u64, limits: &Limits) -> Result<u64, ReadError> {
    let total = inflated.saturating_add(size);
    if total > limits.max_uncompressed_bytes {
        return Err(ReadError::UncompressedTooLarge {
            bytes: total,
            max: limits.max_uncompressed_bytes,
        });
    }
    Ok(total)
}

/// A sheet's cells, streamed into rows within the limits.
pub(super) struct RowStream<'a> {
    rows: Rows,
    header_checked: bool,
    /// Stop once the lines where the header is looked for are passed, header or not.
    header_only: bool,
    budget: Budget<'a>,
}

impl<'a> RowStream<'a> {
    pub(super) fn new(limits: &'a Limits) -> RowStream<'a> {
        RowStream {
            rows: Rows::default(),
            header_checked: false,
            header_only: false,
            budget: Budget::new(limits),
        }
    }

    /// A stream that keeps only the lines where the header is looked for ([`HEADER_SEARCH_ROWS`]
    /// from the first non-empty one) and then stops: enough to tell what a sheet holds.
    pub(super) fn header_window(limits: &'a Limits) -> RowStream<'a> {
        RowStream {
            header_only: true,
            ..RowStream::new(limits)
        }
    }

    /// Places the cell at (`row`, `column`) (from 0). `false` as soon as the sheet's first rows
    /// turn out to hold no header: the caller stops reading it.
    pub(super) fn push(&mut self, (row, column): (u32, u32), value: Cell) -> Result<bool, ReadError> {
        if value == Cell::Empty {
            return Ok(true);
        }
        if row >= LAST_ROW {
            // Numbers past a sheet's last row come from a damaged or forged file (calamine may
            // even have wrapped them): refused rather than numbered wrong or merged into another.
            return Err(ReadError::RowBeyondSheet {
                line: u64::from(row) + 1,
            });
        }
        let line = row + 1;
        if !self.header_checked
            && self
                .rows
                .first_line()
                .is_some_and(|first| line >= first.saturating_add(HEADER_SEARCH_ROWS))
        {
            self.header_checked = true;
            if self.header_only || header::find(self.rows.in_order()).is_none() {
                return Ok(false);
            }
        }
        self.budget.cell(line, column, &value)?;
        let (new_row, added) = self.rows.place(line, column, value);
        if new_row {
            self.budget.row()?;
        }
        self.budget.cells(added)?;
        Ok(true)
    }

    /// The rows, in line order.
    pub(super) fn finish(self) -> Vec<Row> {
        self.rows.into_vec()
    }
}

/// The rows read so far, in line order. Cells arrive in row order in every workbook Excel or
/// `LibreOffice` writes; other orders are still placed correctly, and cheaply: a row that arrives
/// below the last one and is new waits in a map until the rows are needed in order, instead of
/// being inserted into the list (which moved every row after it: a sheet written in reverse order,
/// 150 000 lines, took 40 s).
#[derive(Debug, Default)]
pub(super) struct Rows {
    /// Rows in line order, each added after the last one.
    sorted: Vec<Row>,
    /// Rows that arrived below the last of `sorted` and were not in it (all below it).
    early: std::collections::BTreeMap<u32, Row>,
}

impl Rows {
    /// Puts `value` at (`line`, `column`). Returns whether a row was added, and how many cells the
    /// row grew by.
    pub(super) fn place(&mut self, line: u32, column: u32, value: Cell) -> (bool, usize) {
        let (row, new_row) = match self.sorted.last().map(|last| last.line) {
            Some(last) if last == line => (self.sorted.last_mut(), false),
            Some(last) if last > line => match self.sorted.binary_search_by_key(&line, |row| row.line) {
                Ok(index) => (self.sorted.get_mut(index), false),
                Err(_) => match self.early.entry(line) {
                    std::collections::btree_map::Entry::Occupied(entry) => (Some(entry.into_mut()), false),
                    std::collections::btree_map::Entry::Vacant(entry) => (
                        Some(entry.insert(Row {
                            line,
                            cells: Vec::new(),
                        })),
                        true,
                    ),
                },
            },
            _ => {
                let capacity = self.sorted.last().map_or(0, |row| row.cells.len());
                self.sorted.push(Row {
                    line,
                    cells: Vec::with_capacity(capacity),
                });
                (self.sorted.last_mut(), true)
            }
        };
        let (Some(row), Ok(column)) = (row, usize::try_from(column)) else {
            return (new_row, 0);
        };
        let width = row.cells.len();
        if width == column {
            row.cells.push(value);
        } else if width < column {
            row.cells.resize(column, Cell::Empty);
            row.cells.push(value);
        } else if let Some(slot) = row.cells.get_mut(column) {
            *slot = value;
        }
        (new_row, row.cells.len() - width)
    }

    /// The lowest line read so far.
    pub(super) fn first_line(&self) -> Option<u32> {
        let sorted = self.sorted.first().map(|row| row.line);
        let early = self.early.keys().next().copied();
        sorted.into_iter().chain(early).min()
    }

    /// The rows in line order (the rows that waited merged in, once).
    pub(super) fn in_order(&mut self) -> &[Row] {
        if !self.early.is_empty() {
            let early = std::mem::take(&mut self.early);
            let sorted = std::mem::take(&mut self.sorted);
            let mut merged = Vec::with_capacity(early.len() + sorted.len());
            let mut sorted = sorted.into_iter().peekable();
            for (line, row) in early {
                while let Some(next) = sorted.next_if(|next| next.line < line) {
                    merged.push(next);
                }
                merged.push(row);
            }
            merged.extend(sorted);
            self.sorted = merged;
        }
        &self.sorted
    }

    /// The rows, in line order.
    pub(super) fn into_vec(mut self) -> Vec<Row> {
        self.in_order();
        self.sorted
    }
}

/// The non-empty rows of a calamine range, cells moved out of it, at their place in the sheet,
/// within the limits (empty cells past the last non-empty one of a row are not kept).
fn range_rows(mut range: Range<Data>, format: FileFormat, budget: &mut Budget<'_>) -> Result<Vec<Row>, ReadError> {
    let Some((first_row, first_column)) = range.start() else {
        return Ok(Vec::new());
    };
    let leading = usize::try_from(first_column).unwrap_or(0);
    let (height, width) = range.get_size();
    // calamine can build, from a damaged `.ods`, a range holding fewer cells than its size says:
    // indexing its rows would panic (fatal in WebAssembly), and reading only the rows it holds
    // would lose lines without a word. The file is refused instead.
    let held: usize = range.rows().map(<[Data]>::len).sum();
    if height.checked_mul(width) != Some(held) {
        return Err(ReadError::Corrupted {
            format,
            detail: format!("the sheet holds {held} cells where its size says {height} × {width}"),
        });
    }
    let mut rows = Vec::new();
    for (index, line) in (0..height).zip(first_row.saturating_add(1)..) {
        // `index < height` and the range holds `height × width` cells, so the row exists.
        let data = &mut range[index];
        if data.iter().all(|cell| matches!(cell, Data::Empty)) {
            continue;
        }
        let used = data
            .iter()
            .rposition(|cell| !matches!(cell, Data::Empty))
            .map_or(0, |last| last + 1);
        let mut cells = Vec::with_capacity(leading + used);
        cells.resize(leading, Cell::Empty);
        cells.extend(data.iter_mut().take(used).map(|cell| to_cell(std::mem::take(cell))));
        let row = Row { line, cells };
        budget.whole_row(&row)?;
        rows.push(row);
    }
    Ok(rows)
}

/// Copies the value of each merged area's first cell into the area's other cells (for areas below
/// the header, within the non-blank rows and the column limit), and names the areas that changed
/// something. A blank line stays blank, and the header is never widened.
///
/// The work is bounded whatever the areas: the same area given many times counts once, each area
/// finds its rows by binary search (rows are in line order), and every cell visited (filled or not)
/// counts against the cell limit, every value copied against the text limit.
fn fill_merged_cells(
    mut areas: Vec<Dimensions>,
    mut rows: Vec<Row>,
    header_line: u32,
    limits: &Limits,
) -> Result<(Vec<Row>, Vec<String>), ReadError> {
    let mut budget = Budget::new(limits);
    let mut visited: u64 = 0;
    let mut filled = Vec::new();
    // Sheet order (top to bottom, then left to right), each area once.
    areas.sort_by_key(|area| (area.start, area.end));
    areas.dedup();
    for area in areas {
        let ((top, left), (bottom, right)) = (area.start, area.end);
        let (top, bottom) = (u64::from(top) + 1, u64::from(bottom) + 1);
        if top <= u64::from(header_line) {
            continue;
        }
        let first = rows.partition_point(|row| u64::from(row.line) < top);
        let Some(value) = rows
            .get(first)
            .filter(|row| u64::from(row.line) == top)
            .and_then(|row| row.cells.get(usize::try_from(left).ok()?))
            .filter(|cell| !cell.is_blank())
            .cloned()
        else {
            continue;
        };
        let copied = match &value {
            Cell::Text(text) => text.len(),
            Cell::Error(text) => text.len(),
            _ => 0,
        };
        let right = right.min(limits.max_columns.saturating_sub(1));
        let mut changed = false;
        let end = rows.partition_point(|row| u64::from(row.line) <= bottom);
        for row in rows.get_mut(first..end).unwrap_or_default() {
            visited = visited.saturating_add(u64::from(right.saturating_sub(left)) + 1);
            if visited > limits.max_cells {
                return Err(ReadError::TooManyCells { max: limits.max_cells });
            }
            for column in left..=right {
                let Ok(index) = usize::try_from(column) else { continue };
                if row.cells.get(index).is_some_and(|cell| *cell != Cell::Empty) {
                    continue;
                }
                if row.cells.len() <= index {
                    budget.cells(index + 1 - row.cells.len())?;
                    row.cells.resize(index + 1, Cell::Empty);
                }
                if let Some(slot) = row.cells.get_mut(index) {
                    budget.copied_text(copied)?;
                    *slot = value.clone();
                    changed = true;
                }
            }
        }
        if changed {
            filled.push(format!("{}{top}:{}{bottom}", column_letter(left), column_letter(right)));
        }
    }
    Ok((rows, filled))
}

/// One calamine cell as an engine [`Cell`].
pub(super) fn to_cell(data: Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) | Data::DurationIso(text) => Cell::Text(text.into()),
        Data::Float(number) => Cell::Number(number),
        #[allow(clippy::cast_precision_loss, reason = "spreadsheet integers fit in an f64's 53 bits")]
        Data::Int(number) => Cell::Number(number as f64),
        Data::Bool(value) => Cell::Bool(value),
        Data::DateTime(date_time) => date_time_cell(&date_time),
        Data::DateTimeIso(text) => iso_to_serial(&text).map_or_else(|| Cell::Text(text.into()), Cell::Date),
        Data::Error(error) => Cell::Error(error.to_string()),
    }
}

/// One streamed `.xlsx` or `.xlsb` cell as an engine [`Cell`] (its text copied once, inline when
/// short: see [`effectifs_core::Text`]).
pub(super) fn data_ref_to_cell(data: DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::SharedString(text) => Cell::Text(text.into()),
        DataRef::String(text) | DataRef::DurationIso(text) => Cell::Text(text.into()),
        DataRef::Float(number) => Cell::Number(number),
        #[allow(clippy::cast_precision_loss, reason = "spreadsheet integers fit in an f64's 53 bits")]
        DataRef::Int(number) => Cell::Number(number as f64),
        DataRef::Bool(value) => Cell::Bool(value),
        DataRef::DateTime(date_time) => date_time_cell(&date_time),
        DataRef::DateTimeIso(text) => iso_to_serial(&text).map_or_else(|| Cell::Text(text.into()), Cell::Date),
        DataRef::Error(error) => Cell::Error(error.to_string()),
    }
}

/// A date-formatted number: a date (serial in the 1900 system), or a plain number for a duration.
fn date_time_cell(date_time: &ExcelDateTime) -> Cell {
    let value = date_time.as_f64();
    if date_time.is_duration() {
        return Cell::Number(value);
    }
    // calamine keeps the workbook's date system private; compare with a 1904-system twin.
    if *date_time == ExcelDateTime::new(value, ExcelDateTimeType::DateTime, true) {
        Cell::Date(value + EPOCH_1904_OFFSET)
    } else {
        Cell::Date(value)
    }
}

/// An ODS ISO date or date-time (`2024-09-01`, `2024-09-01T10:30:00`) as an Excel serial number.
fn iso_to_serial(text: &str) -> Option<f64> {
    let date = Date::parse_iso(text.get(..10)?)?;
    let serial = date.to_excel_serial();
    let time = text
        .get(10..)
        .and_then(|rest| rest.strip_prefix('T'))
        .and_then(|time| NaiveTime::parse_from_str(time, "%H:%M:%S%.f").ok())
        .map_or(0.0, |time| f64::from(time.num_seconds_from_midnight()) / 86_400.0);
    Some(serial + time)
}
