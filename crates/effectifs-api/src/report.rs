//! The JSON report: one object per file, the contract of `effectifs check --format json`.

use effectifs_core::date::IsoDate;
use effectifs_core::diagnostic::Diagnostic;
use effectifs_core::recipe::{Changes, FixRule};
use effectifs_core::statut::Statut;
use effectifs_core::{Dossier, Indicateurs, LineReport, Match, Report, Severity, StatutValeur, Table, Value};
pub use effectifs_core::{FileDescription, FileWarning};
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use serde_json::{Map, Value as Json};

use crate::payload::dossier_json;

/// The `file` object: the file layer's [`FileDescription`], every field under its own name (for
/// `#[serde(serialize_with = …)]`, here and in the edges' own outputs).
pub fn serialize_file<S: Serializer>(file: &FileDescription, serializer: S) -> Result<S::Ok, S::Error> {
    // Destructured whole: a field added to the core's description does not compile until it is written here.
    let FileDescription {
        name,
        format,
        sheet,
        encoding,
        delimiter,
        header_line,
    } = file;
    let mut object = serializer.serialize_struct("FileDescription", 6)?;
    object.serialize_field("name", name)?;
    object.serialize_field("format", format)?;
    object.serialize_field("sheet", sheet)?;
    object.serialize_field("encoding", encoding)?;
    object.serialize_field("delimiter", delimiter)?;
    object.serialize_field("header_line", header_line)?;
    object.end()
}

/// One `read_warnings` entry: the file layer's [`FileWarning`].
struct FileWarningJson<'a>(&'a FileWarning);

impl Serialize for FileWarningJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let FileWarning { line, code, message } = self.0;
        let mut object = serializer.serialize_struct("FileWarning", 3)?;
        object.serialize_field("line", line)?;
        object.serialize_field("code", code)?;
        object.serialize_field("message", message)?;
        object.end()
    }
}

/// The `read_warnings` array, in the file layer's order.
fn serialize_file_warnings<S: Serializer>(warnings: &[FileWarning], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(warnings.iter().map(FileWarningJson))
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticJson {
    /// The field, or null for the whole line.
    pub field: Option<&'static str>,
    /// The stable code.
    pub code: &'static str,
    /// The French message.
    pub message: String,
    /// How to fix it, when a hint helps (key omitted otherwise).
    pub hint: Option<String>,
    /// The corrected cell text, where the engine knows the one meaning of the wrong value (D15;
    /// key omitted otherwise).
    pub suggestion: Option<String>,
}

impl Serialize for DiagnosticJson {
    /// `field`, `code`, `message`, then `hint` and `suggestion` when present. A diagnostic with a
    /// suggestion is serialised under another struct name, so that a serialiser that tells shapes
    /// by name and length (the npm package's tape) never takes a 4-key `suggestion` one for a
    /// 4-key `hint` one.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let name = if self.suggestion.is_some() {
            "SuggestedDiagnosticJson"
        } else {
            "DiagnosticJson"
        };
        let length = 3 + usize::from(self.hint.is_some()) + usize::from(self.suggestion.is_some());
        let mut object = serializer.serialize_struct(name, length)?;
        object.serialize_field("field", &self.field)?;
        object.serialize_field("code", self.code)?;
        object.serialize_field("message", &self.message)?;
        if let Some(hint) = &self.hint {
            object.serialize_field("hint", hint)?;
        }
        if let Some(suggestion) = &self.suggestion {
            object.serialize_field("suggestion", suggestion)?;
        }
        object.end()
    }
}

/// The cells a recipe (or column-wide actions) changed before validation (D15): the `fixes` key of
/// a report, present only when a recipe was applied.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FixesJson {
    /// The number of changed cells.
    pub count: usize,
    /// The number of changed cells per rule: `value` (a value for every line), `replace`,
    /// `suggestion` (a safe correction applied).
    pub by_rule: Map<String, Json>,
    /// Each changed cell, by line then column.
    pub cells: Vec<FixJson>,
}

/// One changed cell.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FixJson {
    /// The spreadsheet line.
    pub line: u32,
    /// The column's position (as in `columns`).
    pub index: usize,
    /// The column letter (a column added by the recipe comes after the file's last one).
    pub letter: String,
    /// The field the column feeds, or null.
    pub field: Option<&'static str>,
    /// `value`, `replace` or `suggestion`.
    pub rule: &'static str,
    /// The cell as it was (empty for a cell the file did not have).
    pub before: String,
    /// The cell as checked.
    pub after: String,
}

impl FixesJson {
    /// The changes made to `table` (as it is now: after them).
    pub fn of(table: &Table, changes: &Changes) -> FixesJson {
        let cells = changes.cells();
        let by_rule = FixRule::ALL
            .iter()
            .map(|rule| {
                let count = cells.iter().filter(|fix| fix.rule == *rule).count();
                (rule.as_str().to_owned(), Json::from(count))
            })
            .collect();
        FixesJson {
            count: cells.len(),
            by_rule,
            cells: cells
                .iter()
                .map(|fix| FixJson {
                    line: fix.line,
                    index: fix.column,
                    letter: column_letter(fix.column),
                    field: table
                        .columns
                        .get(fix.column)
                        .and_then(|column| column.field)
                        .map(effectifs_core::Field::name),
                    rule: fix.rule.as_str(),
                    before: fix.before.display(),
                    after: fix.after.display(),
                })
                .collect(),
        }
    }
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
    /// What the Tableau de bord will count at the evaluation day, by statut (every statut key present):
    /// the valid lines only, as [`SummaryJson::indicateurs`] counts them (D13).
    pub statuts: Map<String, Json>,
    /// The Tableau de bord's indicators at the evaluation day (D16, `docs/indicators.md`).
    pub indicateurs: IndicateursJson,
}

/// The Tableau de bord's indicators at one date: `summary.indicateurs`, and each point of the series
/// of `effectifs indicateurs --format json`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IndicateursJson {
    /// `AAAA-MM-JJ`.
    pub date: String,
    /// Every effectif counted but the abandons.
    pub apprenants: usize,
    /// `APPRENTI` and `FIN_DE_FORMATION`.
    pub apprentis: usize,
    /// `INSCRIT` (inscrits sans contrat).
    pub inscrits: usize,
    /// `RUPTURANT`.
    pub rupturants: usize,
    /// `ABANDON`.
    pub abandons: usize,
    /// The formations with an effectif counted at that date, by RNCP then CFD.
    pub par_formation: Vec<FormationIndicateursJson>,
}

/// The indicators of one formation.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FormationIndicateursJson {
    /// `formation_rncp`, or null.
    pub rncp: Option<String>,
    /// `formation_cfd`, or null.
    pub cfd: Option<String>,
    /// The last `libelle_court_formation` given for it, or null.
    pub libelle: Option<String>,
    /// As [`IndicateursJson`].
    pub apprenants: usize,
    /// As [`IndicateursJson`].
    pub apprentis: usize,
    /// As [`IndicateursJson`].
    pub inscrits: usize,
    /// As [`IndicateursJson`].
    pub rupturants: usize,
    /// As [`IndicateursJson`].
    pub abandons: usize,
}

impl IndicateursJson {
    /// The JSON of the engine's indicators.
    pub fn of(indicateurs: &Indicateurs) -> IndicateursJson {
        let figures = &indicateurs.compteurs;
        IndicateursJson {
            date: indicateurs.date.to_iso(),
            apprenants: figures.apprenants(),
            apprentis: figures.apprentis(),
            inscrits: figures.inscrits(),
            rupturants: figures.rupturants(),
            abandons: figures.abandons(),
            par_formation: indicateurs
                .par_formation
                .iter()
                .map(|ligne| {
                    let figures = &ligne.compteurs;
                    let text = |value: &Option<effectifs_core::Text>| value.as_ref().map(ToString::to_string);
                    FormationIndicateursJson {
                        rncp: text(&ligne.formation.rncp),
                        cfd: text(&ligne.formation.cfd),
                        libelle: text(&ligne.formation.libelle),
                        apprenants: figures.apprenants(),
                        apprentis: figures.apprentis(),
                        inscrits: figures.inscrits(),
                        rupturants: figures.rupturants(),
                        abandons: figures.abandons(),
                    }
                })
                .collect(),
        }
    }
}

/// The whole report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct JsonReport {
    /// The file.
    #[serde(serialize_with = "serialize_file")]
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
    #[serde(serialize_with = "serialize_file_warnings")]
    pub read_warnings: Vec<FileWarning>,
    /// The cells a recipe changed (only when one was applied).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixes: Option<FixesJson>,
    /// One entry per non-blank line, in file order.
    pub lines: Vec<LineJson>,
    /// Figures.
    pub summary: SummaryJson,
}

/// A whole report serialised straight from the engine's [`LineReport`]s (see [`JsonReport::view`]):
/// same keys, same order, same values as [`JsonReport`], with no line built in memory first.
#[derive(Serialize)]
pub struct ReportView<'a> {
    #[serde(serialize_with = "serialize_file")]
    file: &'a FileDescription,
    profile: &'static str,
    today: &'a str,
    columns: &'a [ColumnJson],
    missing_columns: &'a [&'static str],
    unknown_columns: &'a [String],
    duplicate_columns: &'a [&'static str],
    #[serde(serialize_with = "serialize_file_warnings")]
    read_warnings: &'a [FileWarning],
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes: Option<&'a FixesJson>,
    lines: LinesView<'a>,
    summary: &'a SummaryJson,
}

impl<'a> ReportView<'a> {
    /// The lines: a compact serializer finds there the dossier of a [`DOSSIER`].
    pub fn lines(&self) -> &'a [LineReport] {
        self.lines.0
    }
}

/// The lines of a report, each serialised from the engine's line when the serialiser reaches it.
struct LinesView<'a>(&'a [LineReport]);

impl Serialize for LinesView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            return serializer.collect_seq(self.0.iter().map(LineJsonView));
        }
        // A compact serializer gets a statut equal to the line before's as [`AGAIN`], and a
        // dossier as [`DOSSIER`].
        let mut before: Option<&Statut> = None;
        serializer.collect_seq(self.0.iter().enumerate().map(|(index, line)| {
            let again = line.statut.is_some() && line.statut.as_ref() == before;
            before = line.statut.as_ref();
            LineInList { line, index, again }
        }))
    }
}

/// A line of [`LinesView`] for a compact serializer: its index in the lines (for its dossier, a
/// [`DOSSIER`]), and whether its statut is [`AGAIN`].
struct LineInList<'a> {
    line: &'a LineReport,
    index: usize,
    again: bool,
}

impl Serialize for LineInList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_line(self.line, Some(self.index), self.again, serializer)
    }
}

/// The name of the newtype struct (holding `()`) a compact serializer (`is_human_readable` false:
/// the npm package's hand-over) gets, in a list of lines, for a line's statut equal to the line
/// before's: the same value again. Lines of one formation and intake mostly share their dates, so
/// their statuts: a receiver that builds each line's statut from the first of them skips writing
/// and copying the others. A human-readable serializer gets every statut.
pub const AGAIN: &str = "effectifs::Again";

/// The statut of a line equal to the line before's (see [`AGAIN`]).
struct Again;

impl Serialize for Again {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(AGAIN, &())
    }
}

/// One line serialised as [`line_json`] builds it, without building it: the dossier's texts are
/// borrowed, its dates spelled on the stack, and no map is made (a 20 000-line file holds about a
/// million values: building maps of copies took as long as the validation itself).
pub struct LineJsonView<'a>(pub &'a LineReport);

impl Serialize for LineJsonView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_line(self.0, None, false, serializer)
    }
}

/// A line as `LineJson`. For a compact serializer, in a list of lines: its dossier as a
/// [`DOSSIER`] if `index` is its index in the list, its statut as [`AGAIN`] if `again`.
fn serialize_line<S: Serializer>(
    line: &LineReport,
    index: Option<usize>,
    again: bool,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let valid = line.is_valid();
    // The keys and their order of `LineJson`.
    let mut object = serializer.serialize_struct("LineJson", 6)?;
    object.serialize_field("line", &line.line)?;
    object.serialize_field("valid", &valid)?;
    object.serialize_field("errors", &DiagnosticsView(line, Severity::Error))?;
    object.serialize_field("warnings", &DiagnosticsView(line, Severity::Warning))?;
    match index {
        Some(index) => object.serialize_field("dossier", &valid.then_some(DossierAt(index)))?,
        None => object.serialize_field("dossier", &valid.then_some(DossierView(&line.dossier)))?,
    }
    if again {
        object.serialize_field("statut", &Again)?;
    } else {
        object.serialize_field("statut", &line.statut.as_ref().map(StatutView))?;
    }
    object.end()
}

/// The errors or the warnings of a line.
struct DiagnosticsView<'a>(&'a LineReport, Severity);

impl Serialize for DiagnosticsView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let DiagnosticsView(line, severity) = *self;
        serializer.collect_seq(
            line.diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.severity() == severity)
                .map(diagnostic_json),
        )
    }
}

/// The dossier as [`dossier_json`] makes it: keys in schema order, absent values left out.
struct DossierView<'a>(&'a Dossier);

impl Serialize for DossierView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Field names are `'static`: an object of known keys, written like the map it stands for.
        let mut object = serializer.serialize_struct("Dossier", self.0.len())?;
        for (field, value) in self.0.iter() {
            object.serialize_field(field.name(), &ValueView(value))?;
        }
        object.end()
    }
}

/// The name of the newtype struct a compact serializer (`is_human_readable` false: the npm
/// package's hand-over) gets for a line's dossier in the lines of a [`ReportView`], holding the
/// line's index in [`ReportView::lines`] (a `u64`): the receiver writes the dossier from there,
/// its fields by [`Dossier::field_bits`] and its values by [`CompactValue`], without a serializer
/// call per value. Writing some 540 000 keys and values one field at a time, then one value at a
/// time, was the largest part of handing the npm package's report of 20 000 objects over to
/// JavaScript. A human-readable serializer, and a line serialized on its own ([`LineJsonView`]),
/// get the map.
pub const DOSSIER: &str = "effectifs::Dossier";

/// A line's dossier as a compact serializer gets it: its index in the lines (see [`DOSSIER`]).
struct DossierAt(usize);

impl Serialize for DossierAt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(DOSSIER, &(self.0 as u64))
    }
}

/// A dossier value as a compact serializer writes it, from the dossier of a [`DOSSIER`]: what
/// [`dossier_json`] makes of it, a day of years 0 to 9999 as its [`DAY`] number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompactValue<'a> {
    /// A text.
    Text(&'a str),
    /// A whole number.
    Integer(i64),
    /// Oui / Non.
    Bool(bool),
    /// A day of years 0 to 9999: its [`effectifs_core::Date::day_number`].
    Day(i32),
    /// A day of another year, spelled `AAAA-MM-JJ` (or with more digits).
    Spelled(IsoDate),
}

impl CompactValue<'_> {
    /// The value as a compact serializer writes it.
    pub fn of(value: &Value) -> CompactValue<'_> {
        match value {
            Value::Text(text) => CompactValue::Text(text),
            Value::Integer(number) => CompactValue::Integer(*number),
            Value::Bool(flag) => CompactValue::Bool(*flag),
            Value::Date(date) => {
                compact_day(*date).map_or_else(|| CompactValue::Spelled(date.iso()), CompactValue::Day)
            }
        }
    }
}

/// One dossier value, as [`dossier_json`] converts it.
struct ValueView<'a>(&'a Value);

impl Serialize for ValueView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Text(text) => serializer.serialize_str(text),
            Value::Integer(number) => serializer.serialize_i64(*number),
            Value::Bool(flag) => serializer.serialize_bool(*flag),
            Value::Date(date) => DayView(*date).serialize(serializer),
        }
    }
}

/// A day of a dossier or a timeline, spelled `AAAA-MM-JJ`. A compact serializer (one whose
/// `is_human_readable` is false: the npm package's hand-over to JavaScript) gets instead a newtype
/// struct named [`DAY`] holding the day number of [`effectifs_core::Date::day_number`] (days since
/// 0001-01-01, that day being 1) for a year of four digits, and spells it itself when the value is
/// read: formatting and handing over some 170 000 date strings was a fifth of the hand-over of a
/// 20 000-line report, most of them in values never read.
struct DayView(effectifs_core::Date);

/// The name of the newtype struct a compact serializer (`is_human_readable` false) gets for a day of
/// a dossier or a timeline, holding its [`effectifs_core::Date::day_number`]; a human-readable one
/// gets the day spelled `AAAA-MM-JJ`.
pub const DAY: &str = "effectifs::Day";

impl Serialize for DayView {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable()
            && let Some(number) = compact_day(self.0)
        {
            return serializer.serialize_newtype_struct(DAY, &number);
        }
        serializer.serialize_str(self.0.iso().as_str())
    }
}

/// The day number a compact serializer gets for a day (see [`DAY`]): years 0 to 9999 only.
fn compact_day(date: effectifs_core::Date) -> Option<i32> {
    (0..=9999).contains(&date.year()).then(|| date.day_number())
}

/// The statut as [`statut_json`] makes it.
struct StatutView<'a>(&'a Statut);

impl Serialize for StatutView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let statut = self.0;
        let mut object = serializer.serialize_struct("StatutJson", 3)?;
        object.serialize_field("en_cours", statut.en_cours.as_str())?;
        object.serialize_field("libelle", statut.en_cours.label())?;
        object.serialize_field("parcours", &ParcoursView(statut))?;
        object.end()
    }
}

/// The timeline of a statut.
struct ParcoursView<'a>(&'a Statut);

impl Serialize for ParcoursView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.parcours.iter().map(|etape| EtapeView(etape.date, etape.valeur)))
    }
}

/// One step of the timeline, as `EtapeJson`.
struct EtapeView(effectifs_core::Date, StatutValeur);

impl Serialize for EtapeView {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("EtapeJson", 2)?;
        object.serialize_field("date", &DayView(self.0))?;
        object.serialize_field("valeur", self.1.as_str())?;
        object.end()
    }
}

/// `A`, `B`, … `Z`, `AA`… for a 0-based column index (the core's, re-exported for report readers).
pub use effectifs_core::table::column_letter;

fn diagnostic_json(diagnostic: &Diagnostic) -> DiagnosticJson {
    DiagnosticJson {
        field: diagnostic.field.map(effectifs_core::Field::name),
        code: diagnostic.code(),
        message: diagnostic.message(),
        hint: diagnostic.hint(),
        suggestion: diagnostic.suggestion.as_ref().map(ToString::to_string),
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

    /// Everything but the lines, which a large file should stream instead of holding twice (see
    /// [`JsonReport::view`]).
    pub fn without_lines(file: FileDescription, table: &Table, report: &Report) -> JsonReport {
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
            fixes: None,
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
                indicateurs: IndicateursJson::of(&summary.indicateurs),
            },
        }
    }

    /// Writes the same text as `JsonReport::new(…).with_read_warnings(…).write_pretty(…)`, building
    /// each line's JSON only while it is written: a 100 000-line report never exists twice in memory.
    pub fn write_streaming(
        file: FileDescription,
        table: &Table,
        report: &Report,
        read_warnings: Vec<FileWarning>,
        out: &mut impl std::io::Write,
    ) -> std::io::Result<()> {
        let head = JsonReport::without_lines(file, table, report).with_read_warnings(read_warnings);
        let view = head.view(&report.lines);
        serde_json::to_writer_pretty(&mut *out, &view)?;
        out.write_all(b"\n")
    }

    /// This report (built by [`JsonReport::without_lines`]) with `lines` in place of its own: what
    /// serialising the full [`JsonReport`] would write, without building the lines first.
    pub fn view<'a>(&'a self, lines: &'a [LineReport]) -> ReportView<'a> {
        ReportView {
            file: &self.file,
            profile: self.profile,
            today: &self.today,
            columns: &self.columns,
            missing_columns: &self.missing_columns,
            unknown_columns: &self.unknown_columns,
            duplicate_columns: &self.duplicate_columns,
            read_warnings: &self.read_warnings,
            fixes: self.fixes.as_ref(),
            lines: LinesView(lines),
            summary: &self.summary,
        }
    }

    /// The report with the cells a recipe changed (`fixes`); `table` is the table as checked.
    #[must_use]
    pub fn with_fixes(mut self, table: &Table, changes: &Changes) -> JsonReport {
        self.fixes = Some(FixesJson::of(table, changes));
        self
    }

    /// The report with the file layer's warnings.
    #[must_use]
    pub fn with_read_warnings(mut self, warnings: Vec<FileWarning>) -> JsonReport {
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
    use effectifs_core::{Date, Match, Profile, Table, Value};

    use super::{CompactValue, FileDescription, JsonReport};

    /// A dossier value as a compact serializer writes it: a day as its number for years of four
    /// digits only, as `DayView` gives it; any other day spelled as the JSON report spells it.
    #[test]
    fn compact_values_are_the_values_of_the_json() {
        assert_eq!(
            CompactValue::of(&Value::Text("75002".into())),
            CompactValue::Text("75002")
        );
        assert_eq!(CompactValue::of(&Value::Integer(-3)), CompactValue::Integer(-3));
        assert_eq!(CompactValue::of(&Value::Bool(true)), CompactValue::Bool(true));
        for (year, month, day) in [(0, 1, 1), (1970, 1, 1), (9999, 12, 31)] {
            let date = Date::from_ymd(year, month, day).expect("a real day");
            assert_eq!(
                CompactValue::of(&Value::Date(date)),
                CompactValue::Day(date.day_number())
            );
        }
        for (year, month, day) in [(-1, 12, 31), (10_000, 1, 1)] {
            let date = Date::from_ymd(year, month, day).expect("a real day");
            let CompactValue::Spelled(spelled) = CompactValue::of(&Value::Date(date)) else {
                panic!("{year} spelled");
            };
            assert_eq!(spelled.as_str(), date.to_iso());
        }
    }

    #[test]
    fn columns_ignored_on_purpose_are_not_unknown() {
        let headers = ["nom_apprenant", "Classe", "N° dossier"].map(String::from);
        let mut table = Table::new(&headers, Vec::new());
        // What a caller's column mapping does to a column it wants ignored (the npm package's `columns`).
        table.columns[2].matched = Match::Manual;
        let today = Date::from_ymd(2026, 11, 23).expect("a real day");
        let report = effectifs_core::validate(&table, Profile::Api, today);
        let json = JsonReport::new(FileDescription::rows(), &table, &report);
        assert_eq!(json.unknown_columns, ["Classe"]);
        assert_eq!(json.columns[2].matched, "manual");
        assert_eq!(json.columns[2].field, None);
    }
}
