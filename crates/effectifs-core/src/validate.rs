//! The validator: a [`Table`] in, a [`Report`] out, one outcome per line. It never fails.
//!
//! Per line: every field's rule in schema order (`docs/contract.md#fields`), the generated identifier (D7),
//! the rules the national queue applies after the POST (D6), the "no contract" warning, and the
//! statut (D10). Across lines: duplicates (D7).

use std::cell::RefCell;

use crate::cell::Cell;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Kind, Severity};
use crate::dossier::{Dossier, Value};
use crate::field::{CONTRACT_SLOTS, Field, FieldSet};
use crate::json::{JsonValue, KeyRole, Objects};
use crate::profile::Profile;
use crate::report::{LineReport, Report};
use crate::rules::{self, Outcome};
use crate::statut::{self, Contrat, Statut, StatutInput};
use crate::table::{Row, Table};

/// Which column feeds each field (the last one when several do, as on the upload page).
#[derive(Debug, Clone)]
pub struct ColumnMap {
    columns: [Option<usize>; Field::COUNT],
    /// The fields some column feeds.
    fed: FieldSet,
}

impl ColumnMap {
    /// The mapping of a table's columns.
    pub fn new(table: &Table) -> ColumnMap {
        let mut columns = [None; Field::COUNT];
        for (index, column) in table.columns.iter().enumerate() {
            if let Some(field) = column.field {
                columns[field.index()] = Some(index);
            }
        }
        let fed = Field::ALL
            .iter()
            .copied()
            .filter(|field| columns[field.index()].is_some())
            .collect();
        ColumnMap { columns, fed }
    }

    /// The cell of `field` in `row` (empty when the column is absent or the row short).
    pub fn cell<'a>(&self, row: &'a Row, field: Field) -> &'a Cell {
        static EMPTY: Cell = Cell::Empty;
        self.columns[field.index()]
            .and_then(|index| row.cells.get(index))
            .unwrap_or(&EMPTY)
    }

    /// Whether some column feeds `field`.
    pub fn has(&self, field: Field) -> bool {
        self.columns[field.index()].is_some()
    }

    /// The index of the column that feeds `field` (the last one when several do), if any: where a
    /// diagnostic on `field` is shown.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns[field.index()]
    }
}

/// Validates every line of `table` against `profile`, computing statuts as of `today`.
pub fn validate(table: &Table, profile: Profile, today: Date) -> Report {
    let columns = ColumnMap::new(table);
    let mut hashes = Vec::with_capacity(table.rows.len());
    let mut statuts = Statuts::new(today);
    let lines = table
        .rows
        .iter()
        .map(|row| hashed(judge_row(row, &columns, profile, &mut statuts), &mut hashes))
        .collect();
    finish_hashed(table, &columns, profile, today, lines, &hashes)
}

/// Like [`validate`], but frees each row's cells as soon as the row is validated, so that a large
/// file never holds all its cells and its whole report at once. The table keeps its columns; its
/// rows are emptied.
pub fn validate_draining(table: &mut Table, profile: Profile, today: Date) -> Report {
    let columns = ColumnMap::new(table);
    let rows = std::mem::take(&mut table.rows);
    let mut hashes = Vec::with_capacity(rows.len());
    let mut statuts = Statuts::new(today);
    let lines = rows
        .into_iter()
        .map(|row| hashed(judge_row(&row, &columns, profile, &mut statuts), &mut hashes))
        .collect();
    finish_hashed(table, &columns, profile, today, lines, &hashes)
}

/// Notes the hash of a line's duplicate key as soon as the line is validated, while its dossier
/// is still in the processor's cache (hashing 20 000 dossiers afterwards costs several cache
/// misses each).
fn hashed(line: LineReport, hashes: &mut Vec<u64>) -> LineReport {
    hashes.push(key_hash(&line));
    line
}

/// The file-level findings, and duplicates across lines: the end of a validation whose lines were
/// validated one by one with [`validate_row`] (in table order, with `columns` of the same table),
/// as an edge does to report progress between chunks of lines.
pub fn finish(table: &Table, columns: &ColumnMap, profile: Profile, today: Date, lines: Vec<LineReport>) -> Report {
    let hashes: Vec<u64> = lines.iter().map(key_hash).collect();
    finish_hashed(table, columns, profile, today, lines, &hashes)
}

/// [`finish`], given the hash of each line's duplicate key ([`key_hash`]).
fn finish_hashed(
    table: &Table,
    columns: &ColumnMap,
    profile: Profile,
    today: Date,
    mut lines: Vec<LineReport>,
    hashes: &[u64],
) -> Report {
    let missing_columns = Field::ALL
        .iter()
        .copied()
        .filter(|field| profile.requires(*field) && !columns.has(*field))
        .collect();
    let mut seen = [0usize; Field::COUNT];
    for column in &table.columns {
        if let Some(field) = column.field {
            seen[field.index()] += 1;
        }
    }
    let duplicate_columns = Field::ALL
        .iter()
        .copied()
        .filter(|field| seen[field.index()] > 1)
        .collect();
    flag_duplicates(&mut lines, hashes);
    Report {
        profile,
        today,
        missing_columns,
        duplicate_columns,
        lines,
    }
}

/// Validates one line on its own (no duplicate detection, which needs the whole file).
pub fn validate_row(row: &Row, columns: &ColumnMap, profile: Profile, today: Date) -> LineReport {
    judge_row(row, columns, profile, &mut Statuts::new(today))
}

/// [`validate_row`], with the statuts of the lines before.
fn judge_row(row: &Row, columns: &ColumnMap, profile: Profile, statuts: &mut Statuts) -> LineReport {
    warm_up(row);
    judge(&RowSource { row, columns }, row.line, profile, statuts)
}

/// Where a line's values come from: a spreadsheet row read with file semantics, or a posted object
/// read with the API's JSON semantics (D14). Everything else about a line is judged the same way.
trait LineSource {
    /// The rule's outcome for `field`.
    fn outcome(&self, field: Field) -> Outcome;
    /// The most values the line's dossier can hold: room made at once, so that filling it never
    /// reallocates, and no more (20 000 dossiers are held at once).
    fn capacity(&self) -> usize;
    /// The fields whose outcome may not be [`Outcome::Absent`] or that may get diagnostics from
    /// [`LineSource::after_field`]: besides them, only the required fields and the identifier can
    /// get a diagnostic or a value, and the other fields are not looked at.
    fn fields(&self) -> FieldSet;
    /// The `id_erp_apprenant` of a line without one: generated for files (D7), none for objects.
    fn absent_id(&self, dossier: &Dossier) -> Option<Value>;
    /// Diagnostics the source adds after those of `field` (a posted key that resembles it).
    fn after_field(&self, _field: Field, _diagnostics: &mut Vec<Diagnostic>) {}
    /// Line-level diagnostics of the source, before the deferred rules (`api_version`).
    fn line_checks(&self, _diagnostics: &mut Vec<Diagnostic>) {}
    /// Whether some contract start date is given (the "no contract" warning).
    fn has_contract_start(&self) -> bool;
    /// The diagnostic of a required field without a value: a cell to fill, or for an object a key
    /// to send (with the API's formats in its hint).
    fn missing(&self) -> Kind {
        Kind::ChampObligatoire
    }
    /// The diagnostic of contract `contrat` (1 to 4) given without its start date (D6): columns to
    /// fill or empty, or for an object keys to send or remove.
    fn incomplete_contract(&self, contrat: u8) -> Kind {
        Kind::ContratIncomplet { contrat }
    }
    /// The safe correction of the value of `field`, which its rule refused (D15): for cells only;
    /// a posted object is judged as sent.
    fn suggestion(&self, _field: Field) -> Option<crate::cell::Text> {
        None
    }
    /// The milliseconds after its UTC day's midnight of the instant the date `field` holds: for a
    /// posted date-time (`2024-09-01T08:00:00Z`), which the platform compares as an instant (D6);
    /// a cell's date is its day alone.
    fn time_of_day(&self, _field: Field) -> Option<i64> {
        None
    }
}

/// A spreadsheet row.
struct RowSource<'a> {
    row: &'a Row,
    columns: &'a ColumnMap,
}

impl LineSource for RowSource<'_> {
    fn outcome(&self, field: Field) -> Outcome {
        rules::apply(field, self.columns.cell(self.row, field))
    }

    fn capacity(&self) -> usize {
        // And the generated identifier.
        self.columns.fed.len() + 1
    }

    fn fields(&self) -> FieldSet {
        self.columns.fed
    }

    fn absent_id(&self, dossier: &Dossier) -> Option<Value> {
        Some(Value::Text(generated_id(self.row, self.columns, dossier).into()))
    }

    fn has_contract_start(&self) -> bool {
        CONTRACT_SLOTS
            .iter()
            .any(|slot| !self.columns.cell(self.row, slot[0]).is_blank())
    }

    fn suggestion(&self, field: Field) -> Option<crate::cell::Text> {
        rules::suggestion::suggest(field, self.columns.cell(self.row, field))
    }
}

/// One posted object: its values by field, the keys that only resemble a field, its `api_version`.
struct ObjectSource<'a> {
    values: [Option<&'a JsonValue>; Field::COUNT],
    /// The fields that have a value.
    given: FieldSet,
    /// Those, and the fields a key resembles.
    fields: FieldSet,
    /// The values judged lately in the call and their outcomes ([`Recent`]).
    recent: &'a RefCell<Vec<Recent<'a>>>,
    resembling: Vec<(Field, &'a str)>,
    api_version: Option<&'a JsonValue>,
    source_organisme_id: Option<&'a JsonValue>,
}

impl<'a> ObjectSource<'a> {
    /// A source without an object yet ([`ObjectSource::read`]).
    fn new(recent: &'a RefCell<Vec<Recent<'a>>>) -> ObjectSource<'a> {
        ObjectSource {
            values: [None; Field::COUNT],
            given: FieldSet::default(),
            fields: FieldSet::default(),
            recent,
            resembling: Vec::new(),
            api_version: None,
            source_organisme_id: None,
        }
    }

    /// Reads the next object, in place of the one before: one source serves the whole call,
    /// instead of a new one per object (its table of values moved out of the constructor each
    /// time, then cleared for the next).
    fn read(&mut self, objects: &'a Objects, entries: &'a [(u32, JsonValue)]) {
        self.values = [None; Field::COUNT];
        self.given = FieldSet::default();
        self.fields = FieldSet::default();
        self.resembling.clear();
        self.api_version = None;
        self.source_organisme_id = None;
        for (key, value) in entries {
            match objects.role(*key) {
                KeyRole::Field(field) => {
                    self.values[field.index()] = Some(value);
                    self.given.insert(field);
                }
                // A `null` under a look-alike key loses nothing: no warning.
                KeyRole::Resembles(field) if *value != JsonValue::Null => {
                    self.resembling.push((field, objects.key_text(*key)));
                    self.fields.insert(field);
                }
                KeyRole::ApiVersion => self.api_version = Some(value),
                KeyRole::SourceOrganismeId => self.source_organisme_id = Some(value),
                KeyRole::Resembles(_) | KeyRole::Unknown => {}
            }
        }
        self.fields = self.fields.union(self.given);
    }

    /// The warnings of the posted keys that resemble `field` ([`LineSource::after_field`]).
    fn resembled(&self, field: Field, diagnostics: &mut Vec<Diagnostic>) {
        for (resembled, key) in &self.resembling {
            if *resembled == field {
                diagnostics.push(Diagnostic::on(
                    field,
                    Kind::CleApprochante {
                        key: (*key).to_owned(),
                        field,
                    },
                ));
            }
        }
    }
}

impl LineSource for ObjectSource<'_> {
    // Inlined, as `after_field`: they run for each of the 70 fields of each object, which mostly
    // has no value in most of them and resembles none.
    #[inline]
    fn outcome(&self, field: Field) -> Outcome {
        let Some(value) = self.values[field.index()] else {
            return Outcome::Absent;
        };
        self.recent.borrow_mut()[field.index()].outcome(field, value)
    }

    fn capacity(&self) -> usize {
        self.given.len()
    }

    fn fields(&self) -> FieldSet {
        self.fields
    }

    fn absent_id(&self, _dossier: &Dossier) -> Option<Value> {
        None
    }

    #[inline]
    fn after_field(&self, field: Field, diagnostics: &mut Vec<Diagnostic>) {
        if !self.resembling.is_empty() {
            self.resembled(field, diagnostics);
        }
    }

    fn time_of_day(&self, field: Field) -> Option<i64> {
        match self.values[field.index()] {
            Some(JsonValue::String(text)) => Date::api_time_of_day(text),
            _ => None,
        }
    }

    fn line_checks(&self, diagnostics: &mut Vec<Diagnostic>) {
        // The schema's `z.enum(["v1", "v2", "v3", ""])`, `null` being dropped before.
        let accepted = match self.api_version {
            None | Some(JsonValue::Null) => true,
            Some(JsonValue::String(text)) => matches!(text.as_str(), "v1" | "v2" | "v3" | ""),
            Some(_) => false,
        };
        if let (false, Some(value)) = (accepted, self.api_version) {
            diagnostics.push(Diagnostic::line(Kind::ApiVersionInvalide { value: shown(value) }));
        }
        // The Input schema's `source_organisme_id: z.string().min(1).optional()`: validated as
        // posted, then replaced by the key's organisme (docs/json-objects.md).
        if let Some(value) = self.source_organisme_id {
            let accepted = match value {
                JsonValue::Null => true,
                JsonValue::String(text) => !text.is_empty(),
                _ => false,
            };
            if !accepted {
                diagnostics.push(Diagnostic::line(Kind::SourceOrganismeIdInvalide {
                    value: shown(value),
                }));
            }
        }
    }

    fn missing(&self) -> Kind {
        Kind::CleObligatoire
    }

    fn incomplete_contract(&self, contrat: u8) -> Kind {
        Kind::CleContratIncomplet { contrat }
    }

    fn has_contract_start(&self) -> bool {
        // The platform counts raw values that are truthy (docs/contract.md#no-contract-warning).
        CONTRACT_SLOTS
            .iter()
            .any(|slot| self.values[slot[0].index()].is_some_and(JsonValue::is_truthy))
    }
}

/// For one field, the last few values judged in a call of [`validate_objects`] and their outcomes:
/// an export repeats most values (school year, establishments, formation, dates, and the few
/// spellings of a sex, a postcode, a phone number or a first name), whose rules then run once. A
/// rule's outcome depends on its field and value only.
#[derive(Debug, Default)]
struct Recent<'a> {
    /// Up to [`Recent::SIZE`] values and their outcomes; once full, a new value replaces them in turn.
    entries: Vec<(&'a JsonValue, Outcome)>,
    /// The entry the next new value replaces once full.
    next: usize,
    /// Values looked up, and found.
    lookups: usize,
    hits: usize,
}

impl<'a> Recent<'a> {
    /// How many values a field remembers.
    const SIZE: usize = 8;
    /// How many values a field looks up before its hit rate decides whether looking up is worth it.
    const TRIAL: usize = 64;

    /// The outcome of the rule of `field` for `value`, judged once for all its repetitions. A field
    /// whose values rarely repeat (identifiers, e-mails, addresses, birth dates) stops being looked
    /// up after its trial: comparing each value with the remembered ones would cost more than the
    /// rare hits save.
    fn outcome(&mut self, field: Field, value: &'a JsonValue) -> Outcome {
        let worth = self.lookups < Self::TRIAL || self.hits * 8 >= self.lookups;
        if !worth {
            return rules::apply_json(field, value);
        }
        self.lookups += 1;
        if let Some((_, outcome)) = self.entries.iter().find(|(known, _)| same_value(known, value)) {
            self.hits += 1;
            // A value, nearly always: cloned without the whole outcome's clone, which is not inlined.
            return match outcome {
                Outcome::Value(value) => Outcome::Value(value.clone()),
                outcome => outcome.clone(),
            };
        }
        let outcome = rules::apply_json(field, value);
        if self.entries.len() < Self::SIZE {
            self.entries.push((value, outcome.clone()));
        } else {
            self.entries[self.next] = (value, outcome.clone());
            self.next = (self.next + 1) % Self::SIZE;
        }
        outcome
    }
}

/// Whether two posted values are the same to every rule (numbers by their bits: `0` and `-0` are
/// not compared equal, nor `NaN` unequal to itself).
fn same_value(a: &JsonValue, b: &JsonValue) -> bool {
    match (a, b) {
        (JsonValue::String(a), JsonValue::String(b)) => a == b,
        (JsonValue::Number(a), JsonValue::Number(b)) => a.to_bits() == b.to_bits(),
        (JsonValue::Bool(a), JsonValue::Bool(b)) => a == b,
        (JsonValue::Null, JsonValue::Null) => true,
        _ => false,
    }
}

/// A posted value as a message quotes it.
fn shown(value: &JsonValue) -> String {
    match value {
        JsonValue::String(text) => text.to_string(),
        JsonValue::Number(number) => crate::text::js_number_to_string(*number),
        JsonValue::Bool(flag) => flag.to_string(),
        JsonValue::Null => "null".to_owned(),
        JsonValue::Array => "un tableau".to_owned(),
        JsonValue::Object => "un objet".to_owned(),
    }
}

/// Judges one line: every field's rule in schema order, the identifier, the deferred rules (D6),
/// the "no contract" warning and the statut.
fn judge(source: &impl LineSource, line: u32, profile: Profile, statuts: &mut Statuts) -> LineReport {
    let mut dossier = Dossier::with_capacity(source.capacity());
    let mut diagnostics = Vec::new();
    let mut fields = source.fields().union(profile.required_fields());
    fields.insert(Field::IdErpApprenant);
    for field in fields.iter() {
        let mut has_error = false;
        let has_value = match source.outcome(field) {
            Outcome::Value(value) => {
                dossier.set(field, value);
                true
            }
            Outcome::Warned(value, kind) => {
                dossier.set(field, value);
                diagnostics.push(Diagnostic::on(field, kind));
                true
            }
            Outcome::Problem(kind) => {
                has_error = kind.severity() == Severity::Error;
                diagnostics.push(Diagnostic::on(field, kind).suggesting(source.suggestion(field)));
                false
            }
            Outcome::Absent => false,
        };
        if !has_value {
            if field == Field::IdErpApprenant {
                match source.absent_id(&dossier) {
                    Some(id) => dossier.set(field, id),
                    None if !has_error => diagnostics.push(Diagnostic::on(field, source.missing())),
                    None => {}
                }
            } else if !has_error && profile.requires(field) {
                diagnostics.push(Diagnostic::on(field, source.missing()));
            }
        }
        source.after_field(field, &mut diagnostics);
    }
    source.line_checks(&mut diagnostics);
    check_deferred_rules(source, &dossier, &mut diagnostics);
    if !source.has_contract_start() {
        diagnostics.push(Diagnostic::line(Kind::SansContrat));
    }
    let statut = statuts.of(&dossier);
    LineReport {
        line,
        diagnostics,
        dossier,
        statut,
    }
}

/// Validates posted objects (D14): each on its own, as the API judges it, with JSON semantics;
/// object `i` (from 0) is line `i + 1`. Across objects, only the duplicate warnings (D7). A report
/// of objects has no missing or duplicate columns: each line says what it misses.
pub fn validate_objects(objects: &Objects, profile: Profile, today: Date) -> Report {
    let mut hashes = Vec::with_capacity(objects.len());
    let mut statuts = Statuts::new(today);
    let recent = RefCell::new(std::iter::repeat_with(Recent::default).take(Field::COUNT).collect());
    let mut source = ObjectSource::new(&recent);
    let mut lines: Vec<LineReport> = objects
        .entries()
        .zip(1u32..)
        .map(|(entries, line)| {
            source.read(objects, entries);
            hashed(judge(&source, line, profile, &mut statuts), &mut hashes)
        })
        .collect();
    flag_duplicates(&mut lines, &hashes);
    Report {
        profile,
        today,
        missing_columns: Vec::new(),
        duplicate_columns: Vec::new(),
        lines,
    }
}

/// Reads the row's cells once, in memory order, before the rules read them in field order. A large
/// file's rows are long out of the cache when validated, and the field order jumps around in the
/// row: read in order, the cells come in together (the processor fetches ahead of in-order reads)
/// instead of one cache miss at a time. About a tenth of the validation time on the bench's file.
fn warm_up(row: &Row) {
    let filled = row.cells.iter().filter(|cell| !matches!(cell, Cell::Empty)).count();
    std::hint::black_box(filled);
}

/// The platform's generated identifier (D7): from the raw prénom and nom cells and the birth date.
fn generated_id(row: &Row, columns: &ColumnMap, dossier: &Dossier) -> String {
    let raw = |field| match columns.cell(row, field) {
        Cell::Empty => String::new(),
        cell => cell.display_raw(),
    };
    let naissance = dossier
        .date(Field::DateDeNaissanceApprenant)
        .map(Date::to_iso)
        .unwrap_or_default();
    crate::identity::generated_id(&raw(Field::PrenomApprenant), &raw(Field::NomApprenant), &naissance)
}

/// The rules the national queue applies after accepting the POST (D6), reported before sending.
fn check_deferred_rules(source: &impl LineSource, dossier: &Dossier, diagnostics: &mut Vec<Diagnostic>) {
    for (slot, fields) in (1u8..).zip(CONTRACT_SLOTS) {
        let [debut, fin, rupture, cause, _siret] = fields;
        let started = dossier.get(debut).is_some();
        let debut_has_error = diagnostics
            .iter()
            .any(|d| d.field == Some(debut) && d.severity() == Severity::Error);
        // Truthy after parsing, as the platform tests it: an empty cause (`""`, posted) is not filled.
        let other_filled = [fin, rupture, cause]
            .iter()
            .any(|field| dossier.get(*field).is_some_and(|value| value.as_text() != Some("")));
        if !started && !debut_has_error && other_filled {
            diagnostics.push(Diagnostic::on(debut, source.incomplete_contract(slot)));
        }
    }
    // The platform compares the two instants: on the same day, the times decide (a posted
    // `2024-09-01` is that day's midnight, before `2024-09-01T08:00:00Z`).
    let ends_earlier_that_day = || match (
        source.time_of_day(Field::DateFinFormation),
        source.time_of_day(Field::DateEntreeFormation),
    ) {
        (Some(fin), Some(entree)) => fin < entree,
        _ => false,
    };
    if let (Some(entree), Some(fin)) = (
        dossier.date(Field::DateEntreeFormation),
        dossier.date(Field::DateFinFormation),
    ) && (fin < entree || (fin == entree && ends_earlier_that_day()))
    {
        diagnostics.push(Diagnostic::on(
            Field::DateFinFormation,
            Kind::FinAvantEntree {
                entree: entree.to_iso(),
                fin: fin.to_iso(),
            },
        ));
    }
}

/// A dossier's statut at `today`: its input derived as D10 says ([`statut_input`]), then its
/// timeline; `None` when the formation dates are not both there. The one way every edge gets a
/// statut, at validation and when the evaluation day changes ([`Report::set_today`]).
///
/// [`Report::set_today`]: crate::Report::set_today
pub fn statut_of(dossier: &Dossier, today: Date) -> Option<Statut> {
    Statuts::new(today).of(dossier)
}

/// The statut algorithm's input from a dossier, with the v2 derivation of D10: contracts from the
/// slots that have a start date, exclusion from `date_exclusion_formation` only.
pub fn statut_input(dossier: &Dossier) -> Option<StatutInput> {
    input_of(&statut_dates(dossier))
}

/// The dates of a dossier a statut depends on: entry, end and exclusion, then the start, end and
/// rupture of each contract slot.
type StatutDates = [Option<Date>; 3 + 3 * CONTRACT_SLOTS.len()];

/// The [`StatutDates`] of a dossier.
fn statut_dates(dossier: &Dossier) -> StatutDates {
    let mut dates = [None; 3 + 3 * CONTRACT_SLOTS.len()];
    dates[0] = dossier.date(Field::DateEntreeFormation);
    dates[1] = dossier.date(Field::DateFinFormation);
    dates[2] = dossier.date(Field::DateExclusionFormation);
    for (slot, [start, end, rupture, _, _]) in dates[3..].chunks_exact_mut(3).zip(CONTRACT_SLOTS) {
        // A slot without a start date is no contract: its other dates count for nothing.
        if let Some(debut) = dossier.date(start) {
            slot.copy_from_slice(&[Some(debut), dossier.date(end), dossier.date(rupture)]);
        }
    }
    dates
}

/// The statut algorithm's input from a dossier's [`StatutDates`] ([`statut_input`]).
fn input_of(dates: &StatutDates) -> Option<StatutInput> {
    let debut = dates[0]?;
    let fin = dates[1]?;
    let contrats = dates[3..]
        .chunks_exact(3)
        .filter_map(|slot| {
            Some(Contrat {
                date_debut: slot[0]?,
                date_fin: slot[1],
                date_rupture: slot[2],
            })
        })
        .collect();
    Some(StatutInput {
        debut,
        fin,
        contrats,
        exclusion: dates[2],
    })
}

/// The statuts of the lines of one validation at `today` ([`statut_of`]): lines of one formation
/// often share all their dates, and a line whose dates are those of the line before gets its
/// statut without computing it again (the computation allocates half a dozen small vectors).
#[derive(Debug)]
pub(crate) struct Statuts {
    today: Date,
    /// The dates of the last line and its statut.
    last: Option<(StatutDates, Option<Statut>)>,
}

impl Statuts {
    /// No statut computed yet.
    pub(crate) fn new(today: Date) -> Statuts {
        Statuts { today, last: None }
    }

    /// The statut of `dossier` at the day of these statuts: [`statut_of`].
    pub(crate) fn of(&mut self, dossier: &Dossier) -> Option<Statut> {
        let dates = statut_dates(dossier);
        if let Some((known, statut)) = &self.last
            && *known == dates
        {
            return statut.clone();
        }
        let statut = input_of(&dates).map(|input| statut::compute(&input, self.today));
        self.last = Some((dates, statut.clone()));
        statut
    }
}

/// Warns every line whose learner appears on another line with the same school year and formateur (D7).
fn flag_duplicates(lines: &mut [LineReport], hashes: &[u64]) {
    for (index, (other, count)) in duplicate_flags(lines, hashes) {
        lines[index]
            .diagnostics
            .push(Diagnostic::line(Kind::Doublon { other, count }));
    }
}

/// The duplicate warning of each member of a group of lines sharing a key (indices in file
/// order): (index, (the line it names, the group's size)). Each line names the group's first line,
/// and the first one names the second: linear in the group's size, whatever it is.
fn group_flags(group: &[usize], lines: &[LineReport]) -> Vec<(usize, (u32, u32))> {
    let count = u32::try_from(group.len()).unwrap_or(u32::MAX);
    let line = |index: usize| lines.get(index).map_or(0, |line| line.line);
    let (Some(&first), Some(&second)) = (group.first(), group.get(1)) else {
        return Vec::new();
    };
    group
        .iter()
        .map(|&member| {
            let other = if member == first { line(second) } else { line(first) };
            (member, (other, count))
        })
        .collect()
}

/// The lines' duplicate keys (D7), hashed: kept by an edge that changes lines one at a time (the
/// web app's edits), so that finding the lines that share a key with the changed one is a pass over
/// a compact array instead of a sort of the whole file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DuplicateIndex {
    /// One per line; [`NO_KEY`] for a line without a key.
    hashes: Vec<u64>,
}

/// The hash of a line without a duplicate key.
const NO_KEY: u64 = 0;

impl DuplicateIndex {
    /// The index of the lines as they are.
    pub fn new(lines: &[LineReport]) -> DuplicateIndex {
        DuplicateIndex {
            hashes: lines.iter().map(key_hash).collect(),
        }
    }

    /// Brings the duplicate warnings up to date after line `index` (and no other) changed, e.g. was
    /// validated again after an edit: only the lines that shared its former key or share its new one
    /// can gain, lose or change their `doublon` diagnostic (always their last one). The lines then
    /// carry what a fresh validation of the file would give them. Returns the indices of the lines
    /// whose warning changed, in order.
    pub fn refresh_after_edit(&mut self, lines: &mut [LineReport], index: usize) -> Vec<usize> {
        let (Some(line), Some(slot)) = (lines.get(index), self.hashes.get_mut(index)) else {
            return Vec::new();
        };
        let before = std::mem::replace(slot, key_hash(line));
        let after = *slot;
        // Every line whose hash is one of the two; exact keys decide (hashes may collide).
        let mut candidates: Vec<([Option<&str>; 4], usize)> = self
            .hashes
            .iter()
            .enumerate()
            .filter(|(_, hash)| **hash != NO_KEY && (**hash == before || **hash == after))
            .filter_map(|(position, _)| Some((key(&lines[position])?, position)))
            .collect();
        candidates.sort_unstable();
        let mut flags: Vec<(usize, Option<(u32, u32)>)> = Vec::new();
        for group in candidates.chunk_by(|(a, _), (b, _)| a == b) {
            let members: Vec<usize> = group.iter().map(|(_, member)| *member).collect();
            if let [alone] = members.as_slice() {
                flags.push((*alone, None));
            }
            flags.extend(
                group_flags(&members, lines)
                    .into_iter()
                    .map(|(member, flag)| (member, Some(flag))),
            );
        }
        // The changed line may have no key any more: it then has no warning either.
        if after == NO_KEY {
            flags.push((index, None));
        }
        let mut changed: Vec<usize> = flags
            .into_iter()
            .filter_map(|(member, others)| set_doublon(&mut lines[member], others).then_some(member))
            .collect();
        changed.sort_unstable();
        changed
    }
}

/// The hash of a line's duplicate key ([`NO_KEY`] when it has none).
fn key_hash(line: &LineReport) -> u64 {
    use std::hash::{Hash as _, Hasher as _};
    key(line).map_or(NO_KEY, |key| {
        // Any hash does: equal hashes are then told apart by the keys themselves.
        let mut hasher = rustc_hash::FxHasher::default();
        key.hash(&mut hasher);
        // 0 is kept for "no key".
        hasher.finish().max(1)
    })
}

/// Gives a line the duplicate warning `others` (or none), in last place; whether it changed.
fn set_doublon(line: &mut LineReport, flag: Option<(u32, u32)>) -> bool {
    let position = line
        .diagnostics
        .iter()
        .position(|diagnostic| matches!(diagnostic.kind, Kind::Doublon { .. }));
    let before = position.and_then(|position| match line.diagnostics[position].kind {
        Kind::Doublon { other, count } => Some((other, count)),
        _ => None,
    });
    if before == flag {
        return false;
    }
    if let Some(position) = position {
        line.diagnostics.remove(position);
    }
    if let Some((other, count)) = flag {
        line.diagnostics.push(Diagnostic::line(Kind::Doublon { other, count }));
    }
    true
}

/// The duplicate key of a line, borrowed from its dossier.
fn key(line: &LineReport) -> Option<[Option<&str>; 4]> {
    let dossier = &line.dossier;
    Some([
        Some(dossier.text(Field::IdErpApprenant)?),
        Some(dossier.text(Field::AnneeScolaire)?),
        dossier.text(Field::EtablissementFormateurUai),
        dossier.text(Field::EtablissementFormateurSiret),
    ])
}

/// The duplicate warnings the lines call for: (line index, (the line it names, the group's size)).
fn duplicate_flags(lines: &[LineReport], hashes: &[u64]) -> Vec<(usize, (u32, u32))> {
    // The hashes that more than one line has, found by sorting the hashes alone (cheaper than
    // sorting them with their lines): most files have none, and then nothing more is sorted.
    let mut sorted: Vec<u64> = hashes.iter().copied().filter(|hash| *hash != NO_KEY).collect();
    sorted.sort_unstable();
    let repeated: rustc_hash::FxHashSet<u64> = sorted
        .windows(2)
        .filter(|pair| pair[0] == pair[1])
        .map(|pair| pair[0])
        .collect();
    if repeated.is_empty() {
        return Vec::new();
    }
    // Their lines sorted by the hash of their key: equal keys end up side by side after a sort of
    // plain integers (sorting the keys themselves compares strings scattered in memory, line after
    // line).
    let mut hashes: Vec<(u64, usize)> = hashes
        .iter()
        .copied()
        .zip(0..lines.len())
        .filter(|(hash, _)| repeated.contains(hash))
        .collect();
    hashes.sort_unstable();
    let mut flags: Vec<(usize, (u32, u32))> = Vec::new();
    for run in hashes.chunk_by(|(a, _), (b, _)| a == b).filter(|run| run.len() > 1) {
        // Same hash: the exact keys decide (hashes may collide), lines in file order within a key.
        let mut keys: Vec<([Option<&str>; 4], usize)> = run
            .iter()
            .filter_map(|(_, index)| Some((key(&lines[*index])?, *index)))
            .collect();
        keys.sort_unstable();
        for group in keys.chunk_by(|(a, _), (b, _)| a == b).filter(|group| group.len() > 1) {
            let members: Vec<usize> = group.iter().map(|(_, index)| *index).collect();
            flags.extend(group_flags(&members, lines));
        }
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: (i32, u32, u32) = (2025, 3, 6);

    /// The reference's minimal valid item (`docs/contract.md#minimal-valid-dossier`), plus the five upload-only fields.
    const MINIMAL: &[(&str, &str)] = &[
        ("nom_apprenant", "Doe"),
        ("prenom_apprenant", "John"),
        ("date_de_naissance_apprenant", "2000-10-28"),
        ("annee_scolaire", "2021-2022"),
        ("id_erp_apprenant", "123456789"),
        ("date_inscription_formation", "2021-09-01"),
        ("date_entree_formation", "2021-09-01"),
        ("date_fin_formation", "2022-06-30"),
        ("etablissement_responsable_uai", "0755805C"),
        ("etablissement_responsable_siret", "77568013501139"),
        ("etablissement_formateur_uai", "0802004U"),
        ("etablissement_formateur_siret", "77937827200016"),
    ];
    const UPLOAD_EXTRA: &[(&str, &str)] = &[
        ("email_contact", "john.doe@example.fr"),
        ("adresse_apprenant", "1 rue de la Paix"),
        ("code_postal_apprenant", "75002"),
        ("sexe_apprenant", "M"),
        ("annee_formation", "1"),
    ];

    /// A table with one header row and text rows; `rows` override or add cells by field name.
    fn table(rows: &[&[(&str, &str)]]) -> Table {
        let mut headers: Vec<String> = Vec::new();
        for row in rows {
            for (name, _) in *row {
                if !headers.iter().any(|known| known == name) {
                    headers.push((*name).to_owned());
                }
            }
        }
        let rows = (2u32..)
            .zip(rows)
            .map(|(line, row)| Row {
                line,
                cells: headers
                    .iter()
                    .map(|header| {
                        row.iter()
                            .rev()
                            .find(|(name, _)| name == header)
                            .map_or(Cell::Empty, |(_, value)| {
                                if value.is_empty() {
                                    Cell::Empty
                                } else {
                                    Cell::Text((*value).into())
                                }
                            })
                    })
                    .collect(),
            })
            .collect();
        Table::new(&headers, rows)
    }

    fn row(extra: &[(&'static str, &'static str)], upload: bool) -> Vec<(&'static str, &'static str)> {
        let mut cells: Vec<(&str, &str)> = MINIMAL.to_vec();
        if upload {
            cells.extend_from_slice(UPLOAD_EXTRA);
        }
        cells.extend_from_slice(extra);
        cells
    }

    /// Renders a line's verdict: `valid` or the codes of its diagnostics with their fields.
    fn verdict(line: &LineReport) -> String {
        let mut parts: Vec<String> = line
            .diagnostics
            .iter()
            .map(|d| {
                let severity = if d.severity() == Severity::Error { "E" } else { "W" };
                format!("{severity}:{}@{}", d.code(), d.field.map_or("ligne", |f| f.name()))
            })
            .collect();
        parts.insert(0, (if line.is_valid() { "valid" } else { "invalid" }).to_owned());
        parts.join(" ")
    }

    fn check(profile: Profile, rows: &[&[(&str, &str)]], expected: &[&str]) {
        let (y, m, d) = TODAY;
        let report = validate(&table(rows), profile, Date::from_ymd(y, m, d).expect("valid day"));
        let actual: Vec<String> = report.lines.iter().map(verdict).collect();
        assert_eq!(actual, expected, "profile {profile:?}");
    }

    #[test]
    fn profiles() {
        let minimal = row(&[], false);
        let full = row(&[], true);
        // The API's minimal item is valid for the API, and misses the five upload fields.
        check(Profile::Api, &[&minimal], &["valid W:sans-contrat@ligne"]);
        check(
            Profile::Televersement,
            &[&minimal],
            &[
                "invalid E:champ-obligatoire@email_contact E:champ-obligatoire@annee_formation E:champ-obligatoire@adresse_apprenant E:champ-obligatoire@code_postal_apprenant E:champ-obligatoire@sexe_apprenant W:sans-contrat@ligne",
            ],
        );
        check(Profile::Televersement, &[&full], &["valid W:sans-contrat@ligne"]);
    }

    #[test]
    fn deferred_rules_are_errors_now() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("contrat_date_debut", "2021-09-01")], "valid"),
            (
                &[("contrat_date_fin", "2022-06-30")],
                "invalid E:contrat-incomplet@contrat_date_debut W:sans-contrat@ligne",
            ),
            (
                &[
                    ("contrat_date_debut", "2021-09-01"),
                    ("cause_rupture_contrat_2", "démission"),
                ],
                "invalid E:contrat-incomplet@contrat_date_debut_2",
            ),
            (
                &[
                    ("contrat_date_rupture_3", "2022-01-01"),
                    ("siret_employeur_3", "77937827200016"),
                ],
                "invalid E:contrat-incomplet@contrat_date_debut_3 W:sans-contrat@ligne",
            ),
            (
                &[
                    ("contrat_date_debut", "2021-09-01"),
                    ("siret_employeur_4", "77937827200016"),
                ],
                "valid",
            ),
            (
                &[("contrat_date_debut", "31/02/2022"), ("contrat_date_fin", "2022-06-30")],
                "invalid E:date-inexistante@contrat_date_debut",
            ),
            (
                &[("contrat_date_debut", "bientôt"), ("contrat_date_fin", "2022-06-30")],
                "invalid W:date-ignoree@contrat_date_debut E:contrat-incomplet@contrat_date_debut",
            ),
            (
                &[
                    ("contrat_date_debut", "2021-09-01"),
                    ("date_fin_formation", "2021-08-31"),
                ],
                "invalid E:fin-formation-avant-entree@date_fin_formation",
            ),
            (
                &[
                    ("contrat_date_debut", "2021-09-01"),
                    ("date_fin_formation", "2021-09-01"),
                ],
                "valid",
            ),
        ];
        for (extra, expected) in cases {
            check(Profile::Api, &[&row(extra, false)], &[expected]);
        }
    }

    #[test]
    fn identity_and_duplicates() {
        let (y, m, d) = TODAY;
        let today = Date::from_ymd(y, m, d).expect("valid day");
        let without_id: Vec<(&str, &str)> = MINIMAL
            .iter()
            .map(|(name, value)| (*name, if *name == "id_erp_apprenant" { "" } else { *value }))
            .chain([
                ("prenom_apprenant", " John "),
                ("nom_apprenant", "DOE "),
                ("contrat_date_debut", "2021-09-01"),
            ])
            .collect();
        let report = validate(&table(&[&without_id, &without_id]), Profile::Api, today);
        // cyrb53("johndoe2000-10-28"), `docs/reading.md#generated-identifier`.
        for line in &report.lines {
            assert_eq!(line.dossier.text(Field::IdErpApprenant), Some("392679192e7e8e86"));
        }
        let verdicts: Vec<String> = report.lines.iter().map(verdict).collect();
        assert_eq!(verdicts, ["valid W:doublon@ligne", "valid W:doublon@ligne"]);
        assert_eq!(
            report.lines[0].diagnostics[0].message(),
            "Même apprenant, même année scolaire et même CFA formateur qu'à la ligne 3"
        );
        // A bigger group: each line names the group's first line (the first, the second) and its
        // size, never every other line (a learner on 20 000 lines would make a quadratic report).
        let report = validate(&table(&[&without_id, &without_id, &without_id]), Profile::Api, today);
        let messages: Vec<String> = report.lines.iter().map(|line| line.diagnostics[0].message()).collect();
        let same = "Même apprenant, même année scolaire et même CFA formateur qu'à la ligne";
        assert_eq!(
            messages,
            [
                format!("{same} 3 (3 lignes en tout pour cet apprenant)"),
                format!("{same} 2 (3 lignes en tout pour cet apprenant)"),
                format!("{same} 2 (3 lignes en tout pour cet apprenant)"),
            ]
        );
        // Another school year is another effectif: no duplicate.
        let next_year: Vec<(&str, &str)> = without_id
            .iter()
            .copied()
            .chain([("annee_scolaire", "2022-2023")])
            .collect();
        let report = validate(&table(&[&without_id, &next_year]), Profile::Api, today);
        assert!(
            report.lines.iter().all(|line| line.diagnostics.is_empty()),
            "{:?}",
            report.lines
        );
    }

    /// Validating row by row then `finish` is `validate`; after an edit, the duplicate index gives
    /// what a fresh validation would, and names exactly the lines whose warning changed.
    #[test]
    fn row_by_row_and_duplicate_index() {
        type Cells<'a> = &'a [(&'a str, &'a str)];
        let (y, m, d) = TODAY;
        let today = Date::from_ymd(y, m, d).expect("valid day");
        let doe = row(&[("contrat_date_debut", "2021-09-01")], false);
        let roe: Vec<(&str, &str)> = doe.iter().copied().chain([("id_erp_apprenant", "987")]).collect();
        // No school year: no duplicate key at all.
        let nokey: Vec<(&str, &str)> = doe.iter().copied().chain([("annee_scolaire", "")]).collect();
        // (rows before, index of the row replaced, its new content, lines whose warning changes)
        let cases: &[(&[Cells], usize, Cells, &[usize])] = &[
            (&[&doe, &roe, &roe], 0, &roe, &[0, 1, 2]),
            (&[&doe, &roe, &roe], 2, &doe, &[0, 1, 2]),
            (&[&doe, &roe, &doe], 1, &doe, &[0, 1, 2]),
            (&[&doe, &roe, &roe], 0, &doe, &[]),
            (&[&doe, &roe], 1, &doe, &[0, 1]),
            (&[&doe, &roe, &doe, &roe], 3, &roe, &[3]),
            (&[&doe, &roe, &doe, &roe], 3, &doe, &[0, 1, 2, 3]),
            (&[&doe, &doe, &doe], 2, &nokey, &[0, 1]),
            (&[&doe, &nokey, &roe], 1, &roe, &[1, 2]),
            // The edited line was revalidated without its warning already: only its partner changes.
            (&[&doe, &doe], 1, &roe, &[0]),
        ];
        for (rows, edited, content, expected) in cases {
            let mut table = table(rows);
            let columns = ColumnMap::new(&table);
            let lines = table
                .rows
                .iter()
                .map(|row| validate_row(row, &columns, Profile::Api, today))
                .collect();
            let mut report = finish(&table, &columns, Profile::Api, today, lines);
            assert_eq!(report, validate(&table, Profile::Api, today), "row by row");
            let after = self::table(&[content]);
            let mut new_row = after.rows[0].clone();
            new_row.line = table.rows[*edited].line;
            assert_eq!(after.columns, table.columns, "same headers");
            table.rows[*edited] = new_row;
            let mut index = DuplicateIndex::new(&report.lines);
            report.lines[*edited] = validate_row(&table.rows[*edited], &columns, Profile::Api, today);
            let changed = index.refresh_after_edit(&mut report.lines, *edited);
            let fresh = validate(&table, Profile::Api, today);
            assert_eq!(report, fresh, "rows {rows:?}, edit {edited}");
            assert_eq!(changed, *expected, "rows {rows:?}, edit {edited}");
            assert_eq!(index, DuplicateIndex::new(&report.lines), "the index follows");
        }
    }

    /// Moving the evaluation day gives every line the statut a validation at that day gives.
    #[test]
    fn set_today_gives_the_statuts_of_that_day() {
        let lines = [
            row(&[("contrat_date_debut", "2021-09-01")], false),
            row(
                &[
                    ("contrat_date_debut", "2021-09-01"),
                    ("contrat_date_rupture", "2022-01-10"),
                ],
                false,
            ),
            row(&[("date_exclusion_formation", "2022-02-01")], false),
            row(&[], false),
        ];
        let rows: Vec<&[(&str, &str)]> = lines.iter().map(Vec::as_slice).collect();
        let table = table(&rows);
        let first = Date::from_ymd(2021, 8, 1).expect("valid day");
        let mut report = validate(&table, Profile::Api, first);
        for (y, m, d) in [(2021, 10, 1), (2022, 1, 20), (2022, 3, 1), (2023, 9, 1), (2021, 8, 1)] {
            let day = Date::from_ymd(y, m, d).expect("valid day");
            report.set_today(day);
            assert_eq!(report, validate(&table, Profile::Api, day), "at {day:?}");
        }
    }

    /// Each line's statut is the one its own dates give, whether the line before had the same dates
    /// or not (the statuts of a validation are computed once per run of equal dates).
    #[test]
    fn statuts_follow_each_lines_dates() {
        let today = Date::from_ymd(2022, 3, 1).expect("valid day");
        let apprenti = row(&[("contrat_date_debut", "2021-09-01")], false);
        let rupturant = row(
            &[
                ("contrat_date_debut", "2021-09-01"),
                ("contrat_date_rupture", "2022-01-10"),
            ],
            false,
        );
        let abandon = row(&[("date_exclusion_formation", "2022-02-01")], false);
        // No contract for six months: an abandon by then.
        let sans_contrat = row(&[], false);
        let without_dates = row(&[("date_fin_formation", "")], false);
        let lines = [
            &apprenti,
            &apprenti,
            &rupturant,
            &rupturant,
            &apprenti,
            &abandon,
            &without_dates,
            &sans_contrat,
            &sans_contrat,
            &apprenti,
        ];
        let rows: Vec<&[(&str, &str)]> = lines.iter().map(|line| line.as_slice()).collect();
        let report = validate(&table(&rows), Profile::Api, today);
        let statuts: Vec<Option<Statut>> = report.lines.iter().map(|line| line.statut.clone()).collect();
        let expected: Vec<Option<Statut>> = report
            .lines
            .iter()
            .map(|line| statut_input(&line.dossier).map(|input| statut::compute(&input, today)))
            .collect();
        assert_eq!(statuts, expected);
        let en_cours: Vec<Option<&str>> = statuts
            .iter()
            .map(|statut| statut.as_ref().map(|statut| statut.en_cours.as_str()))
            .collect();
        assert_eq!(
            en_cours,
            [
                Some("APPRENTI"),
                Some("APPRENTI"),
                Some("RUPTURANT"),
                Some("RUPTURANT"),
                Some("APPRENTI"),
                Some("ABANDON"),
                None,
                Some("ABANDON"),
                Some("ABANDON"),
                Some("APPRENTI"),
            ]
        );
    }

    #[test]
    fn missing_columns_are_reported_once_per_file() {
        let (y, m, d) = TODAY;
        let today = Date::from_ymd(y, m, d).expect("valid day");
        let partial: Vec<(&str, &str)> = MINIMAL
            .iter()
            .copied()
            .filter(|(name, _)| *name != "date_fin_formation")
            .collect();
        let report = validate(&table(&[&partial]), Profile::Api, today);
        assert_eq!(report.missing_columns, [Field::DateFinFormation]);
        let report = validate(&table(&[&partial]), Profile::Televersement, today);
        let missing: Vec<&str> = report.missing_columns.iter().map(|field| field.name()).collect();
        assert_eq!(
            missing,
            [
                "email_contact",
                "annee_formation",
                "adresse_apprenant",
                "code_postal_apprenant",
                "sexe_apprenant",
                "date_fin_formation"
            ]
        );
    }

    #[test]
    fn statut_follows_the_v2_derivation() {
        let (y, m, d) = TODAY;
        let today = Date::from_ymd(y, m, d).expect("valid day");
        // S3 of `docs/statut.md#reference-cases`: statut_apprenant = 0 is not an exclusion in the v2 derivation (D10).
        let s3 = row(
            &[
                ("date_entree_formation", "2024-09-01"),
                ("date_fin_formation", "2025-06-30"),
                ("contrat_date_debut", "2024-09-15"),
                ("contrat_date_fin", "2025-06-30"),
                ("statut_apprenant", "0"),
                ("date_metier_mise_a_jour_statut", "2025-01-15"),
            ],
            false,
        );
        let report = validate(&table(&[&s3]), Profile::Api, today);
        let statut = report.lines[0].statut.as_ref().expect("dates are readable");
        let parcours: Vec<String> = statut
            .parcours
            .iter()
            .map(|etape| format!("{} {}", etape.date, etape.valeur.as_str()))
            .collect();
        assert_eq!(
            parcours,
            [
                "2024-09-01 INSCRIT",
                "2024-09-15 APPRENTI",
                "2025-06-30 FIN_DE_FORMATION"
            ]
        );
        assert_eq!(statut.en_cours, crate::StatutValeur::Apprenti);
        // An invalid line still gets its statut when its formation dates are readable.
        let invalid = row(
            &[
                ("nom_apprenant", "  "),
                ("date_entree_formation", "2024-09-01"),
                ("date_fin_formation", "2025-06-30"),
            ],
            false,
        );
        let report = validate(&table(&[&invalid]), Profile::Api, today);
        assert!(!report.lines[0].is_valid());
        assert!(report.lines[0].statut.is_some());
    }
}
