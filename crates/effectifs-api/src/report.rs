//! The JSON report: one object per file, the contract of `effectifs check --format json`.

use effectifs_core::diagnostic::Diagnostic;
use effectifs_core::statut::Statut;
use effectifs_core::{LineReport, Match, Report, StatutValeur, Table};
use serde::Serialize;
use serde_json::{Map, Value as Json};

use crate::payload::dossier_json;

/// What the file layer found out about the file (filled by the caller from `effectifs-sheet`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FileDescription {
    /// The file name.
    pub name: String,
    /// `xlsx`, `xlsm`, `xlsb`, `xls`, `ods`, `csv` (or `rows` for data given as objects).
    pub format: String,
    /// The sheet read (workbooks).
    pub sheet: Option<String>,
    /// The detected encoding (CSV).
    pub encoding: Option<String>,
    /// The detected delimiter (CSV).
    pub delimiter: Option<String>,
    /// The spreadsheet row number of the header.
    pub header_line: u32,
}

/// A finding of the file layer about the file rather than one line's values: a header repeated
/// mid-file (that line is left out), merged cells (their value copied into each cell).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ReadWarningJson {
    /// The spreadsheet line concerned, if it is one line.
    pub line: Option<u32>,
    /// The stable code (`en-tete-repetee`, `cellules-fusionnees`).
    pub code: &'static str,
    /// The French message.
    pub message: String,
}

/// One column of the file.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ColumnJson {
    /// Position, from 0.
    pub index: usize,
    /// The column letter as in Excel (`A`, `B`, … `AA`).
    pub letter: String,
    /// The header as written.
    pub header: String,
    /// The field it feeds, or null.
    pub field: Option<&'static str>,
    /// `exact`, `normalized`, `label`, `manual` (a mapping given by the caller) or `none`.
    #[serde(rename = "match")]
    pub matched: &'static str,
}

/// One diagnostic.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DiagnosticJson {
    /// The field, or null for the whole line.
    pub field: Option<&'static str>,
    /// The stable code.
    pub code: &'static str,
    /// The French message.
    pub message: String,
    /// How to fix it, when a hint helps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// One step of the statut timeline.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct EtapeJson {
    /// `AAAA-MM-JJ`.
    pub date: String,
    /// The statut from that day.
    pub valeur: &'static str,
}

/// The statut of a line.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StatutJson {
    /// The statut at the evaluation day.
    pub en_cours: &'static str,
    /// The French label of `en_cours`.
    pub libelle: &'static str,
    /// The timeline.
    pub parcours: Vec<EtapeJson>,
}

/// One line.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LineJson {
    /// The spreadsheet row number.
    pub line: u32,
    /// Whether it can be sent.
    pub valid: bool,
    /// Errors.
    pub errors: Vec<DiagnosticJson>,
    /// Warnings.
    pub warnings: Vec<DiagnosticJson>,
    /// The payload exactly as it would be sent, or null when invalid.
    pub dossier: Option<Map<String, Json>>,
    /// The statut, or null when the formation dates cannot be read.
    pub statut: Option<StatutJson>,
}

/// Summary figures.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SummaryJson {
    /// Non-blank lines.
    pub lines: usize,
    /// Lines without error.
    pub valid: usize,
    /// Lines with errors.
    pub invalid: usize,
    /// Errors, all lines together.
    pub errors: usize,
    /// Warnings, all lines together.
    pub warnings: usize,
    /// Lines without any contract start date.
    pub sans_contrat: usize,
    /// Current statut counts (every statut key present).
    pub statuts: Map<String, Json>,
}

/// The whole report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct JsonReport {
    /// The file.
    pub file: FileDescription,
    /// `televersement` or `api`.
    pub profile: &'static str,
    /// The evaluation day of the statuts, `AAAA-MM-JJ`.
    pub today: String,
    /// The columns of the file.
    pub columns: Vec<ColumnJson>,
    /// Required fields no column provides.
    pub missing_columns: Vec<&'static str>,
    /// Headers no field matched (and that the caller did not choose to ignore).
    pub unknown_columns: Vec<String>,
    /// Fields provided by several columns (the last one is used).
    pub duplicate_columns: Vec<&'static str>,
    /// What the file layer changed or left out, so nothing is lost silently.
    pub read_warnings: Vec<ReadWarningJson>,
    /// One entry per non-blank line, in file order.
    pub lines: Vec<LineJson>,
    /// Figures.
    pub summary: SummaryJson,
}

/// [`JsonReport`] with borrowed parts and lines built while written: same keys, same order.
#[derive(Serialize)]
struct StreamedReport<'a> {
    file: &'a FileDescription,
    profile: &'static str,
    today: &'a str,
    columns: &'a [ColumnJson],
    missing_columns: &'a [&'static str],
    unknown_columns: &'a [String],
    duplicate_columns: &'a [&'static str],
    read_warnings: &'a [ReadWarningJson],
    lines: StreamedLines<'a>,
    summary: &'a SummaryJson,
}

/// The lines of a report, each turned into JSON only when the serialiser reaches it.
struct StreamedLines<'a>(&'a [LineReport]);

impl Serialize for StreamedLines<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(line_json))
    }
}

/// `A`, `B`, … `Z`, `AA`… for a 0-based column index.
pub fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = index + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        #[allow(clippy::cast_possible_truncation, reason = "digit < 26")]
        letters.push(char::from(b'A' + digit as u8));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

fn diagnostic_json(diagnostic: &Diagnostic) -> DiagnosticJson {
    DiagnosticJson {
        field: diagnostic.field.map(effectifs_core::Field::name),
        code: diagnostic.code(),
        message: diagnostic.message(),
        hint: diagnostic.hint(),
    }
}

/// The statut as JSON.
pub fn statut_json(statut: &Statut) -> StatutJson {
    StatutJson {
        en_cours: statut.en_cours.as_str(),
        libelle: statut.en_cours.label(),
        parcours: statut
            .parcours
            .iter()
            .map(|etape| EtapeJson {
                date: etape.date.to_iso(),
                valeur: etape.valeur.as_str(),
            })
            .collect(),
    }
}

/// One line as JSON.
pub fn line_json(line: &LineReport) -> LineJson {
    let valid = line.is_valid();
    LineJson {
        line: line.line,
        valid,
        errors: line.errors().map(diagnostic_json).collect(),
        warnings: line.warnings().map(diagnostic_json).collect(),
        dossier: valid.then(|| dossier_json(&line.dossier)),
        statut: line.statut.as_ref().map(statut_json),
    }
}

impl JsonReport {
    /// Builds the JSON report of a validated table.
    pub fn new(file: FileDescription, table: &Table, report: &Report) -> JsonReport {
        let mut json = JsonReport::without_lines(file, table, report);
        json.lines = report.lines.iter().map(line_json).collect();
        json
    }

    /// Everything but the lines, which a large file should stream instead of holding twice.
    fn without_lines(file: FileDescription, table: &Table, report: &Report) -> JsonReport {
        let summary = report.summary();
        let statuts = StatutValeur::ALL
            .iter()
            .map(|valeur| {
                let count = summary
                    .statuts
                    .iter()
                    .find(|(known, _)| known == valeur)
                    .map_or(0, |(_, count)| *count);
                (valeur.as_str().to_owned(), Json::from(count))
            })
            .collect();
        JsonReport {
            file,
            profile: report.profile.as_str(),
            today: report.today.to_iso(),
            columns: table
                .columns
                .iter()
                .enumerate()
                .map(|(index, column)| ColumnJson {
                    index,
                    letter: column_letter(index),
                    header: column.header.clone(),
                    field: column.field.map(effectifs_core::Field::name),
                    matched: column.matched.as_str(),
                })
                .collect(),
            missing_columns: report
                .missing_columns
                .iter()
                .copied()
                .map(effectifs_core::Field::name)
                .collect(),
            unknown_columns: table
                .columns
                .iter()
                // A column the caller chose to ignore (`manual` without a field) is not unknown.
                .filter(|column| {
                    column.field.is_none() && column.matched != Match::Manual && !column.header.trim().is_empty()
                })
                .map(|column| column.header.clone())
                .collect(),
            read_warnings: Vec::new(),
            duplicate_columns: report
                .duplicate_columns
                .iter()
                .copied()
                .map(effectifs_core::Field::name)
                .collect(),
            lines: Vec::new(),
            summary: SummaryJson {
                lines: summary.lines,
                valid: summary.valid,
                invalid: summary.invalid,
                errors: summary.errors,
                warnings: summary.warnings,
                sans_contrat: summary.sans_contrat,
                statuts,
            },
        }
    }

    /// Writes the same text as `JsonReport::new(…).with_read_warnings(…).write_pretty(…)`, building
    /// each line's JSON only while it is written: a 100 000-line report never exists twice in memory.
    pub fn write_streaming(
        file: FileDescription,
        table: &Table,
        report: &Report,
        read_warnings: Vec<ReadWarningJson>,
        out: &mut impl std::io::Write,
    ) -> std::io::Result<()> {
        let head = JsonReport::without_lines(file, table, report).with_read_warnings(read_warnings);
        let view = StreamedReport {
            file: &head.file,
            profile: head.profile,
            today: &head.today,
            columns: &head.columns,
            missing_columns: &head.missing_columns,
            unknown_columns: &head.unknown_columns,
            duplicate_columns: &head.duplicate_columns,
            read_warnings: &head.read_warnings,
            lines: StreamedLines(&report.lines),
            summary: &head.summary,
        };
        serde_json::to_writer_pretty(&mut *out, &view)?;
        out.write_all(b"\n")
    }

    /// The report with the file layer's warnings.
    #[must_use]
    pub fn with_read_warnings(mut self, warnings: Vec<ReadWarningJson>) -> JsonReport {
        self.read_warnings = warnings;
        self
    }

    /// Writes the pretty JSON text, with a final newline, without building it in memory first.
    pub fn write_pretty(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, self)?;
        out.write_all(b"\n")
    }

    /// Pretty JSON text, with a final newline.
    pub fn to_pretty_string(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_else(|error| {
            // Serialising plain strings, numbers and maps cannot fail; keep a trace if it ever does.
            format!("{{\"error\": \"{error}\"}}")
        });
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests {
    use effectifs_core::{Date, Match, Profile, Table};

    use super::{FileDescription, JsonReport};

    #[test]
    fn columns_ignored_on_purpose_are_not_unknown() {
        let headers = ["nom_apprenant", "Classe", "N° dossier"].map(String::from);
        let mut table = Table::new(&headers, Vec::new());
        // What a caller's column mapping does to a column it wants ignored (the npm package's `columns`).
        table.columns[2].matched = Match::Manual;
        let today = Date::from_ymd(2026, 11, 23).expect("a real day");
        let report = effectifs_core::validate(&table, Profile::Api, today);
        let file = FileDescription {
            name: "rows".to_owned(),
            format: "rows".to_owned(),
            sheet: None,
            encoding: None,
            delimiter: None,
            header_line: 0,
        };
        let json = JsonReport::new(file, &table, &report);
        assert_eq!(json.unknown_columns, ["Classe"]);
        assert_eq!(json.columns[2].matched, "manual");
        assert_eq!(json.columns[2].field, None);
    }

    #[test]
    fn streaming_writes_the_same_bytes() {
        use effectifs_core::{Cell, Date, Profile, Table};
        let text = |value: &str| Cell::Text(value.to_owned());
        let table = Table::from_records(vec![
            vec![
                ("nom_apprenant", text("Doe")),
                ("date_de_naissance_apprenant", text("31/02/2000")),
            ],
            vec![
                ("nom_apprenant", text("Roe")),
                ("date_entree_formation", text("2025-09-01")),
                ("date_fin_formation", text("2026-06-30")),
            ],
        ]);
        let report = effectifs_core::validate(&table, Profile::Api, Date::from_ymd(2026, 1, 5).expect("a day"));
        let file = || super::FileDescription {
            name: "rows".to_owned(),
            format: "rows".to_owned(),
            sheet: None,
            encoding: None,
            delimiter: None,
            header_line: 0,
        };
        let warnings = || {
            vec![super::ReadWarningJson {
                line: Some(3),
                code: "en-tete-repetee",
                message: "Ligne 3".to_owned(),
            }]
        };
        let mut whole = Vec::new();
        super::JsonReport::new(file(), &table, &report)
            .with_read_warnings(warnings())
            .write_pretty(&mut whole)
            .expect("written");
        let mut streamed = Vec::new();
        super::JsonReport::write_streaming(file(), &table, &report, warnings(), &mut streamed).expect("written");
        assert_eq!(String::from_utf8_lossy(&streamed), String::from_utf8_lossy(&whole));
        assert!(whole.len() > 1000, "a real report was compared");
    }

    #[test]
    fn column_letters() {
        let cases = [
            (0, "A"),
            (1, "B"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (701, "ZZ"),
            (702, "AAA"),
            (16383, "XFD"),
        ];
        for (index, expected) in cases {
            assert_eq!(super::column_letter(index), expected, "column {index}");
        }
    }
}
