//! The validator: a [`Table`] in, a [`Report`] out, one outcome per line. It never fails.
//!
//! Per line: every field's rule in schema order (reference §1.4), the generated identifier (D7),
//! the rules the national queue applies after the POST (D6), the "no contract" warning, and the
//! statut (D10). Across lines: duplicates (D7).

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
        self.columns[field.index()]
            .and_then(|index| row.cells.get(index))
            .unwrap_or(&EMPTY)
    }

    /// Whether some column feeds `field`.
    pub fn has(&self, field: Field) -> bool {
        self.columns[field.index()].is_some()
    }
}

/// Validates every line of `table` against `profile`, computing statuts as of `today`.
pub fn validate(table: &Table, profile: Profile, today: Date) -> Report {
    let columns = ColumnMap::new(table);
    let lines = table
        .rows
        .iter()
        .map(|row| validate_row(row, &columns, profile, today))
        .collect();
    finish(table, &columns, profile, today, lines)
}

/// Like [`validate`], but frees each row's cells as soon as the row is validated, so that a large
/// file never holds all its cells and its whole report at once. The table keeps its columns; its
/// rows are emptied.
pub fn validate_draining(table: &mut Table, profile: Profile, today: Date) -> Report {
    let columns = ColumnMap::new(table);
    let rows = std::mem::take(&mut table.rows);
    let lines = rows
        .into_iter()
        .map(|row| validate_row(&row, &columns, profile, today))
        .collect();
    finish(table, &columns, profile, today, lines)
}

/// The file-level findings, and duplicates across lines.
fn finish(table: &Table, columns: &ColumnMap, profile: Profile, today: Date, mut lines: Vec<LineReport>) -> Report {
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
    flag_duplicates(&mut lines);
    Report {
        profile,
        today,
        missing_columns,
        duplicate_columns,
        lines,
    }
}

/// Room for the values of a typical line, so that filling a dossier does not reallocate.
const DOSSIER_CAPACITY: usize = 40;

/// Validates one line on its own (no duplicate detection, which needs the whole file).
pub fn validate_row(row: &Row, columns: &ColumnMap, profile: Profile, today: Date) -> LineReport {
    let mut dossier = Dossier::with_capacity(DOSSIER_CAPACITY);
    let mut diagnostics = Vec::new();
    for &field in Field::ALL {
        let cell = columns.cell(row, field);
        let mut has_error = false;
        match rules::apply(field, cell) {
            Outcome::Value(value) => {
                dossier.set(field, value);
                continue;
            }
            Outcome::Warned(value, kind) => {
                dossier.set(field, value);
                diagnostics.push(Diagnostic::on(field, kind));
                continue;
            }
            Outcome::Problem(kind) => {
                has_error = kind.severity() == Severity::Error;
                diagnostics.push(Diagnostic::on(field, kind));
            }
            Outcome::Absent => {}
        }
        // No value for this field.
        if field == Field::IdErpApprenant {
            dossier.set(field, Value::Text(generated_id(row, columns, &dossier)));
        } else if !has_error && profile.requires(field) {
            diagnostics.push(Diagnostic::on(field, Kind::ChampObligatoire));
        }
    }
    check_deferred_rules(&dossier, &mut diagnostics);
    let has_contract_start = CONTRACT_SLOTS.iter().any(|slot| !columns.cell(row, slot[0]).is_blank());
    if !has_contract_start {
        diagnostics.push(Diagnostic::line(Kind::SansContrat));
    }
    let statut = statut_input(&dossier).map(|input| statut::compute(&input, today));
    LineReport {
        line: row.line,
        diagnostics,
        dossier,
        statut,
    }
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
fn check_deferred_rules(dossier: &Dossier, diagnostics: &mut Vec<Diagnostic>) {
    for (slot, fields) in (1u8..).zip(CONTRACT_SLOTS) {
        let [debut, fin, rupture, cause, _siret] = fields;
        let started = dossier.get(debut).is_some();
        let debut_has_error = diagnostics
            .iter()
            .any(|d| d.field == Some(debut) && d.severity() == Severity::Error);
        let other_filled = [fin, rupture, cause].iter().any(|field| dossier.get(*field).is_some());
        if !started && !debut_has_error && other_filled {
            diagnostics.push(Diagnostic::on(debut, Kind::ContratIncomplet { contrat: slot }));
        }
    }
    if let (Some(entree), Some(fin)) = (
        dossier.date(Field::DateEntreeFormation),
        dossier.date(Field::DateFinFormation),
    ) && fin < entree
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
    Some(StatutInput {
        debut,
        fin,
        contrats,
        exclusion: dossier.date(Field::DateExclusionFormation),
    })
}

/// Warns every line whose learner appears on another line with the same school year and formateur (D7).
fn flag_duplicates(lines: &mut [LineReport]) {
    // Sorting the identity keys puts equal ones side by side: cheaper than hashing four strings a line.
    let mut keys: Vec<([Option<&str>; 4], usize)> = lines
        .iter()
        .enumerate()
        .filter_map(|(index, line)| {
            let dossier = &line.dossier;
            let key = [
                Some(dossier.text(Field::IdErpApprenant)?),
                Some(dossier.text(Field::AnneeScolaire)?),
                dossier.text(Field::EtablissementFormateurUai),
                dossier.text(Field::EtablissementFormateurSiret),
            ];
            Some((key, index))
        })
        .collect();
    keys.sort_unstable();
    let mut flags: Vec<(usize, Vec<u32>)> = Vec::new();
    for group in keys.chunk_by(|(a, _), (b, _)| a == b).filter(|group| group.len() > 1) {
        for (_, index) in group {
            let others = group
                .iter()
                .filter(|(_, other)| other != index)
                .map(|(_, other)| lines[*other].line)
                .collect();
            flags.push((*index, others));
        }
    }
    for (index, others) in flags {
        lines[index]
            .diagnostics
            .push(Diagnostic::line(Kind::Doublon { lines: others }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: (i32, u32, u32) = (2025, 3, 6);

    /// The reference's minimal valid item (§1.6.6), plus the five upload-only fields.
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
                                    Cell::Text((*value).to_owned())
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
        // cyrb53("johndoe2000-10-28"), reference §2.5.
        for line in &report.lines {
            assert_eq!(line.dossier.text(Field::IdErpApprenant), Some("392679192e7e8e86"));
        }
        let verdicts: Vec<String> = report.lines.iter().map(verdict).collect();
        assert_eq!(verdicts, ["valid W:doublon@ligne", "valid W:doublon@ligne"]);
        assert_eq!(
            report.lines[0].diagnostics[0].message(),
            "Même apprenant, même année scolaire et même CFA formateur qu'à la ligne 3"
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
        // S3 of reference §4.6: statut_apprenant = 0 is not an exclusion in the v2 derivation (D10).
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
