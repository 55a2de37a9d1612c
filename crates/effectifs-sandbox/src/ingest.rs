//! What the platform does with each item of an accepted request (`docs/api.md#processing-of-a-request`): strip nulls,
//! keep the known keys, judge each item as the API does (D14, `effectifs_core::validate_objects`,
//! profile `api`), and build the stored document that the 200 answer echoes.

use std::sync::Arc;

use effectifs_api::objects::json_value;
use effectifs_core::{Date, Field, Kind, Objects, Profile};
use serde_json::{Map, Value as Json};

/// An extra rule a test (or an integrator) adds to the sandbox's validation, to play a server
/// stricter than our own checks: for an item (nulls stripped), the `(field, message)` it refuses.
pub type ExtraRule = Arc<dyn Fn(&Map<String, Json>) -> Vec<(String, String)> + Send + Sync>;

/// The clock and identity of one request.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The authenticated organisme.
    pub organisme_id: &'a str,
    /// Now, as the platform writes it (`2025-03-06T10:00:00.000Z`).
    pub now: &'a str,
    /// Today (UTC), for `computed_day` and the validator's statut.
    pub today: Date,
}

/// One processed item: the stored document and whether it is valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Processed {
    /// The document as answered in `data[i]` (without `_id`, added by the caller).
    pub document: Map<String, Json>,
    /// No validation error.
    pub valid: bool,
}

/// Processes the items of a request, in order.
pub fn process(items: &[Json], context: &Context<'_>, extra_rule: Option<&ExtraRule>) -> Vec<Processed> {
    // Each item is judged on its own, as the API judges it (D14): exact keys only, JSON types as
    // they are, `null` absent (`docs/json-objects.md`). A non-object item
    // stands as an empty object, so that indices stay aligned; its answer is decided below.
    let mut objects = Objects::with_capacity(items.len());
    for item in items {
        let entries = item
            .as_object()
            .map(|object| {
                object
                    .iter()
                    .map(|(key, value)| (objects.key(key), json_value(value)))
                    .collect()
            })
            .unwrap_or_default();
        objects.push(entries);
    }
    let report = effectifs_core::validate_objects(&objects, Profile::Api, context.today);
    items
        .iter()
        .zip(&report.lines)
        .map(|(item, line)| {
            let Some(object) = item.as_object() else {
                // zod's `invalid_type` for a non-object item, with the platform's message map.
                let errors = vec![validation_error("Object attendu", None)];
                return document(&Map::new(), errors, context);
            };
            // `docs/contract.md#absent-values-and-unknown-keys`: nulls are absent, only the contract's keys
            // are kept (exact names).
            let known: Map<String, Json> = object
                .iter()
                .filter(|(key, value)| !value.is_null() && Field::from_name(key).is_some())
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect();
            let mut errors: Vec<Json> = line
                .errors()
                .map(|diagnostic| {
                    let path = match diagnostic.kind {
                        Kind::ApiVersionInvalide { .. } => Some("api_version"),
                        Kind::SourceOrganismeIdInvalide { .. } => Some("source_organisme_id"),
                        _ => diagnostic.field.map(Field::name),
                    };
                    validation_error(&diagnostic.message(), path)
                })
                .collect();
            if let Some(rule) = extra_rule {
                for (field, message) in rule(&known) {
                    errors.push(validation_error(&message, Some(&field)));
                }
            }
            document(&known, errors, context)
        })
        .collect()
}

fn validation_error(message: &str, field: Option<&str>) -> Json {
    let mut error = Map::new();
    error.insert("message".to_owned(), Json::String(message.to_owned()));
    let path = field.map(|field| Json::String(field.to_owned())).into_iter().collect();
    error.insert("path".to_owned(), Json::Array(path));
    Json::Object(error)
}

/// JavaScript's `Boolean(value)`.
fn truthy(value: Option<&Json>) -> bool {
    match value {
        None | Some(Json::Null) => false,
        Some(Json::Bool(flag)) => *flag,
        Some(Json::Number(number)) => number.as_f64().is_some_and(|number| number != 0.0 && !number.is_nan()),
        Some(Json::String(text)) => !text.is_empty(),
        Some(Json::Array(_) | Json::Object(_)) => true,
    }
}

/// The stored document of `docs/api.md#processing-of-a-request` (step 3): the raw known fields in schema order
/// (values as sent, not normalised), minus `nir_apprenant`, plus what the platform adds.
fn document(object: &Map<String, Json>, errors: Vec<Json>, context: &Context<'_>) -> Processed {
    let mut document = Map::new();
    for field in Field::ALL {
        if *field == Field::NirApprenant {
            continue;
        }
        if let Some(value) = object.get(field.name()) {
            document.insert(field.name().to_owned(), value.clone());
        }
    }
    let valid = errors.is_empty();
    document.insert(
        "has_nir".to_owned(),
        Json::Bool(truthy(object.get(Field::NirApprenant.name()))),
    );
    document.insert("validation_errors".to_owned(), Json::Array(errors));
    document.insert("updated_at".to_owned(), Json::String(context.now.to_owned()));
    document.insert("created_at".to_owned(), Json::String(context.now.to_owned()));
    if !valid {
        document.insert("processed_at".to_owned(), Json::String(context.now.to_owned()));
    }
    document.insert("source".to_owned(), Json::String("ERP".to_owned()));
    document.insert(
        "source_organisme_id".to_owned(),
        Json::String(context.organisme_id.to_owned()),
    );
    document.insert("api_version".to_owned(), Json::String("v3".to_owned()));
    document.insert("has_error".to_owned(), Json::Bool(!valid));
    document.insert("computed_day".to_owned(), Json::String(context.today.to_iso()));
    Processed { document, valid }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn minimal() -> Json {
        json!({
            "nom_apprenant": "Doe",
            "prenom_apprenant": "John",
            "date_de_naissance_apprenant": "2000-10-28",
            "annee_scolaire": "2021-2022",
            "id_erp_apprenant": "123456789",
            "date_inscription_formation": "2021-09-01",
            "date_entree_formation": "2021-09-01",
            "date_fin_formation": "2022-06-30",
            "etablissement_responsable_uai": "0755805C",
            "etablissement_responsable_siret": "77568013501139",
            "etablissement_formateur_uai": "0802004U",
            "etablissement_formateur_siret": "77937827200016"
        })
    }

    fn with(changes: &Json) -> Json {
        let mut item = minimal();
        for (key, value) in changes.as_object().into_iter().flatten() {
            item[key] = value.clone();
        }
        item
    }

    /// Renders each item's outcome as `valid` or its `field: message` errors.
    fn check(items: &[Json], expected: &[&str]) {
        let context = Context {
            organisme_id: "0123456789abcdef01234567",
            now: "2025-03-06T10:00:00.000Z",
            today: Date::from_ymd(2025, 3, 6).expect("a day"),
        };
        let rule: ExtraRule = Arc::new(|object| {
            if object.get("nom_apprenant").and_then(Json::as_str) == Some("REFUSE") {
                vec![("nom_apprenant".to_owned(), "Refusé par la règle de test".to_owned())]
            } else {
                Vec::new()
            }
        });
        let actual: Vec<String> = process(items, &context, Some(&rule))
            .iter()
            .map(|processed| {
                let errors = processed.document["validation_errors"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                assert_eq!(processed.valid, errors.is_empty());
                if errors.is_empty() {
                    "valid".to_owned()
                } else {
                    errors
                        .iter()
                        .map(|error| format!("{}: {}", error["path"], error["message"].as_str().unwrap_or("?")))
                        .collect::<Vec<_>>()
                        .join(" | ")
                }
            })
            .collect();
        assert_eq!(actual, expected);
    }

    #[test]
    fn validation_per_item() {
        check(
            &[
                minimal(),
                with(&json!({"nom_apprenant": null, "bidule": 1, "Nom": "Doe"})),
                with(&json!({"id_erp_apprenant": null})),
                with(&json!({"date_fin_formation": "2021-08-01"})),
                with(&json!({"annee_formation": 2, "formation_presentielle": true, "tel_apprenant": "0612345678"})),
                json!("pas un objet"),
                with(&json!({"nom_apprenant": "REFUSE"})),
                // D14: JSON types as they are, exact keys, api_version checked.
                with(&json!({"statut_apprenant": 0, "NOM_APPRENANT": "X"})),
                with(&json!({"nom_apprenant": "", "contrat_date_debut": "01/10/2021"})),
                with(&json!({"api_version": "v4", "rqth_apprenant": "oui"})),
                // Checked as posted, then replaced by the key's organisme.
                with(&json!({"source_organisme_id": ""})),
                with(&json!({"source_organisme_id": "autre"})),
            ],
            &[
                "valid",
                r#"["nom_apprenant"]: Champ obligatoire"#,
                r#"["id_erp_apprenant"]: Champ obligatoire"#,
                r#"["date_fin_formation"]: La date de fin de formation doit être supérieure à la date d'entrée en formation"#,
                "valid",
                "[]: Object attendu",
                r#"["nom_apprenant"]: Refusé par la règle de test"#,
                "valid",
                r#"["nom_apprenant"]: Le texte ne doit pas être vide | ["contrat_date_debut"]: Date invalide : « 01/10/2021 » (format attendu : AAAA-MM-JJ)"#,
                r#"["rqth_apprenant"]: Booléen attendu : true ou false (trouvé : « oui ») | ["api_version"]: api_version invalide : « v4 » (valeurs possibles : v1, v2, v3)"#,
                r#"["source_organisme_id"]: source_organisme_id vide (texte non vide attendu)"#,
                "valid",
            ],
        );
    }

    #[test]
    fn stored_document_shape() {
        let context = Context {
            organisme_id: "0123456789abcdef01234567",
            now: "2025-03-06T10:00:00.000Z",
            today: Date::from_ymd(2025, 3, 6).expect("a day"),
        };
        let item = with(&json!({
            "tel_apprenant": "06 12 34 56 78",
            "nir_apprenant": "0",
            "source": "FICHIER",
            "has_nir": false,
            "bidule": 1
        }));
        let processed = process(&[item, with(&json!({"nom_apprenant": ""}))], &context, None);
        let keys: Vec<&str> = processed[0].document.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "nom_apprenant",
                "prenom_apprenant",
                "date_de_naissance_apprenant",
                "annee_scolaire",
                "id_erp_apprenant",
                "tel_apprenant",
                "date_inscription_formation",
                "date_entree_formation",
                "date_fin_formation",
                "etablissement_responsable_uai",
                "etablissement_responsable_siret",
                "etablissement_formateur_uai",
                "etablissement_formateur_siret",
                "has_nir",
                "validation_errors",
                "updated_at",
                "created_at",
                "source",
                "source_organisme_id",
                "api_version",
                "has_error",
                "computed_day"
            ]
        );
        let document = &processed[0].document;
        assert_eq!(document["tel_apprenant"], "06 12 34 56 78", "values as sent");
        assert_eq!(document["has_nir"], true, "\"0\" is truthy");
        assert_eq!(document["source"], "ERP");
        assert_eq!(document["computed_day"], "2025-03-06");
        assert_eq!(document["nom_apprenant"], "Doe", "not upper-cased: raw value");
        let invalid = &processed[1].document;
        assert_eq!(invalid["has_error"], true);
        assert_eq!(invalid["processed_at"], "2025-03-06T10:00:00.000Z");
        assert!(!truthy(Some(&json!(0))));
        assert!(!truthy(Some(&json!(""))));
        assert!(truthy(Some(&json!(1.5))));
    }
}
