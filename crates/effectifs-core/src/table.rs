//! The engine's input: a header and numbered rows of [`Cell`]s, with each column mapped to a field.

use crate::cell::Cell;
use crate::field::Field;

/// How a column header was recognised as a field (D9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The header is the field name itself.
    Exact,
    /// The header equals the field name once case, accents, `*`, spaces, `_`, `-` and `'` are ignored.
    Normalized,
    /// The header is one of the field's French labels.
    Label,
    /// Not recognised: the column is ignored.
    None,
}

impl Match {
    /// The stable name used in reports (`exact`, `normalized`, `label`, `none`).
    pub fn as_str(self) -> &'static str {
        match self {
            Match::Exact => "exact",
            Match::Normalized => "normalized",
            Match::Label => "label",
            Match::None => "none",
        }
    }
}

/// One column of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The header cell as written in the file.
    pub header: String,
    /// The field this column feeds, if any.
    pub field: Option<Field>,
    /// How the field was recognised (or `Match::None`).
    pub matched: Match,
}

impl Column {
    /// A column recognised from its header text with the field table's matcher.
    pub fn from_header(header: &str) -> Column {
        let (field, matched) = crate::columns::match_header(header);
        Column {
            header: header.to_owned(),
            field,
            matched,
        }
    }
}

/// One data row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The spreadsheet's own row number (first row = 1, header included).
    pub line: u32,
    /// The cells, in column order; a row may be shorter than the header (missing cells are empty).
    pub cells: Vec<Cell>,
}

/// The table the validator reads. Blank rows are not in it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Columns in file order.
    pub columns: Vec<Column>,
    /// Non-blank data rows, in file order.
    pub rows: Vec<Row>,
}

impl Table {
    /// Builds a table from a header row and data rows, recognising every header.
    /// Rows whose cells are all blank are dropped (D3).
    pub fn new(headers: &[String], rows: Vec<Row>) -> Table {
        Table {
            columns: headers.iter().map(|header| Column::from_header(header)).collect(),
            rows: rows
                .into_iter()
                .filter(|row| row.cells.iter().any(|cell| !cell.is_blank()))
                .collect(),
        }
    }
}
