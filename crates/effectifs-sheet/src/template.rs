//! The blank upload template ("modèle"), generated from the field table.
//!
//! The official template (`modele-import-29012025.xlsx`, `docs/reading.md#the-official-template`) has two sheets:
//! "Modèle",
//! one header row of 62 columns and an example row, and "Description des données", one line per
//! column. This module writes the same workbook from [`effectifs_core::field`]: headers, order,
//! "Obligatoire" texts, descriptions, formats and examples all come from the table, so a column can
//! never be in the template and unknown to the validator, or the reverse.
//!
//! Differences from the official file, on purpose:
//! - the header `contrat_date_fin_2**` (official typo, no space) is written `contrat_date_fin_2 **`;
//! - code columns (UAI, SIRET, code postal, téléphone, RNCP, CFD…) are formatted as text, so
//!   Excel keeps their leading zeros; date columns use `dd/mm/yyyy` instead of the US `mm-dd-yy`;
//! - the example row is a row our validator accepts in the `televersement` profile.
//!
//! The workbook is built in memory (`save_to_buffer`), with a fixed creation date so that the
//! bytes are the same on every run.
//!
//! **WebAssembly:** `rust_xlsxwriter` 0.102 reads the clock in `Workbook::new()` (its document
//! properties default to "now"). On `wasm32-unknown-unknown` that is `std::time::SystemTime::now()`,
//! which panics at run time, unless the crate's `wasm` feature is enabled (it then asks JavaScript's
//! `Date.now()`). The fixed creation date set here overwrites that value, but cannot avoid the read.

use effectifs_core::Date;
use effectifs_core::date::DateText;
use effectifs_core::field::{Field, FieldSpec, TEMPLATE_ORDER, ValueType};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

/// Name of the first sheet, the one CFAs fill.
pub const TEMPLATE_SHEET: &str = "Modèle";
/// Name of the second sheet, the column documentation.
pub const DESCRIPTION_SHEET: &str = "Description des données";
/// Headers of the description sheet.
pub const DESCRIPTION_HEADERS: [&str; 5] = ["Nom du champ", "Obligatoire", "Description", "Format", "Exemple"];

/// Number format of date columns.
const DATE_NUM_FORMAT: &str = "dd/mm/yyyy";
/// Number format "text": what Excel types in the cell stays text (leading zeros kept).
const TEXT_NUM_FORMAT: &str = "@";
/// Header fill of the columns every line must fill (`*`).
const REQUIRED_FILL: u32 = 0x00F8_CBAD;
/// Header fill of the columns to fill when relevant (`**`: contract, exclusion).
const IF_RELEVANT_FILL: u32 = 0x00FF_E699;
/// Header fill of the optional columns.
const OPTIONAL_FILL: u32 = 0x00D9_E1F2;
/// Font colour of the required headers.
const REQUIRED_FONT: u32 = 0x009C_0006;
/// Column widths of the "Modèle" sheet, in characters.
const MIN_WIDTH: usize = 10;
const MAX_WIDTH: usize = 48;

/// How a column is filled and formatted, derived from its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A calendar day: real Excel dates, `dd/mm/yyyy`.
    Date,
    /// Oui / Non: boolean cells.
    Boolean,
    /// A whole number.
    Integer,
    /// A code whose leading zeros matter, or whose digits Excel would otherwise turn into a number:
    /// text number format `@`.
    Code,
    /// Free text.
    Text,
}

impl Kind {
    fn of(field: Field) -> Kind {
        match field.spec().value_type {
            ValueType::Date => Kind::Date,
            ValueType::Boolean => Kind::Boolean,
            // `derniere_situation` is read as an integer by the contract (`parseInt`), but it is a
            // SIFA code: the official template formats it as text too.
            ValueType::Integer if field == Field::DerniereSituation => Kind::Code,
            ValueType::Integer => Kind::Integer,
            ValueType::Code => Kind::Code,
            ValueType::Text => Kind::Text,
        }
    }
}

/// How much a column is required, read from the template header's marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Requirement {
    /// `*`: required on every line.
    Required,
    /// `**`: required when relevant (a contract, an exclusion).
    IfRelevant,
    /// No mark.
    Optional,
}

impl Requirement {
    fn of(header: &str) -> Requirement {
        let header = header.trim_end();
        if header.ends_with("**") {
            Requirement::IfRelevant
        } else if header.ends_with('*') {
            Requirement::Required
        } else {
            Requirement::Optional
        }
    }
}

/// A value of the example row, typed as the cell will be written.
#[derive(Debug, Clone, PartialEq)]
enum Example {
    Date(Date),
    Boolean(bool),
    Number(f64),
    Text(&'static str),
    None,
}

impl Example {
    /// The example of `field` as a typed cell. An example that does not read as its type is written
    /// as text (the unit tests make sure none does).
    fn of(field: Field) -> Example {
        let text = field.spec().example;
        if text.is_empty() {
            return Example::None;
        }
        match Kind::of(field) {
            Kind::Date => match Date::parse_text(text) {
                DateText::Valid(date) => Example::Date(date),
                DateText::Impossible | DateText::Unreadable => Example::Text(text),
            },
            Kind::Boolean => parse_boolean(text).map_or(Example::Text(text), Example::Boolean),
            Kind::Integer => text
                .parse::<i32>()
                .map_or(Example::Text(text), |number| Example::Number(f64::from(number))),
            Kind::Code | Kind::Text => Example::Text(text),
        }
    }
}

/// The booleans the field table's examples may spell (D3 accepts more).
fn parse_boolean(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "oui" | "vrai" | "1" | "true" => Some(true),
        "non" | "faux" | "0" | "false" => Some(false),
        _ => None,
    }
}

/// The header of a template column. Every field of [`TEMPLATE_ORDER`] has one (checked by
/// `effectifs-core`'s table test); the bare field name stands in otherwise.
fn header(spec: &FieldSpec) -> &'static str {
    spec.template_header.unwrap_or(spec.name)
}

/// Writes the blank upload template: an `.xlsx` workbook with the sheets "Modèle" (header row and
/// one example row) and "Description des données" (one line per column).
///
/// The content is fixed, so an error here is a bug in this function, not a user problem.
pub fn template() -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // Fixed date (the official template's): identical bytes on every run, and no clock read by us.
    let created = ExcelDateTime::from_ymd(2025, 1, 29)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Modèle d'import des effectifs")
            .set_subject("Effectifs d'apprentis à transmettre au Tableau de bord de l'apprentissage")
            .set_creation_datetime(&created),
    );
    write_template_sheet(workbook.add_worksheet())?;
    write_description_sheet(workbook.add_worksheet())?;
    workbook.save_to_buffer()
}

fn write_template_sheet(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_name(TEMPLATE_SHEET)?;
    let base_header = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0x00BF_BFBF))
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let required_header = base_header
        .clone()
        .set_background_color(Color::RGB(REQUIRED_FILL))
        .set_font_color(Color::RGB(REQUIRED_FONT));
    let if_relevant_header = base_header.clone().set_background_color(Color::RGB(IF_RELEVANT_FILL));
    let optional_header = base_header.set_background_color(Color::RGB(OPTIONAL_FILL));
    let date_cell = Format::new()
        .set_num_format(DATE_NUM_FORMAT)
        .set_align(FormatAlign::Left);
    let code_cell = Format::new().set_num_format(TEXT_NUM_FORMAT);
    let general_cell = Format::new();

    for (column, field) in (0u16..).zip(TEMPLATE_ORDER.iter().copied()) {
        let spec = field.spec();
        let header = header(spec);
        let header_format = match Requirement::of(header) {
            Requirement::Required => &required_header,
            Requirement::IfRelevant => &if_relevant_header,
            Requirement::Optional => &optional_header,
        };
        let cell_format = match Kind::of(field) {
            Kind::Date => &date_cell,
            Kind::Code => &code_cell,
            Kind::Boolean | Kind::Integer | Kind::Text => &general_cell,
        };
        // The column format is what Excel applies to the cells the user types; the example cell
        // carries it explicitly, because a written cell does not inherit its column's format.
        if Kind::of(field) != Kind::Text {
            sheet.set_column_format(column, cell_format)?;
        }
        sheet.write_string_with_format(0, column, header, header_format)?;
        match Example::of(field) {
            Example::Date(date) => {
                sheet.write_number_with_format(1, column, date.to_excel_serial(), cell_format)?;
            }
            Example::Boolean(value) => {
                sheet.write_boolean_with_format(1, column, value, cell_format)?;
            }
            Example::Number(number) => {
                sheet.write_number_with_format(1, column, number, cell_format)?;
            }
            Example::Text(text) => {
                sheet.write_string_with_format(1, column, text, cell_format)?;
            }
            Example::None => {}
        }
        sheet.set_column_width(column, column_width(header, spec.example))?;
    }
    sheet.set_row_height(0, 20)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A width that shows the whole header (bold, hence the margin) and the example.
fn column_width(header: &str, example: &str) -> u16 {
    let characters = header.chars().count().max(example.chars().count()) + 3;
    let width = characters.clamp(MIN_WIDTH, MAX_WIDTH);
    u16::try_from(width).unwrap_or(u16::MAX)
}

fn write_description_sheet(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_name(DESCRIPTION_SHEET)?;
    let header_format = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(OPTIONAL_FILL))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0x00BF_BFBF));
    let cell = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let required_name = cell.clone().set_bold().set_font_color(Color::RGB(REQUIRED_FONT));
    let name = cell.clone().set_bold();

    for (column, title) in (0u16..).zip(DESCRIPTION_HEADERS) {
        sheet.write_string_with_format(0, column, title, &header_format)?;
    }
    for (row, field) in (1u32..).zip(TEMPLATE_ORDER.iter().copied()) {
        let spec = field.spec();
        let header = header(spec);
        let name_format = if Requirement::of(header) == Requirement::Required {
            &required_name
        } else {
            &name
        };
        sheet.write_string_with_format(row, 0, header, name_format)?;
        sheet.write_string_with_format(row, 1, spec.template_required, &cell)?;
        sheet.write_string_with_format(row, 2, spec.description, &cell)?;
        sheet.write_string_with_format(row, 3, spec.format, &cell)?;
        sheet.write_string_with_format(row, 4, spec.example, &cell)?;
    }
    for (column, width) in (0u16..).zip([46, 30, 70, 50, 30]) {
        sheet.set_column_width(column, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, open_workbook_auto_from_rs};

    use super::*;

    /// The official template, copied into the repository's fixtures.
    const OFFICIAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/modele-officiel.xlsx");

    fn sheet(bytes: Vec<u8>, name: &str) -> calamine::Range<Data> {
        let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).expect("the template is a workbook");
        workbook.worksheet_range(name).expect("the sheet exists")
    }

    fn header_row(range: &calamine::Range<Data>) -> Vec<String> {
        range
            .rows()
            .next()
            .expect("a header row")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    #[expect(clippy::disallowed_methods, reason = "a test reads the fixtures of tests/data")]
    fn template_headers_match_the_official_template() {
        let ours = header_row(&sheet(template().expect("template"), TEMPLATE_SHEET));
        let official_bytes = std::fs::read(OFFICIAL).expect("tests/data/modele-officiel.xlsx");
        let official = header_row(&sheet(official_bytes, TEMPLATE_SHEET));
        assert_eq!(ours.len(), 62);
        assert_eq!(official.len(), 62);
        let differences: Vec<(usize, &str, &str)> = ours
            .iter()
            .zip(&official)
            .enumerate()
            .filter(|(_, (ours, official))| ours != official)
            .map(|(index, (ours, official))| (index, ours.as_str(), official.as_str()))
            .collect();
        // The one deliberate difference: the official header has no space before `**`.
        assert_eq!(differences, [(48, "contrat_date_fin_2 **", "contrat_date_fin_2**")]);
    }

    #[test]
    fn template_example_row_is_typed() {
        let range = sheet(template().expect("template"), TEMPLATE_SHEET);
        assert_eq!(range.height(), 2, "header and one example row");
        let row: Vec<&Data> = range.rows().nth(1).expect("example row").iter().collect();
        for (field, cell) in TEMPLATE_ORDER.iter().copied().zip(row) {
            let example = field.spec().example;
            match Kind::of(field) {
                Kind::Date => {
                    let Data::DateTime(value) = cell else {
                        panic!("{field}: {cell:?} is not a date cell")
                    };
                    let DateText::Valid(date) = Date::parse_text(example) else {
                        panic!("{field}: example {example:?} is not a date")
                    };
                    assert!(
                        (value.as_f64() - date.to_excel_serial()).abs() < f64::EPSILON,
                        "{field}"
                    );
                }
                Kind::Boolean => assert_eq!(cell, &Data::Bool(parse_boolean(example).expect("boolean")), "{field}"),
                Kind::Integer => {
                    let Data::Float(value) = cell else {
                        panic!("{field}: {cell:?} is not a number")
                    };
                    assert_eq!(value.to_string(), example, "{field}");
                }
                Kind::Code | Kind::Text => {
                    assert_eq!(cell, &Data::String(example.to_owned()), "{field}");
                }
            }
        }
    }

    #[test]
    fn template_leading_zeros_stay_text() {
        let range = sheet(template().expect("template"), TEMPLATE_SHEET);
        let row: Vec<&Data> = range.rows().nth(1).expect("example row").iter().collect();
        let cell = |field: Field| {
            let index = TEMPLATE_ORDER
                .iter()
                .position(|candidate| *candidate == field)
                .expect("in template");
            row[index].clone()
        };
        assert_eq!(cell(Field::TelApprenant), Data::String("0612345678".to_owned()));
        assert_eq!(
            cell(Field::EtablissementResponsableUai),
            Data::String("0755805C".to_owned())
        );
        assert_eq!(cell(Field::TypeCfa), Data::String("09".to_owned()));
        assert_eq!(cell(Field::DerniereSituation), Data::String("4101".to_owned()));
    }

    #[test]
    fn template_description_has_one_row_per_column() {
        let range = sheet(template().expect("template"), DESCRIPTION_SHEET);
        assert_eq!(header_row(&range), DESCRIPTION_HEADERS);
        assert_eq!(range.height() - 1, 62);
        for (row, field) in range.rows().skip(1).zip(TEMPLATE_ORDER) {
            let spec = field.spec();
            assert_eq!(row[0].to_string(), header(spec));
            assert_eq!(row[1].to_string(), spec.template_required);
            assert_eq!(row[2].to_string(), spec.description);
            assert_eq!(row[3].to_string(), spec.format);
            assert_eq!(row[4].to_string(), spec.example);
        }
    }

    #[test]
    fn template_is_deterministic() {
        assert_eq!(template().expect("template"), template().expect("template"));
    }

    #[test]
    fn template_requirement_marks() {
        assert_eq!(Requirement::of("nom_apprenant *"), Requirement::Required);
        assert_eq!(Requirement::of("contrat_date_fin_2 **"), Requirement::IfRelevant);
        assert_eq!(Requirement::of("contrat_date_fin_2**"), Requirement::IfRelevant);
        assert_eq!(Requirement::of("ine_apprenant"), Requirement::Optional);
    }
}
