//! Objects judged as the API receives them (D14), natively, through `effectifs_core::validate_objects`:
//! - `tests/data/json-cases.json`: every field with every JSON type (string, number, boolean, null,
//!   empty, blanks, array, object), each set on a valid object, with the expected verdict and
//!   payload. The npm package runs the same table (`crates/effectifs-wasm/tests/package.test.mjs`).
//!   `EFFECTIFS_UPDATE_CASES=1 cargo test -p effectifs-tests --test json_objects` rewrites the
//!   expectations from the engine, for review in the diff;
//! - an object's verdict is the same checked alone and inside any list of other objects (only
//!   the duplicate warning depends on the others, and exactly when they share its identity);
//! - keys that only resemble a field are warned about, never read.

use effectifs_api::report::line_json;
use effectifs_core::{Cell, Date, Field, LineReport, Objects, Profile, Row, Table, validate, validate_objects};
use proptest::prelude::*;
use serde_json::{Map, Value as Json, json};

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/json-cases.json");

fn today() -> Date {
    Date::from_ymd(2025, 3, 6).expect("a real day")
}

/// The objects of a JSON array.
fn objects(items: &[Json]) -> Objects {
    effectifs_api::objects(&Json::Array(items.to_vec())).expect("an array of objects")
}

/// A line as the table spells its verdict: `= <payload value>` or `absent` when the line is valid,
/// `invalide` otherwise, then every error and warning as `error code@field`. The npm test renders
/// the package's report line the same way.
fn render(line: &Json, field: &str) -> String {
    let head = if line["valid"] == Json::Bool(true) {
        match line["dossier"].get(field) {
            Some(value) => format!("= {value}"),
            None => "absent".to_owned(),
        }
    } else {
        "invalide".to_owned()
    };
    let mut parts = vec![head];
    for (list, severity) in [("errors", "error"), ("warnings", "warning")] {
        for diagnostic in line[list].as_array().into_iter().flatten() {
            let code = diagnostic["code"].as_str().unwrap_or("?");
            let on = diagnostic["field"].as_str().unwrap_or("ligne");
            parts.push(format!("{severity} {code}@{on}"));
        }
    }
    parts.join(" | ")
}

/// The report line of one object checked alone, as JSON.
fn judge_alone(object: &Json) -> Json {
    let report = validate_objects(&objects(std::slice::from_ref(object)), Profile::Api, today());
    serde_json::to_value(line_json(&report.lines[0])).expect("serialisable")
}

#[test]
fn every_json_type_of_every_field() {
    let text = std::fs::read_to_string(CASES).expect("the cases are readable");
    let mut table: Json = serde_json::from_str(&text).expect("the cases are JSON");
    let base = table["base"].as_object().cloned().expect("a base object");
    assert_eq!(
        render(&judge_alone(&Json::Object(base.clone())), "nom_apprenant"),
        "= \"DUPUIS\""
    );
    let update = std::env::var_os("EFFECTIFS_UPDATE_CASES").is_some();
    let mut failures = Vec::new();
    let mut covered = Vec::new();
    // Sets `key` of the valid object to `value`; the verdict replaces `expected` when it differs.
    let mut check = |key: &str, value: &Json, expected: &mut Json| {
        let mut object = base.clone();
        object.insert(key.to_owned(), value.clone());
        let actual = render(&judge_alone(&Json::Object(object)), key);
        if *expected != actual {
            failures.push(format!("{key} = {value}: expected `{expected}`, got `{actual}`"));
            *expected = Json::String(actual);
        }
    };
    for entry in table["fields"].as_array_mut().expect("fields") {
        let field = entry["field"].as_str().expect("a field name").to_owned();
        covered.push(field.clone());
        for case in entry["cases"].as_array_mut().expect("cases") {
            let [value, expected] = case.as_array_mut().map(Vec::as_mut_slice).expect("a case") else {
                panic!("a case is [value, expected]: {case}");
            };
            check(&field, value, expected);
        }
    }
    // Keys that are not fields: each added to the valid object with a value.
    for case in table["keys"].as_array_mut().expect("keys") {
        let [key, value, expected] = case.as_array_mut().map(Vec::as_mut_slice).expect("a case") else {
            panic!("a key case is [key, value, expected]: {case}");
        };
        check(key.as_str().expect("a key"), value, expected);
    }
    if update {
        std::fs::write(CASES, pretty(&table)).expect("the cases are writable");
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    let all: Vec<&str> = Field::ALL.iter().map(|field| field.name()).collect();
    assert_eq!(covered, all, "one entry per field, in the contract's order");
}

/// The table as written in the repository: one case per line.
fn pretty(table: &Json) -> String {
    // The cases of a list, one per line with the given indent, comma-separated.
    let lines = |cases: &Json, indent: &str| {
        let cases = cases.as_array().cloned().unwrap_or_default();
        let lines: Vec<String> = cases
            .iter()
            .map(|case| format!("{indent}{}", serde_json::to_string(case).unwrap_or_default()))
            .collect();
        lines.join(",\n")
    };
    let fields: Vec<String> = table["fields"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|entry| {
            format!(
                "    {{\"field\": {}, \"cases\": [\n{}\n    ]}}",
                entry["field"],
                lines(&entry["cases"], "      ")
            )
        })
        .collect();
    format!(
        "{{\n  \"base\": {},\n  \"fields\": [\n{}\n  ],\n  \"keys\": [\n{}\n  ]\n}}\n",
        serde_json::to_string(&table["base"]).unwrap_or_default(),
        fields.join(",\n"),
        lines(&table["keys"], "    ")
    )
}

#[test]
fn keys_are_read_per_object_exactly() {
    let valid = json!({
        "nom_apprenant": "Dupont", "prenom_apprenant": "Jean", "date_de_naissance_apprenant": "2000-10-28",
        "annee_scolaire": "2024-2025", "id_erp_apprenant": "A1", "date_inscription_formation": "2024-09-01",
        "date_entree_formation": "2024-09-01", "date_fin_formation": "2025-06-30",
        "etablissement_responsable_uai": "0755805C", "etablissement_responsable_siret": "77568013501139",
        "etablissement_formateur_uai": "0802004U", "etablissement_formateur_siret": "77937827200016",
        "contrat_date_debut": "2024-09-01"
    });
    let with = |changes: Json| {
        let mut object = valid.clone();
        for (key, value) in changes.as_object().into_iter().flatten() {
            object[key] = value.clone();
        }
        object
    };
    let without = |key: &str| {
        let mut object = valid.clone();
        object.as_object_mut().map(|map| map.remove(key));
        object
    };
    // The example: another key never replaces the field, in this object or another.
    let items = [
        with(json!({"Nom": "Dupont Jean", "statut_interne": "actif"})),
        with(json!({"id_erp_apprenant": "A2"})),
        with(json!({"id_erp_apprenant": "A3", "NOM_APPRENANT": "X", "date de naissance": "2001-01-01"})),
        without("id_erp_apprenant"),
        with(json!({"id_erp_apprenant": "A5", "api_version": "v4"})),
        with(json!({"id_erp_apprenant": "A6", "api_version": "v3", "source": "FICHIER", "bidule": 1})),
    ];
    let report = validate_objects(&objects(&items), Profile::Api, today());
    let rendered: Vec<String> = report
        .lines
        .iter()
        .map(|line| render(&serde_json::to_value(line_json(line)).expect("json"), "nom_apprenant"))
        .collect();
    assert_eq!(
        rendered,
        [
            // `statut_interne` is one of custom_statut_apprenant's header labels: a look-alike too.
            "= \"DUPONT\" | warning cle-approchante@nom_apprenant | warning cle-approchante@custom_statut_apprenant",
            "= \"DUPONT\"",
            "= \"DUPONT\" | warning cle-approchante@nom_apprenant | warning cle-approchante@date_de_naissance_apprenant",
            "invalide | error champ-obligatoire@id_erp_apprenant",
            "invalide | error api-version-invalide@ligne",
            "= \"DUPONT\"",
        ]
    );
    let warning = &report.lines[0].diagnostics[0];
    assert_eq!(
        warning.message(),
        "Clé « Nom » ignorée : l'API ne lit que le nom exact du champ, « nom_apprenant »"
    );
    assert_eq!(
        warning.hint().as_deref(),
        Some("Renommez la clé « Nom » en « nom_apprenant ».")
    );
    // The report's columns: every key once, in first-seen order; only exact names feed a field.
    let table = objects(&items).columns();
    let unknown: Vec<&str> = table
        .columns
        .iter()
        .filter(|column| column.field.is_none())
        .map(|column| column.header.as_str())
        .collect();
    assert_eq!(
        unknown,
        [
            "Nom",
            "statut_interne",
            "NOM_APPRENANT",
            "date de naissance",
            "api_version",
            "source",
            "bidule"
        ]
    );
}

#[test]
fn a_missing_required_key_is_hinted_in_the_api_terms() {
    // A required key missing: the file's code and message, a hint in the API's terms (the key,
    // dates as the API reads them), not the cells of a file.
    let base: Json = serde_json::from_str::<Json>(&std::fs::read_to_string(CASES).expect("the cases are readable"))
        .expect("the cases are JSON")["base"]
        .clone();
    let without = |key: &str| {
        let mut object = base.clone();
        object.as_object_mut().map(|map| map.remove(key));
        object
    };
    let missing = validate_objects(
        &objects(&[without("date_de_naissance_apprenant"), without("nom_apprenant")]),
        Profile::Api,
        today(),
    );
    let hints: Vec<(&str, String, Option<String>)> = missing
        .lines
        .iter()
        .flat_map(|line| &line.diagnostics)
        .filter(|diagnostic| diagnostic.code() == "champ-obligatoire")
        .map(|diagnostic| (diagnostic.code(), diagnostic.message(), diagnostic.hint()))
        .collect();
    assert_eq!(
        hints,
        [
            (
                "champ-obligatoire",
                "Champ obligatoire".to_owned(),
                Some("Envoyez la clé « date_de_naissance_apprenant » (date AAAA-MM-JJ, ex. 2025-09-05).".to_owned())
            ),
            (
                "champ-obligatoire",
                "Champ obligatoire".to_owned(),
                Some(format!(
                    "Envoyez la clé « nom_apprenant » ({}).",
                    Field::NomApprenant.spec().format
                ))
            ),
        ]
    );
}

/// Every message and hint of a posted object speaks of its fields and keys, never of a spreadsheet:
/// over every case of the table, an incomplete contract, and the two kinds that a file words for
/// cells (`texte-attendu`, `contrat-incomplet`), whose file wording stays.
#[test]
fn messages_speak_of_fields_not_cells() {
    let table: Json = serde_json::from_str(&std::fs::read_to_string(CASES).expect("the cases are readable"))
        .expect("the cases are JSON");
    let base = table["base"].as_object().cloned().expect("a base object");
    let with = |key: &str, value: &Json| {
        let mut object = base.clone();
        object.insert(key.to_owned(), value.clone());
        Json::Object(object)
    };
    let mut items = Vec::new();
    for entry in table["fields"].as_array().expect("fields") {
        let field = entry["field"].as_str().expect("a field name");
        for case in entry["cases"].as_array().expect("cases") {
            items.push(with(field, &case[0]));
        }
    }
    for case in table["keys"].as_array().expect("keys") {
        items.push(with(case[0].as_str().expect("a key"), &case[1]));
    }
    // Contracts 1 and 2 with an end date and no start date.
    let mut incomplete = base.clone();
    incomplete.remove("contrat_date_debut");
    incomplete.insert("contrat_date_fin".to_owned(), json!("2025-06-30"));
    incomplete.insert("contrat_date_fin_2".to_owned(), json!("2025-06-30"));
    items.push(Json::Object(incomplete));
    let report = validate_objects(&objects(&items), Profile::Api, today());
    let words = ["cellule", "colonne", "feuille", "en-tête", "tableur", "saisi"];
    let mut spreadsheet = Vec::new();
    let mut seen = std::collections::BTreeMap::new();
    for diagnostic in report.lines.iter().flat_map(|line| &line.diagnostics) {
        for text in [Some(diagnostic.message()), diagnostic.hint()].into_iter().flatten() {
            if words.iter().any(|word| text.to_lowercase().contains(word)) {
                spreadsheet.push(format!("{}: {text}", diagnostic.code()));
            }
        }
        let field = diagnostic.field.map_or("ligne", |field| field.name());
        seen.entry((diagnostic.code(), field))
            .or_insert_with(|| (diagnostic.message(), diagnostic.hint()));
    }
    spreadsheet.sort();
    spreadsheet.dedup();
    assert!(
        spreadsheet.is_empty(),
        "worded for a spreadsheet:\n{}",
        spreadsheet.join("\n")
    );
    let said = |code: &str, field: &str| {
        seen.get(&(code, field))
            .cloned()
            .unwrap_or_else(|| panic!("no {code} on {field}"))
    };
    assert_eq!(
        said("texte-attendu", "nom_apprenant"),
        (
            "Texte attendu (le champ « nom_apprenant » vaut 0)".to_owned(),
            Some("Envoyez ce champ comme une chaîne de caractères JSON, entre guillemets.".to_owned())
        )
    );
    assert_eq!(
        said("contrat-incomplet", "contrat_date_debut_2"),
        (
            "Information de contrat incomplète : contrat_date_fin_2, cause_rupture_contrat_2 ou \
             contrat_date_rupture_2 nécessite la présence de contrat_date_debut_2"
                .to_owned(),
            Some(
                "Envoyez la clé « contrat_date_debut_2 », ou retirez les clés contrat_date_fin_2, \
                 cause_rupture_contrat_2 et contrat_date_rupture_2 s'il n'y a pas de contrat."
                    .to_owned()
            )
        )
    );
    // A file keeps the wording of cells and columns.
    let headers: Vec<String> = ["nom_apprenant", "contrat_date_fin"].map(str::to_owned).to_vec();
    let row = Row {
        line: 2,
        cells: vec![Cell::Number(12.0), Cell::Text("30/06/2025".into())],
    };
    let file = validate(&Table::new(&headers, vec![row]), Profile::Api, today());
    let said: Vec<(String, Option<String>)> = file.lines[0]
        .diagnostics
        .iter()
        .filter(|diagnostic| ["texte-attendu", "contrat-incomplet"].contains(&diagnostic.code()))
        .map(|diagnostic| (diagnostic.message(), diagnostic.hint()))
        .collect();
    assert_eq!(
        said,
        [
            (
                "Texte attendu (la cellule contient la valeur 12)".to_owned(),
                Some("Saisissez ce champ comme du texte.".to_owned())
            ),
            (
                "Information de contrat incomplète : contrat_date_fin, cause_rupture_contrat ou contrat_date_rupture \
                 nécessite la présence de contrat_date_debut"
                    .to_owned(),
                Some(
                    "Ajoutez la date de début du contrat, ou videz ses autres colonnes s'il n'y a pas de contrat."
                        .to_owned()
                )
            ),
        ]
    );
}

/// The values the generated objects draw from: valid ones and the defects ERPs send, in every JSON type.
fn value() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(json!("Dupont")),
        Just(json!("")),
        Just(json!("  ")),
        Just(json!("2024-09-01")),
        Just(json!("2024-02-30")),
        Just(json!("01/09/2024")),
        Just(json!("2024-2025")),
        Just(json!("0755805C")),
        Just(json!("77937827200016")),
        Just(json!("oui")),
        Just(json!(0)),
        Just(json!(3)),
        Just(json!(77_937_827_200_016_u64)),
        Just(json!(true)),
        Just(json!(false)),
        Just(Json::Null),
        Just(json!({})),
    ]
}

/// Keys: exact field names (identity fields often, so that duplicates happen), look-alikes, others.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(vec![
            "id_erp_apprenant", "annee_scolaire", "etablissement_formateur_uai", "etablissement_formateur_siret",
        ]),
        4 => proptest::sample::select(Field::ALL.iter().map(|field| field.name()).collect::<Vec<_>>()),
        2 => proptest::sample::select(vec![
            "Nom", "NOM_APPRENANT", "date de naissance", "Prénom", "statut_interne", "api_version", "bidule",
        ]),
    ]
    .prop_map(str::to_owned)
}

fn object() -> impl Strategy<Value = Json> {
    // Half the objects start from a valid one, so that valid lines and duplicates are common.
    (any::<bool>(), proptest::collection::vec((key(), value()), 0..8)).prop_map(|(from_valid, entries)| {
        let mut map = if from_valid {
            json!({
                "nom_apprenant": "Doe", "prenom_apprenant": "John", "date_de_naissance_apprenant": "2000-10-28",
                "annee_scolaire": "2024-2025", "id_erp_apprenant": "1", "date_inscription_formation": "2024-09-01",
                "date_entree_formation": "2024-09-01", "date_fin_formation": "2025-06-30",
                "etablissement_responsable_uai": "0755805C", "etablissement_responsable_siret": "77568013501139",
                "etablissement_formateur_uai": "0802004U", "etablissement_formateur_siret": "77937827200016"
            })
            .as_object()
            .cloned()
            .unwrap_or_default()
        } else {
            Map::new()
        };
        for (key, value) in entries {
            map.insert(key, value);
        }
        Json::Object(map)
    })
}

/// The line without its duplicate warning (the only thing other objects may change), renumbered.
fn alone_part(line: &LineReport, number: u32) -> LineReport {
    let mut line = line.clone();
    line.line = number;
    line.diagnostics
        .retain(|diagnostic| !matches!(diagnostic.kind, effectifs_core::Kind::Doublon { .. }));
    line
}

/// The identity the duplicate warning compares (D7): id, school year, formateur UAI and SIRET.
fn identity(line: &LineReport) -> Option<[Option<String>; 4]> {
    let text = |field| line.dossier.text(field).map(str::to_owned);
    Some([
        Some(text(Field::IdErpApprenant)?),
        Some(text(Field::AnneeScolaire)?),
        text(Field::EtablissementFormateurUai),
        text(Field::EtablissementFormateurSiret),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// An object's verdict, payload and statut are the same alone and among any other objects; the
    /// duplicate warning points at exactly the other objects with the same identity.
    #[test]
    fn an_object_is_judged_alone(items in proptest::collection::vec(object(), 1..12)) {
        let together = validate_objects(&objects(&items), Profile::Api, today());
        prop_assert_eq!(together.lines.len(), items.len());
        for (index, item) in items.iter().enumerate() {
            let alone = validate_objects(&objects(std::slice::from_ref(item)), Profile::Api, today());
            let line = &together.lines[index];
            let number = u32::try_from(index + 1).expect("a few objects");
            prop_assert_eq!(alone_part(line, number), alone_part(&alone.lines[0], number));
            let alone_has_doublon = alone.lines[0]
                .diagnostics
                .iter()
                .any(|d| matches!(d.kind, effectifs_core::Kind::Doublon { .. }));
            prop_assert!(!alone_has_doublon, "an object alone has no duplicate");
            // The group of lines sharing its identity, itself included, in file order.
            let group: Vec<u32> = match identity(line) {
                Some(key) => together
                    .lines
                    .iter()
                    .filter(|other| identity(other).as_ref() == Some(&key))
                    .map(|other| other.line)
                    .collect(),
                None => Vec::new(),
            };
            let expected = (group.len() > 1).then(|| {
                let other = if group[0] == line.line { group[1] } else { group[0] };
                (other, u32::try_from(group.len()).expect("a few objects"))
            });
            let actual = line.diagnostics.iter().find_map(|d| match &d.kind {
                effectifs_core::Kind::Doublon { other, count } => Some((*other, *count)),
                _ => None,
            });
            prop_assert_eq!(actual, expected);
        }
    }
}
