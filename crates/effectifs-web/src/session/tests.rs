//! Tests of the session on the real fixtures of `tests/data`: open, edit and undo, duplicates
//! appearing and disappearing, remap, another evaluation day, exports, payloads, the sheet choice,
//! and the engine's answers. After every change the incremental state is compared with a fresh
//! validation of the same table, so that an edit can never leave a stale verdict behind.
#![allow(
    clippy::needless_raw_string_hashes,
    reason = "expect-test writes its literals as `r#\"…\"#`"
)]

use std::io::{Cursor, Read as _};

use effectifs_core::{Date, Field, Profile, validate};
use expect_test::expect;
use rust_xlsxwriter::Workbook;

use super::{Engine, Opening, WorkerSession};
use crate::protocol::{ExportKind, FileView, Request, Response};

pub(super) const TODAY: &str = "2026-11-23";

pub(super) fn bytes(name: &str) -> Vec<u8> {
    let path = format!("{}/../../tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).expect("fixture exists")
}

fn today() -> Date {
    Date::parse_iso(TODAY).expect("a real day")
}

/// Opens a fixture in the `televersement` profile; the file must open without a sheet choice.
fn open(name: &str) -> (WorkerSession, FileView) {
    open_bytes(&bytes(name), name, None)
}

fn open_bytes(content: &[u8], name: &str, sheet: Option<&str>) -> (WorkerSession, FileView) {
    match WorkerSession::open(
        content,
        name,
        sheet,
        Profile::Televersement,
        today(),
        None,
        &mut |_, _, _| {},
    ) {
        Ok(Opening::Ready(session, view)) => (*session, *view),
        Ok(Opening::ChooseSheet(sheets)) => panic!("{name}: a sheet choice {sheets:?}"),
        Err(message) => panic!("{name}: {message}"),
    }
}

/// The incremental report is the one a fresh validation of the current table gives.
fn assert_fresh(session: &WorkerSession, context: &str) {
    let fresh = validate(session.table(), Profile::Televersement, session.report().today);
    assert_eq!(session.report(), &fresh, "{context}");
    assert_eq!(session.view(), session.view(), "{context}");
}

/// A compact rendering of a view: the summary, the columns (`letter header=field (match) e/w`),
/// then each line's verdict and marks.
fn render(view: &FileView) -> String {
    let s = &view.summary;
    let mut out = format!(
        "{} {} sheet={:?} header_line={} key={}\nlignes={} valides={} invalides={} erreurs={} avertissements={} \
         apprentis={} inscrits={} rupturants={} abandons={} fin={} sans_contrat={} today={}\n",
        view.file.name,
        view.file.format,
        view.file.sheet,
        view.file.header_line,
        view.header_key,
        s.lines,
        s.valid,
        s.invalid,
        s.errors,
        s.warnings,
        s.apprentis,
        s.inscrits_sans_contrat,
        s.rupturants,
        s.abandons,
        s.fin_de_formation,
        s.sans_contrat,
        s.today
    );
    for column in &view.columns {
        if column.field.is_none() || column.errors + column.warnings > 0 || column.matched == "manual" {
            out.push_str(&format!(
                "col {} {:?}={} ({}) {}e/{}w\n",
                column.letter,
                column.header,
                column.field.as_deref().unwrap_or("-"),
                column.matched,
                column.errors,
                column.warnings
            ));
        }
    }
    let missing: Vec<&str> = view.missing_columns.iter().map(|field| field.name.as_str()).collect();
    if !missing.is_empty() {
        out.push_str(&format!("manquantes: {}\n", missing.join(", ")));
    }
    for line in &view.lines {
        out.push_str(&render_line(line));
    }
    out
}

fn render_line(line: &crate::protocol::LineView) -> String {
    let statut = line
        .statut
        .as_ref()
        .map_or_else(|| "-".to_owned(), |statut| statut.current.label().to_owned());
    let marks: Vec<String> = line
        .marks
        .iter()
        .map(|mark| {
            let column = mark
                .column
                .map_or_else(|| "ligne".to_owned(), |column| column.to_string());
            format!("{}@{column}", mark.code)
        })
        .collect();
    format!(
        "L{} {}e {}w [{statut}] {}\n",
        line.line,
        line.errors,
        line.warnings,
        marks.join(" ")
    )
}

#[test]
fn opens_the_fixtures() {
    let cases = [
        (
            "effectifs-cp1252.csv",
            expect![[r#"
                effectifs-cp1252.csv csv sheet=None header_line=1 key=afe2854c33730210-34
                lignes=12 valides=8 invalides=4 erreurs=4 avertissements=5 apprentis=0 inscrits=0 rupturants=0 abandons=0 fin=0 sans_contrat=5 today=2026-11-23
                col A "N° dossier"=- (none) 0e/0w
                col I "Email"=email_contact (label) 1e/0w
                col M "Classe"=- (none) 0e/0w
                col S "Date d'inscription"=date_inscription_formation (label) 1e/0w
                col Y "SIRET formateur"=etablissement_formateur_siret (label) 1e/0w
                col AA "Date de début de contrat"=contrat_date_debut (label) 1e/0w
                L2 0e 0w [Apprenti] 
                L3 0e 0w [Fin de formation] 
                L4 0e 1w [Abandon] sans-contrat@ligne
                L5 1e 0w [Apprenti] date-inexistante@18
                L6 0e 0w [Abandon] 
                L7 0e 0w [Apprenti] 
                L8 1e 0w [Apprenti] email-invalide@8
                L9 0e 1w [Abandon] sans-contrat@ligne
                L10 0e 0w [Apprenti] 
                L11 1e 1w [Abandon] siret-invalide@24 sans-contrat@ligne
                L12 0e 1w [Abandon] sans-contrat@ligne
                L13 1e 1w [Abandon] contrat-incomplet@26 sans-contrat@ligne
            "#]],
        ),
        (
            "modele-officiel.xlsx",
            expect![[r#"
                modele-officiel.xlsx xlsx sheet=Some("Modèle") header_line=1 key=4064c73b3b42eda9-62
                lignes=1 valides=1 invalides=0 erreurs=0 avertissements=10 apprentis=0 inscrits=0 rupturants=0 abandons=0 fin=0 sans_contrat=0 today=2026-11-23
                col R "etablissement_responsable_uai *"=etablissement_responsable_uai (exact) 0e/1w
                col S "etablissement_responsable_siret *"=etablissement_responsable_siret (exact) 0e/1w
                col T "etablissement_formateur_uai *"=etablissement_formateur_uai (exact) 0e/1w
                col U "etablissement_formateur_siret *"=etablissement_formateur_siret (exact) 0e/1w
                col V "etablissement_lieu_de_formation_uai"=etablissement_lieu_de_formation_uai (exact) 0e/1w
                col W "etablissement_lieu_de_formation_siret"=etablissement_lieu_de_formation_siret (exact) 0e/1w
                col AS "siret_employeur **"=siret_employeur (exact) 0e/1w
                col AX "siret_employeur_2 **"=siret_employeur_2 (exact) 0e/1w
                col BC "siret_employeur_3 **"=siret_employeur_3 (exact) 0e/1w
                col BH "siret_employeur_4 **"=siret_employeur_4 (exact) 0e/1w
                L2 0e 10w [Abandon] cle-siret-incorrecte@44 cle-siret-incorrecte@49 cle-siret-incorrecte@54 cle-siret-incorrecte@59 cle-uai-incorrecte@17 cle-siret-incorrecte@18 cle-uai-incorrecte@19 cle-siret-incorrecte@20 cle-uai-incorrecte@21 cle-siret-incorrecte@22
            "#]],
        ),
        (
            "entete-ligne-3.xlsx",
            expect![[r#"
                entete-ligne-3.xlsx xlsx sheet=Some("Effectifs") header_line=3 key=8607cc9a29c1e6ab-22
                lignes=3 valides=2 invalides=1 erreurs=1 avertissements=2 apprentis=0 inscrits=0 rupturants=0 abandons=0 fin=0 sans_contrat=2 today=2026-11-23
                col Q "date_fin_formation *"=date_fin_formation (exact) 1e/0w
                L4 0e 0w [Apprenti] 
                L5 1e 1w [Inscrit sans contrat] fin-formation-avant-entree@16 sans-contrat@ligne
                L6 0e 1w [Abandon] sans-contrat@ligne
            "#]],
        ),
    ];
    for (name, expected) in cases {
        let (session, view) = open(name);
        assert_fresh(&session, name);
        expected.assert_eq(&render(&view));
    }
}

/// The same headers give the same key, whatever the format and the data.
#[test]
fn header_keys() {
    let key = |name: &str| open(name).1.header_key;
    let csv = key("effectifs-cp1252.csv");
    for same in ["effectifs.xlsx", "effectifs.ods", "effectifs.xls"] {
        assert_eq!(key(same), csv, "{same}");
    }
    for other in ["modele-officiel.xlsx", "entete-ligne-3.xlsx", "lignes-vides.csv"] {
        assert_ne!(key(other), csv, "{other}");
    }
}

/// Marks carry the engine's French message and hint, on the column that feeds the field.
#[test]
fn marks_are_the_engines() {
    let (_, view) = open("effectifs-cp1252.csv");
    let line = view.lines.iter().find(|line| line.line == 5).expect("line 5");
    let mark = &line.marks[0];
    assert_eq!(mark.column, Some(18));
    assert_eq!(view.columns[18].field.as_deref(), Some("date_inscription_formation"));
    assert_eq!(mark.message, "Cette date n'existe pas : « 31/02/2025 »");
    assert!(mark.hint.starts_with("Vérifiez le jour et le mois"), "{}", mark.hint);
    assert_eq!(line.cells.get(18), Some("31/02/2025"));
}

/// A header that two fields could fit is matched to none and carries the engine's candidates, for the mapping
/// step to offer; a recognised or unknown header carries none.
#[test]
fn ambiguous_headers_offer_candidates() {
    const UAI: [&str; 3] = [
        "etablissement_responsable_uai",
        "etablissement_formateur_uai",
        "etablissement_lieu_de_formation_uai",
    ];
    const SIRET: [&str; 3] = [
        "etablissement_responsable_siret",
        "etablissement_formateur_siret",
        "etablissement_lieu_de_formation_siret",
    ];
    let file = "Nom;Prénom;UAI;SIRET;Classe\nDupont;Jean;0755805C;77568013501139;A\n";
    let (_, view) = open_bytes(file.as_bytes(), "export.csv", None);
    let offered: Vec<(String, Option<String>, Vec<String>)> = view
        .columns
        .iter()
        .map(|column| {
            let names = column.candidates.iter().map(|field| field.name.clone()).collect();
            (column.header.clone(), column.field.clone(), names)
        })
        .collect();
    let owned = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect::<Vec<String>>();
    assert_eq!(
        offered,
        vec![
            ("Nom".to_owned(), Some("nom_apprenant".to_owned()), Vec::new()),
            ("Prénom".to_owned(), Some("prenom_apprenant".to_owned()), Vec::new()),
            ("UAI".to_owned(), None, owned(&UAI)),
            ("SIRET".to_owned(), None, owned(&SIRET)),
            ("Classe".to_owned(), None, Vec::new()),
        ]
    );
}

/// One edit step: (row, column, text), the lines (spreadsheet numbers) the update returns, and
/// the rendering of those lines.
type Step<'a> = (usize, usize, &'a str, &'a [u32]);

/// Runs edit steps on a fixture; `prepared`: the duplicate index is built before the first edit
/// (as the worker does when idle) rather than by it.
fn run_steps(name: &str, prepared: bool, steps: &[Step], expected: &expect_test::Expect) {
    let (mut session, initial) = open(name);
    if prepared {
        session.prepare_edits();
    }
    let mut out = String::new();
    for (row, column, text, changed) in steps {
        let update = session.edit(*row, *column, text).expect("a cell of the file");
        let lines: Vec<u32> = update.lines.iter().map(|changed| changed.view.line).collect();
        assert_eq!(lines, *changed, "{name}: edit {row},{column} = {text:?}");
        assert_fresh(&session, &format!("{name}: edit {row},{column} = {text:?}"));
        let view = session.view();
        assert_eq!(update.summary, view.summary);
        assert_eq!(update.columns, view.columns);
        for changed in &update.lines {
            assert_eq!(changed.view, view.lines[changed.row as usize]);
        }
        out.push_str(&format!(
            "edit {row},{column} = {text:?}: valides={} invalides={} avertissements={}\n",
            update.summary.valid, update.summary.invalid, update.summary.warnings
        ));
        for changed in &update.lines {
            out.push_str(&format!("  {}", render_line(&changed.view)));
        }
    }
    expected.assert_eq(&out);
    // Every step here ends where it started: the undo is exact, cell types included.
    assert_eq!(session.view(), initial, "{name}: back to the file as read");
}

#[test]
fn edit_and_undo() {
    // cp1252: line 5 (row 3) has the impossible date in S (18); line 8 (row 6) the bad e-mail in I (8).
    run_steps(
        "effectifs-cp1252.csv",
        true,
        &[
            (3, 18, "28/02/2025", &[5]),
            (6, 8, "lucas.martin@gmail.com", &[8]),
            (6, 8, "lucas.martin@gmail", &[8]),
            (3, 18, "31/02/2025", &[5]),
        ],
        &expect![[r#"
            edit 3,18 = "28/02/2025": valides=9 invalides=3 avertissements=5
              L5 0e 0w [Apprenti] 
            edit 6,8 = "lucas.martin@gmail.com": valides=10 invalides=2 avertissements=5
              L8 0e 0w [Apprenti] 
            edit 6,8 = "lucas.martin@gmail": valides=9 invalides=3 avertissements=5
              L8 1e 0w [Apprenti] email-invalide@8
            edit 3,18 = "31/02/2025": valides=8 invalides=4 avertissements=5
              L5 1e 0w [Apprenti] date-inexistante@18
        "#]],
    );
    // xlsx: date cells edited as text, then their original text typed back restores the date cell.
    run_steps(
        "entete-ligne-3.xlsx",
        false,
        &[
            (1, 16, "30/06/2027", &[5]),
            (1, 16, "30/06/2025", &[5]),
            (0, 0, "", &[4]),
            (0, 0, "Lenôtre", &[4]),
        ],
        &expect![[r#"
            edit 1,16 = "30/06/2027": valides=3 invalides=0 avertissements=2
              L5 0e 1w [Abandon] sans-contrat@ligne
            edit 1,16 = "30/06/2025": valides=2 invalides=1 avertissements=2
              L5 1e 1w [Inscrit sans contrat] fin-formation-avant-entree@16 sans-contrat@ligne
            edit 0,0 = "": valides=1 invalides=2 avertissements=2
              L4 1e 0w [Apprenti] champ-obligatoire@0
            edit 0,0 = "Lenôtre": valides=2 invalides=1 avertissements=2
              L4 0e 0w [Apprenti] 
        "#]],
    );
}

/// Copying line 2's identity onto line 7 makes both duplicates; changing it back frees both.
#[test]
fn edits_create_and_remove_duplicates() {
    let (_, view) = open("effectifs-cp1252.csv");
    // Nom (B), Prénom (C), Date de naissance (E) of line 2 (row 0) and of line 7 (row 5).
    let identity = [1usize, 2, 4];
    let copy: Vec<String> = identity
        .iter()
        .map(|column| view.lines[0].cells.get(*column).unwrap_or_default().to_owned())
        .collect();
    let back: Vec<String> = identity
        .iter()
        .map(|column| view.lines[5].cells.get(*column).unwrap_or_default().to_owned())
        .collect();
    let texts: Vec<&str> = copy.iter().chain(&back).map(String::as_str).collect();
    let steps: Vec<Step> = vec![
        (5, 1, texts[0], &[7]),
        (5, 2, texts[1], &[7]),
        (5, 4, texts[2], &[2, 7]),
        (5, 4, texts[5], &[2, 7]),
        (5, 2, texts[4], &[7]),
        (5, 1, texts[3], &[7]),
    ];
    run_steps(
        "effectifs-cp1252.csv",
        false,
        &steps,
        &expect![[r#"
            edit 5,1 = "LEFÈVRE": valides=8 invalides=4 avertissements=5
              L7 0e 0w [Apprenti] 
            edit 5,2 = "Hélène": valides=8 invalides=4 avertissements=5
              L7 0e 0w [Apprenti] 
            edit 5,4 = "14/03/2007": valides=8 invalides=4 avertissements=7
              L2 0e 1w [Apprenti] doublon@ligne
              L7 0e 1w [Apprenti] doublon@ligne
            edit 5,4 = "27/07/2006": valides=8 invalides=4 avertissements=5
              L2 0e 0w [Apprenti] 
              L7 0e 0w [Apprenti] 
            edit 5,2 = "Jérôme": valides=8 invalides=4 avertissements=5
              L7 0e 0w [Apprenti] 
            edit 5,1 = "Moreau": valides=8 invalides=4 avertissements=5
              L7 0e 0w [Apprenti] 
        "#]],
    );
}

#[test]
fn remap_and_back() {
    let (mut session, initial) = open("effectifs-cp1252.csv");
    let automatic: Vec<Option<Field>> = session.table().columns.iter().map(|column| column.field).collect();
    let mut mapping = automatic.clone();
    mapping[0] = Some(Field::IdErpApprenant); // "N° dossier" becomes the learner's id
    mapping[1] = None; // "Nom" ignored: a required column is missing
    let view = session.remap(&mapping, &mut |_, _, _| {});
    assert_fresh(&session, "remapped");
    expect![[r#"
        effectifs-cp1252.csv csv sheet=None header_line=1 key=afe2854c33730210-34
        lignes=12 valides=0 invalides=12 erreurs=16 avertissements=5 apprentis=0 inscrits=0 rupturants=0 abandons=0 fin=0 sans_contrat=5 today=2026-11-23
        col A "N° dossier"=id_erp_apprenant (manual) 0e/0w
        col B "Nom"=- (manual) 0e/0w
        col I "Email"=email_contact (label) 1e/0w
        col M "Classe"=- (none) 0e/0w
        col S "Date d'inscription"=date_inscription_formation (label) 1e/0w
        col Y "SIRET formateur"=etablissement_formateur_siret (label) 1e/0w
        col AA "Date de début de contrat"=contrat_date_debut (label) 1e/0w
        manquantes: nom_apprenant
        L2 1e 0w [Apprenti] champ-obligatoire@ligne
        L3 1e 0w [Fin de formation] champ-obligatoire@ligne
        L4 1e 1w [Abandon] champ-obligatoire@ligne sans-contrat@ligne
        L5 2e 0w [Apprenti] champ-obligatoire@ligne date-inexistante@18
        L6 1e 0w [Abandon] champ-obligatoire@ligne
        L7 1e 0w [Apprenti] champ-obligatoire@ligne
        L8 2e 0w [Apprenti] champ-obligatoire@ligne email-invalide@8
        L9 1e 1w [Abandon] champ-obligatoire@ligne sans-contrat@ligne
        L10 1e 0w [Apprenti] champ-obligatoire@ligne
        L11 2e 1w [Abandon] champ-obligatoire@ligne siret-invalide@24 sans-contrat@ligne
        L12 1e 1w [Abandon] champ-obligatoire@ligne sans-contrat@ligne
        L13 2e 1w [Abandon] champ-obligatoire@ligne contrat-incomplet@26 sans-contrat@ligne
    "#]].assert_eq(&render(&view));
    let Ok(Opening::Ready(_, opened)) = WorkerSession::open(
        &bytes("effectifs-cp1252.csv"),
        "effectifs-cp1252.csv",
        None,
        Profile::Televersement,
        today(),
        Some(&mapping),
        &mut |_, _, _| {},
    ) else {
        panic!("the file opens");
    };
    assert_eq!(*opened, view, "a remembered mapping applied at open");
    let view = session.remap(&automatic, &mut |_, _, _| {});
    assert_eq!(view, initial, "the automatic mapping again");
}

/// Another evaluation day gives what opening the file on that day gives.
#[test]
fn set_today_is_a_fresh_validation_at_that_day() {
    for day in ["2025-09-15", "2026-03-01", "2028-01-01"] {
        let (mut session, _) = open("effectifs-cp1252.csv");
        let (summary, statuts) = session.set_today(Date::parse_iso(day).expect("a real day"));
        assert_fresh(&session, day);
        let Ok(Opening::Ready(_, fresh)) = WorkerSession::open(
            &bytes("effectifs-cp1252.csv"),
            "effectifs-cp1252.csv",
            None,
            Profile::Televersement,
            Date::parse_iso(day).expect("a real day"),
            None,
            &mut |_, _, _| {},
        ) else {
            panic!("{day}: the file opens");
        };
        assert_eq!(summary, fresh.summary, "{day}");
        let fresh_statuts: Vec<_> = fresh.lines.iter().map(|line| line.statut.clone()).collect();
        assert_eq!(statuts, fresh_statuts, "{day}");
    }
}

#[test]
fn exports_follow_the_edits() {
    let (mut session, _) = open("effectifs-cp1252.csv");
    session.edit(3, 18, "28/02/2025").expect("a cell");
    // Corrected: reads back with the edit, and validates like the session.
    let (name, mime, corrected) = session.export(ExportKind::Corrected).expect("written");
    assert_eq!(name, "effectifs-cp1252-corrige.xlsx");
    assert_eq!(mime, super::XLSX_MIME);
    let again = effectifs_sheet::read(&corrected, &name, &effectifs_sheet::ReadOptions::default()).expect("reads");
    assert_eq!(again.table.columns, session.table().columns);
    let report = validate(&again.table, Profile::Televersement, today());
    let verdicts = |report: &effectifs_core::Report| -> Vec<usize> {
        report.lines.iter().map(|line| line.errors().count()).collect()
    };
    assert_eq!(verdicts(&report), verdicts(session.report()));
    // The fixed date, typed as text, is written as a real date cell (what the official page reads best).
    let fixed = Date::from_ymd(2025, 2, 28).expect("a real day").to_excel_serial();
    assert_eq!(again.table.rows[3].cells[18], effectifs_core::Cell::Date(fixed));
    // Annotated: the fixed cell is plain, the others still marked, on their spreadsheet lines.
    let (name, _, annotated) = session.export(ExportKind::Annotated).expect("written");
    assert_eq!(name, "effectifs-cp1252-annote.xlsx");
    let comments = xml_part(&annotated, "xl/comments1.xml");
    assert!(!comments.contains("31/02/2025"), "the fixed date has no note any more");
    assert!(comments.contains("lucas.martin@gmail"), "the e-mail still has its note");
    assert!(comments.contains("<comment ref=\"I8\""), "the note is on I8");
    // Template: the blank workbook.
    let (name, _, template) = session.export(ExportKind::Template).expect("written");
    assert_eq!(name, "modele-effectifs.xlsx");
    assert_eq!(template, effectifs_sheet::template().expect("written"));
}

pub(super) fn xml_part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .expect("the part exists")
        .read_to_string(&mut text)
        .expect("utf-8 xml");
    text
}

/// The payloads are the send engine's items: valid lines only, the CLI's JSON.
#[test]
fn payloads_are_the_send_items() {
    let (mut session, _) = open("effectifs-cp1252.csv");
    let lines = |session: &WorkerSession| -> Vec<u32> { session.payloads().iter().map(|item| item.line).collect() };
    assert_eq!(lines(&session), [2, 3, 4, 6, 7, 9, 10, 12]);
    session.edit(3, 18, "28/02/2025").expect("a cell");
    assert_eq!(lines(&session), [2, 3, 4, 5, 6, 7, 9, 10, 12]);
    let sent = effectifs_send::items(session.report());
    for (payload, item) in session.payloads().iter().zip(&sent) {
        let parsed: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&payload.dossier).expect("a JSON object");
        assert_eq!(parsed, item.dossier, "line {}", payload.line);
    }
    let fixed: serde_json::Value = serde_json::from_str(&session.payloads()[3].dossier).expect("JSON");
    assert_eq!(fixed["date_inscription_formation"], "2025-02-28");
}

/// A workbook with sheets `sheets` (name, hidden, has learners), each with learners or a note.
fn workbook(sheets: &[(&str, bool, bool)]) -> Vec<u8> {
    let mut book = Workbook::new();
    // Excel never hides the active sheet: the first visible one is.
    let active = sheets.iter().position(|(_, hidden, _)| !hidden);
    for (index, (name, hidden, learners)) in sheets.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("a valid name");
        if *learners {
            let headers = [
                "nom_apprenant",
                "prenom_apprenant",
                "date_de_naissance_apprenant",
                "annee_scolaire",
            ];
            for (column, header) in (0u16..).zip(headers) {
                sheet.write_string(0, column, header).expect("written");
            }
            for (column, value) in (0u16..).zip(["Doe", "John", "2000-10-28", "2025-2026"]) {
                sheet.write_string(1, column, value).expect("written");
            }
        } else {
            sheet.write_string(0, 0, "nom_apprenant : le nom").expect("written");
        }
        if Some(index) == active {
            sheet.set_active(true);
        }
        if *hidden {
            sheet.set_hidden(true);
        }
    }
    book.save_to_buffer().expect("written")
}

#[test]
fn sheet_choice() {
    type Sheets<'a> = &'a [(&'a str, bool, bool)];
    let data = |name| (name, false, true);
    let cases: &[(Sheets, Option<&str>, &str)] = &[
        (
            &[("Notes", false, false), data("2024"), data("2025")],
            None,
            "choix: 2024, 2025",
        ),
        (
            &[("Notes", false, false), data("2024"), data("2025")],
            Some("2025"),
            "ouvert: 2025",
        ),
        (&[data("2024"), ("Archive", true, true)], None, "ouvert: 2024"),
        (
            &[("Archive", true, true), data("2024"), data("2025")],
            None,
            "choix: 2024, 2025",
        ),
        (&[("Notes", false, false), data("2025")], None, "ouvert: 2025"),
    ];
    for (sheets, chosen, expected) in cases {
        let content = workbook(sheets);
        let outcome = WorkerSession::open(
            &content,
            "classeur.xlsx",
            *chosen,
            Profile::Televersement,
            today(),
            None,
            &mut |_, _, _| {},
        );
        let actual = match outcome {
            Ok(Opening::Ready(_, view)) => format!("ouvert: {}", view.file.sheet.unwrap_or_default()),
            Ok(Opening::ChooseSheet(sheets)) => format!("choix: {}", sheets.join(", ")),
            Err(message) => format!("erreur: {message}"),
        };
        assert_eq!(actual, *expected, "{sheets:?} {chosen:?}");
    }
    // The official template's description sheet is not a second candidate.
    let (_, view) = open("modele-officiel.xlsx");
    assert_eq!(view.file.sheet.as_deref(), Some("Modèle"));
}

/// A damaged sheet skipped while another is read reaches the page with the reader's other warnings.
#[test]
fn a_damaged_sheet_is_named() {
    for name in ["hostile/feuille-endommagee.xlsx", "hostile/feuille-endommagee.ods"] {
        let (_, view) = open(name);
        assert_eq!(view.file.sheet.as_deref(), Some("Effectifs"), "{name}");
        assert_eq!(view.summary.valid, 3, "{name}");
        assert_eq!(view.read_warnings.len(), 1, "{name}: {:?}", view.read_warnings);
        assert!(
            view.read_warnings[0].starts_with("La feuille « Ancienne » est endommagée et n'a pas été lue"),
            "{name}: {:?}",
            view.read_warnings
        );
    }
}

/// The engine answers every request, with French messages when it cannot.
#[test]
#[allow(clippy::too_many_lines, reason = "one scenario, as data")]
fn engine_answers() {
    let mut engine = Engine::new();
    let open = |name: &str, profile: &str, today: &str| Request::Open {
        bytes: bytes(name),
        name: name.to_owned(),
        sheet: None,
        profile: profile.to_owned(),
        today: today.to_owned(),
        mapping: None,
    };
    let show = |response: &Response| -> String {
        match response {
            Response::Progress { done, total, stage } => format!("progress {done}/{total} {stage:?}"),
            Response::ChooseSheet { sheets } => format!("choose {sheets:?}"),
            Response::Failed { message } => format!("failed: {message}"),
            Response::Refused { message } => format!("refused: {message}"),
            Response::Opened(view) => {
                let manual = view.columns.iter().filter(|column| column.matched == "manual").count();
                format!("opened {} lines, {manual} manual", view.lines.len())
            }
            Response::Updated(update) => format!("updated {} lines", update.lines.len()),
            Response::Statuts { summary, statuts } => format!("statuts {} at {}", statuts.len(), summary.today),
            Response::Exported { file_name, bytes, .. } => {
                format!(
                    "exported {file_name} ({})",
                    if bytes.is_empty() { "vide" } else { "non vide" }
                )
            }
            Response::Payloads { items } => format!("payloads {}", items.len()),
            Response::Fixed(fixed) => format!(
                "fixed {:?} {} cells, {} lines{}",
                fixed.kind,
                fixed.cells,
                fixed.update.lines.len(),
                if fixed.undone { ", undone" } else { "" }
            ),
            Response::RecipeRefused { message } => format!("recipe refused: {message}"),
            Response::ValueChecked { field, text, marks } => format!(
                "checked {field}={text}: {}",
                marks.iter().map(|m| m.code.as_str()).collect::<Vec<_>>().join(",")
            ),
            Response::ReplaceCount { column, from, count } => format!("count {column} {from}: {count}"),
            Response::Suggestions { column, items } => format!("suggestions {column}: {}", items.len()),
        }
    };
    let with_mapping = |mapping: Vec<Option<&str>>| Request::Open {
        bytes: bytes("effectifs-cp1252.csv"),
        name: "effectifs-cp1252.csv".to_owned(),
        sheet: None,
        profile: "api".to_owned(),
        today: TODAY.to_owned(),
        mapping: Some(mapping.into_iter().map(|name| name.map(str::to_owned)).collect()),
    };
    let mut remembered = vec![None; 34];
    remembered[0] = Some("id_erp_apprenant");
    let mut unknown = remembered.clone();
    unknown[1] = Some("nom");
    let requests = vec![
        with_mapping(remembered),
        with_mapping(vec![Some("id_erp_apprenant")]),
        with_mapping(unknown),
        Request::Edit {
            row: 0,
            column: 0,
            text: "x".to_owned(),
        },
        Request::Export {
            kind: ExportKind::Template,
        },
        open("pas-un-tableur.xlsx", "televersement", TODAY),
        open("effectifs-cp1252.csv", "televersment", TODAY),
        open("effectifs-cp1252.csv", "televersement", "23/11/2026"),
        open("effectifs-cp1252.csv", "api", TODAY),
        Request::Edit {
            row: 12,
            column: 0,
            text: "x".to_owned(),
        },
        Request::Edit {
            row: 0,
            column: 34,
            text: "x".to_owned(),
        },
        Request::Edit {
            row: 3,
            column: 18,
            text: "28/02/2025".to_owned(),
        },
        Request::SetToday {
            today: "2025-13-01".to_owned(),
        },
        Request::SetToday {
            today: "2025-10-01".to_owned(),
        },
        Request::Remap {
            mapping: vec![Some("nom".to_owned())],
        },
        Request::Remap { mapping: vec![] },
        Request::Payloads,
        Request::Export {
            kind: ExportKind::Annotated,
        },
        open("vide.csv", "api", TODAY),
        Request::Payloads,
    ];
    let mut out = String::new();
    for request in requests {
        let mut posted = Vec::new();
        let answer = engine.handle(request, &mut |response| posted.push(response));
        // As the worker does once the answer is posted.
        engine.idle();
        for response in posted.iter().chain([&answer]) {
            // Every message crosses the worker boundary as postcard bytes.
            let wire = postcard::to_allocvec(response).expect("serialises");
            let back: Response = postcard::from_bytes(&wire).expect("deserialises");
            assert_eq!(&back, response);
            out.push_str(&show(response));
            out.push('\n');
        }
    }
    expect![[r#"
        progress 0/0 Reading
        progress 0/12 Validating
        progress 12/12 Validating
        opened 12 lines, 33 manual
        progress 0/0 Reading
        progress 0/12 Validating
        progress 12/12 Validating
        opened 12 lines, 0 manual
        progress 0/0 Reading
        progress 0/12 Validating
        progress 12/12 Validating
        opened 12 lines, 0 manual
        updated 1 lines
        exported modele-effectifs.xlsx (non vide)
        progress 0/0 Reading
        failed: Ce fichier n'est pas un tableur reconnu : formats acceptés .xlsx, .xlsm, .xlsb, .xls, .ods, .csv.
        refused: Profil de validation inconnu « televersment » : valeurs possibles « televersement » ou « api ».
        refused: Date d'évaluation invalide (« 23/11/2026 ») : une date AAAA-MM-JJ est attendue.
        progress 0/0 Reading
        progress 0/12 Validating
        progress 12/12 Validating
        opened 12 lines, 0 manual
        refused: La ligne n° 13 n'existe pas dans ce fichier.
        refused: La colonne n° 35 n'existe pas dans ce fichier.
        updated 1 lines
        refused: Date d'évaluation invalide (« 2025-13-01 ») : une date AAAA-MM-JJ est attendue.
        statuts 12 at 2025-10-01
        refused: Colonne A : « nom » n'est pas un champ connu ; choisissez un champ de la liste ou « ignorer ».
        progress 0/12 Validating
        progress 12/12 Validating
        opened 12 lines, 0 manual
        payloads 9
        exported effectifs-cp1252-annote.xlsx (non vide)
        progress 0/0 Reading
        failed: Le fichier est vide.
        payloads 9
    "#]]
    .assert_eq(&out);
}

/// The file bytes travel as one byte string (see `protocol::byte_buffer`): the encoding must stay
/// the one of a plain `Vec<u8>` (a length, then the bytes) and round-trip, whatever the length.
#[test]
fn file_bytes_keep_the_wire_format() {
    let cases: [Vec<u8>; 4] = [
        vec![],
        vec![0],
        vec![0xff, 0, 0x80, 7],
        (0..=255u8).cycle().take(70_000).collect(),
    ];
    for bytes in cases {
        let check = |response: Response| {
            let wire = postcard::to_allocvec(&response).expect("serialises");
            let plain = postcard::to_allocvec(&bytes).expect("serialises");
            assert!(
                wire.ends_with(&plain),
                "{} bytes: not a plain Vec<u8> on the wire",
                bytes.len()
            );
            let back: Response = postcard::from_bytes(&wire).expect("deserialises");
            assert_eq!(back, response);
        };
        check(Response::Exported {
            file_name: "a.xlsx".to_owned(),
            mime: "b".to_owned(),
            bytes: bytes.clone(),
        });
        let request = Request::Open {
            bytes: bytes.clone(),
            name: "a.csv".to_owned(),
            sheet: None,
            profile: "api".to_owned(),
            today: TODAY.to_owned(),
            mapping: None,
        };
        let wire = postcard::to_allocvec(&request).expect("serialises");
        let plain = postcard::to_allocvec(&bytes).expect("serialises");
        assert!(
            wire.starts_with(&[0]) && wire[1..].starts_with(&plain),
            "{} bytes",
            bytes.len()
        );
        assert_eq!(postcard::from_bytes::<Request>(&wire).expect("deserialises"), request);
    }
}

/// [`crate::protocol::Cells`] behaves as the `Vec<String>` it stands for: the same texts after the
/// same edits (a `Vec<String>` is the model), and the same after a trip through postcard.
#[test]
fn cells_match_a_vector_of_texts() {
    use crate::protocol::Cells;
    /// The line's cells, then edits as (column, text).
    type Case<'a> = (&'a [&'a str], &'a [(usize, &'a str)]);
    let cases: &[Case<'_>] = &[
        (&[], &[]),
        (&[], &[(2, "é")]),
        (&["a", "", "ccc"], &[]),
        (&["a", "", "ccc"], &[(1, "bébé"), (0, ""), (2, "z")]),
        (
            &["Dupont", "12/03/2005", "€"],
            &[(1, "2005-03-12"), (5, "après"), (3, "x")],
        ),
        (&["", "", ""], &[(2, "fin"), (0, "début")]),
    ];
    for (cells, edits) in cases {
        let mut model: Vec<String> = cells.iter().map(|&cell| cell.to_owned()).collect();
        let mut compact: Cells = cells.iter().collect();
        for &(column, text) in *edits {
            if model.len() <= column {
                model.resize(column + 1, String::new());
            }
            text.clone_into(&mut model[column]);
            compact.set(column, text);
        }
        let check = |compact: &Cells| {
            assert_eq!(compact.len(), model.len(), "{cells:?} {edits:?}");
            assert_eq!(compact.iter().collect::<Vec<_>>(), model, "{cells:?} {edits:?}");
            for index in 0..=model.len() {
                assert_eq!(
                    compact.get(index),
                    model.get(index).map(String::as_str),
                    "{cells:?} {edits:?}"
                );
            }
        };
        check(&compact);
        let wire = postcard::to_allocvec(&compact).expect("serialises");
        check(&postcard::from_bytes::<Cells>(&wire).expect("deserialises"));
    }
}

/// Cells from a malformed message are refused, never sliced out of bounds or inside a character.
#[test]
fn cells_refuse_bad_offsets() {
    use crate::protocol::Cells;
    // (text, cell lengths): too long, too short, inside "é", overflowing.
    let cases: &[(&str, &[u32])] = &[
        ("abc", &[2, 2]),
        ("abc", &[4]),
        ("abc", &[2]),
        ("é", &[1, 1]),
        ("", &[1]),
        ("ab", &[u32::MAX, 3]),
    ];
    for &(text, lengths) in cases {
        let wire = postcard::to_allocvec(&(text, lengths)).expect("serialises");
        assert!(postcard::from_bytes::<Cells>(&wire).is_err(), "{text:?} {lengths:?}");
    }
    // The same shape with the right lengths is accepted.
    let wire = postcard::to_allocvec(&("abé", &[1u32, 0, 3][..])).expect("serialises");
    let cells = postcard::from_bytes::<Cells>(&wire).expect("deserialises");
    assert_eq!(cells.iter().collect::<Vec<_>>(), ["a", "", "bé"]);
}
