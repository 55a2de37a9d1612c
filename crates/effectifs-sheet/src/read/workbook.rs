//! Workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) through calamine, from memory: choosing
//! the sheet, finding the header, and turning calamine's cells into [`Cell`]s numbered with the
//! spreadsheet's own rows and columns.

use std::io::Cursor;

use calamine::{
    Data, ExcelDateTime, ExcelDateTimeType, Ods, OdsError, Range, Reader, SheetType, SheetVisible, Sheets, Xls,
    XlsError, Xlsb, XlsbError, Xlsx, XlsxError,
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
    let (name, range, header_index) = match &options.sheet {
        Some(requested) => {
            let name = find_sheet(&names, requested).ok_or_else(|| ReadError::UnknownSheet {
                requested: requested.clone(),
                available: names.clone(),
            })?;
            let range = book.worksheet_range(&name).map_err(|error| classify(error, format))?;
            let header_index = find_header(&range).ok_or_else(|| ReadError::NoHeader { sheets: vec![name.clone()] })?;
            (name, range, header_index)
        }
        None => first_sheet_with_header(&mut book, format, &worksheets)?,
    };
    let (header_line, table) = to_table(range, header_index);
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
        error => ReadError::Corrupted { format, detail: error.to_string() },
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
) -> Result<(String, Range<Data>, usize), ReadError> {
    let visible = worksheets.iter().filter(|(_, visible)| *visible);
    let hidden = worksheets.iter().filter(|(_, visible)| !*visible);
    let mut first_error = None;
    for (name, _) in visible.chain(hidden) {
        match book.worksheet_range(name) {
            Ok(range) => {
                if let Some(header_index) = find_header(&range) {
                    return Ok((name.clone(), range, header_index));
                }
            }
            Err(error) => {
                first_error.get_or_insert_with(|| classify(error, format));
            }
        }
    }
    Err(first_error.unwrap_or_else(|| ReadError::NoHeader {
        sheets: worksheets.iter().map(|(name, _)| name.clone()).collect(),
    }))
}

/// The header's index among the range's rows.
fn find_header(range: &Range<Data>) -> Option<usize> {
    header::best_row(range.rows().take(HEADER_SEARCH_ROWS).map(|row| {
        header::count_known(row.iter().filter_map(|data| match data {
            Data::String(text) => Some(text.as_str()),
            _ => None,
        }))
    }))
}

/// The table below the header at `header_index`, and the header's row number. Cells are moved out
/// of the range, not copied. Rows and columns keep their place in the sheet: a range starting at
/// `C5` gives rows numbered from 5 and two empty leading columns.
fn to_table(mut range: Range<Data>, header_index: usize) -> (u32, effectifs_core::Table) {
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let first_line = first_row.saturating_add(1);
    let leading = usize::try_from(first_column).unwrap_or(0);
    let (height, width) = range.get_size();
    let headers: Vec<String> = std::iter::repeat_n(String::new(), leading)
        .chain(range.rows().nth(header_index).into_iter().flatten().map(|data| to_cell(data.clone()).display()))
        .collect();
    let mut rows = Vec::with_capacity(height.saturating_sub(header_index + 1));
    for index in header_index + 1..height {
        // `index < height`, so the row exists.
        let data = &mut range[index];
        if data.iter().all(|cell| matches!(cell, Data::Empty)) {
            continue;
        }
        let mut cells = Vec::with_capacity(leading + width);
        cells.resize(leading, Cell::Empty);
        cells.extend(data.iter_mut().map(|cell| to_cell(std::mem::take(cell))));
        rows.push(Row { line: super::line_number(first_line, index), cells });
    }
    (super::line_number(first_line, header_index), super::build_table(headers, rows))
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
        Data::DateTime(date_time) => {
            if date_time.is_duration() {
                Cell::Number(date_time.as_f64())
            } else {
                Cell::Date(serial_1900(&date_time))
            }
        }
        Data::DateTimeIso(text) => iso_to_serial(&text).map_or(Cell::Text(text), Cell::Date),
        Data::Error(error) => Cell::Error(error.to_string()),
    }
}

/// The serial number of a date cell in the 1900 date system, whatever the workbook's system.
fn serial_1900(date_time: &ExcelDateTime) -> f64 {
    let value = date_time.as_f64();
    // calamine keeps the workbook's date system private; compare with a 1904-system twin.
    if *date_time == ExcelDateTime::new(value, ExcelDateTimeType::DateTime, true) {
        value + EPOCH_1904_OFFSET
    } else {
        value
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
