//! `--detail`: where the time goes, step by step, measured with the public pieces of the crates,
//! so that whoever optimises the pipeline gets a first breakdown without a profiler.
//!
//! - read: the time of a parsing library alone: for CSV the `csv` crate's byte records, the floor
//!   under `effectifs_sheet::read`; for xlsx calamine's `worksheet_range`, the reader
//!   `effectifs_sheet` falls back on (its own reader of `.xlsx` does the whole reading in less);
//! - validate: every line on its own (`validate_row`), split into the field rules (applied row by
//!   row, as `validate_row` does), the statuts and the rest (dossier, diagnostics, deferred
//!   rules); what the whole file adds on top (duplicates); and each field's rule alone over its
//!   column, to rank them.

use std::hint::black_box;
use std::io::Cursor;
use std::time::{Duration, Instant};

use calamine::{Reader, Xlsx};
use effectifs_core::validate::{ColumnMap, statut_of, validate_row};
use effectifs_core::{Date, Field, Profile, Report, Table};

/// How many of the slowest field rules are listed.
const SLOWEST: usize = 8;

/// The best (shortest) wall time of `runs` runs of `step`, after one warm-up run: other
/// processes only ever add time. What `step` returns is dropped outside the timed section, as
/// the pipeline's results are.
fn timed<T>(runs: usize, mut step: impl FnMut() -> T) -> Duration {
    drop(black_box(step()));
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            let output = black_box(step());
            let elapsed = started.elapsed();
            drop(output);
            elapsed
        })
        .min()
        .unwrap_or_default()
}

/// Opening the workbook and loading its first sheet with calamine alone.
pub fn calamine_floor(bytes: &[u8], runs: usize) -> Duration {
    timed(runs, || {
        Xlsx::new(Cursor::new(bytes))
            .ok()
            .and_then(|mut workbook| workbook.worksheet_range_at(0))
            .and_then(Result::ok)
    })
}

/// Splitting the CSV into byte records with the `csv` crate alone.
pub fn csv_floor(bytes: &[u8], runs: usize) -> Duration {
    timed(runs, || {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut record = csv::ByteRecord::new();
        let mut fields = 0;
        while reader.read_byte_record(&mut record).unwrap_or(false) {
            fields += record.len();
        }
        fields
    })
}

/// The validation of a table, step by step.
#[derive(Debug)]
pub struct ValidateSteps {
    /// `validate_row` for every line.
    pub rows: Duration,
    /// Every field's rule for every line, row by row (the outcomes are kept, as the validator
    /// keeps the values).
    pub rules: Duration,
    /// Statut inputs and timelines for every line.
    pub statuts: Duration,
    /// Each field's rule alone over its whole column, slowest first (they add up to less than
    /// `rules`: one rule at a time keeps caches and branch predictors warm).
    pub by_field: Vec<(Field, Duration)>,
}

/// Times the steps of validating `table`; `report` is its report (for the statuts' dossiers).
pub fn validate_steps(table: &Table, report: &Report, today: Date, runs: usize) -> ValidateSteps {
    let columns = ColumnMap::new(table);
    let fields: Vec<Field> = Field::ALL.iter().copied().filter(|field| columns.has(*field)).collect();
    let apply = |field: Field, row| effectifs_core::rules::apply(field, columns.cell(row, field));
    let rows = timed(runs, || {
        table
            .rows
            .iter()
            .map(|row| validate_row(row, &columns, Profile::Televersement, today))
            .collect::<Vec<_>>()
    });
    let rules = timed(runs, || {
        table
            .rows
            .iter()
            .map(|row| fields.iter().map(|&field| apply(field, row)).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    });
    let statuts = timed(runs, || {
        report
            .lines
            .iter()
            .map(|line| statut_of(&line.dossier, today))
            .collect::<Vec<_>>()
    });
    let mut by_field: Vec<(Field, Duration)> = fields
        .iter()
        .map(|&field| {
            (
                field,
                timed(runs, || {
                    table.rows.iter().map(|row| apply(field, row)).collect::<Vec<_>>()
                }),
            )
        })
        .collect();
    by_field.sort_by_key(|(_, duration)| std::cmp::Reverse(*duration));
    ValidateSteps {
        rows,
        rules,
        statuts,
        by_field,
    }
}

/// The slowest rules, as `tel_apprenant 0.031 s, …`.
pub fn slowest(steps: &ValidateSteps) -> String {
    steps
        .by_field
        .iter()
        .take(SLOWEST)
        .map(|(field, duration)| format!("{field} {:.1} ms", duration.as_secs_f64() * 1000.0))
        .collect::<Vec<_>>()
        .join(", ")
}
