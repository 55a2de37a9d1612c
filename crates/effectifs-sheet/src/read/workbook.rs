//! Workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) through calamine, from memory: choosing
//! the sheet, and turning calamine's cells into rows of [`Cell`]s numbered with the spreadsheet's
//! own rows and columns (a sheet whose data starts at `C5` gives rows numbered from 5 and two empty
//! leading columns).
//!
//! `.xlsx` and `.xlsm` sheets are streamed cell by cell straight into rows: no dense copy of the
//! sheet is built (so a stray value in a far corner costs nothing), and a sheet without a header in
//! its first rows is abandoned without reading the rest. The other formats go through calamine's
//! `Range`.

use std::io::Cursor;

use calamine::{
    Data, DataRef, ExcelDateTime, ExcelDateTimeType, Ods, OdsError, Range, Reader, SheetType, SheetVisible, Sheets,
    Xls, XlsError, Xlsb, XlsbError, Xlsx, XlsxError,
};
use chrono::{NaiveTime, Timelike};
use effectifs_core::{Cell, Date, Row};

use super::{FileFormat, FileInfo, HEADER_SEARCH_ROWS, ReadError, ReadOptions, Sheet, header};

type Book<'a> = Sheets<Cursor<&'a [u8]>>;

/// Days between Excel's 1900 and 1904 date systems.
const EPOCH_1904_OFFSET: f64 = 1462.0;

/// Reads the workbook in `bytes`, already identified as `format`.
pub(super) fn read(
    bytes: &[u8],
    format: FileFormat,
    file_name: &str,
    options: &ReadOptions,
) -> Result<Sheet, ReadError> {
    let mut book = open(bytes, format)?;
    let worksheets: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet)
        .map(|sheet| (sheet.name.clone(), sheet.visible == SheetVisible::Visible))
        .collect();
    let names: Vec<String> = worksheets.iter().map(|(name, _)| name.clone()).collect();
    if names.is_empty() {
        return Err(ReadError::NoSheet);
    }
    let (name, rows, header_index) = match &options.sheet {
        Some(requested) => {
            let name = find_sheet(&names, requested).ok_or_else(|| ReadError::UnknownSheet {
                requested: requested.clone(),
                available: names.clone(),
            })?;
            let (rows, header_index) = sheet_rows(&mut book, &name)
                .map_err(|error| classify(error, format))?
                .ok_or_else(|| ReadError::NoHeader {
                    sheets: vec![name.clone()],
                })?;
            (name, rows, header_index)
        }
        None => first_sheet_with_header(&mut book, format, &worksheets)?,
    };
    let (header_line, table) = super::table_below_header(rows, header_index);
    Ok(Sheet {
        info: FileInfo {
            name: file_name.to_owned(),
            format,
            sheet: Some(name),
            sheets: names,
            encoding: None,
            delimiter: None,
            header_line,
        },
        table,
    })
}

fn open(bytes: &[u8], format: FileFormat) -> Result<Book<'_>, ReadError> {
    let cursor = Cursor::new(bytes);
    let opened = match format {
        FileFormat::Xlsx | FileFormat::Xlsm | FileFormat::Csv => {
            Xlsx::new(cursor).map(Sheets::Xlsx).map_err(calamine::Error::Xlsx)
        }
        FileFormat::Xlsb => Xlsb::new(cursor).map(Sheets::Xlsb).map_err(calamine::Error::Xlsb),
        FileFormat::Ods => Ods::new(cursor).map(Sheets::Ods).map_err(calamine::Error::Ods),
        FileFormat::Xls => Xls::new(cursor).map(Sheets::Xls).map_err(|error| {
            // An OLE2 file that is not an `.xls` may be an OOXML workbook encrypted with a password:
            // the OOXML reader recognises those.
            if matches!(Xlsx::new(Cursor::new(bytes)), Err(XlsxError::Password)) {
                calamine::Error::Xlsx(XlsxError::Password)
            } else {
                calamine::Error::Xls(error)
            }
        }),
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
/// ones. A sheet that fails to read is skipped, but its error is reported if no sheet qualifies.
fn first_sheet_with_header(
    book: &mut Book<'_>,
    format: FileFormat,
    worksheets: &[(String, bool)],
) -> Result<(String, Vec<Row>, usize), ReadError> {
    let visible = worksheets.iter().filter(|(_, visible)| *visible);
    let hidden = worksheets.iter().filter(|(_, visible)| !*visible);
    let mut first_error = None;
    for (name, _) in visible.chain(hidden) {
        match sheet_rows(book, name) {
            Ok(Some((rows, header_index))) => return Ok((name.clone(), rows, header_index)),
            Ok(None) => {}
            Err(error) => {
                first_error.get_or_insert_with(|| classify(error, format));
            }
        }
    }
    Err(first_error.unwrap_or_else(|| ReadError::NoHeader {
        sheets: worksheets.iter().map(|(name, _)| name.clone()).collect(),
    }))
}

/// The non-empty rows of a sheet (in line order) and the index of its header among them, or `None`
/// when the sheet has no header.
fn sheet_rows(book: &mut Book<'_>, name: &str) -> Result<Option<(Vec<Row>, usize)>, calamine::Error> {
    let rows = match book {
        Sheets::Xlsx(xlsx) => match stream_rows(xlsx, name).map_err(calamine::Error::Xlsx)? {
            Some(rows) => rows,
            None => return Ok(None),
        },
        book => range_rows(book.worksheet_range(name)?),
    };
    Ok(header::find(&rows).map(|header_index| (rows, header_index)))
}

/// Streams an `.xlsx` sheet into rows; `None` as soon as its first rows turn out to hold no header.
fn stream_rows(xlsx: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Option<Vec<Row>>, XlsxError> {
    let mut reader = xlsx.worksheet_cells_reader(name)?;
    let mut rows: Vec<Row> = Vec::new();
    let mut header_checked = false;
    while let Some(cell) = reader.next_cell()? {
        let value = data_ref_to_cell(cell.get_value());
        if value == Cell::Empty {
            continue;
        }
        let (row, column) = cell.get_position();
        let line = row.saturating_add(1);
        if !header_checked
            && rows
                .first()
                .is_some_and(|first| line >= first.line.saturating_add(HEADER_SEARCH_ROWS))
        {
            header_checked = true;
            if header::find(&rows).is_none() {
                return Ok(None);
            }
        }
        place(&mut rows, line, column, value);
    }
    Ok(Some(rows))
}

/// Puts `value` at (`line`, `column`), keeping `rows` in line order. Cells arrive in row order in
/// every workbook Excel or `LibreOffice` writes; other orders are still placed correctly.
pub(super) fn place(rows: &mut Vec<Row>, line: u32, column: u32, value: Cell) {
    let index = match rows.last() {
        Some(last) if last.line == line => rows.len() - 1,
        Some(last) if last.line > line => match rows.binary_search_by_key(&line, |row| row.line) {
            Ok(index) => index,
            Err(index) => {
                rows.insert(
                    index,
                    Row {
                        line,
                        cells: Vec::new(),
                    },
                );
                index
            }
        },
        last => {
            let capacity = last.map_or(0, |row| row.cells.len());
            rows.push(Row {
                line,
                cells: Vec::with_capacity(capacity),
            });
            rows.len() - 1
        }
    };
    let (Some(row), Ok(column)) = (rows.get_mut(index), usize::try_from(column)) else {
        return;
    };
    if row.cells.len() == column {
        row.cells.push(value);
        return;
    }
    if row.cells.len() < column {
        row.cells.resize(column, Cell::Empty);
        row.cells.push(value);
    } else if let Some(slot) = row.cells.get_mut(column) {
        *slot = value;
    }
}

/// The non-empty rows of a calamine range, cells moved out of it, at their place in the sheet.
fn range_rows(mut range: Range<Data>) -> Vec<Row> {
    let Some((first_row, first_column)) = range.start() else {
        return Vec::new();
    };
    let leading = usize::try_from(first_column).unwrap_or(0);
    let (height, width) = range.get_size();
    let mut rows = Vec::new();
    for (index, line) in (0..height).zip(first_row.saturating_add(1)..) {
        // `index < height`, so the row exists.
        let data = &mut range[index];
        if data.iter().all(|cell| matches!(cell, Data::Empty)) {
            continue;
        }
        let mut cells = Vec::with_capacity(leading + width);
        cells.resize(leading, Cell::Empty);
        cells.extend(data.iter_mut().map(|cell| to_cell(std::mem::take(cell))));
        rows.push(Row { line, cells });
    }
    rows
}

/// One calamine cell as an engine [`Cell`].
pub(super) fn to_cell(data: Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) | Data::DurationIso(text) => Cell::Text(text),
        Data::Float(number) => Cell::Number(number),
        #[allow(clippy::cast_precision_loss, reason = "spreadsheet integers fit in an f64's 53 bits")]
        Data::Int(number) => Cell::Number(number as f64),
        Data::Bool(value) => Cell::Bool(value),
        Data::DateTime(date_time) => date_time_cell(&date_time),
        Data::DateTimeIso(text) => iso_to_serial(&text).map_or(Cell::Text(text), Cell::Date),
        Data::Error(error) => Cell::Error(error.to_string()),
    }
}

/// One streamed `.xlsx` cell as an engine [`Cell`].
fn data_ref_to_cell(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty => Cell::Empty,
        DataRef::SharedString(text) => Cell::Text((*text).to_owned()),
        DataRef::String(text) | DataRef::DurationIso(text) => Cell::Text(text.clone()),
        DataRef::Float(number) => Cell::Number(*number),
        #[allow(clippy::cast_precision_loss, reason = "spreadsheet integers fit in an f64's 53 bits")]
        DataRef::Int(number) => Cell::Number(*number as f64),
        DataRef::Bool(value) => Cell::Bool(*value),
        DataRef::DateTime(date_time) => date_time_cell(date_time),
        DataRef::DateTimeIso(text) => iso_to_serial(text).map_or_else(|| Cell::Text(text.clone()), Cell::Date),
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
