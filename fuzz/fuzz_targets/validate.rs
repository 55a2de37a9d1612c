//! Fuzz target: the validator on arbitrary tables (built with `arbitrary`): any headers (known field
//! names, labels, anything), any cells (text, numbers including NaN and infinities, booleans, date
//! serials, formula errors), any profile and evaluation day. Validation must never panic, must give
//! one line report per row in row order, must be deterministic, and its JSON report must serialise.
#![no_main]

use arbitrary::Arbitrary;
use effectifs_api::{FileDescription, JsonReport};
use effectifs_core::{Cell, Date, Field, Profile, Row, Table};
use libfuzzer_sys::fuzz_target;

/// Values a CFA's file really holds, so that the fuzzer reaches the rules' deeper branches quickly
/// (taken from `tests/data`: dates in every accepted spelling, codes with and without their
/// control keys, e-mails, phones, Oui/Non…).
const DICTIONARY: &[&str] = &[
    "2025-09-01",
    "01/09/2025",
    "1/9/2025",
    "31/02/2024",
    "01.09.2025",
    "2025/09/01",
    "01/09/25",
    "2025-09-01T10:30:00",
    "2024-2025",
    "2025-2026",
    "0755805C",
    "0802004U",
    "0123456A",
    "77568013501139",
    "77937827200016",
    "12345678901235",
    "35600000000048",
    "lucas.martin@gmail",
    "jean@example.fr",
    "0612345678",
    "+33612345678",
    "06 45 12 78 90",
    "0899123456",
    "Oui",
    "Non",
    "true",
    "FALSE",
    "1",
    "2",
    "0",
    "M",
    "H",
    "F",
    "01000",
    "75002",
    "2A004",
    "RNCP37859",
    "37859",
    "50022141",
    "09",
    "10",
    "24",
    "Démission",
    "Rupture d'un commun accord",
    "  ",
    "",
    "#N/A",
    "ÉLODIE",
    "Łukasz",
    "Nguyễn",
];

#[derive(Debug, Arbitrary)]
enum Header {
    /// A field's own name.
    Field(u8),
    /// Anything.
    Text(String),
}

#[derive(Debug, Arbitrary)]
enum Value {
    Empty,
    Known(u8),
    KnownWithSuffix(u8, String),
    Text(String),
    Number(f64),
    Bool(bool),
    Date(f64),
    Error(String),
}

#[derive(Debug, Arbitrary)]
struct Input {
    api_profile: bool,
    today: (i16, u8, u8),
    headers: Vec<Header>,
    rows: Vec<(u8, Vec<Value>)>,
}

fn cell(value: Value) -> Cell {
    let known = |index: u8| DICTIONARY[usize::from(index) % DICTIONARY.len()];
    match value {
        Value::Empty => Cell::Empty,
        Value::Known(index) => Cell::Text(known(index).into()),
        Value::KnownWithSuffix(index, suffix) => Cell::Text(format!("{}{suffix}", known(index)).into()),
        Value::Text(text) => Cell::Text(text.into()),
        Value::Number(number) => Cell::Number(number),
        Value::Bool(value) => Cell::Bool(value),
        Value::Date(serial) => Cell::Date(serial),
        Value::Error(text) => Cell::Error(text),
    }
}

fuzz_target!(|input: Input| {
    let headers: Vec<String> = input
        .headers
        .into_iter()
        .map(|header| match header {
            Header::Field(index) => Field::ALL[usize::from(index) % Field::COUNT].name().to_owned(),
            Header::Text(text) => text,
        })
        .collect();
    let mut line = 1u32;
    let rows: Vec<Row> = input
        .rows
        .into_iter()
        .map(|(gap, values)| {
            line = line.saturating_add(1 + u32::from(gap % 4));
            Row {
                line,
                cells: values.into_iter().map(cell).collect(),
            }
        })
        .collect();
    let table = Table::new(&headers, rows);
    let (year, month, day) = input.today;
    let today = Date::from_ymd(i32::from(year), u32::from(month), u32::from(day))
        .unwrap_or_else(|| Date::from_ymd(2025, 3, 6).expect("a real day"));
    let profile = if input.api_profile {
        Profile::Api
    } else {
        Profile::Televersement
    };
    let report = effectifs_core::validate(&table, profile, today);
    // One line report per row, in order, with the row's own number.
    let lines: Vec<u32> = report.lines.iter().map(|line| line.line).collect();
    let rows: Vec<u32> = table.rows.iter().map(|row| row.line).collect();
    assert_eq!(lines, rows);
    // Deterministic.
    assert_eq!(report, effectifs_core::validate(&table, profile, today));
    // Every message renders, and the JSON report serialises.
    for line in &report.lines {
        for diagnostic in &line.diagnostics {
            let _ = (diagnostic.message(), diagnostic.hint());
        }
    }
    let _ = report.summary();
    let file = FileDescription {
        name: "fuzz.csv".to_owned(),
        format: "csv".to_owned(),
        sheet: None,
        encoding: None,
        delimiter: None,
        header_line: 1,
    };
    let _ = JsonReport::new(file, &table, &report).to_pretty_string();
});
