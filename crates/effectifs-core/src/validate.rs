//! The validator: a [`Table`] in, a [`Report`] out, one outcome per line. It never fails.
//!
//! Per line: every field's rule in schema order (reference §1.4), the generated identifier (D7),
//! the rules the national queue applies after the POST (D6), the "no contract" warning, and the
//! statut (D10). Across lines: duplicates (D7).

use std::collections::HashMap;

use crate::cell::Cell;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Kind, Severity};
use crate::dossier::{Dossier, Value};
use crate::field::{CONTRACT_SLOTS, Field};
use crate::profile::Profile;
use crate::report::{LineReport, Report};
use crate::rules::{self, Outcome};
use crate::statut::{self, Contrat, StatutInput};
use crate::table::{Row, Table};

/// Which column feeds each field (the last one when several do, as on the upload page).
#[derive(Debug, Clone)]
pub struct ColumnMap {
    columns: [Option<usize>; Field::COUNT],
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
        ColumnMap { columns }
    }

    /// The cell of `field` in `row` (empty when the column is absent or the row short).
    pub fn cell<'a>(&self, row: &'a Row, field: Field) -> &'a Cell {
        static EMPTY: Cell = Cell::Empty;
        self.columns[field.index()].and_then(|index| row.cells.get(index)).unwrap_or(&EMPTY)
    }

    /// Whether some column feeds `field`.
    pub fn has(&self, field: Field) -> bool {
        self.columns[field.index()].is_some()
    }
}

/// Validates every line of `table` against `profile`, computing statuts as of `today`.
pub fn validate(table: &Table, profile: Profile, today: Date) -> Report {
    let columns = ColumnMap::new(table);
    let missing_columns =
        Field::ALL.iter().copied().filter(|field| profile.requires(*field) && !columns.has(*field)).collect();
    let mut seen = [0usize; Field::COUNT];
    for column in &table.columns {
        if let Some(field) = column.field {
            seen[field.index()] += 1;
        }
    }
    let duplicate_columns = Field::ALL.iter().copied().filter(|field| seen[field.index()] > 1).collect();
    let mut lines: Vec<LineReport> = table.rows.iter().map(|row| validate_row(row, &columns, profile, today)).collect();
    flag_duplicates(&mut lines);
    Report { profile, today, missing_columns, duplicate_columns, lines }
}

/// Validates one line on its own (no duplicate detection, which needs the whole file).
pub fn validate_row(row: &Row, columns: &ColumnMap, profile: Profile, today: Date) -> LineReport {
    let mut dossier = Dossier::default();
    let mut diagnostics = Vec::new();
    for &field in Field::ALL {
        let cell = columns.cell(row, field);
        let mut has_error = false;
        match rules::apply(field, cell) {
            Outcome::Value(value) => dossier.set(field, value),
            Outcome::Warned(value, kind) => {
                dossier.set(field, value);
                diagnostics.push(Diagnostic::on(field, kind));
            }
            Outcome::Problem(kind) => {
                has_error = kind.severity() == Severity::Error;
                diagnostics.push(Diagnostic::on(field, kind));
            }
            Outcome::Absent => {}
        }
        if field == Field::IdErpApprenant && dossier.get(field).is_none() {
            dossier.set(field, Value::Text(generated_id(row, columns, &dossier)));
        } else if !has_error && dossier.get(field).is_none() && profile.requires(field) {
            diagnostics.push(Diagnostic::on(field, Kind::ChampObligatoire));
        }
    }
    check_deferred_rules(&dossier, &mut diagnostics);
    let has_contract_start = CONTRACT_SLOTS.iter().any(|slot| !columns.cell(row, slot[0]).is_blank());
    if !has_contract_start {
        diagnostics.push(Diagnostic::line(Kind::SansContrat));
    }
    let statut = statut_input(&dossier).map(|input| statut::compute(&input, today));
    LineReport { line: row.line, diagnostics, dossier, statut }
}

/// The platform's generated identifier (D7): from the raw prénom and nom cells and the birth date.
fn generated_id(row: &Row, columns: &ColumnMap, dossier: &Dossier) -> String {
    let raw = |field| match columns.cell(row, field) {
        Cell::Empty => String::new(),
        cell => cell.display_raw(),
    };
    let naissance = dossier.date(Field::DateDeNaissanceApprenant).map(|date| date.to_iso()).unwrap_or_default();
    crate::identity::generated_id(&raw(Field::PrenomApprenant), &raw(Field::NomApprenant), &naissance)
}

/// The rules the national queue applies after accepting the POST (D6), reported before sending.
fn check_deferred_rules(dossier: &Dossier, diagnostics: &mut Vec<Diagnostic>) {
    for (slot, fields) in (1u8..).zip(CONTRACT_SLOTS) {
        let [debut, fin, rupture, cause, _siret] = fields;
        let started = dossier.get(debut).is_some();
        let debut_has_error =
            diagnostics.iter().any(|d| d.field == Some(debut) && d.severity() == Severity::Error);
        let other_filled = [fin, rupture, cause].iter().any(|field| dossier.get(*field).is_some());
        if !started && !debut_has_error && other_filled {
            diagnostics.push(Diagnostic::on(debut, Kind::ContratIncomplet { contrat: slot }));
        }
    }
    if let (Some(entree), Some(fin)) =
        (dossier.date(Field::DateEntreeFormation), dossier.date(Field::DateFinFormation))
    {
        if fin < entree {
            diagnostics.push(Diagnostic::on(
                Field::DateFinFormation,
                Kind::FinAvantEntree { entree: entree.to_iso(), fin: fin.to_iso() },
            ));
        }
    }
}

/// The statut algorithm's input from a dossier, with the v2 derivation of D10: contracts from the
/// slots that have a start date, exclusion from `date_exclusion_formation` only.
pub fn statut_input(dossier: &Dossier) -> Option<StatutInput> {
    let debut = dossier.date(Field::DateEntreeFormation)?;
    let fin = dossier.date(Field::DateFinFormation)?;
    let contrats = CONTRACT_SLOTS
        .iter()
        .filter_map(|[start, end, rupture, _, _]| {
            Some(Contrat {
                date_debut: dossier.date(*start)?,
                date_fin: dossier.date(*end),
                date_rupture: dossier.date(*rupture),
            })
        })
        .collect();
    Some(StatutInput { debut, fin, contrats, exclusion: dossier.date(Field::DateExclusionFormation) })
}

/// Warns every line whose learner appears on another line with the same school year and formateur (D7).
fn flag_duplicates(lines: &mut [LineReport]) {
    let mut groups: HashMap<[Option<&str>; 4], Vec<usize>> = HashMap::new();
    for (index, line) in lines.iter().enumerate() {
        let dossier = &line.dossier;
        let key = [
            dossier.text(Field::IdErpApprenant),
            dossier.text(Field::AnneeScolaire),
            dossier.text(Field::EtablissementFormateurUai),
            dossier.text(Field::EtablissementFormateurSiret),
        ];
        if key[0].is_some() && key[1].is_some() {
            groups.entry(key).or_default().push(index);
        }
    }
    let mut flags: Vec<(usize, Vec<u32>)> = Vec::new();
    for members in groups.values().filter(|members| members.len() > 1) {
        for &index in members {
            let others = members.iter().filter(|other| **other != index).map(|other| lines[*other].line).collect();
            flags.push((index, others));
        }
    }
    for (index, others) in flags {
        lines[index].diagnostics.push(Diagnostic::line(Kind::Doublon { lines: others }));
    }
}
