//! The cases run in every JavaScript engine (`node.rs`: Node.js, `browser.rs`: headless Chromium).
//!
//! They call the exported functions as JavaScript would and read the result as JavaScript sees it
//! (`Reflect.get`, `JSON.stringify`), over the real fixtures of `tests/data/` (expected verdicts in
//! its README).

use effectifs_api::JsonReport;
use effectifs_core::{Date, Profile};
use effectifs_sheet::ReadOptions;
use js_sys::{Array, JSON, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const TEMPLATE: &[u8] = include_bytes!("../../../../tests/data/modele-officiel.xlsx");
const CP1252: &[u8] = include_bytes!("../../../../tests/data/effectifs-cp1252.csv");
const ODS: &[u8] = include_bytes!("../../../../tests/data/effectifs.ods");
const NOT_A_SPREADSHEET: &[u8] = include_bytes!("../../../../tests/data/pas-un-tableur.xlsx");
const DAMAGED_SHEET_XLSX: &[u8] = include_bytes!("../../../../tests/data/hostile/feuille-endommagee.xlsx");
const DAMAGED_SHEET_ODS: &[u8] = include_bytes!("../../../../tests/data/hostile/feuille-endommagee.ods");

/// `value.a.b.0.c`, as JavaScript reads it.
fn at(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |value, key| {
        Reflect::get(&value, &JsValue::from_str(key)).unwrap_or_else(|_| panic!("cannot read {key} in {path}"))
    })
}

fn text(value: &JsValue, path: &str) -> String {
    at(value, path)
        .as_string()
        .unwrap_or_else(|| panic!("{path} is not a string"))
}

/// A count or a line number (a whole number in JavaScript).
fn count(value: &JsValue, path: &str) -> u32 {
    let number = at(value, path)
        .as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number"));
    assert!(
        number.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&number),
        "{path} is not a count: {number}"
    );
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked just above"
    )]
    let whole = number as u32;
    whole
}

fn bytes(content: &[u8]) -> JsValue {
    Uint8Array::from(content).into()
}

/// A plain object built from `(key, value)` pairs.
fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        Reflect::set(&object, &JsValue::from_str(key), value).expect("set");
    }
    object.into()
}

fn check_file(content: &[u8], name: &str, options: &JsValue) -> JsValue {
    effectifs_wasm::check_file(&bytes(content), &JsValue::from_str(name), options)
        .unwrap_or_else(|error| panic!("{}", message(error.into())))
}

fn file_error(content: &[u8], name: &str, options: &JsValue) -> String {
    match effectifs_wasm::check_file(&bytes(content), &JsValue::from_str(name), options) {
        Ok(_) => panic!("{name}: no error"),
        Err(error) => message(error.into()),
    }
}

fn rows_error(rows: &JsValue, options: &JsValue) -> String {
    match effectifs_wasm::check_rows(rows, options) {
        Ok(_) => panic!("no error"),
        Err(error) => message(error.into()),
    }
}

/// The message of a thrown `Error` (and proof that it is one).
fn message(error: JsValue) -> String {
    let error: js_sys::Error = error.dyn_into().expect("a JavaScript Error");
    error.message().into()
}

fn today(day: &str) -> JsValue {
    object(&[("today", day.into())])
}

/// The lines with errors, as `line: field code, …`.
fn invalid_lines(report: &JsValue) -> Vec<String> {
    let lines: Array = at(report, "lines").unchecked_into();
    lines
        .iter()
        .filter(|line| at(line, "valid") == JsValue::FALSE)
        .map(|line| {
            let errors: Array = at(&line, "errors").unchecked_into();
            let errors: Vec<String> = errors
                .iter()
                .map(|error| {
                    let field = at(&error, "field").as_string().unwrap_or_default();
                    format!("{field} {}", text(&error, "code"))
                })
                .collect();
            format!("{}: {}", count(&line, "line"), errors.join(", "))
        })
        .collect()
}

/// `JSON.stringify(report, null, 2)`, the text an ERP would store.
fn stringify(report: &JsValue) -> String {
    JSON::stringify_with_replacer_and_space(report, &JsValue::NULL, &JsValue::from(2))
        .expect("stringify")
        .into()
}

/// The text of `effectifs check FILE --format json --today DAY`, computed by the crates themselves.
fn cli_json(content: &[u8], name: &str, day: &str) -> String {
    let sheet = effectifs_sheet::read(content, name, &ReadOptions::default()).expect("readable");
    let report = effectifs_core::validate(&sheet.table, Profile::Televersement, Date::parse_iso(day).expect("day"));
    JsonReport::new(sheet.file_description(), &sheet.table, &report)
        .with_read_warnings(sheet.file_warnings())
        .to_pretty_string()
}

#[wasm_bindgen_test]
fn official_template_is_valid_with_ten_checksum_warnings() {
    let report = check_file(TEMPLATE, "modele-officiel.xlsx", &today("2026-11-23"));
    assert_eq!(text(&report, "file.format"), "xlsx");
    assert_eq!(text(&report, "file.sheet"), "Modèle");
    assert_eq!(count(&report, "summary.lines"), 1);
    assert_eq!(count(&report, "summary.valid"), 1);
    assert_eq!(count(&report, "summary.warnings"), 10);
    assert_eq!(count(&report, "lines.0.line"), 2);
    assert_eq!(
        text(&report, "lines.0.dossier.date_de_naissance_apprenant"),
        "1998-01-24"
    );
    // Maps are plain objects, not `Map`s.
    let dossier = at(&report, "lines.0.dossier");
    assert_eq!(
        Object::get_prototype_of(&dossier),
        Object::get_prototype_of(&Object::new())
    );
    // The Tableau de bord's figures (D13): its school year, 2024-2025, is over at 2026-11-23…
    assert_eq!(count(&report, "summary.statuts.ABANDON"), 0);
    assert_eq!(count(&report, "summary.indicateurs.abandons"), 0);
    // …and counts in 2025: an abandon, not an apprenant.
    let report = check_file(TEMPLATE, "modele-officiel.xlsx", &today("2025-03-01"));
    assert_eq!(count(&report, "summary.statuts.ABANDON"), 1);
    assert_eq!(count(&report, "summary.indicateurs.abandons"), 1);
    assert_eq!(count(&report, "summary.indicateurs.apprenants"), 0);
    assert_eq!(text(&report, "summary.indicateurs.date"), "2025-03-01");
}

#[wasm_bindgen_test]
fn cp1252_export_has_its_four_known_errors() {
    let report = check_file(CP1252, "effectifs-cp1252.csv", &today("2026-11-23"));
    assert_eq!(text(&report, "file.encoding"), "windows-1252");
    assert_eq!(text(&report, "file.delimiter"), ";");
    assert_eq!(
        invalid_lines(&report),
        [
            "5: date_inscription_formation date-inexistante",
            "8: email_contact email-invalide",
            "11: etablissement_formateur_siret siret-invalide",
            "13: contrat_date_debut contrat-incomplet",
        ]
    );
    assert_eq!(count(&report, "summary.valid"), 8);
    assert_eq!(count(&report, "summary.sans_contrat"), 5);
    let unknown: Array = at(&report, "unknown_columns").unchecked_into();
    assert_eq!(unknown.to_vec(), [JsValue::from("N° dossier"), JsValue::from("Classe")]);
}

#[wasm_bindgen_test]
fn report_text_is_the_command_line_report() {
    for (content, name) in [
        (TEMPLATE, "modele-officiel.xlsx"),
        (CP1252, "effectifs-cp1252.csv"),
        (ODS, "effectifs.ods"),
        (DAMAGED_SHEET_XLSX, "feuille-endommagee.xlsx"),
        (DAMAGED_SHEET_ODS, "feuille-endommagee.ods"),
    ] {
        let report = check_file(content, name, &today("2026-11-23"));
        let expected = cli_json(content, name, "2026-11-23");
        assert!(stringify(&report) + "\n" == expected, "{name}: the reports differ");
    }
}

/// A long file whose columns mix values that are all different (identifiers, e-mails, names with
/// accents), values that repeat a few at a time and values that never change: the hand-over writes
/// such strings in different ways once a column's values prove to be all different (`src/tape.rs`),
/// and the report must stay the command's, byte for byte. Its statuts come in runs of equal ones
/// (a contract start shared by three lines), broken by lines without one (no formation end): a
/// statut equal to the line before's is handed over as a reference to it.
#[wasm_bindgen_test]
fn long_reports_are_the_command_line_report() {
    let mut csv = String::from(
        "nom_apprenant;prenom_apprenant;date_de_naissance_apprenant;annee_scolaire;id_erp_apprenant;\
         email_contact;code_postal_apprenant;date_inscription_formation;date_entree_formation;\
         date_fin_formation;etablissement_responsable_uai;etablissement_responsable_siret;\
         etablissement_formateur_uai;etablissement_formateur_siret;contrat_date_debut;annee_formation;\
         adresse_apprenant;sexe_apprenant\n",
    );
    let first_names = ["Léa", "Hugo", "Chloé", "Zoë", "Noé", "Inès"];
    for line in 0..600 {
        // Names all different for 300 lines, then six names over and over.
        let name = if line < 300 {
            format!("Émile{line}")
        } else {
            format!("Dupré{}", line % 6)
        };
        let first = first_names[line % first_names.len()];
        csv.push_str(&format!(
            "{name};{first};{:04}-{:02}-{:02};2024-2025;ERP-{line};apprenant{line}@exemple.fr;{};2024-09-01;\
             2024-09-01;{};0755805C;77568013501139;0802004U;77937827200016;2024-09-{:02};{};\
             {line} rue de l'Église;{}\n",
            1995 + line % 10,
            1 + line % 12,
            1 + line % 28,
            ["75002", "69001", "13001"][line % 3],
            if line % 41 == 40 { "" } else { "2025-06-30" },
            1 + (line / 3) % 20,
            1 + line % 2,
            ["M", "F"][line % 2],
        ));
    }
    let report = check_file(csv.as_bytes(), "long.csv", &today("2026-11-23"));
    assert_eq!(count(&report, "summary.lines"), 600);
    assert!(count(&report, "summary.valid") > 500, "most lines are valid");
    // The statuts, read from the last line to the first: runs of equal ones, lines without one.
    let statuts: Vec<String> = (0..600)
        .rev()
        .map(|line| stringify(&at(&report, &format!("lines.{line}.statut"))))
        .collect();
    let repeated = statuts
        .windows(2)
        .filter(|pair| pair[0] == pair[1] && pair[0] != "null")
        .count();
    let missing = statuts.iter().filter(|statut| *statut == "null").count();
    assert!(
        repeated > 300 && missing > 10,
        "{repeated} statuts equal to the line before's, {missing} missing"
    );
    assert!(
        stringify(&report) + "\n" == cli_json(csv.as_bytes(), "long.csv", "2026-11-23"),
        "the reports differ"
    );
}

/// A damaged sheet skipped while another is read is named in `read_warnings`, never dropped silently.
#[wasm_bindgen_test]
fn a_damaged_sheet_is_named() {
    for (content, name) in [
        (DAMAGED_SHEET_XLSX, "feuille-endommagee.xlsx"),
        (DAMAGED_SHEET_ODS, "feuille-endommagee.ods"),
    ] {
        let report = check_file(content, name, &today("2026-11-23"));
        assert_eq!(text(&report, "file.sheet"), "Effectifs", "{name}");
        assert_eq!(count(&report, "summary.valid"), 3, "{name}");
        assert_eq!(Array::from(&at(&report, "read_warnings")).length(), 1, "{name}");
        assert_eq!(text(&report, "read_warnings.0.code"), "feuille-endommagee", "{name}");
        assert_eq!(at(&report, "read_warnings.0.line"), JsValue::NULL, "{name}");
        let message = text(&report, "read_warnings.0.message");
        assert!(
            message.starts_with("La feuille « Ancienne » est endommagée et n'a pas été lue"),
            "{name}: {message}"
        );
    }
}

#[wasm_bindgen_test]
fn bytes_may_be_an_array_buffer() {
    let buffer = Uint8Array::from(CP1252).buffer();
    let report = effectifs_wasm::check_file(&buffer.into(), &"effectifs-cp1252.csv".into(), &JsValue::UNDEFINED)
        .unwrap_or_else(|error| panic!("{}", message(error.into())));
    assert_eq!(count(&report, "summary.lines"), 12);
}

#[wasm_bindgen_test]
fn options_choose_profile_day_and_sheet() {
    let options = object(&[
        ("profile", "api".into()),
        ("today", "2025-10-01".into()),
        ("sheet", "Modèle".into()),
    ]);
    let report = check_file(TEMPLATE, "modele-officiel.xlsx", &options);
    assert_eq!(text(&report, "profile"), "api");
    assert_eq!(text(&report, "today"), "2025-10-01");
    assert_eq!(text(&report, "file.sheet"), "Modèle");
    // Undefined options are the defaults; the default day is today's local calendar day.
    let report = check_file(
        TEMPLATE,
        "modele-officiel.xlsx",
        &object(&[("profile", JsValue::UNDEFINED)]),
    );
    assert_eq!(text(&report, "profile"), "televersement");
    let now = js_sys::Date::new_0();
    let local = format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    );
    assert_eq!(text(&report, "today"), local);
}

#[wasm_bindgen_test]
fn column_mapping_overrides_headers() {
    let columns = object(&[
        ("N° dossier", JsValue::NULL),
        ("Classe", JsValue::NULL),
        ("Email", JsValue::NULL),
        ("Formation", "custom_statut_apprenant".into()),
    ]);
    let options = object(&[("today", "2026-11-23".into()), ("columns", columns)]);
    let report = check_file(CP1252, "effectifs-cp1252.csv", &options);
    // Ignored on purpose: not unknown any more.
    assert_eq!(Array::from(&at(&report, "unknown_columns")).length(), 0);
    assert_eq!(text(&report, "columns.0.match"), "manual");
    assert_eq!(at(&report, "columns.0.field"), JsValue::NULL);
    // Without its column, the e-mail (required for the upload page) is missing everywhere.
    assert_eq!(text(&report, "missing_columns.0"), "email_contact");
    assert_eq!(count(&report, "summary.valid"), 0);
    let formation = (0..40)
        .map(|index| at(&report, &format!("columns.{index}")))
        .find(|column| text(column, "header") == "Formation")
        .expect("Formation column");
    assert_eq!(text(&formation, "field"), "custom_statut_apprenant");
    assert_eq!(text(&formation, "match"), "manual");
}

#[wasm_bindgen_test]
fn unreadable_files_and_bad_options_are_french_errors() {
    let cases: [(&[u8], &str, JsValue, &str); 9] = [
        (
            NOT_A_SPREADSHEET,
            "pas-un-tableur.xlsx",
            JsValue::UNDEFINED,
            "pas-un-tableur.xlsx : Ce fichier n'est pas un tableur reconnu",
        ),
        (b"", "vide.csv", JsValue::UNDEFINED, "vide.csv : Le fichier est vide."),
        (
            TEMPLATE,
            "modele-officiel.xlsx",
            object(&[("sheet", "Feuil1".into())]),
            "La feuille « Feuil1 » n'existe pas",
        ),
        (CP1252, "a.csv", "api".into(), "Les options doivent être un objet"),
        (
            CP1252,
            "a.csv",
            object(&[("profil", "api".into())]),
            "Option inconnue « profil »",
        ),
        (
            CP1252,
            "a.csv",
            object(&[("profile", "API".into())]),
            "Option « profile » invalide (« API »)",
        ),
        (
            CP1252,
            "a.csv",
            object(&[("today", "23/11/2026".into())]),
            "Option « today » invalide (« 23/11/2026 »)",
        ),
        (
            CP1252,
            "a.csv",
            object(&[("columns", object(&[("Nom", "nom".into())]))]),
            "« nom » n'est pas un champ connu (colonne « Nom »)",
        ),
        (
            CP1252,
            "a.csv",
            object(&[("columns", object(&[("Nom ", JsValue::NULL)]))]),
            "le fichier n'a pas de colonne « Nom  »",
        ),
    ];
    for (content, name, options, expected) in cases {
        let error = file_error(content, name, &options);
        assert!(error.contains(expected), "{name}: « {error} » lacks « {expected} »");
    }
    let error = effectifs_wasm::check_file(&"texte".into(), &"a.csv".into(), &JsValue::UNDEFINED).expect_err("string");
    assert!(message(error.into()).contains("doit être un Uint8Array ou un ArrayBuffer, pas « texte »"));
}

/// `values: "cells"`: the objects read as a spreadsheet's cells (file semantics).
#[wasm_bindgen_test]
fn rows_take_values_as_an_erp_holds_them() {
    let record = |name: &str, birth: JsValue, siret: JsValue| {
        object(&[
            ("nom_apprenant", name.into()),
            ("prenom_apprenant", "Gaston".into()),
            ("date_de_naissance_apprenant", birth),
            ("annee_scolaire", "2025-2026".into()),
            ("annee_formation", 1.into()),
            ("formation_presentielle", true.into()),
            ("date_inscription_formation", "2025-09-01".into()),
            (
                "date_entree_formation",
                js_sys::Date::new_with_year_month_day(2025, 8, 1).into(),
            ),
            ("date_fin_formation", "30/06/2027".into()),
            ("etablissement_responsable_uai", "0755805C".into()),
            ("etablissement_responsable_siret", siret.clone()),
            ("etablissement_formateur_uai", "0802004U".into()),
            ("etablissement_formateur_siret", "77937827200016".into()),
            ("tel_apprenant", JsValue::NULL),
            ("ine_apprenant", JsValue::UNDEFINED),
            ("couleur_preferee", "bleu".into()),
        ])
    };
    let rows = Array::of3(
        &record(
            "Dupuis",
            js_sys::Date::new_with_year_month_day(1998, 0, 24).into(),
            "77568013501139".into(),
        ),
        &record(
            "Durand",
            js_sys::Date::new(&"date inconnue".into()).into(),
            js_sys::BigInt::from(77_568_013_501_139_u64).into(),
        ),
        &Object::new(),
    );
    let report = effectifs_wasm::check_rows(
        &rows,
        &object(&[
            ("profile", "api".into()),
            ("today", "2026-11-23".into()),
            ("values", "cells".into()),
        ]),
    )
    .unwrap_or_else(|error| panic!("{}", message(error.into())));
    assert_eq!(text(&report, "file.name"), "rows");
    assert_eq!(text(&report, "file.format"), "rows");
    assert_eq!(count(&report, "file.header_line"), 0);
    assert_eq!(text(&report, "unknown_columns.0"), "couleur_preferee");
    // Record 0 is line 1: a valid dossier, the `Date`s as their local day.
    assert_eq!(count(&report, "lines.0.line"), 1);
    assert_eq!(
        at(&report, "lines.0.valid"),
        JsValue::TRUE,
        "{}",
        stringify(&at(&report, "lines.0.errors"))
    );
    assert_eq!(
        text(&report, "lines.0.dossier.date_de_naissance_apprenant"),
        "1998-01-24"
    );
    assert_eq!(text(&report, "lines.0.dossier.date_entree_formation"), "2025-09-01");
    assert_eq!(count(&report, "lines.0.dossier.annee_formation"), 1);
    assert_eq!(at(&report, "lines.0.dossier.formation_presentielle"), JsValue::TRUE);
    // An invalid `Date` is reported, not dropped; a `BigInt` SIRET is its digits.
    assert_eq!(
        invalid_lines(&report)[0],
        "2: date_de_naissance_apprenant date-invalide"
    );
    // Every record is a line, the empty one too.
    assert_eq!(count(&report, "summary.lines"), 3);
    assert_eq!(count(&report, "lines.2.line"), 3);
}

#[wasm_bindgen_test]
fn rows_that_are_not_records_are_french_errors() {
    let date = js_sys::Date::new_0();
    let cases: [(JsValue, &str); 4] = [
        (
            object(&[("nom_apprenant", "Dupuis".into())]),
            "checkRows attend un tableau d'objets (un objet par apprenant), pas un objet.",
        ),
        (
            Array::of1(&"Dupuis".into()).into(),
            "l'élément 0 du tableau (ligne 1) devrait être un objet",
        ),
        (
            Array::of2(&Object::new(), &Array::new()).into(),
            "l'élément 1 du tableau (ligne 2) devrait être un objet",
        ),
        (
            Array::of1(&object(&[("nom_apprenant", Array::of1(&date).into())])).into(),
            "ligne 1, champ « nom_apprenant » : valeur non prise en charge (un tableau)",
        ),
    ];
    let cells = object(&[("values", "cells".into())]);
    for (rows, expected) in cases {
        let error = rows_error(&rows, &cells);
        assert!(error.contains(expected), "« {error} » lacks « {expected} »");
    }
}

/// By default each object is judged as the API receives it (D14): exact keys, JSON types.
#[wasm_bindgen_test]
fn rows_are_judged_as_the_api_receives_them() {
    let learner = |extra: &[(&str, JsValue)]| {
        let mut entries: Vec<(&str, JsValue)> = vec![
            ("nom_apprenant", "Dupont".into()),
            ("prenom_apprenant", "Jean".into()),
            ("date_de_naissance_apprenant", "2000-10-28".into()),
            ("annee_scolaire", "2024-2025".into()),
            ("id_erp_apprenant", "A1".into()),
            ("date_inscription_formation", "2024-09-01".into()),
            ("date_entree_formation", "2024-09-01".into()),
            ("date_fin_formation", "2025-06-30".into()),
            ("etablissement_responsable_uai", "0755805C".into()),
            ("etablissement_responsable_siret", "77568013501139".into()),
            ("etablissement_formateur_uai", "0802004U".into()),
            ("etablissement_formateur_siret", "77937827200016".into()),
            ("contrat_date_debut", "2024-09-01".into()),
        ];
        entries.extend_from_slice(extra);
        object(&entries)
    };
    let rows = Array::of3(
        &learner(&[("Nom", "Dupont Jean".into()), ("statut_apprenant", 0.into())]),
        &learner(&[
            ("id_erp_apprenant", "A2".into()),
            ("date_fin_formation", "30/06/2025".into()),
        ]),
        &learner(&[
            ("id_erp_apprenant", JsValue::UNDEFINED),
            ("rqth_apprenant", "oui".into()),
        ]),
    );
    let options = object(&[
        ("profile", "api".into()),
        ("today", "2026-11-23".into()),
        ("name", "erp.json".into()),
    ]);
    let report =
        effectifs_wasm::check_rows(&rows, &options).unwrap_or_else(|error| panic!("{}", message(error.into())));
    assert_eq!(text(&report, "file.name"), "erp.json");
    assert_eq!(text(&report, "file.format"), "json");
    // `Nom` does not replace nom_apprenant; 0 is abandon.
    assert_eq!(text(&report, "lines.0.dossier.nom_apprenant"), "DUPONT");
    assert_eq!(count(&report, "lines.0.dossier.statut_apprenant"), 0);
    assert_eq!(text(&report, "lines.0.warnings.0.code"), "cle-approchante");
    assert_eq!(
        invalid_lines(&report),
        [
            "2: date_fin_formation date-non-iso",
            "3: id_erp_apprenant champ-obligatoire, rqth_apprenant booleen-attendu"
        ]
    );
}

#[wasm_bindgen_test]
fn fields_describe_the_contract() {
    let fields: Array = effectifs_wasm::fields().expect("fields").unchecked_into();
    assert_eq!(fields.length(), 70);
    let first = fields.get(0);
    assert_eq!(text(&first, "name"), "nom_apprenant");
    assert_eq!(text(&first, "label"), "Nom");
    assert_eq!(text(&first, "type"), "texte");
    assert_eq!(text(&first, "template_header"), "nom_apprenant *");
    assert_eq!(at(&first, "required.api"), JsValue::TRUE);
    let find = |name: &str| fields.iter().find(|field| text(field, "name") == name).expect(name);
    let email = find("email_contact");
    assert_eq!(at(&email, "required.televersement"), JsValue::TRUE);
    assert_eq!(at(&email, "required.api"), JsValue::FALSE);
    let identifier = find("id_erp_apprenant");
    assert_eq!(at(&identifier, "generated"), JsValue::TRUE);
    assert_eq!(at(&identifier, "required.televersement"), JsValue::FALSE);
    assert_eq!(at(&identifier, "template_header"), JsValue::NULL);
    assert_eq!(text(&find("contrat_date_debut"), "type"), "date");
}

#[wasm_bindgen_test]
fn template_is_a_valid_workbook() {
    let template = effectifs_wasm::template().unwrap_or_else(|error| panic!("{}", message(error.into())));
    assert_eq!(&template[..2], b"PK");
    let report = check_file(&template, "modele.xlsx", &today("2026-11-23"));
    assert_eq!(count(&report, "summary.valid"), 1);
    assert_eq!(text(&report, "file.sheet"), "Modèle");
}
