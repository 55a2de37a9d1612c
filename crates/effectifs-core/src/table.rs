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
    /// Not in the file: added by a value for every line of a recipe (D15, [`crate::recipe::set_value`])
    /// for a field no column fed. Its header is the field's name.
    Recipe,
}

impl Match {
    /// The stable name used in reports (`exact`, `normalized`, `label`, `manual`, `none`, `recipe`).
    pub fn as_str(self) -> &'static str {
        match self {
            Match::Exact => "exact",
            Match::Normalized => "normalized",
            Match::Label => "label",
            Match::Manual => "manual",
            Match::None => "none",
            Match::Recipe => "recipe",
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

    /// Feeds `field` (or nothing: `None` ignores the column) by the caller's choice, whatever the
    /// header says: the match becomes [`Match::Manual`].
    pub fn map_to(&mut self, field: Option<Field>) {
        self.field = field;
        self.matched = Match::Manual;
    }
}

/// The spreadsheet letter of a column counted from 0 (`0` → `A`, `26` → `AA`, `16383` → `XFD`).
pub fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = index.saturating_add(1);
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(digit).unwrap_or(0)));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
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

    /// Maps every column whose header is exactly `header` to `field` ([`Column::map_to`]), as a
    /// mapping keyed by header asks (the npm package's `columns` option). Returns whether some
    /// column has that header.
    pub fn map_header(&mut self, header: &str, field: Option<Field>) -> bool {
        let mut found = false;
        for column in self.columns.iter_mut().filter(|column| column.header == header) {
            column.map_to(field);
            found = true;
        }
        found
    }

    /// Applies a whole mapping, one choice per column index (the web app's mapping step): a choice
    /// equal to what the header is recognised as keeps its automatic match kind, any other choice is
    /// [`Match::Manual`]; columns beyond `mapping` get the automatic recognition back.
    pub fn apply_mapping(&mut self, mapping: &[Option<Field>]) {
        for (index, column) in self.columns.iter_mut().enumerate() {
            let automatic = Column::from_header(&column.header);
            match mapping.get(index) {
                Some(choice) if *choice != automatic.field => column.map_to(*choice),
                _ => *column = automatic,
            }
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
    fn column_letters() {
        let cases = [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
            (16383, "XFD"),
        ];
        for (index, expected) in cases {
            assert_eq!(column_letter(index), expected, "column {index}");
        }
    }

    #[test]
    fn mappings() {
        let headers = ["Nom", "Commentaire", "Nom", "prenom_apprenant"].map(str::to_owned);
        let show = |table: &Table| -> Vec<String> {
            table
                .columns
                .iter()
                .map(|column| format!("{}:{}", column.field.map_or("-", Field::name), column.matched.as_str()))
                .collect()
        };
        // (mapping by index, expected columns)
        let cases: &[(&[Option<Field>], &[&str])] = &[
            (
                &[],
                &[
                    "nom_apprenant:label",
                    "-:none",
                    "nom_apprenant:label",
                    "prenom_apprenant:exact",
                ],
            ),
            (
                &[
                    Some(Field::NomApprenant),
                    Some(Field::EmailContact),
                    None,
                    Some(Field::PrenomApprenant),
                ],
                &[
                    "nom_apprenant:label",
                    "email_contact:manual",
                    "-:manual",
                    "prenom_apprenant:exact",
                ],
            ),
            (
                &[Some(Field::PrenomApprenant), None],
                &[
                    "prenom_apprenant:manual",
                    "-:none",
                    "nom_apprenant:label",
                    "prenom_apprenant:exact",
                ],
            ),
        ];
        for (mapping, expected) in cases {
            let mut table = Table::new(&headers, Vec::new());
            // A previous mapping never leaks into the next one.
            table.apply_mapping(&[None, Some(Field::IneApprenant), None, None]);
            table.apply_mapping(mapping);
            assert_eq!(show(&table), *expected, "mapping {mapping:?}");
        }
        let mut table = Table::new(&headers, Vec::new());
        assert!(table.map_header("Nom", Some(Field::PrenomApprenant)));
        assert!(!table.map_header("nom", None), "headers are matched exactly");
        assert_eq!(
            show(&table),
            [
                "prenom_apprenant:manual",
                "-:none",
                "prenom_apprenant:manual",
                "prenom_apprenant:exact"
            ]
        );
    }

    #[test]
    fn records_become_lines() {
        let records = vec![
            vec![
                ("nom_apprenant", Cell::Text("Doe".into())),
                ("annee_formation", Cell::Number(2.0)),
            ],
            vec![],
            vec![
                ("bidule", Cell::Bool(true)),
                ("nom_apprenant", Cell::Text("Roe".into())),
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
        assert_eq!(table.rows[2].cells[0], Cell::Text("Roe".into()));
        assert_eq!(table.rows[2].cells[2], Cell::Bool(true));
    }
}
