//! Tests of the column-wide fixes (D15) in the worker, on `tests/data/export-erp.csv` (a software's export:
//! five required columns not exported, `Homme`/`Femme`, a postal code with a safe correction) and its recipe.
//! Each scenario is a list of requests to the [`Engine`] and the expected one-line outcome of each. After every
//! step: the report is a fresh validation of the table (only the changed lines were validated again), and the
//! page's lines brought up to date with the answer's changed lines are the session's whole view (the answer
//! carries every line that changed).

use expect_test::{Expect, expect};

use super::Engine;
use super::tests::{TODAY, bytes};
use crate::protocol::{ExportKind, FixKind, FixRequest, LineView, Request, Response};

const EXPORT: &str = "export-erp.csv";

fn open() -> Request {
    Request::Open {
        bytes: bytes(EXPORT),
        name: EXPORT.to_owned(),
        sheet: None,
        profile: "televersement".to_owned(),
        today: TODAY.to_owned(),
        mapping: None,
    }
}

fn value(field: &str, value: &str) -> Request {
    Request::Fix(FixRequest::Value {
        field: field.to_owned(),
        value: value.to_owned(),
    })
}

fn replace(column: u32, from: &str, to: &str) -> Request {
    Request::Fix(FixRequest::Replace {
        column,
        from: from.to_owned(),
        to: to.to_owned(),
    })
}

fn recipe(json: &str) -> Request {
    Request::Fix(FixRequest::Recipe {
        json: json.to_owned(),
        remembered: false,
    })
}

/// The export's columns, by position.
const SEXE: u32 = 3;
const CODE_POSTAL: u32 = 6;

/// Runs the requests from a fresh worker; one line per answer, checked after each step.
fn run(requests: Vec<Request>, expected: &Expect) {
    let mut engine = Engine::new();
    let mut lines: Vec<LineView> = Vec::new();
    let mut out = Vec::new();
    for request in requests {
        let answer = engine.handle(request, &mut |_| ());
        out.push(describe(&answer));
        match answer {
            Response::Opened(view) => lines = view.lines,
            Response::Fixed(fixed) => {
                // As the page does: lines without their cells keep theirs, with the changed cells set.
                let cells = fixed.update.cells.expect("a fix sends its changed cells apart");
                for mut changed in fixed.update.lines {
                    let row = changed.row as usize;
                    assert!(changed.view.cells.is_empty(), "no cells in a line of a fix");
                    changed.view.cells = std::mem::take(&mut lines[row].cells);
                    for cell in cells.iter().filter(|cell| cell.row == changed.row) {
                        changed.view.cells.set(cell.column as usize, &cell.text);
                    }
                    lines[row] = changed.view;
                }
            }
            Response::Updated(update) => {
                for changed in update.lines {
                    lines[changed.row as usize] = changed.view;
                }
            }
            _ => {}
        }
        if let Some(session) = engine.session() {
            let fresh = effectifs_core::validate(
                session.table(),
                effectifs_core::Profile::Televersement,
                session.report().today,
            );
            assert_eq!(
                session.report(),
                &fresh,
                "after « {} »",
                out.last().map_or("", String::as_str)
            );
            let trim = |lines: &[LineView]| trimmed_lines(lines.to_vec());
            assert_eq!(
                trim(&lines),
                trim(&session.view().lines),
                "the answer carries every changed line"
            );
        }
    }
    expected.assert_eq(&out.join("\n"));
}

/// Lines with their trailing empty cells left out.
fn trimmed_lines(mut lines: Vec<LineView>) -> Vec<LineView> {
    for line in &mut lines {
        let mut cells: Vec<&str> = line.cells.iter().collect();
        while cells.last() == Some(&"") {
            cells.pop();
        }
        line.cells = cells.into_iter().collect();
    }
    lines
}

/// A view with each line's trailing empty cells left out: a line shorter than the columns reads the same as
/// one padded with empty cells (a value for every line pads every line; its undo leaves them padded).
fn trimmed(mut view: crate::protocol::FileView) -> crate::protocol::FileView {
    view.lines = trimmed_lines(view.lines);
    view
}

/// A recipe's JSON on one line.
fn compact(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json).map_or_else(|_| json.to_owned(), |value| value.to_string())
}

/// One answer in one line: what it says and the file's figures after it.
fn describe(answer: &Response) -> String {
    let figures = |summary: &crate::protocol::SummaryView, missing: usize| {
        format!(
            "{} valides, {} en erreur, {missing} manquantes",
            summary.valid, summary.invalid
        )
    };
    match answer {
        Response::Opened(view) => format!(
            "ouvert : {} ; corrigées {}+{} ; recette {}",
            figures(&view.summary, view.missing_columns.len()),
            view.fixes.recipe,
            view.fixes.actions,
            compact(&view.recipe)
        ),
        Response::Fixed(fixed) => {
            let kind = match fixed.kind {
                Some(FixKind::Value) => "valeur",
                Some(FixKind::Replace) => "remplacement",
                Some(FixKind::Suggestion) => "correction",
                None => "recette",
            };
            format!(
                "{kind}{} : {} cellules, {} lignes{} ; {} ; corrigées {}+{} ; recette {}",
                if fixed.undone { " annulé" } else { "" },
                fixed.cells,
                fixed.update.lines.len(),
                if fixed.step { ", une étape" } else { "" },
                figures(&fixed.update.summary, fixed.missing_columns.len()),
                fixed.update.fixes.recipe,
                fixed.update.fixes.actions,
                compact(&fixed.recipe)
            )
        }
        Response::ValueChecked { field, text, marks } => {
            let marks: Vec<String> = marks
                .iter()
                .map(|m| format!("{} « {} » {:?}", m.code, m.message, m.suggestion))
                .collect();
            format!("vérifié {field}={text:?} : [{}]", marks.join(" | "))
        }
        Response::ReplaceCount { column, from, count } => format!("compté {column} {from:?} : {count}"),
        Response::Suggestions { column, items } => {
            let items: Vec<String> = items
                .iter()
                .map(|i| format!("L{} {:?}→{:?}", i.line, i.before, i.after))
                .collect();
            format!("corrections {column} : [{}]", items.join(" "))
        }
        Response::RecipeRefused { message } => format!("recette refusée : {message}"),
        Response::Refused { message } => format!("refusé : {message}"),
        Response::Updated(update) => format!(
            "modifié : {} lignes ; corrigées {}+{}",
            update.lines.len(),
            update.fixes.recipe,
            update.fixes.actions
        ),
        Response::Exported { file_name, .. } => format!("exporté {file_name}"),
        other => format!("{other:?}"),
    }
}

#[test]
fn values_for_every_line_replacements_and_undo() {
    run(
        vec![
            open(),
            Request::CheckValue {
                field: "etablissement_responsable_siret".to_owned(),
                text: "775 680 135 01139".to_owned(),
            },
            Request::CheckValue {
                field: "etablissement_responsable_uai".to_owned(),
                text: "0755805".to_owned(),
            },
            Request::CheckValue {
                field: "etablissement_responsable_uai".to_owned(),
                text: "0755805C".to_owned(),
            },
            value("etablissement_responsable_uai", "0755805C"),
            value("etablissement_responsable_siret", "77568013501139"),
            value("etablissement_formateur_uai", "0802004U"),
            value("etablissement_formateur_siret", "77937827200016"),
            value("annee_scolaire", "2025-2026"),
            Request::CountReplace {
                column: SEXE,
                from: " Femme ".to_owned(),
            },
            replace(SEXE, "Homme", "M"),
            replace(SEXE, "Femme", "F"),
            Request::UndoFix,
            Request::UndoFix,
            replace(SEXE, "Homme", "M"),
            replace(SEXE, "Femme", "F"),
            // A value for a column that is there fills its empty cells only.
            value("tel_apprenant", "0601020304"),
            Request::UndoFix,
            Request::Suggestions { column: CODE_POSTAL },
            Request::Fix(FixRequest::Suggestions {
                column: CODE_POSTAL,
                rows: None,
            }),
            Request::UndoFix,
            Request::Edit {
                row: 0,
                column: SEXE,
                text: "F".to_owned(),
            },
        ],
        &expect![[r#"
            ouvert : 0 valides, 20 en erreur, 5 manquantes ; corrigées 0+0 ; recette {"version":1}
            vérifié etablissement_responsable_siret="775 680 135 01139" : []
            vérifié etablissement_responsable_uai="0755805" : [uai-invalide « UAI invalide : « 0755805 » » None]
            vérifié etablissement_responsable_uai="0755805C" : []
            valeur : 20 cellules, 20 lignes, une étape ; 0 valides, 20 en erreur, 4 manquantes ; corrigées 0+20 ; recette {"version":1,"values":{"etablissement_responsable_uai":"0755805C"}}
            valeur : 20 cellules, 20 lignes, une étape ; 0 valides, 20 en erreur, 3 manquantes ; corrigées 0+40 ; recette {"version":1,"values":{"etablissement_responsable_uai":"0755805C","etablissement_responsable_siret":"77568013501139"}}
            valeur : 20 cellules, 20 lignes, une étape ; 0 valides, 20 en erreur, 2 manquantes ; corrigées 0+60 ; recette {"version":1,"values":{"etablissement_responsable_uai":"0755805C","etablissement_responsable_siret":"77568013501139","etablissement_formateur_uai":"0802004U"}}
            valeur : 20 cellules, 20 lignes, une étape ; 0 valides, 20 en erreur, 1 manquantes ; corrigées 0+80 ; recette {"version":1,"values":{"etablissement_responsable_uai":"0755805C","etablissement_responsable_siret":"77568013501139","etablissement_formateur_uai":"0802004U","etablissement_formateur_siret":"77937827200016"}}
            valeur : 20 cellules, 20 lignes, une étape ; 0 valides, 20 en erreur, 0 manquantes ; corrigées 0+100 ; recette {"version":1,"values":{"etablissement_responsable_uai":"0755805C","etablissement_responsable_siret":"77568013501139","etablissement_formateur_uai":"0802004U","etablissement_formateur_siret":"77937827200016","annee_scolaire":"2025-2026"}}
            compté 3 " Femme " : 10
            remplacement : 10 cellules, 10 lignes, une étape ; 9 valides, 11 en erreur, 0 manquantes ; corrigées 0+110 ; recette {"version":1,"values":{"etablissement_responsable_uai":"0755805C","etablissement_responsable_siret":"77568013501139","etablissement_formateur_uai":"0802004U","etablissement_formateur_siret":"77937827200016","annee_scolaire":"2025-2026"},"replace":{"sexe_apprenant":[{"from":"Homme","to":"M"}]}}
            remplacement : 10 cellules, 10 lignes, une étape ; 18 valides, 2 en erreur, 0 manquantes ; corrigées 0+120 ; recette {"version":1,"values":{"etablissement_responsable_uai":"0755805C","etablissement_responsable_siret":"77568013501139","etablissement_formateur_uai":"0802004U","etablissement_formateur_siret":"77937827200016","annee_scolaire":"2025-2026"},"replace":{"sexe_apprenant":[{"from":"Homme","to":"M"},{"from":"Femme","to":"F"}]}}
            remplacement annulé : 10 cellules, 10 lignes ; 9 valides, 11 en erreur, 0 manquantes ; corrigées 0+110 ; recette {"version":1,"values":{"etablissement_responsable_uai":"0755805C","etablissement_responsable_siret":"77568013501139","etablissement_formateur_uai":"0802004U","etablissement_formateur_siret":"77937827200016","annee_scolaire":"2025-2026"},"replace":{"sexe_apprenant":[{"from":"Homme","to":"M"}]}}
            remplacement annulé : 10 cellules, 10 lignes ; 0 valides, 20 en erreur, 0 manquantes ; corrigées 0+100 ; recette {"version":1,"values":{"etablissement_responsable_uai":"0755805C","etablissement_responsable_siret":"77568013501139","etablissement_formateur_uai":"0802004U","etablissement_formateur_siret":"77937827200016","annee_scolaire":"2025-2026"}}
            remplacement : 10 cellules, 10 lignes, une étape ; 9 valides, 11 en erreur, 0 manquantes ; corrigées 0+110 ; recette {"version":1,"values":{"etablissement_responsable_uai":"0755805C","etablissement_responsable_siret":"77568013501139","etablissement_formateur_uai":"0802004U","etablissement_formateur_siret":"77937827200016","annee_scolaire":"2025-2026"},"replace":{"sexe_apprenant":[{"from":"Homme","to":"M"}]}}
            remplacement : 10 cellules, 10 lignes, une étape ; 18 valides, 2 en erreur, 0 manquantes ; corrigées 0+120 ; recette {"version":1,"values":{"etablissement_responsable_uai":"0755805C","etablissement_responsable_siret":"77568013501139","etablissement_formateur_uai":"0802004U","etablissement_formateur_siret":"77937827200016","annee_scolaire":"2025-2026"},"replace":{"sexe_apprenant":[{"from":"Homme","to":"M"},{"from":"Femme","to":"F"}]}}
            valeur : 2 cellules, 2 lignes, une étape ; 18 valides, 2 en erreur, 0 manquantes ; corrigées 0+122 ; recette {"version":1,"values":{"etablissement_responsable_uai":"0755805C","etablissement_responsable_siret":"77568013501139","etablissement_formateur_uai":"0802004U","etablissement_formateur_siret":"77937827200016","annee_scolaire":"2025-2026","tel_apprenant":"0601020304"},"replace":{"sexe_apprenant":[{"from":"Homme","to":"M"},{"from":"Femme","to":"F"}]}}
            valeur annulé : 2 cellules, 2 lignes ; 18 valides, 2 en erreur, 0 manquantes ; corrigées 0+120 ; recette {"version":1,"values":{"etablissement_responsable_uai":"0755805C","etablissement_responsable_siret":"77568013501139","etablissement_formateur_uai":"0802004U","etablissement_formateur_siret":"77937827200016","annee_scolaire":"2025-2026"},"replace":{"sexe_apprenant":[{"from":"Homme","to":"M"},{"from":"Femme","to":"F"}]}}
            corrections 6 : [L14 "80 090"→"80090"]
            correction : 1 cellules, 1 lignes, une étape ; 19 valides, 1 en erreur, 0 manquantes ; corrigées 0+121 ; recette {"version":1,"values":{"etablissement_responsable_uai":"0755805C","etablissement_responsable_siret":"77568013501139","etablissement_formateur_uai":"0802004U","etablissement_formateur_siret":"77937827200016","annee_scolaire":"2025-2026"},"replace":{"sexe_apprenant":[{"from":"Homme","to":"M"},{"from":"Femme","to":"F"}]}}
            correction annulé : 1 cellules, 1 lignes ; 18 valides, 2 en erreur, 0 manquantes ; corrigées 0+120 ; recette {"version":1,"values":{"etablissement_responsable_uai":"0755805C","etablissement_responsable_siret":"77568013501139","etablissement_formateur_uai":"0802004U","etablissement_formateur_siret":"77937827200016","annee_scolaire":"2025-2026"},"replace":{"sexe_apprenant":[{"from":"Homme","to":"M"},{"from":"Femme","to":"F"}]}}
            modifié : 1 lignes ; corrigées 0+120"#]],
    );
}

/// The recipe of `tests/data`: the same figures as the column actions above, counted as the recipe's; a
/// recipe that cannot apply changes nothing (the view is the same before and after), with the engine's
/// French message.
#[test]
fn recipes_apply_whole_or_not_at_all() {
    let good = String::from_utf8(bytes("export-erp.recette.json")).expect("UTF-8");
    let mut engine = Engine::new();
    let _ = engine.handle(open(), &mut |_| ());
    let before = engine.session().map(super::WorkerSession::view);
    let bad = [
        "pas du JSON",
        "[]",
        r#"{ "columns": {} }"#,
        r#"{ "version": 2 }"#,
        r#"{ "version": 1, "colonnes": {} }"#,
        r#"{ "version": 1, "values": { "sexe": "M" } }"#,
        r#"{ "version": 1, "values": { "sexe_apprenant": 1 } }"#,
        r#"{ "version": 1, "columns": { "Matricule": "id_erp_apprenant", "Pas là": null } }"#,
        r#"{ "version": 1, "replace": { "sexe_apprenant": [ { "from": "Homme" } ] } }"#,
    ];
    let mut out: Vec<String> = Vec::new();
    for json in bad {
        out.push(describe(&engine.handle(recipe(json), &mut |_| ())));
        assert_eq!(
            engine.session().map(super::WorkerSession::view),
            before,
            "nothing half-applied: {json}"
        );
    }
    out.push(describe(&engine.handle(recipe(&good), &mut |_| ())));
    out.push(describe(&engine.handle(Request::UndoFix, &mut |_| ())));
    assert_eq!(
        engine.session().map(|session| trimmed(session.view())),
        before.map(trimmed),
        "the undo puts everything back"
    );
    out.push(describe(&engine.handle(Request::UndoFix, &mut |_| ())));
    expect![[r#"
        recette refusée : Recette illisible : ce n'est pas du JSON valide (ligne 1, colonne 1).
        recette refusée : La recette doit être un objet JSON { "version": 1, … } (trouvé : une liste).
        recette refusée : Recette : la clé « version » est obligatoire (« "version": 1 »).
        recette refusée : Recette : version 2 non prise en charge (la seule version est 1).
        recette refusée : Recette : clé inconnue « colonnes » (clés possibles : version, columns, values, replace).
        recette refusée : Recette : « sexe » n'est pas un champ connu (values) ; utilisez le nom exact d'un champ, comme nom_apprenant ou etablissement_formateur_uai.
        recette refusée : Recette : dans « values », la valeur de « sexe_apprenant » doit être un texte entre guillemets (trouvé : 1).
        recette refusée : Recette : le fichier n'a pas de colonne « Pas là » (dans « columns », l'en-tête doit être écrit exactement comme dans le fichier).
        recette refusée : Recette : dans « replace », le remplacement n° 1 de « sexe_apprenant » n'a pas de clé « to ».
        recette : 120 cellules, 20 lignes, une étape ; 18 valides, 2 en erreur, 0 manquantes ; corrigées 120+0 ; recette {"version":1,"columns":{"Matricule":"id_erp_apprenant","Groupe":null},"values":{"annee_scolaire":"2025-2026","etablissement_responsable_uai":"0755805C","etablissement_responsable_siret":"77568013501139","etablissement_formateur_uai":"0802004U","etablissement_formateur_siret":"77937827200016"},"replace":{"sexe_apprenant":[{"from":"Homme","to":"M"},{"from":"Femme","to":"F"}]}}
        recette annulé : 120 cellules, 20 lignes ; 0 valides, 20 en erreur, 5 manquantes ; corrigées 0+0 ; recette {"version":1}
        refusé : Aucune correction à annuler."#]]
    .assert_eq(&out.join("\n"));
}

/// The corrected download holds every fix; the annotated workbook shows each fixed cell apart (a note saying
/// what was corrected). After a remap the fixes stay (cells and recipe) but are no longer undone one by one.
#[test]
fn downloads_hold_the_fixes_and_a_remap_settles_them() {
    let good = String::from_utf8(bytes("export-erp.recette.json")).expect("UTF-8");
    let mut engine = Engine::new();
    let _ = engine.handle(open(), &mut |_| ());
    let _ = engine.handle(recipe(&good), &mut |_| ());
    let export = |engine: &mut Engine, kind| match engine.handle(Request::Export { kind }, &mut |_| ()) {
        Response::Exported { bytes, .. } => bytes,
        other => panic!("{other:?}"),
    };
    let corrected = export(&mut engine, ExportKind::Corrected);
    let strings = super::tests::xml_part(&corrected, "xl/sharedStrings.xml");
    for fixed in ["0755805C", "77937827200016", "2025-2026", ">M<", ">F<"] {
        assert!(strings.contains(fixed), "the corrected data holds {fixed}");
    }
    assert!(!strings.contains(">Homme<"), "and no longer the file's Homme");
    let annotated = export(&mut engine, ExportKind::Annotated);
    let notes = super::tests::xml_part(&annotated, "xl/comments1.xml");
    assert!(notes.contains("corrigé : « Homme » → « M »"), "a replaced cell's note");
    assert!(notes.contains("corrigé : «  » → « 0755805C »"), "a value's note");
    // A remap: the steps stay (cells, recipe), the history ends.
    let view = engine.session().map(super::WorkerSession::view).expect("open");
    let mapping: Vec<Option<String>> = view.columns.iter().map(|c| c.field.clone()).collect();
    let remapped = engine.handle(Request::Remap { mapping }, &mut |_| ());
    let Response::Opened(remapped) = remapped else {
        panic!("{remapped:?}")
    };
    assert_eq!((remapped.fixes.recipe, remapped.summary.valid), (120, 18));
    // The same recipe, but for `Groupe`: ignoring a column nothing matched is what the remap does anyway.
    assert_eq!(
        compact(&remapped.recipe),
        compact(&view.recipe).replace(r#","Groupe":null"#, "")
    );
    assert_eq!(
        describe(&engine.handle(Request::UndoFix, &mut |_| ())),
        "refusé : Aucune correction à annuler."
    );
}
