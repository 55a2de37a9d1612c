//! The column-wide fixes as data: a small table, an action, the table and the fixes it gives.

use super::*;
use crate::date::Date;
use crate::table::{Row, column_letter};

/// A table from a header row and text rows (`""` is an empty cell), lines numbered from 2.
fn table(rows: &[&[&str]]) -> Table {
    let headers: Vec<String> = rows[0].iter().map(|header| (*header).to_owned()).collect();
    let rows = (2u32..)
        .zip(&rows[1..])
        .map(|(line, cells)| Row {
            line,
            cells: cells.iter().map(|text| text_cell(text)).collect(),
        })
        .collect();
    Table::new(&headers, rows)
}

/// The table as text: the columns (`header=field/match`), then each row's cells.
fn show(table: &Table) -> Vec<String> {
    let mut out = vec![
        table
            .columns
            .iter()
            .map(|column| {
                format!(
                    "{}={}/{}",
                    column.header,
                    column.field.map_or("-", Field::name),
                    column.matched.as_str()
                )
            })
            .collect::<Vec<_>>()
            .join(" | "),
    ];
    for row in &table.rows {
        out.push(row.cells.iter().map(Cell::display).collect::<Vec<_>>().join(" | "));
    }
    out
}

/// The changed cells as text: `L3 B replace « M » → « 1 »`.
fn show_fixes(changes: &Changes) -> Vec<String> {
    changes
        .cells()
        .iter()
        .map(|fix| {
            format!(
                "L{} {} {} « {} » → « {} »",
                fix.line,
                column_letter(fix.column),
                fix.rule.as_str(),
                fix.before.display(),
                fix.after.display()
            )
        })
        .collect()
}

fn replacements(pairs: &[(&str, &str)]) -> Vec<Replacement> {
    pairs
        .iter()
        .map(|(from, to)| Replacement {
            from: (*from).to_owned(),
            to: (*to).to_owned(),
        })
        .collect()
}

const EXPORT: &[&[&str]] = &[
    &["Nom", "Sexe", "Titre", "UAI formateur"],
    &["Doe", "Homme", "M.", ""],
    &["Roe", " Femme ", "Mme", "  "],
    &["Poe", "F", "", "0755805C"],
    &["Loe", "", "M.", "0802004U"],
];

/// One case: a recipe applied to [`EXPORT`], the table after it, and the changed cells.
struct Case {
    name: &'static str,
    recipe: Recipe,
    table: &'static [&'static str],
    fixes: &'static [&'static str],
}

#[test]
#[allow(clippy::too_many_lines, reason = "a table of cases")]
fn recipes() {
    let cases = [
        Case {
            name: "nothing",
            recipe: Recipe::default(),
            table: &[
                "Nom=nom_apprenant/label | Sexe=sexe_apprenant/label | Titre=-/none | UAI formateur=etablissement_formateur_uai/label",
                "Doe | Homme | M. | ",
                "Roe |  Femme  | Mme |   ",
                "Poe | F |  | 0755805C",
                "Loe |  | M. | 0802004U",
            ],
            fixes: &[],
        },
        Case {
            name: "replacements compare trimmed text, first match wins, never chained",
            recipe: Recipe {
                replace: vec![(
                    Field::SexeApprenant,
                    replacements(&[("Homme", "M"), ("Femme", "F"), ("M", "X"), ("  ", "?")]),
                )],
                ..Recipe::default()
            },
            table: &[
                "Nom=nom_apprenant/label | Sexe=sexe_apprenant/label | Titre=-/none | UAI formateur=etablissement_formateur_uai/label",
                "Doe | M | M. | ",
                "Roe | F | Mme |   ",
                "Poe | F |  | 0755805C",
                "Loe |  | M. | 0802004U",
            ],
            fixes: &["L2 B replace « Homme » → « M »", "L3 B replace «  Femme  » → « F »"],
        },
        Case {
            name: "values fill blank cells of a present column only",
            recipe: Recipe {
                values: vec![(Field::EtablissementFormateurUai, "0755805C".to_owned())],
                ..Recipe::default()
            },
            table: &[
                "Nom=nom_apprenant/label | Sexe=sexe_apprenant/label | Titre=-/none | UAI formateur=etablissement_formateur_uai/label",
                "Doe | Homme | M. | 0755805C",
                "Roe |  Femme  | Mme | 0755805C",
                "Poe | F |  | 0755805C",
                "Loe |  | M. | 0802004U",
            ],
            fixes: &["L2 D value «  » → « 0755805C »", "L3 D value «    » → « 0755805C »"],
        },
        Case {
            name: "a value for an absent field adds a column",
            recipe: Recipe {
                values: vec![
                    (Field::EtablissementFormateurSiret, "77937827200016".to_owned()),
                    (Field::TypeCfa, "   ".to_owned()),
                ],
                ..Recipe::default()
            },
            table: &[
                "Nom=nom_apprenant/label | Sexe=sexe_apprenant/label | Titre=-/none | UAI formateur=etablissement_formateur_uai/label | etablissement_formateur_siret=etablissement_formateur_siret/recipe",
                "Doe | Homme | M. |  | 77937827200016",
                "Roe |  Femme  | Mme |    | 77937827200016",
                "Poe | F |  | 0755805C | 77937827200016",
                "Loe |  | M. | 0802004U | 77937827200016",
            ],
            fixes: &[
                "L2 E value «  » → « 77937827200016 »",
                "L3 E value «  » → « 77937827200016 »",
                "L4 E value «  » → « 77937827200016 »",
                "L5 E value «  » → « 77937827200016 »",
            ],
        },
        Case {
            name: "mapping first: the replacements and values follow the new mapping",
            recipe: Recipe {
                columns: vec![
                    ("Sexe".to_owned(), None),
                    ("Titre".to_owned(), Some(Field::SexeApprenant)),
                ],
                values: vec![(Field::SexeApprenant, "F".to_owned())],
                replace: vec![(Field::SexeApprenant, replacements(&[("M.", "M"), ("Mme", "F")]))],
            },
            table: &[
                "Nom=nom_apprenant/label | Sexe=-/manual | Titre=sexe_apprenant/manual | UAI formateur=etablissement_formateur_uai/label",
                "Doe | Homme | M | ",
                "Roe |  Femme  | F |   ",
                "Poe | F | F | 0755805C",
                "Loe |  | M | 0802004U",
            ],
            fixes: &[
                "L2 C replace « M. » → « M »",
                "L3 C replace « Mme » → « F »",
                "L4 C value «  » → « F »",
                "L5 C replace « M. » → « M »",
            ],
        },
        Case {
            name: "a cell emptied by a replacement then filled counts once",
            recipe: Recipe {
                values: vec![(Field::SexeApprenant, "F".to_owned())],
                replace: vec![(Field::SexeApprenant, replacements(&[("Homme", "")]))],
                ..Recipe::default()
            },
            table: &[
                "Nom=nom_apprenant/label | Sexe=sexe_apprenant/label | Titre=-/none | UAI formateur=etablissement_formateur_uai/label",
                "Doe | F | M. | ",
                "Roe |  Femme  | Mme |   ",
                "Poe | F |  | 0755805C",
                "Loe | F | M. | 0802004U",
            ],
            fixes: &["L2 B value « Homme » → « F »", "L5 B value «  » → « F »"],
        },
    ];
    let mut failures = Vec::new();
    for case in cases {
        let original = table(EXPORT);
        let mut fixed = original.clone();
        let changes = case.recipe.apply(&mut fixed).expect("the recipe fits");
        if show(&fixed) != case.table {
            failures.push(format!("{}: table\n{:#?}", case.name, show(&fixed)));
        }
        if show_fixes(&changes) != case.fixes {
            failures.push(format!("{}: fixes\n{:#?}", case.name, show_fixes(&changes)));
        }
        // One undo step puts everything back.
        changes.revert(&mut fixed);
        if show(&fixed) != show(&original) || fixed.columns != original.columns {
            failures.push(format!("{}: not reverted\n{:#?}", case.name, show(&fixed)));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_recipe_for_another_file_changes_nothing() {
    let recipe = Recipe {
        columns: vec![
            ("Nom".to_owned(), None),
            ("Genre".to_owned(), Some(Field::SexeApprenant)),
        ],
        values: vec![(Field::TypeCfa, "09".to_owned())],
        ..Recipe::default()
    };
    let original = table(EXPORT);
    let mut fixed = original.clone();
    let error = recipe.apply(&mut fixed).expect_err("no column « Genre »");
    assert_eq!(
        error.to_string(),
        "Recette : le fichier n'a pas de colonne « Genre » (dans « columns », l'en-tête doit être écrit exactement \
         comme dans le fichier)."
    );
    assert_eq!(fixed, original, "nothing half-applied");
}

#[test]
fn replacement_counts() {
    let mut export = table(EXPORT);
    export.rows[3].cells[1] = Cell::Number(1.0);
    // (column, from, count): trimmed on both sides, numbers as they read, blank never matches.
    let cases: &[(usize, &str, usize)] = &[
        (1, "Homme", 1),
        (1, " Femme", 1),
        (1, "femme", 0),
        (1, "1", 1),
        (1, "", 0),
        (1, "  ", 0),
        (2, "M.", 2),
        (3, "0755805C", 1),
        (9, "M.", 0),
    ];
    for (column, from, expected) in cases {
        assert_eq!(
            count_replace(&export, *column, from),
            *expected,
            "column {column}, « {from} »"
        );
        let mut copy = export.clone();
        assert_eq!(
            replace(&mut copy, *column, from, "x").count(),
            *expected,
            "column {column}, « {from} »"
        );
    }
}

/// The whole path of the issue: an export without the establishment columns and with `Homme` /
/// `Femme` becomes valid with one recipe, and its report no longer lists the missing columns.
#[test]
#[allow(clippy::too_many_lines, reason = "one scenario, as data")]
fn a_recipe_makes_an_erp_export_valid() {
    let export: &[&[&str]] = &[
        &[
            "Nom",
            "Prénom",
            "Date de naissance",
            "annee_scolaire",
            "id_erp_apprenant",
            "date_inscription_formation",
            "date_entree_formation",
            "date_fin_formation",
            "Titre",
            "E-mail",
            "Adresse",
            "Code postal",
            "annee_formation",
            "Début contrat",
        ],
        &[
            "Doe",
            "John",
            "2000-10-28",
            "2024-2025",
            "1",
            "2024-09-01",
            "2024-09-01",
            "2025-06-30",
            "Homme",
            "j@d.fr",
            "1 rue",
            "75002",
            "1",
            "2024-09-01",
        ],
        &[
            "Roe",
            "Jane",
            "2001-01-02",
            "2024-2025",
            "2",
            "2024-09-01",
            "2024-09-01",
            "2025-06-30",
            "Femme",
            "r@d.fr",
            "2 rue",
            "75 002",
            "1",
            "2024-09-01",
        ],
    ];
    let today = Date::from_ymd(2025, 1, 6).expect("a day");
    let mut file = table(export);
    let before = crate::validate(&file, Profile::Televersement, today);
    let names = |fields: &[Field]| fields.iter().map(|field| field.name()).collect::<Vec<_>>();
    assert_eq!(
        names(&before.missing_columns),
        [
            "sexe_apprenant",
            "etablissement_responsable_uai",
            "etablissement_responsable_siret",
            "etablissement_formateur_uai",
            "etablissement_formateur_siret"
        ]
    );
    let recipe = Recipe {
        columns: vec![("Titre".to_owned(), Some(Field::SexeApprenant))],
        values: vec![
            (Field::EtablissementResponsableUai, "0755805C".to_owned()),
            (Field::EtablissementResponsableSiret, "77568013501139".to_owned()),
            (Field::EtablissementFormateurUai, "0802004U".to_owned()),
            (Field::EtablissementFormateurSiret, "77937827200016".to_owned()),
        ],
        replace: vec![(Field::SexeApprenant, replacements(&[("Homme", "M"), ("Femme", "F")]))],
    };
    let changes = recipe.apply(&mut file).expect("fits");
    assert_eq!(
        (
            changes.count(),
            changes.count_by(FixRule::Value),
            changes.count_by(FixRule::Replace)
        ),
        (10, 8, 2)
    );
    let after = crate::validate(&file, Profile::Televersement, today);
    assert_eq!(after.missing_columns, []);
    let verdicts: Vec<(u32, bool)> = after.lines.iter().map(|line| (line.line, line.is_valid())).collect();
    assert_eq!(verdicts, [(2, true), (3, false)], "{:#?}", after.lines[1].diagnostics);
    // Line 3's code postal has a safe correction: applied from the column's list, the line is valid.
    let column = 11;
    let listed = suggestions(&file, &after, column);
    assert_eq!(
        listed,
        [Suggested {
            row: 1,
            line: 3,
            before: "75 002".to_owned(),
            after: "75002".into()
        }]
    );
    let corrections = apply_suggestions(&mut file, column, &listed);
    assert_eq!(show_fixes(&corrections), ["L3 L suggestion « 75 002 » → « 75002 »"]);
    let fixed = crate::validate(&file, Profile::Televersement, today);
    assert!(fixed.lines.iter().all(crate::LineReport::is_valid));
    assert!(suggestions(&file, &fixed, column).is_empty());
}

#[test]
fn values_checked_as_typed() {
    use Field as F;
    // (field, typed, profile, expected: `= value`, or `code[ → suggestion]` per diagnostic)
    let cases: &[(Field, &str, Profile, &str)] = &[
        (
            F::EtablissementFormateurUai,
            "0755805C",
            Profile::Televersement,
            "= \"0755805C\"",
        ),
        (
            F::EtablissementFormateurUai,
            " 0755805c ",
            Profile::Televersement,
            "= \"0755805C\"",
        ),
        (
            F::EtablissementFormateurUai,
            "0755 805 C",
            Profile::Api,
            "uai-invalide → 0755805C",
        ),
        (F::EtablissementFormateurUai, "0755805", Profile::Api, "uai-invalide"),
        (
            F::EtablissementFormateurUai,
            "0802004A",
            Profile::Api,
            "= \"0802004A\" cle-uai-incorrecte",
        ),
        (F::EtablissementFormateurUai, "", Profile::Api, "champ-obligatoire"),
        (
            F::EtablissementFormateurSiret,
            "779 378 272 00016",
            Profile::Api,
            "= \"77937827200016\"",
        ),
        (
            F::EtablissementFormateurSiret,
            "779378272",
            Profile::Api,
            "siret-invalide",
        ),
        (F::SexeApprenant, "Homme", Profile::Televersement, "sexe-invalide → M"),
        // Control characters: the value without them (a space for a vertical tab) is the correction.
        (
            F::NomApprenant,
            "Du\u{0}rand",
            Profile::Televersement,
            "caracteres-de-controle → Durand",
        ),
        (
            F::AdresseApprenant,
            "1 rue de la Paix\u{0B}Bât. B",
            Profile::Televersement,
            "caracteres-de-controle → 1 rue de la Paix Bât. B",
        ),
        (
            F::IdErpApprenant,
            "A\u{1E}1",
            Profile::Televersement,
            "caracteres-de-controle",
        ),
        (F::SexeApprenant, "", Profile::Televersement, "champ-obligatoire"),
        (F::SexeApprenant, "", Profile::Api, ""),
        (F::TypeCfa, "9", Profile::Api, "= \"09\""),
        (
            F::AnneeScolaire,
            "2024–2025",
            Profile::Api,
            "annee-scolaire-invalide → 2024-2025",
        ),
        (F::DateEntreeFormation, "01/09/2024", Profile::Api, "= \"2024-09-01\""),
        (F::DateEntreeFormation, "31/02/2024", Profile::Api, "date-inexistante"),
    ];
    let mut failures = Vec::new();
    for (field, typed, profile, expected) in cases {
        let check = check_value(*field, typed, *profile);
        let mut parts: Vec<String> = check
            .value
            .iter()
            .map(|value| format!("= {}", value.to_json()))
            .collect();
        for diagnostic in &check.diagnostics {
            parts.push(match &diagnostic.suggestion {
                Some(suggestion) => format!("{} → {suggestion}", diagnostic.code()),
                None => diagnostic.code().to_owned(),
            });
            assert!(!diagnostic.message().is_empty());
        }
        let actual = parts.join(" ");
        if actual != *expected {
            failures.push(format!("{field} « {typed} »: expected `{expected}`, got `{actual}`"));
        }
        if check.is_valid() != (check.value.is_some() || expected.is_empty()) {
            failures.push(format!("{field} « {typed} »: validity"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
