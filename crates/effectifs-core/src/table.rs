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
    /// Chosen by the caller whatever the header says (a column mapping given to the npm package):
    /// the field it names, or no field at all for a column the caller wants ignored.
    Manual,
    /// Not recognised: the column is ignored.
    None,
}

impl Match {
    /// The stable name used in reports (`exact`, `normalized`, `label`, `manual`, `none`).
    pub fn as_str(self) -> &'static str {
        match self {
            Match::Exact => "exact",
            Match::Normalized => "normalized",
            Match::Label => "label",
            Match::Manual => "manual",
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
    /// Builds a table from records keyed by field name, as an ERP holds its data or as the API
    /// receives it: the columns are the keys in first-seen order (matched like headers, so unknown
    /// keys are ignored), record `i` (from 0) is line `i + 1`, and every record is a line, even an
    /// empty one (the API would answer for it too).
    pub fn from_records<'a, R>(records: impl IntoIterator<Item = R>) -> Table
    where
        R: IntoIterator<Item = (&'a str, Cell)>,
    {
        let mut headers: Vec<String> = Vec::new();
        let mut rows = Vec::new();
        for (line, record) in (1u32..).zip(records) {
            let mut cells = vec![Cell::Empty; headers.len()];
            for (key, cell) in record {
                let index = if let Some(index) = headers.iter().position(|known| known == key) {
                    index
                } else {
                    headers.push(key.to_owned());
                    cells.push(Cell::Empty);
                    headers.len() - 1
                };
                cells[index] = cell;
            }
            rows.push(Row { line, cells });
        }
        Table {
            columns: headers.iter().map(|header| Column::from_header(header)).collect(),
            rows,
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_become_lines() {
        let records = vec![
            vec![
                ("nom_apprenant", Cell::Text("Doe".to_owned())),
                ("annee_formation", Cell::Number(2.0)),
            ],
            vec![],
            vec![
                ("bidule", Cell::Bool(true)),
                ("nom_apprenant", Cell::Text("Roe".to_owned())),
            ],
        ];
        let table = Table::from_records(records);
        let headers: Vec<(&str, Option<Field>)> = table
            .columns
            .iter()
            .map(|column| (column.header.as_str(), column.field))
            .collect();
        assert_eq!(
            headers,
            [
                ("nom_apprenant", Some(Field::NomApprenant)),
                ("annee_formation", Some(Field::AnneeFormation)),
                ("bidule", None)
            ]
        );
        let lines: Vec<u32> = table.rows.iter().map(|row| row.line).collect();
        assert_eq!(lines, [1, 2, 3], "every record is a line, the empty one too");
        assert_eq!(table.rows[2].cells[0], Cell::Text("Roe".to_owned()));
        assert_eq!(table.rows[2].cells[2], Cell::Bool(true));
    }
}
