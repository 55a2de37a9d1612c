//! Every fixture of `tests/data/` read and validated end to end, with its expected report as text.
//!
//! The expectations are those written in `tests/data/README.md`; a bug found in the field gets a
//! fixture named after it here.

#![allow(
    clippy::needless_raw_string_hashes,
    reason = "expect-test writes its snapshots as r#\"…\"#"
)]

use std::path::PathBuf;

use effectifs_api::{FileDescription, FileWarning, JsonReport};
use effectifs_core::{Date, Profile};
use effectifs_sheet::{ReadOptions, read};
use expect_test::{Expect, expect};

fn data(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data").join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("fixture {}: {error}", path.display()))
}

fn today() -> Date {
    Date::from_ymd(2026, 11, 23).expect("a real day")
}

/// Reads and validates a fixture, and renders the outcome as text: the file facts, then one line per
/// spreadsheet line with its verdict and diagnostic codes, then the summary.
fn render(name: &str, profile: Profile) -> String {
    let sheet = match read(&data(name), name, &ReadOptions::default()) {
        Ok(sheet) => sheet,
        Err(error) => return format!("unreadable: {error}\n"),
    };
    let report = effectifs_core::validate(&sheet.table, profile, today());
    let info = &sheet.info;
    let mut out = format!(
        "{} sheet={:?} encoding={:?} delimiter={:?} header_line={}\n",
        info.format.as_str(),
        info.sheet,
        info.encoding,
        info.delimiter,
        info.header_line
    );
    let unknown: Vec<&str> = sheet
        .table
        .columns
        .iter()
        .filter(|c| c.field.is_none())
        .map(|c| c.header.as_str())
        .collect();
    out.push_str(&format!("missing={:?} unknown={unknown:?}\n", report.missing_columns));
    for line in &report.lines {
        let codes: Vec<String> = line
            .diagnostics
            .iter()
            .map(|d| format!("{}@{}", d.code(), d.field.map_or("ligne", |f| f.name())))
            .collect();
        let statut = line.statut.as_ref().map_or("-", |statut| statut.en_cours.as_str());
        let verdict = if line.is_valid() { "valid" } else { "INVALID" };
        out.push_str(&format!("L{} {verdict} {statut} {}\n", line.line, codes.join(" ")).replace(" \n", "\n"));
    }
    let summary = report.summary();
    out.push_str(&format!(
        "{} lines, {} valid, {} invalid, {} sans contrat\n",
        summary.lines, summary.valid, summary.invalid, summary.sans_contrat
    ));
    out
}

fn check(name: &str, profile: Profile, expected: &Expect) {
    expected.assert_eq(&render(name, profile));
}

/// The JSON dossiers of a fixture, for comparing formats.
fn dossiers(name: &str) -> Vec<serde_json::Value> {
    let sheet = read(&data(name), name, &ReadOptions::default()).expect("readable fixture");
    let report = effectifs_core::validate(&sheet.table, Profile::Televersement, today());
    let file = FileDescription {
        name: name.to_owned(),
        format: String::new(),
        sheet: None,
        encoding: None,
        delimiter: None,
        header_line: 0,
    };
    let json = JsonReport::new(file, &sheet.table, &report);
    json.lines
        .iter()
        .map(|line| serde_json::json!({"line": line.line, "valid": line.valid, "errors": line.errors, "warnings": line.warnings, "dossier": line.dossier, "statut": line.statut}))
        .collect()
}

#[test]
fn official_template() {
    check(
        "modele-officiel.xlsx",
        Profile::Televersement,
        &expect![[r#"
            xlsx sheet=Some("Modèle") encoding=None delimiter=None header_line=1
            missing=[] unknown=[]
            L2 valid ABANDON cle-siret-incorrecte@siret_employeur cle-siret-incorrecte@siret_employeur_2 cle-siret-incorrecte@siret_employeur_3 cle-siret-incorrecte@siret_employeur_4 cle-uai-incorrecte@etablissement_responsable_uai cle-siret-incorrecte@etablissement_responsable_siret cle-uai-incorrecte@etablissement_formateur_uai cle-siret-incorrecte@etablissement_formateur_siret cle-uai-incorrecte@etablissement_lieu_de_formation_uai cle-siret-incorrecte@etablissement_lieu_de_formation_siret
            1 lines, 1 valid, 0 invalid, 0 sans contrat
        "#]],
    );
}

#[test]
fn cfa_export_windows_1252() {
    check(
        "effectifs-cp1252.csv",
        Profile::Televersement,
        &expect![[r#"
            csv sheet=None encoding=Some("windows-1252") delimiter=Some(';') header_line=1
            missing=[] unknown=["N° dossier", "Classe"]
            L2 valid APPRENTI
            L3 valid FIN_DE_FORMATION
            L4 valid ABANDON sans-contrat@ligne
            L5 INVALID APPRENTI date-inexistante@date_inscription_formation
            L6 valid ABANDON
            L7 valid APPRENTI
            L8 INVALID APPRENTI email-invalide@email_contact
            L9 valid ABANDON sans-contrat@ligne
            L10 valid APPRENTI
            L11 INVALID ABANDON siret-invalide@etablissement_formateur_siret sans-contrat@ligne
            L12 valid ABANDON sans-contrat@ligne
            L13 INVALID ABANDON contrat-incomplet@contrat_date_debut sans-contrat@ligne
            12 lines, 8 valid, 4 invalid, 5 sans contrat
        "#]],
    );
}

#[test]
fn same_data_in_every_format() {
    let csv = dossiers("effectifs-cp1252.csv");
    assert_eq!(csv.len(), 12);
    for other in ["effectifs.xlsx", "effectifs.xls", "effectifs.ods"] {
        let dossiers = dossiers(other);
        assert_eq!(dossiers.len(), csv.len(), "{other}: number of lines");
        for (from_csv, from_other) in csv.iter().zip(&dossiers) {
            assert_eq!(from_csv, from_other, "{other} differs from the CSV");
        }
    }
}

#[test]
fn draining_validation_gives_the_same_report() {
    for name in ["effectifs-cp1252.csv", "effectifs.xlsx", "modele-officiel.xlsx"] {
        let mut sheet = read(&data(name), name, &ReadOptions::default()).expect("readable fixture");
        let kept = effectifs_core::validate(&sheet.table, Profile::Televersement, today());
        let drained = effectifs_core::validate_draining(&mut sheet.table, Profile::Televersement, today());
        assert_eq!(kept, drained, "{name}");
        assert!(sheet.table.rows.is_empty(), "{name}: the rows were freed");
        assert!(!sheet.table.columns.is_empty(), "{name}: the columns stay");
    }
}

#[test]
fn header_on_row_3() {
    check(
        "entete-ligne-3.xlsx",
        Profile::Televersement,
        &expect![[r#"
            xlsx sheet=Some("Effectifs") encoding=None delimiter=None header_line=3
            missing=[] unknown=[]
            L4 valid APPRENTI
            L5 INVALID INSCRIT fin-formation-avant-entree@date_fin_formation sans-contrat@ligne
            L6 valid ABANDON sans-contrat@ligne
            3 lines, 2 valid, 1 invalid, 2 sans contrat
        "#]],
    );
}

#[test]
fn blank_lines_keep_their_numbers() {
    check(
        "lignes-vides.csv",
        Profile::Televersement,
        &expect![[r#"
            csv sheet=None encoding=Some("UTF-8 (BOM)") delimiter=Some(',') header_line=1
            missing=[] unknown=[]
            L2 valid ABANDON sans-contrat@ligne
            L4 valid ABANDON sans-contrat@ligne
            L7 INVALID ABANDON sexe-invalide@sexe_apprenant sans-contrat@ligne
            L9 valid ABANDON sans-contrat@ligne
            4 lines, 3 valid, 1 invalid, 4 sans contrat
        "#]],
    );
}

#[test]
fn unreadable_files() {
    check(
        "pas-un-tableur.xlsx",
        Profile::Televersement,
        &expect![[r#"
        unreadable: Ce fichier n'est pas un tableur reconnu : formats acceptés .xlsx, .xlsm, .xlsb, .xls, .ods, .csv.
    "#]],
    );
    check(
        "vide.csv",
        Profile::Televersement,
        &expect![[r#"
        unreadable: Le fichier est vide.
    "#]],
    );
}

#[test]
fn generated_template_round_trips() {
    let bytes = effectifs_sheet::template().expect("template");
    let sheet = read(&bytes, "modele.xlsx", &ReadOptions::default()).expect("our template is readable");
    assert_eq!(sheet.table.columns.len(), 62);
    assert!(
        sheet.table.columns.iter().all(|column| column.field.is_some()),
        "every column recognised"
    );
    let report = effectifs_core::validate(&sheet.table, Profile::Televersement, today());
    assert_eq!(report.lines.len(), 1, "one example line");
    let errors: Vec<String> = report.lines[0]
        .errors()
        .map(|d| format!("{}: {}", d.code(), d.message()))
        .collect();
    assert!(errors.is_empty(), "the template's example line is valid: {errors:?}");
}

/// The summary's statut figures are the Tableau de bord's indicators at the evaluation day (D13, D16,
/// `docs/indicators.md`): over the 8 valid lines of the CFA export (school year 2025-2026), per
/// formation, at dates around the edges of the school year.
#[test]
fn indicators_of_a_cfa_export_at_several_dates() {
    let sheet = read(
        &data("effectifs-cp1252.csv"),
        "effectifs-cp1252.csv",
        &ReadOptions::default(),
    )
    .expect("readable");
    let mut out = String::new();
    for day in [
        "2025-07-31",
        "2025-08-31",
        "2025-09-01",
        "2025-12-01",
        "2026-01-05",
        "2026-07-31",
        "2026-08-01",
    ] {
        let today = Date::parse_iso(day).expect("a day");
        let report = effectifs_core::validate(&sheet.table, Profile::Televersement, today);
        let summary = report.summary();
        let indicateurs = &summary.indicateurs;
        let figures = &indicateurs.compteurs;
        for (valeur, count) in summary.statuts {
            assert_eq!(
                count,
                figures.statut(valeur),
                "{day}: statuts are the indicators' ({valeur})"
            );
        }
        out.push_str(&format!(
            "{day}: apprenants={} apprentis={} inscrits={} rupturants={} abandons={} (fin de formation {})\n",
            figures.apprenants(),
            figures.apprentis(),
            figures.inscrits(),
            figures.rupturants(),
            figures.abandons(),
            figures.statut(effectifs_core::StatutValeur::FinDeFormation),
        ));
        for ligne in &indicateurs.par_formation {
            let figures = &ligne.compteurs;
            out.push_str(&format!(
                "  {:?} {:?} {:?}: {}/{}/{}/{}/{}\n",
                ligne.formation.rncp.as_deref(),
                ligne.formation.cfd.as_deref(),
                ligne.formation.libelle.as_deref(),
                figures.apprenants(),
                figures.apprentis(),
                figures.inscrits(),
                figures.rupturants(),
                figures.abandons(),
            ));
        }
    }
    expect![[r#"
        2025-07-31: apprenants=0 apprentis=0 inscrits=0 rupturants=0 abandons=0 (fin de formation 0)
        2025-08-31: apprenants=2 apprentis=2 inscrits=0 rupturants=0 abandons=1 (fin de formation 0)
          Some("RNCP37843") Some("45022103") Some("BP BOULANGER"): 1/1/0/0/0
          Some("RNCP37859") Some("50022137") Some("CAP CUISINE"): 1/1/0/0/1
        2025-09-01: apprenants=7 apprentis=5 inscrits=2 rupturants=0 abandons=1 (fin de formation 0)
          Some("RNCP37843") Some("45022103") Some("BP BOULANGER"): 1/1/0/0/0
          Some("RNCP37859") Some("50022137") Some("CAP CUISINE"): 2/2/0/0/1
          Some("RNCP37869") Some("50022141") Some("CAP PATISSIER"): 3/1/2/0/0
          Some("RNCP38362") Some("32031213") Some("BTS MCO"): 1/1/0/0/0
        2025-12-01: apprenants=5 apprentis=4 inscrits=0 rupturants=1 abandons=3 (fin de formation 0)
          Some("RNCP37843") Some("45022103") Some("BP BOULANGER"): 1/1/0/0/0
          Some("RNCP37859") Some("50022137") Some("CAP CUISINE"): 2/1/0/1/1
          Some("RNCP37869") Some("50022141") Some("CAP PATISSIER"): 1/1/0/0/2
          Some("RNCP38362") Some("32031213") Some("BTS MCO"): 1/1/0/0/0
        2026-01-05: apprenants=5 apprentis=5 inscrits=0 rupturants=0 abandons=3 (fin de formation 0)
          Some("RNCP37843") Some("45022103") Some("BP BOULANGER"): 1/1/0/0/0
          Some("RNCP37859") Some("50022137") Some("CAP CUISINE"): 2/2/0/0/1
          Some("RNCP37869") Some("50022141") Some("CAP PATISSIER"): 1/1/0/0/2
          Some("RNCP38362") Some("32031213") Some("BTS MCO"): 1/1/0/0/0
        2026-07-31: apprenants=4 apprentis=4 inscrits=0 rupturants=0 abandons=4 (fin de formation 1)
          Some("RNCP37843") Some("45022103") Some("BP BOULANGER"): 1/1/0/0/0
          Some("RNCP37859") Some("50022137") Some("CAP CUISINE"): 2/2/0/0/1
          Some("RNCP37869") Some("50022141") Some("CAP PATISSIER"): 1/1/0/0/2
          Some("RNCP38362") Some("32031213") Some("BTS MCO"): 0/0/0/0/1
        2026-08-01: apprenants=0 apprentis=0 inscrits=0 rupturants=0 abandons=0 (fin de formation 0)
    "#]]
    .assert_eq(&out);
}

/// The JSON report of one fixture, written whole (every line built as `LineJson`) and streamed (every
/// line serialised from the engine's `LineReport`).
fn whole_and_streamed(name: &str) -> (String, String) {
    let sheet = read(&data(name), name, &ReadOptions::default()).expect("readable fixture");
    let today = Date::from_ymd(2026, 1, 5).expect("a day");
    let report = effectifs_core::validate(&sheet.table, Profile::Televersement, today);
    let warnings = || {
        vec![FileWarning {
            line: Some(3),
            code: "en-tete-repetee",
            message: "Ligne 3".to_owned(),
        }]
    };
    let mut whole = Vec::new();
    JsonReport::new(sheet.file_description(), &sheet.table, &report)
        .with_read_warnings(warnings())
        .write_pretty(&mut whole)
        .expect("written");
    let mut streamed = Vec::new();
    JsonReport::write_streaming(
        sheet.file_description(),
        &sheet.table,
        &report,
        warnings(),
        &mut streamed,
    )
    .expect("written");
    (
        String::from_utf8(whole).expect("UTF-8"),
        String::from_utf8(streamed).expect("UTF-8"),
    )
}

#[test]
fn streaming_writes_the_same_bytes() {
    // Files with valid lines (dossiers with texts, numbers, booleans and dates), invalid lines,
    // warnings with and without hints, statut timelines, and a file description and read warning.
    let cases = [
        (
            "effectifs-cp1252.csv",
            ["\"dossier\": {", "\"dossier\": null", "\"parcours\": [\n", "\"hint\""],
        ),
        (
            "effectifs.xlsx",
            ["\"dossier\": {", "\"dossier\": null", "\"parcours\": [\n", "\"hint\""],
        ),
        (
            "modele-officiel.xlsx",
            [
                "\"dossier\": {",
                "\"header_line\": 1",
                "\"read_warnings\": [\n",
                "\"summary\"",
            ],
        ),
    ];
    for (name, expected) in cases {
        let (whole, streamed) = whole_and_streamed(name);
        assert!(
            whole == streamed,
            "{name}: the streamed report differs from the whole one"
        );
        for text in expected {
            assert!(
                whole.contains(text),
                "{name}: a real report was compared ({text} missing)"
            );
        }
    }
}
