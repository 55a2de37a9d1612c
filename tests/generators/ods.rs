//! `.ods`: a real `OpenDocument` package (`mimetype` first and stored, `META-INF/manifest.xml`,
//! `content.xml`) whose contents are hostile: repeat counts and space counts at every edge and
//! spelled with character references, spans and covered cells, row groups and header rows, deep
//! nesting of spans, many tables, long and control-laden texts.

use std::collections::BTreeSet;

use arbitrary::Arbitrary;

use super::{Expect, HEADER, SheetExpect, Spelled, Text, archive, pick, within_columns};

/// A generated document.
#[derive(Arbitrary, Debug)]
pub struct Document {
    tables: Vec<Table>,
    manifest: bool,
    /// `mimetype` stored first (as the standard asks), or deflated and last.
    mimetype_first: bool,
    raw_controls: bool,
}

#[derive(Arbitrary, Debug)]
struct Table {
    name: Option<Text>,
    header: bool,
    rows: Vec<ORow>,
}

#[derive(Arbitrary, Debug)]
struct ORow {
    /// `number-rows-repeated`.
    repeated: Option<Spelled>,
    /// 0: a plain row; 1: in a row group; 2: in header rows; more: in this many nested groups.
    wrapper: u8,
    cells: Vec<OCell>,
}

#[derive(Arbitrary, Debug)]
struct OCell {
    /// `number-columns-repeated`.
    repeated: Option<Spelled>,
    /// `number-columns-spanned` and `number-rows-spanned`.
    spanned: Option<(Spelled, Spelled)>,
    covered: bool,
    value: OValue,
}

#[derive(Arbitrary, Debug)]
enum OValue {
    Empty,
    String(Text),
    /// A text with `<text:s text:c="…"/>` spaces after it.
    Spaces(Text, Spelled),
    Float(f64),
    Percentage(f64),
    Date(u16, u8, u8),
    Bool(bool),
    /// Several paragraphs.
    Paragraphs(Vec<Text>),
    /// A text this deep in `<text:span>`s.
    Nested(u16, Text),
    /// A value type and value no one knows.
    Unknown(u8, Text),
}

impl Document {
    /// The package's bytes, and what the reader must do with it.
    pub fn build(&self) -> (Vec<u8>, Expect) {
        let mut content = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content \
            xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
            xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
            xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.3\">\
            <office:body><office:spreadsheet>"
            .to_vec();
        let mut expect = Expect::default();
        for (number, table) in (1_u32..).zip(&self.tables) {
            let (name, known) = match &table.name {
                None => (format!("Feuille{number}"), true),
                Some(text) => (text.string(), matches!(text, Text::Word(_))),
            };
            content.extend_from_slice(b"<table:table table:name=\"");
            match &table.name {
                None => content.extend(name.as_bytes()),
                Some(text) => content.extend(text.xml(self.raw_controls)),
            }
            content.extend_from_slice(b"\">");
            let expected = table.xml(&mut content, self.raw_controls);
            content.extend_from_slice(b"</table:table>");
            if known {
                expect.sheets.push((name, Some(expected)));
            }
        }
        content.extend_from_slice(b"</office:spreadsheet></office:body></office:document-content>");
        let mimetype = (
            "mimetype".to_owned(),
            b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
        );
        let mut parts = Vec::new();
        if self.mimetype_first {
            parts.push(mimetype.clone());
        }
        if self.manifest {
            parts.push((
                "META-INF/manifest.xml".to_owned(),
                b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest \
                  xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">\
                  <manifest:file-entry manifest:full-path=\"/\" \
                  manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
                  <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
                  </manifest:manifest>"
                    .to_vec(),
            ));
        }
        parts.push(("content.xml".to_owned(), content));
        if !self.mimetype_first {
            parts.push(mimetype);
        }
        // The `mimetype` entry must be stored: deflate only when it is not first (a hostile order).
        (archive(&parts, !self.mimetype_first), expect)
    }
}

impl Table {
    /// Writes the table's rows into `out`; what the reader must do with them.
    #[allow(
        clippy::too_many_lines,
        reason = "each row's markup and what it means for the lines are built in the same pass"
    )]
    fn xml(&self, out: &mut Vec<u8>, raw_controls: bool) -> SheetExpect {
        let mut expect = SheetExpect {
            possible: Some(BTreeSet::new()),
            ..SheetExpect::default()
        };
        // The next row's line, while it is known.
        let mut line: Option<i128> = Some(1);
        if self.header {
            out.extend_from_slice(b"<table:table-row>");
            for name in HEADER {
                out.extend(
                    format!(
                        "<table:table-cell office:value-type=\"string\"><text:p>{name}</text:p></table:table-cell>"
                    )
                    .into_bytes(),
                );
            }
            out.extend_from_slice(b"</table:table-row>");
            line = Some(2);
        }
        for row in &self.rows {
            let (open, close) = match row.wrapper {
                0 => (String::new(), String::new()),
                1 => (
                    "<table:table-row-group>".to_owned(),
                    "</table:table-row-group>".to_owned(),
                ),
                2 => (
                    "<table:table-header-rows>".to_owned(),
                    "</table:table-header-rows>".to_owned(),
                ),
                depth => (
                    "<table:table-row-group>".repeat(usize::from(depth)),
                    "</table:table-row-group>".repeat(usize::from(depth)),
                ),
            };
            out.extend(open.into_bytes());
            let count = match &row.repeated {
                None => Some(1),
                Some(repeated) => {
                    out.extend(
                        format!("<table:table-row table:number-rows-repeated=\"{}\">", repeated.text()).into_bytes(),
                    );
                    repeated.meaning(true)
                }
            };
            if row.repeated.is_none() {
                out.extend_from_slice(b"<table:table-row>");
            }
            let mut sure = false;
            let mut certain = true;
            let mut column: Option<u64> = Some(0);
            for cell in &row.cells {
                let columns = match &cell.repeated {
                    None => Some(1),
                    Some(repeated) => repeated.meaning(true),
                };
                let element = if cell.covered {
                    "table:covered-table-cell"
                } else {
                    "table:table-cell"
                };
                let mut attributes = String::new();
                if let Some(repeated) = &cell.repeated {
                    attributes.push_str(&format!(" table:number-columns-repeated=\"{}\"", repeated.text()));
                }
                if let Some((columns, rows)) = &cell.spanned {
                    attributes.push_str(&format!(
                        " table:number-columns-spanned=\"{}\" table:number-rows-spanned=\"{}\"",
                        columns.text(),
                        rows.text()
                    ));
                }
                let (value_attributes, body, value_sure) = cell.value.xml(raw_controls);
                out.extend(format!("<{element}{attributes}{value_attributes}>").into_bytes());
                out.extend(body);
                out.extend(format!("</{element}>").into_bytes());
                let repeats = columns.filter(|columns| *columns >= 1);
                certain &= repeats.is_some();
                sure |= value_sure && repeats.is_some() && !cell.covered && column.is_some_and(within_columns);
                column = match (column, repeats) {
                    (Some(column), Some(repeats)) => u64::try_from(repeats)
                        .ok()
                        .and_then(|repeats| column.checked_add(repeats)),
                    _ => None,
                };
            }
            out.extend_from_slice(b"</table:table-row>");
            out.extend(close.into_bytes());
            match (line, count.filter(|count| *count >= 1)) {
                (Some(first), Some(count)) if certain => {
                    expect.rows(first, count, sure);
                    line = Some(first + count);
                }
                _ => {
                    expect.possible = None;
                    line = None;
                }
            }
        }
        if line.is_none() {
            return SheetExpect {
                possible: None,
                ..expect
            };
        }
        expect
    }
}

impl OValue {
    /// The value's attributes, the cell's content, and whether it is surely non-blank.
    fn xml(&self, raw_controls: bool) -> (String, Vec<u8>, bool) {
        let paragraph = |text: &Text| [b"<text:p>".as_slice(), &text.xml(raw_controls), b"</text:p>"].concat();
        match self {
            OValue::Empty => (String::new(), Vec::new(), false),
            OValue::String(text) => (" office:value-type=\"string\"".into(), paragraph(text), text.sure()),
            OValue::Spaces(text, count) => (
                " office:value-type=\"string\"".into(),
                [
                    b"<text:p>".as_slice(),
                    &text.xml(raw_controls),
                    format!("<text:s text:c=\"{}\"/></text:p>", count.text()).as_bytes(),
                ]
                .concat(),
                text.sure(),
            ),
            OValue::Float(value) => (
                format!(" office:value-type=\"float\" office:value=\"{value}\""),
                format!("<text:p>{value}</text:p>").into_bytes(),
                value.is_finite(),
            ),
            OValue::Percentage(value) => (
                format!(" office:value-type=\"percentage\" office:value=\"{value}\""),
                Vec::new(),
                value.is_finite(),
            ),
            OValue::Date(year, month, day) => (
                format!(
                    " office:value-type=\"date\" office:date-value=\"{:04}-{:02}-{:02}\"",
                    year,
                    month % 14,
                    day % 33
                ),
                Vec::new(),
                false,
            ),
            OValue::Bool(value) => (
                format!(" office:value-type=\"boolean\" office:boolean-value=\"{value}\""),
                Vec::new(),
                true,
            ),
            OValue::Paragraphs(texts) => (
                " office:value-type=\"string\"".into(),
                texts.iter().flat_map(paragraph).collect(),
                texts.iter().any(Text::sure),
            ),
            OValue::Nested(depth, text) => {
                let depth = usize::from(*depth);
                let body = [
                    b"<text:p>".as_slice(),
                    &b"<text:span>".repeat(depth),
                    &text.xml(raw_controls),
                    &b"</text:span>".repeat(depth),
                    b"</text:p>",
                ]
                .concat();
                (" office:value-type=\"string\"".into(), body, false)
            }
            OValue::Unknown(kind, text) => (
                format!(
                    " office:value-type=\"{}\"",
                    pick(&["currency", "time", "void", "string "], *kind)
                ),
                paragraph(text),
                false,
            ),
        }
    }
}
