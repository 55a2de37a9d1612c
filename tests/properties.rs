//! Property tests of the whole pipeline (bytes → table → report) on generated files:
//! - every non-blank input line appears exactly once in the report, in order, with its spreadsheet
//!   number, whatever the blank lines, quoted line breaks and line endings around it;
//! - validation is deterministic;
//! - normalising a valid dossier and validating it again (its values written back as text cells)
//!   gives the same dossier;
//! - the report of a file is the report of the same data in another format (CSV and xlsx).

use effectifs_core::{Cell, Date, LineReport, Profile, Report, Row, Table};
use effectifs_sheet::{ReadOptions, read};
use proptest::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn today() -> Date {
    Date::from_ymd(2026, 1, 15).expect("a real day")
}

/// The columns of the generated files: the upload profile's required fields, with a contract start.
const HEADERS: [&str; 18] = [
    "nom_apprenant",
    "prenom_apprenant",
    "date_de_naissance_apprenant",
    "annee_scolaire",
    "id_erp_apprenant",
    "date_inscription_formation",
    "date_entree_formation",
    "date_fin_formation",
    "etablissement_responsable_uai",
    "etablissement_responsable_siret",
    "etablissement_formateur_uai",
    "etablissement_formateur_siret",
    "email_contact",
    "adresse_apprenant",
    "code_postal_apprenant",
    "sexe_apprenant",
    "annee_formation",
    "contrat_date_debut",
];

/// One generated cell: text, or a date (year, month, day).
#[derive(Debug, Clone)]
enum Generated {
    Text(String),
    Date(i32, u32, u32),
}

impl Generated {
    /// As CSV text: dates `JJ/MM/AAAA`.
    fn csv_text(&self) -> String {
        match self {
            Generated::Text(text) => text.clone(),
            Generated::Date(year, month, day) => format!("{day:02}/{month:02}/{year}"),
        }
    }
}

/// A free text: letters (accented too), digits, spaces, and the characters CSV must quote.
fn free_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Zéèçà0-9 ;,\"'\n-]{0,12}").expect("valid regex")
}

fn date() -> impl Strategy<Value = Generated> {
    (1995i32..2030, 1u32..=12, 1u32..=28).prop_map(|(year, month, day)| Generated::Date(year, month, day))
}

/// A learner line: mostly valid values, sometimes free text anywhere.
fn learner() -> impl Strategy<Value = Vec<Generated>> {
    let text = |choices: &'static [&'static str]| {
        prop_oneof![
            4 => proptest::sample::select(choices).prop_map(|text| Generated::Text(text.to_owned())),
            1 => free_text().prop_map(Generated::Text),
        ]
    };
    let date_or_text = || prop_oneof![4 => date(), 1 => free_text().prop_map(Generated::Text)];
    (
        (
            text(&["Durand", "Lefèvre", "N'Diaye", "Garçon"]),
            text(&["Léa", "Hugo", "Inès", "Jean-Noël"]),
            date_or_text(),
            text(&["2025-2026", "2024-2025", "2025/2026"]),
            text(&["A1", "B-22", "", "0042"]),
            date_or_text(),
            date_or_text(),
            date_or_text(),
            text(&["0755805C", "0802004U", "0123456A"]),
        ),
        (
            text(&["77568013501139", "77937827200016", "7793782720001"]),
            text(&["0802004U", "0755805C"]),
            text(&["77937827200016", "12345678901235"]),
            text(&["lea@example.fr", "hugo.durand@example.com", "ines@example"]),
            text(&[
                "1 rue de la Paix",
                "64 bis, route de Paris",
                "Résidence \"Les Tilleuls\"; bât. B",
            ]),
            text(&["75002", "01000", "2A004", "7500"]),
            text(&["F", "M", "H", "2", "X"]),
            text(&["1", "2", "0", "6"]),
            date_or_text(),
        ),
    )
        .prop_map(|((a, b, c, d, e, f, g, h, i), (j, k, l, m, n, o, p, q, r))| {
            vec![a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r]
        })
}

/// A learner line the upload page accepts: valid choices only, formation end after entry.
fn valid_learner() -> impl Strategy<Value = Vec<Generated>> {
    let text = |choices: &'static [&'static str]| {
        proptest::sample::select(choices).prop_map(|text| Generated::Text(text.to_owned()))
    };
    (
        (
            text(&["Durand", "Lefèvre", "N'Diaye", "Garçon", " Petit "]),
            text(&["Léa", "Hugo", "Inès", "Jean-Noël"]),
            date(),
            text(&["2025-2026", "2024-2025"]),
            text(&["A1", "B-22", "", "0042"]),
            (2020i32..2026, 1u32..=12, 1u32..=28, 1i32..4),
            text(&["0755805C", "0802004U"]),
        ),
        (
            text(&["77568013501139", "77937827200016"]),
            text(&["lea@example.fr", "hugo.durand@example.com"]),
            text(&[
                "1 rue de la Paix",
                "64 bis, route de Paris",
                "Résidence \"Les Tilleuls\"; bât. B",
            ]),
            text(&["75002", "01000", "20000"]),
            text(&["F", "M", "H", "2"]),
            text(&["1", "2", "0"]),
            proptest::option::of(date()),
        ),
    )
        .prop_map(
            |(
                (nom, prenom, naissance, annee, id, (year, month, day, length), uai),
                (siret, email, adresse, cp, sexe, annee_formation, contrat),
            )| {
                let entree = Generated::Date(year, month, day);
                let fin = Generated::Date(year + length, month, day);
                let contrat = contrat.unwrap_or(Generated::Text(String::new()));
                vec![
                    nom,
                    prenom,
                    naissance,
                    annee,
                    id,
                    entree.clone(),
                    entree,
                    fin,
                    uai.clone(),
                    siret.clone(),
                    uai,
                    siret,
                    email,
                    adresse,
                    cp,
                    sexe,
                    annee_formation,
                    contrat,
                ]
            },
        )
}

/// A generated file's lines below the header: learners, and blank lines (empty, separators only,
/// or blanks only) between them.
#[derive(Debug, Clone)]
enum Line {
    Learner(Vec<Generated>),
    Blank(&'static str),
}

fn lines() -> impl Strategy<Value = Vec<Line>> {
    proptest::collection::vec(
        prop_oneof![
            3 => valid_learner().prop_map(Line::Learner),
            2 => learner().prop_map(Line::Learner),
            1 => proptest::sample::select(&["", ";;;", "   ", " ; ; "][..]).prop_map(Line::Blank),
        ],
        0..12,
    )
}

fn csv_field(text: &str) -> String {
    if text.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// Writes the lines as a `;`-separated UTF-8 CSV with `newline` line endings, and returns the file
/// with the spreadsheet line number of every learner (a quoted line break counts as a line).
fn write_csv(lines: &[Line], newline: &str) -> (Vec<u8>, Vec<u32>) {
    let mut text = HEADERS.join(";") + newline;
    let mut next_line = 2u32;
    let mut learner_lines = Vec::new();
    for line in lines {
        let record = match line {
            Line::Learner(cells) => {
                let record: Vec<String> = cells.iter().map(|cell| csv_field(&cell.csv_text())).collect();
                let record = record.join(";");
                let blank = cells.iter().all(|cell| cell.csv_text().trim().is_empty());
                if !blank {
                    learner_lines.push(next_line);
                }
                record
            }
            Line::Blank(text) => (*text).to_owned(),
        };
        next_line += 1 + u32::try_from(record.matches('\n').count()).expect("few line breaks");
        text.push_str(&record);
        text.push_str(newline);
    }
    (text.into_bytes(), learner_lines)
}

/// Writes the learners (blank lines left out) as an xlsx: text cells as strings, dates as date cells.
fn write_xlsx(learners: &[&Vec<Generated>]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let sheet = workbook.add_worksheet();
    for (column, header) in (0u16..).zip(HEADERS) {
        sheet.write_string(0, column, header).expect("header");
    }
    for (row, cells) in (1u32..).zip(learners) {
        for (column, cell) in (0u16..).zip(cells.iter()) {
            match cell {
                Generated::Text(text) if text.is_empty() => {}
                Generated::Text(text) => {
                    sheet.write_string(row, column, text).expect("text cell");
                }
                Generated::Date(year, month, day) => {
                    let date = ExcelDateTime::from_ymd(
                        u16::try_from(*year).expect("a 4-digit year"),
                        u8::try_from(*month).expect("a month"),
                        u8::try_from(*day).expect("a day"),
                    )
                    .expect("a real day");
                    sheet
                        .write_datetime_with_format(row, column, &date, &date_format)
                        .expect("date cell");
                }
            }
        }
    }
    workbook.save_to_buffer().expect("workbook")
}

fn check(bytes: &[u8], name: &str) -> (effectifs_sheet::Sheet, Report) {
    let sheet = read(bytes, name, &ReadOptions::default()).unwrap_or_else(|error| panic!("{name}: {error}"));
    let report = effectifs_core::validate(&sheet.table, Profile::Televersement, today());
    (sheet, report)
}

/// What must be the same whatever the format: verdict, diagnostics and dossier of every line, in order.
fn outcome(line: &LineReport) -> (bool, Vec<(&'static str, Option<&'static str>)>, effectifs_core::Dossier) {
    let diagnostics = line
        .diagnostics
        .iter()
        .map(|diagnostic| (diagnostic.code(), diagnostic.field.map(effectifs_core::Field::name)))
        .collect();
    (line.is_valid(), diagnostics, line.dossier.clone())
}

proptest! {
    // No regression file: a failure prints its minimal input, which becomes a named case here.
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Every non-blank line once, in order, with its own number; validation deterministic.
    #[test]
    fn every_line_once_in_order(lines in lines(), crlf in any::<bool>()) {
        let (bytes, expected) = write_csv(&lines, if crlf { "\r\n" } else { "\n" });
        let (sheet, report) = check(&bytes, "effectifs.csv");
        prop_assert!(sheet.warnings.is_empty(), "{:?}", sheet.warnings);
        let numbers: Vec<u32> = report.lines.iter().map(|line| line.line).collect();
        prop_assert_eq!(numbers, expected);
        prop_assert_eq!(&report, &effectifs_core::validate(&sheet.table, Profile::Televersement, today()));
    }

    /// A valid dossier, written back as text cells and validated again, is the same dossier.
    #[test]
    fn normalising_is_idempotent(learners in proptest::collection::vec(valid_learner(), 1..8)) {
        let lines: Vec<Line> = learners.into_iter().map(Line::Learner).collect();
        let (bytes, _) = write_csv(&lines, "\n");
        let (_, report) = check(&bytes, "effectifs.csv");
        for line in &report.lines {
            prop_assert!(line.is_valid(), "generated valid: {:?}", line.diagnostics);
            let headers: Vec<String> = line.dossier.iter().map(|(field, _)| field.name().to_owned()).collect();
            let cells = line.dossier.iter().map(|(_, value)| Cell::Text(value.display().into())).collect();
            let table = Table::new(&headers, vec![Row { line: line.line, cells }]);
            let again = effectifs_core::validate(&table, Profile::Televersement, today());
            let [again] = again.lines.as_slice() else {
                return Err(TestCaseError::fail("one line in, one line out"));
            };
            prop_assert!(again.is_valid(), "{:?}", again.diagnostics);
            prop_assert_eq!(&again.dossier, &line.dossier);
        }
    }

    /// The same learners as CSV and as xlsx give the same report.
    #[test]
    fn same_report_in_every_format(lines in lines()) {
        let (csv, _) = write_csv(&lines, "\r\n");
        let learners: Vec<&Vec<Generated>> = lines
            .iter()
            .filter_map(|line| match line {
                Line::Learner(cells) if cells.iter().any(|cell| !cell.csv_text().trim().is_empty()) => Some(cells),
                _ => None,
            })
            .collect();
        let xlsx = write_xlsx(&learners);
        let (_, from_csv) = check(&csv, "effectifs.csv");
        let (_, from_xlsx) = check(&xlsx, "effectifs.xlsx");
        prop_assert_eq!(&from_csv.missing_columns, &from_xlsx.missing_columns);
        let csv_outcomes: Vec<_> = from_csv.lines.iter().map(outcome).collect();
        let xlsx_outcomes: Vec<_> = from_xlsx.lines.iter().map(outcome).collect();
        prop_assert_eq!(csv_outcomes, xlsx_outcomes);
    }
}
