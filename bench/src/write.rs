//! Writing the generated file in memory, as a CFA's tools would: an Excel workbook (dates in date
//! cells, codes in text cells, booleans in boolean cells), a French CSV (`;`, UTF-8, dates
//! `JJ/MM/AAAA`, `Oui`/`Non`) and, for the memory figures, an `.ods` of the CSV's texts.

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use crate::generate::{Dataset, Value, french_date};

/// The workbook, as the bytes of an `.xlsx` file.
pub fn xlsx(dataset: &Dataset) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header_format = Format::new().set_bold();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let sheet = workbook.add_worksheet();
    sheet.set_name("Effectifs")?;
    for (column, header) in (0_u16..).zip(&dataset.headers) {
        sheet.write_string_with_format(0, column, header.as_str(), &header_format)?;
    }
    for (line, row) in (1_u32..).zip(&dataset.rows) {
        for (column, value) in (0_u16..).zip(row) {
            match value {
                Value::Empty => {}
                Value::Text(text) => {
                    sheet.write_string(line, column, text.as_str())?;
                }
                Value::Integer(number) => {
                    sheet.write_number(line, column, f64::from(*number))?;
                }
                Value::Bool(flag) => {
                    sheet.write_boolean(line, column, *flag)?;
                }
                Value::Date(date) => {
                    let year =
                        u16::try_from(date.year()).map_err(|_| XlsxError::DateTimeRangeError(date.to_string()))?;
                    let month = u8::try_from(date.month()).unwrap_or(1);
                    let day = u8::try_from(date.day()).unwrap_or(1);
                    let datetime = ExcelDateTime::from_ymd(year, month, day)?;
                    sheet.write_datetime_with_format(line, column, &datetime, &date_format)?;
                }
            }
        }
    }
    workbook.save_to_buffer()
}

/// The CSV file: `;`-separated, UTF-8 without BOM, CRLF line ends, quoted where needed.
pub fn csv(dataset: &Dataset) -> Vec<u8> {
    let mut out = String::with_capacity(dataset.rows.len() * 512);
    push_record(&mut out, dataset.headers.iter().map(String::as_str));
    let mut cells = Vec::with_capacity(dataset.headers.len());
    for row in &dataset.rows {
        cells.clear();
        cells.extend(row.iter().map(as_text));
        push_record(&mut out, cells.iter().map(String::as_str));
    }
    out.into_bytes()
}

/// A value as the CSV (and the `.ods`) writes it.
fn as_text(value: &Value) -> String {
    match value {
        Value::Empty => String::new(),
        Value::Text(text) => text.clone(),
        Value::Integer(number) => number.to_string(),
        Value::Bool(true) => "Oui".to_owned(),
        Value::Bool(false) => "Non".to_owned(),
        Value::Date(date) => french_date(*date),
    }
}

/// The `.ods` file: one sheet, every value a text cell written as in the CSV (an empty cell
/// without value), `content.xml` deflated.
pub fn ods(dataset: &Dataset) -> Result<Vec<u8>, String> {
    use std::io::Write as _;
    let failed = |error: &dyn std::fmt::Display| format!("écriture du .ods : {error}");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let mut write = || -> Result<(), Box<dyn std::error::Error>> {
        zip.start_file("mimetype", stored)?;
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
        zip.start_file("META-INF/manifest.xml", deflated)?;
        zip.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:\
              opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\
              \"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry \
              manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>",
        )?;
        zip.start_file("content.xml", deflated)?;
        zip.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:\
              tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
              xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body>\
              <office:spreadsheet><table:table table:name=\"Effectifs\">",
        )?;
        let mut row = String::new();
        let texts = std::iter::once(dataset.headers.clone())
            .chain(dataset.rows.iter().map(|values| values.iter().map(as_text).collect()));
        for cells in texts {
            row.clear();
            row.push_str("<table:table-row>");
            for text in cells {
                if text.is_empty() {
                    row.push_str("<table:table-cell/>");
                } else {
                    let text = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
                    row.push_str("<table:table-cell office:value-type=\"string\"><text:p>");
                    row.push_str(&text);
                    row.push_str("</text:p></table:table-cell>");
                }
            }
            row.push_str("</table:table-row>");
            zip.write_all(row.as_bytes())?;
        }
        zip.write_all(b"</table:table></office:spreadsheet></office:body></office:document-content>")?;
        Ok(())
    };
    write().map_err(|error| failed(&error))?;
    zip.finish()
        .map(std::io::Cursor::into_inner)
        .map_err(|error| failed(&error))
}

fn push_record<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (index, field) in fields.enumerate() {
        if index > 0 {
            out.push(';');
        }
        if field.contains([';', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::push_record;

    #[test]
    fn csv_quoting() {
        let mut out = String::new();
        push_record(&mut out, ["a", "b;c", "d \"e\""].into_iter());
        assert_eq!(out, "a;\"b;c\";\"d \"\"e\"\"\"\r\n");
    }
}
