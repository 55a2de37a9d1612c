//! The `effectifs` binary as a user runs it: exit codes, French messages, the JSON contract.

use std::path::PathBuf;
use std::process::Command;

fn repo(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
        .display()
        .to_string()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_effectifs"))
        .args(args)
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Each case: arguments, expected exit code, text expected on stdout, text expected on stderr.
#[test]
#[allow(clippy::too_many_lines, reason = "a table of cases")]
fn exit_codes_and_messages() {
    let template = repo("tests/data/modele-officiel.xlsx");
    let export = repo("tests/data/effectifs-cp1252.csv");
    let not_sheet = repo("tests/data/pas-un-tableur.xlsx");
    let empty = repo("tests/data/vide.csv");
    let missing = repo("tests/data/nexiste-pas.csv");
    let repeated = repo("tests/data/hostile/en-tete-repete.csv");
    let damaged = repo("tests/data/hostile/feuille-endommagee.xlsx");
    let erp = repo("tests/data/export-erp.csv");
    let cases: &[(&[&str], i32, &str, &str)] = &[
        (
            &["check", &erp, "--today", "2026-11-23"],
            1,
            "M, H ou F attendu (trouvé : « Femme »)\n      → Indiquez M ou H pour un homme, F pour une femme (ou 1 et \
             2), en majuscule.\n      → Correction proposée : « F »\n",
            "",
        ),
        (
            &["check", &erp, "--today", "2026-11-23", "--format", "json"],
            1,
            "\"code\": \"code-postal-invalide\",\n          \"message\": \"Le code postal doit faire 5 caractères \
             numériques exactement (trouvé : « 80 090 »)\",\n          \"hint\": \"Un code postal a 5 chiffres (ex. 01000, \
             75001).\",\n          \"suggestion\": \"80090\"\n",
            "",
        ),
        (
            &["check", &template, "--today", "2026-11-23"],
            0,
            "1 ligne : 1 valide, 0 en erreur",
            "",
        ),
        (
            &["check", &export, "--today", "2026-11-23"],
            1,
            "12 lignes : 8 valides, 4 en erreur",
            "",
        ),
        (
            &["check", &export, "--today", "2026-11-23"],
            1,
            "Ligne 5 — 1 erreur",
            "",
        ),
        (
            &["check", &export, "--today", "2026-11-23"],
            1,
            "4 lignes en erreur ne seront pas envoyées",
            "",
        ),
        (
            &["check", &export, "--today", "2025-12-01"],
            1,
            "Ce que le Tableau de bord affichera au 01/12/2025 :\n  Apprenants                 5\n  Apprentis                  4\n  \
             Inscrits sans contrat      0\n  Rupturants                 1\n  Abandons                   3 (hors apprenants)\n  \
             Par formation :\n    RNCP37843 / CFD 45022103 — BP BOULANGER : 1 apprenant, 1 apprenti, 0 inscrit sans \
             contrat, 0 rupturant, 0 abandon\n    RNCP37859 / CFD 50022137 — CAP CUISINE : 2 apprenants, 1 apprenti, \
             0 inscrit sans contrat, 1 rupturant, 1 abandon\n",
            "",
        ),
        (
            &["check", &export, "--today", "2026-11-23"],
            1,
            "Aucune ligne valide n'est comptée à cette date : le Tableau de bord n'y compte que les années scolaires \
             2026-2027 et 2026-2026",
            "",
        ),
        (
            &["check", &export, "--profile", "api", "--today", "2026-11-23"],
            1,
            "Profil : api",
            "",
        ),
        (
            &["check", &repeated, "--today", "2026-11-23"],
            0,
            "elle répète la ligne d'en-tête (ligne 1)",
            "",
        ),
        // A damaged sheet beside the one read is named, in the summary and in the JSON report.
        (
            &["check", &damaged, "--today", "2026-11-23"],
            0,
            "! La feuille « Ancienne » est endommagée et n'a pas été lue : si elle contient des apprenants, ils ne \
             sont ni vérifiés ni envoyés.",
            "",
        ),
        (
            &["check", &damaged, "--today", "2026-11-23", "--format", "json"],
            0,
            "\"code\": \"feuille-endommagee\",\n      \"message\": \"La feuille « Ancienne » est endommagée",
            "",
        ),
        (&["check", &not_sheet], 2, "", "n'est pas un tableur reconnu"),
        (&["check", &empty], 2, "", "Le fichier est vide."),
        (&["check", &missing], 2, "", "fichier introuvable"),
        (
            &["check", &template, "--today", "23/11/2026"],
            2,
            "",
            "date d'évaluation invalide",
        ),
        (&["check", &template, "--profile", "sifa"], 2, "", "valeur non reconnue"),
        (&["check", &template, "--sheet", "Inconnue"], 2, "", "Inconnue"),
        (
            &["indicateurs", &export],
            0,
            "30/11/2025             5           4                       0           1           3\n",
            "",
        ),
        (
            &[
                "indicateurs",
                &export,
                "--du",
                "2025-12",
                "--au",
                "2026-01",
                "--format",
                "csv",
            ],
            0,
            "date;perimetre;rncp;cfd;libelle;apprenants;apprentis;inscrits;rupturants;abandons\r\n\
             2025-12-31;ensemble;;;;5;4;0;1;3\r\n2025-12-31;formation;RNCP37843;45022103;BP BOULANGER;1;1;0;0;0\r\n",
            "",
        ),
        (
            &["indicateurs", &export, "--du", "2025-13"],
            2,
            "",
            "mois invalide pour --du « 2025-13 » (format attendu : AAAA-MM)",
        ),
        (
            &["indicateurs", &export, "--du", "2026-08"],
            2,
            "",
            "la période est vide : elle commencerait en 2026-08 et finirait en 2026-07",
        ),
        (
            &["indicateurs", &export, "--du", "2020-01", "--au", "2025-01"],
            2,
            "",
            "la période de 2020-01 à 2025-01 compte 61 mois : 36 au plus à la fois.",
        ),
        (&["indicateurs", &missing], 2, "", "fichier introuvable"),
        (&["check"], 2, "", "argument obligatoire manquant"),
        (&["verifier", &template], 2, "", "commande inconnue"),
        (&["check", &template, "--bogus"], 2, "", "option inconnue"),
    ];
    for (args, code, stdout, stderr) in cases {
        check_run(args, *code, stdout, stderr);
    }
}

/// Runs the binary and checks its exit code, that stdout and stderr hold the given texts, and that
/// it did not panic.
fn check_run(args: &[&str], code: i32, stdout: &str, stderr: &str) -> Run {
    let result = run(args);
    assert_eq!(
        result.code, code,
        "{args:?}: exit code\nstdout: {}\nstderr: {}",
        result.stdout, result.stderr
    );
    assert!(
        result.stdout.contains(stdout),
        "{args:?}: stdout lacks {stdout:?}:\n{}",
        result.stdout
    );
    assert!(
        result.stderr.contains(stderr),
        "{args:?}: stderr lacks {stderr:?}:\n{}",
        result.stderr
    );
    assert!(
        !result.stderr.contains("panicked"),
        "{args:?} panicked: {}",
        result.stderr
    );
    result
}

#[test]
fn json_report_contract() {
    let result = run(&[
        "check",
        &repo("tests/data/effectifs-cp1252.csv"),
        "--today",
        "2026-11-23",
        "--format",
        "json",
    ]);
    assert_eq!(result.code, 1);
    let report: serde_json::Value = serde_json::from_str(&result.stdout).expect("valid JSON");
    let keys: Vec<&str> = report
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    for key in ["file", "columns", "missing_columns", "lines", "summary"] {
        assert!(keys.contains(&key), "missing key {key}");
    }
    let file = &report["file"];
    assert_eq!(file["format"], "csv");
    assert_eq!(file["encoding"], "windows-1252");
    assert_eq!(file["delimiter"], ";");
    assert_eq!(file["header_line"], 1);
    assert_eq!(report["columns"][1]["header"], "Nom");
    assert_eq!(report["columns"][1]["field"], "nom_apprenant");
    assert_eq!(report["columns"][1]["match"], "label");
    assert_eq!(report["columns"][0]["field"], serde_json::Value::Null);
    assert_eq!(report["columns"][0]["match"], "none");
    let lines = report["lines"].as_array().expect("lines");
    assert_eq!(lines.len(), 12);
    let first = &lines[0];
    assert_eq!(first["line"], 2);
    assert_eq!(first["valid"], true);
    let dossier = first["dossier"].as_object().expect("a valid line has its dossier");
    assert_eq!(dossier["code_postal_apprenant"], "01000", "leading zero kept");
    assert!(dossier["annee_formation"].is_number(), "numbers as JSON numbers");
    assert_eq!(
        dossier["date_de_naissance_apprenant"].as_str().map(str::len),
        Some(10),
        "AAAA-MM-JJ"
    );
    assert!(dossier.contains_key("id_erp_apprenant"), "identifier always present");
    let invalid = &lines[3];
    assert_eq!(invalid["line"], 5);
    assert_eq!(invalid["valid"], false);
    assert_eq!(invalid["dossier"], serde_json::Value::Null);
    assert_eq!(invalid["errors"][0]["code"], "date-inexistante");
    assert_eq!(invalid["errors"][0]["field"], "date_inscription_formation");
    assert!(
        invalid["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("31/02/2025"))
    );
    assert!(first["statut"]["parcours"].as_array().is_some_and(|p| !p.is_empty()));
    assert_eq!(
        report["read_warnings"],
        serde_json::json!([]),
        "no warning from the file layer here"
    );
    assert_eq!(report["summary"]["valid"], 8);
    assert_eq!(report["summary"]["invalid"], 4);
    assert_eq!(
        report["summary"]["statuts"].as_object().map(serde_json::Map::len),
        Some(5)
    );
    // D13: at 2026-11-23 the file's school year (2025-2026) is over: the Tableau de bord counts none of it.
    assert_eq!(
        report["summary"]["indicateurs"],
        serde_json::json!({
            "date": "2026-11-23", "apprenants": 0, "apprentis": 0, "inscrits": 0, "rupturants": 0, "abandons": 0,
            "par_formation": []
        })
    );
}

/// `summary.indicateurs` has exactly the keys of the contract, and the summary's statuts count the valid lines
/// only, as the indicators do (D13).
#[test]
fn json_indicators() {
    let result = run(&[
        "check",
        &repo("tests/data/effectifs-cp1252.csv"),
        "--today",
        "2025-12-01",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&result.stdout).expect("valid JSON");
    let summary = &report["summary"];
    assert_eq!(
        summary["statuts"],
        serde_json::json!({"INSCRIT": 0, "APPRENTI": 4, "RUPTURANT": 1, "ABANDON": 3, "FIN_DE_FORMATION": 0})
    );
    let indicateurs = &summary["indicateurs"];
    let keys: Vec<&String> = indicateurs.as_object().expect("an object").keys().collect();
    assert_eq!(
        keys,
        [
            "date",
            "apprenants",
            "apprentis",
            "inscrits",
            "rupturants",
            "abandons",
            "par_formation"
        ]
    );
    assert_eq!(indicateurs["apprenants"], 5);
    assert_eq!(indicateurs["abandons"], 3);
    assert_eq!(
        indicateurs["par_formation"][1],
        serde_json::json!({
            "rncp": "RNCP37859", "cfd": "50022137", "libelle": "CAP CUISINE",
            "apprenants": 2, "apprentis": 1, "inscrits": 0, "rupturants": 1, "abandons": 1
        })
    );
}

#[test]
fn template_is_written_and_checks_clean() {
    let dir = std::env::temp_dir().join(format!("effectifs-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("modele.xlsx");
    let out_text = out.display().to_string();
    let result = run(&["template", "--out", &out_text]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    assert!(result.stdout.contains("Modèle écrit"));
    let check = run(&["check", &out_text, "--today", "2026-11-23"]);
    assert_eq!(check.code, 0, "the template's example line is valid:\n{}", check.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `check --annote`: the annotated workbook is written next to the usual report, and every
/// misuse is a French error with exit code 2 that writes nothing.
#[test]
#[allow(clippy::too_many_lines, reason = "one table of cases")]
fn annotated_workbook() {
    /// (arguments, exit code, text on stdout, text on stderr, the workbook written if any)
    type Case<'a> = (&'a [&'a str], i32, &'a str, &'a str, Option<&'a str>);
    let dir = std::env::temp_dir().join(format!("effectifs-cli-annote-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = |name: &str| dir.join(name).display().to_string();
    let export = repo("tests/data/effectifs-cp1252.csv");
    let not_sheet = repo("tests/data/pas-un-tableur.xlsx");
    let own = path("mon-fichier.xlsx");
    std::fs::copy(repo("tests/data/effectifs.xlsx"), &own).expect("copied");
    let (human, json, failed) = (path("annote.xlsx"), path("annote-json.xlsx"), path("jamais.xlsx"));
    let missing_dir = path("nexiste-pas/annote.xlsx");
    let cases: &[Case] = &[
        (
            &["check", &export, "--today", "2026-11-23", "--annote", &human],
            1,
            "12 lignes : 8 valides, 4 en erreur",
            "Fichier annoté écrit",
            Some(&human),
        ),
        (
            &[
                "check",
                &export,
                "--today",
                "2026-11-23",
                "--format",
                "json",
                "--annote",
                &json,
            ],
            1,
            "\"summary\"",
            "(9 signalements)",
            Some(&json),
        ),
        (
            &["check", &export, "--annote", &path("annote.csv")],
            2,
            "",
            "en .xlsx",
            None,
        ),
        (
            &["check", &own, "--annote", &own],
            2,
            "",
            "le fichier vérifié lui-même",
            None,
        ),
        (
            &["check", &export, "--annote", &missing_dir],
            2,
            "",
            "impossible d'écrire",
            None,
        ),
        (
            &["check", &not_sheet, "--annote", &failed],
            2,
            "",
            "n'est pas un tableur reconnu",
            None,
        ),
    ];
    for (args, code, stdout, stderr, written) in cases {
        let result = check_run(args, *code, stdout, stderr);
        if args.contains(&"json") {
            // The JSON report is untouched by the notice, which goes to standard error.
            let report: serde_json::Value = serde_json::from_str(&result.stdout).expect("stdout is the JSON report");
            assert_eq!(report["summary"]["invalid"], 4);
        }
        if let Some(written) = written {
            check_annotated(written);
        }
    }
    assert!(
        !std::path::Path::new(&failed).exists(),
        "nothing written for an unreadable file"
    );
    let unchanged = std::fs::read(&own).expect("still there");
    assert_eq!(
        unchanged,
        std::fs::read(repo("tests/data/effectifs.xlsx")).expect("fixture")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The annotated copy of the cp1252 fixture, read back by the file layer: the learners on their
/// lines, the verdict column, the marked cells, and the "Erreurs" and "Indicateurs" sheets after it.
fn check_annotated(path: &str) {
    let bytes = std::fs::read(path).expect("the annotated workbook exists");
    let sheet = effectifs_sheet::read(&bytes, "annote.xlsx", &effectifs_sheet::ReadOptions::default())
        .expect("the annotated workbook reads");
    assert_eq!(sheet.info.sheets, ["Effectifs", "Erreurs", "Indicateurs"]);
    let state = sheet
        .table
        .columns
        .iter()
        .position(|column| column.header == "État")
        .expect("a verdict column");
    let rows: Vec<(u32, String, String)> = sheet
        .table
        .rows
        .iter()
        .map(|row| {
            let text = |index: usize| {
                row.cells
                    .get(index)
                    .map(effectifs_core::Cell::display)
                    .unwrap_or_default()
            };
            (row.line, text(state), text(18))
        })
        .filter(|(line, _, _)| [2, 4, 5, 13].contains(line))
        .collect();
    let expected = [
        (2, "valide", "02/07/2025"),
        (4, "valide, 1 avertissement", "28/08/2025"),
        (5, "1 erreur", "✖ 31/02/2025"),
        (13, "1 erreur", "30/06/2025"),
    ];
    let expected: Vec<(u32, String, String)> = expected
        .iter()
        .map(|(line, state, date)| (*line, (*state).to_owned(), (*date).to_owned()))
        .collect();
    assert_eq!(rows, expected, "{path}");
}

/// The series of `indicateurs --format json` is, month end by month end, the `summary.indicateurs` of
/// `check --today <that day> --format json`: one engine, two commands, the same figures.
#[test]
fn series_equals_the_check_at_each_month_end() {
    let export = repo("tests/data/effectifs-cp1252.csv");
    let result = run(&["indicateurs", &export, "--format", "json"]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let serie: serde_json::Value = serde_json::from_str(&result.stdout).expect("valid JSON");
    let points = serie.as_array().expect("an array");
    // The file's school year, 2025-2026: August to July.
    assert_eq!(points.len(), 12);
    assert_eq!(points[0]["date"], "2025-08-31");
    assert_eq!(points[11]["date"], "2026-07-31");
    for point in points {
        let day = point["date"].as_str().expect("a date");
        let check = run(&["check", &export, "--today", day, "--format", "json"]);
        let report: serde_json::Value = serde_json::from_str(&check.stdout).expect("valid JSON");
        assert_eq!(&report["summary"]["indicateurs"], point, "{day}");
    }
    assert!(
        points
            .iter()
            .any(|point| point["par_formation"].as_array().is_some_and(|f| f.len() == 4)),
        "real figures were compared"
    );
}

/// `--recette` on `check` and `send`: the fixture's recipe makes the export valid but for its two
/// real errors, the report says what it changed, and a recipe that cannot be used is a French error
/// with exit code 2.
#[test]
#[allow(clippy::too_many_lines, reason = "one table of cases, then the JSON report")]
fn recipes() {
    let dir = std::env::temp_dir().join(format!("effectifs-cli-recette-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("written");
        path.display().to_string()
    };
    let erp = repo("tests/data/export-erp.csv");
    let recipe = repo("tests/data/export-erp.recette.json");
    let version = write("version.json", r#"{"version": 2}"#);
    let header = write(
        "en-tete.json",
        r#"{"version": 1, "columns": {"Genre": "sexe_apprenant"}}"#,
    );
    let field = write("champ.json", r#"{"version": 1, "values": {"uai": "0755805C"}}"#);
    let not_json = write("pas-json.json", "version: 1");
    let missing = dir.join("absente.json").display().to_string();
    let cases: &[(&[&str], i32, &str, &str)] = &[
        (
            &["check", &erp, "--today", "2026-11-23", "--recette", &recipe],
            1,
            "Recette appliquée : 120 cellules modifiées (100 valeurs pour toutes les lignes, 20 remplacements).\n\n20 \
             lignes : 18 valides, 2 en erreur",
            "",
        ),
        (
            &["check", &erp, "--today", "2026-11-23", "--recette", &recipe],
            1,
            "Colonnes non reconnues (ignorées) : Ville\n",
            "",
        ),
        (
            &[
                "send",
                &erp,
                "--dry-run",
                "--recette",
                &recipe,
                "--base",
                "http://127.0.0.1:9/api",
            ],
            1,
            "seraient envoyées 18 lignes valides",
            "",
        ),
        (
            &["check", &erp, "--recette", &version],
            2,
            "",
            "version 2 non prise en charge",
        ),
        (
            &["check", &erp, "--recette", &header],
            2,
            "",
            "le fichier n'a pas de colonne « Genre »",
        ),
        (
            &["check", &erp, "--recette", &field],
            2,
            "",
            "« uai » n'est pas un champ connu (values)",
        ),
        (
            &["check", &erp, "--recette", &not_json],
            2,
            "",
            "ce n'est pas du JSON valide",
        ),
        (&["check", &erp, "--recette", &missing], 2, "", "recette introuvable"),
        (
            &["send", &erp, "--dry-run", "--recette", &version],
            2,
            "",
            "version 2 non prise en charge",
        ),
    ];
    for (args, code, stdout, stderr) in cases {
        check_run(args, *code, stdout, stderr);
    }
    let json = run(&[
        "check",
        &erp,
        "--today",
        "2026-11-23",
        "--recette",
        &recipe,
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("the JSON report");
    assert_eq!(report["missing_columns"], serde_json::json!([]));
    assert_eq!(report["unknown_columns"], serde_json::json!(["Ville"]));
    assert_eq!(report["fixes"]["count"], 120);
    assert_eq!(
        report["fixes"]["by_rule"],
        serde_json::json!({ "value": 100, "replace": 20, "suggestion": 0 })
    );
    assert_eq!(
        report["fixes"]["cells"][0],
        serde_json::json!({ "line": 2, "index": 3, "letter": "D", "field": "sexe_apprenant", "rule": "replace",
                            "before": "Femme", "after": "F" })
    );
    assert_eq!(report["columns"][20]["match"], "recipe");
    let invalid: Vec<&serde_json::Value> = report["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .filter(|line| line["valid"] == false)
        .map(|line| &line["line"])
        .collect();
    assert_eq!(invalid, [9, 14]);
    // Without a recipe, the report has no `fixes` key.
    let plain = run(&["check", &erp, "--today", "2026-11-23", "--format", "json"]);
    assert!(!plain.stdout.contains("\"fixes\""));
    let _ = std::fs::remove_dir_all(&dir);
}

/// One case of `json_objects`: file name, content, arguments after the file, exit code, expected on
/// stdout, expected on stderr.
type JsonCase<'a> = (&'a str, String, &'a [&'a str], i32, &'a str, &'a str);

/// `check FICHIER.json`: the array an ERP would post, judged per object as the API does (D14);
/// whatever is not an array of objects is refused in French, with exit code 2.
#[test]
#[allow(clippy::too_many_lines, reason = "a table of cases")]
fn json_objects() {
    let dir = std::env::temp_dir().join(format!("effectifs-cli-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let valid = r#"{"nom_apprenant": "Dupont", "prenom_apprenant": "Jean", "date_de_naissance_apprenant": "2000-10-28",
        "annee_scolaire": "2024-2025", "id_erp_apprenant": "A1", "date_inscription_formation": "2024-09-01",
        "date_entree_formation": "2024-09-01", "date_fin_formation": "2025-06-30",
        "etablissement_responsable_uai": "0755805C", "etablissement_responsable_siret": "77568013501139",
        "etablissement_formateur_uai": "0802004U", "etablissement_formateur_siret": "77937827200016",
        "contrat_date_debut": "2024-09-01", "statut_apprenant": 0, "Nom": "Dupont Jean"}"#;
    let cases: &[JsonCase] = &[
        (
            "valide.json",
            format!("\u{feff}[{valid}]"),
            &["--profile", "api", "--format", "json"],
            0,
            "\"format\": \"json\"",
            "",
        ),
        (
            "valide.JSON",
            format!("[{valid}]"),
            &["--profile", "api"],
            0,
            "Clés qui ne sont pas des noms de champs (ignorées, comme par l'API) : Nom",
            "",
        ),
        (
            "vide-objet.json",
            "[{}]".to_owned(),
            &[],
            1,
            "1 ligne : 0 valide, 1 en erreur",
            "",
        ),
        (
            "objet.json",
            valid.to_owned(),
            &[],
            2,
            "",
            "objet.json : un tableau d'objets est attendu (un objet par apprenant, comme le corps d'un envoi à l'API), pas un objet.",
        ),
        (
            "nombres.json",
            "[{}, 3]".to_owned(),
            &[],
            2,
            "",
            "l'élément 1 du tableau (ligne 2) devrait être un objet",
        ),
        ("coupe.json", "[{\"a\":".to_owned(), &[], 2, "", "JSON incomplet"),
        (
            "texte.json",
            "nom;prenom".to_owned(),
            &[],
            2,
            "",
            "ce n'est pas du JSON valide (ligne 1, colonne 2)",
        ),
        (
            "vide.json",
            "  \n".to_owned(),
            &[],
            2,
            "",
            "vide.json : Le fichier est vide.",
        ),
        (
            "annote.json",
            "[]".to_owned(),
            &["--annote", "x.xlsx"],
            2,
            "",
            "--annote ne s'applique pas",
        ),
        (
            "feuille.json",
            "[]".to_owned(),
            &["--sheet", "A"],
            2,
            "",
            "--sheet ne s'applique pas",
        ),
    ];
    for (name, content, extra, code, stdout, stderr) in cases {
        let path = dir.join(name);
        std::fs::write(&path, content).expect("written");
        let path = path.display().to_string();
        let mut args = vec!["check", path.as_str(), "--today", "2026-11-23"];
        args.extend_from_slice(extra);
        let result = run(&args);
        assert_eq!(result.code, *code, "{name}: {}", result.stderr);
        assert!(
            result.stdout.contains(stdout),
            "{name}: stdout lacks {stdout:?}:\n{}",
            result.stdout
        );
        assert!(
            result.stderr.contains(stderr),
            "{name}: stderr lacks {stderr:?}:\n{}",
            result.stderr
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
