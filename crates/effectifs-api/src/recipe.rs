//! The recipe file ("recette", D15, `docs/recipe.md`): version 1 of its JSON, read and written.
//!
//! ```json
//! { "version": 1,
//!   "columns": { "<header as written in the file>": "<field name>" | null },
//!   "values":  { "<field name>": "<value for every line>" },
//!   "replace": { "<field name>": [ { "from": "<cell text>", "to": "<new text>" } ] } }
//! ```
//!
//! Read by hand from a `serde_json::Value` rather than derived, so that every mistake gets a French
//! message naming what is wrong (the key, the field, the header, the expected type), and so that an
//! unknown key is an error, never ignored. The CLI (`--recette`), the npm package (`recipe`) and the
//! web app read recipes with [`parse`] only: the same recipe gives the same error everywhere. A
//! header the file does not have is checked when the recipe is applied to a file
//! ([`effectifs_core::Recipe::apply`]).

use effectifs_core::{Field, Recipe, Replacement};
use serde_json::{Map, Value};

/// The only recipe version.
pub const VERSION: u64 = 1;

/// The keys of a recipe.
const KEYS: &str = "version, columns, values, replace";

/// Reads a recipe from its JSON text. The error is a French sentence naming what is wrong.
pub fn parse(text: &str) -> Result<Recipe, String> {
    let value: Value = serde_json::from_str(text).map_err(|error| {
        format!(
            "Recette illisible : ce n'est pas du JSON valide (ligne {}, colonne {}).",
            error.line(),
            error.column()
        )
    })?;
    from_value(&value)
}

/// Reads a recipe from a JSON value (what [`parse`] does after parsing the text).
pub fn from_value(value: &Value) -> Result<Recipe, String> {
    let Value::Object(object) = value else {
        return Err(format!(
            "La recette doit être un objet JSON {{ \"version\": 1, … }} (trouvé : {}).",
            describe(value)
        ));
    };
    for key in object.keys() {
        if !matches!(key.as_str(), "version" | "columns" | "values" | "replace") {
            return Err(format!("Recette : clé inconnue « {key} » (clés possibles : {KEYS})."));
        }
    }
    match object.get("version") {
        None => return Err("Recette : la clé « version » est obligatoire (« \"version\": 1 »).".to_owned()),
        Some(version) if version.as_u64() == Some(VERSION) => {}
        Some(version) => {
            return Err(format!(
                "Recette : version {} non prise en charge (la seule version est 1).",
                describe(version)
            ));
        }
    }
    let mut recipe = Recipe::default();
    if let Some(columns) = object.get("columns") {
        let columns = as_object(
            columns,
            "columns",
            "{ \"en-tête du fichier\": \"nom_du_champ\" ou null }",
        )?;
        for (header, target) in columns {
            let field = match target {
                Value::Null => None,
                Value::String(name) => Some(field(name, &format!("columns, colonne « {header} »"))?),
                other => {
                    return Err(format!(
                        "Recette : dans « columns », la colonne « {header} » doit donner un nom de champ ou null \
                         (trouvé : {}).",
                        describe(other)
                    ));
                }
            };
            recipe.columns.push((header.clone(), field));
        }
    }
    if let Some(values) = object.get("values") {
        let values = as_object(
            values,
            "values",
            "{ \"nom_du_champ\": \"valeur pour toutes les lignes\" }",
        )?;
        for (name, value) in values {
            let field = field(name, "values")?;
            let Value::String(text) = value else {
                return Err(format!(
                    "Recette : dans « values », la valeur de « {name} » doit être un texte entre guillemets \
                     (trouvé : {}).",
                    describe(value)
                ));
            };
            recipe.values.push((field, text.clone()));
        }
    }
    if let Some(replace) = object.get("replace") {
        let replace = as_object(
            replace,
            "replace",
            "{ \"nom_du_champ\": [ { \"from\": \"texte\", \"to\": \"texte\" } ] }",
        )?;
        for (name, list) in replace {
            let field = field(name, "replace")?;
            let Value::Array(list) = list else {
                return Err(format!(
                    "Recette : dans « replace », « {name} » doit être une liste [ {{ \"from\": …, \"to\": … }} ] \
                     (trouvé : {}).",
                    describe(list)
                ));
            };
            let replacements = list
                .iter()
                .enumerate()
                .map(|(index, item)| replacement(name, index + 1, item))
                .collect::<Result<Vec<_>, _>>()?;
            recipe.replace.push((field, replacements));
        }
    }
    Ok(recipe)
}

/// One `{ "from", "to" }` of `replace`, the `position`-th (from 1) of field `name`'s list.
fn replacement(name: &str, position: usize, item: &Value) -> Result<Replacement, String> {
    let place = format!("dans « replace », le remplacement n° {position} de « {name} »");
    let Value::Object(pair) = item else {
        return Err(format!(
            "Recette : {place} doit être un objet {{ \"from\": \"texte\", \"to\": \"texte\" }} (trouvé : {}).",
            describe(item)
        ));
    };
    if let Some(key) = pair.keys().find(|key| !matches!(key.as_str(), "from" | "to")) {
        return Err(format!(
            "Recette : {place} a une clé inconnue « {key} » (clés : from, to)."
        ));
    }
    let text = |key: &str| -> Result<String, String> {
        match pair.get(key) {
            Some(Value::String(text)) => Ok(text.clone()),
            None => Err(format!("Recette : {place} n'a pas de clé « {key} ».")),
            Some(other) => Err(format!(
                "Recette : {place} : « {key} » doit être un texte entre guillemets (trouvé : {}).",
                describe(other)
            )),
        }
    };
    let (from, to) = (text("from")?, text("to")?);
    if effectifs_core::text::js_trim(&from).is_empty() {
        return Err(format!(
            "Recette : {place} : « from » est vide ; pour remplir les cellules vides, utilisez « values »."
        ));
    }
    Ok(Replacement { from, to })
}

/// The field of this exact name, or an error naming where the name was found.
fn field(name: &str, place: &str) -> Result<Field, String> {
    Field::from_name(name).ok_or_else(|| {
        format!(
            "Recette : « {name} » n'est pas un champ connu ({place}) ; utilisez le nom exact d'un champ, comme \
             nom_apprenant ou etablissement_formateur_uai."
        )
    })
}

fn as_object<'a>(value: &'a Value, key: &str, expected: &str) -> Result<&'a Map<String, Value>, String> {
    match value {
        Value::Object(object) => Ok(object),
        other => Err(format!(
            "Recette : « {key} » doit être un objet {expected} (trouvé : {}).",
            describe(other)
        )),
    }
}

/// A short French description of a JSON value, for error messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => format!("« {text} »"),
        Value::Array(_) => "une liste".to_owned(),
        Value::Object(_) => "un objet".to_owned(),
    }
}

/// The recipe as its JSON text (pretty, final newline), as [`parse`] reads it back: `version` first,
/// then the non-empty parts in the recipe's order.
pub fn to_json(recipe: &Recipe) -> String {
    let mut object = Map::new();
    object.insert("version".to_owned(), Value::from(VERSION));
    if !recipe.columns.is_empty() {
        let columns = recipe
            .columns
            .iter()
            .map(|(header, field)| {
                (
                    header.clone(),
                    field.map_or(Value::Null, |field| Value::from(field.name())),
                )
            })
            .collect();
        object.insert("columns".to_owned(), Value::Object(columns));
    }
    if !recipe.values.is_empty() {
        let values = recipe
            .values
            .iter()
            .map(|(field, text)| (field.name().to_owned(), Value::from(text.as_str())))
            .collect();
        object.insert("values".to_owned(), Value::Object(values));
    }
    let replace: Map<String, Value> = recipe
        .replace
        .iter()
        .filter(|(_, list)| !list.is_empty())
        .map(|(field, list)| {
            let list = list
                .iter()
                .map(|replacement| {
                    let mut pair = Map::new();
                    pair.insert("from".to_owned(), Value::from(replacement.from.as_str()));
                    pair.insert("to".to_owned(), Value::from(replacement.to.as_str()));
                    Value::Object(pair)
                })
                .collect();
            (field.name().to_owned(), Value::Array(list))
        })
        .collect();
    if !replace.is_empty() {
        object.insert("replace".to_owned(), Value::Object(replace));
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(object)).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::{parse, to_json};

    /// Each case: a recipe's text, then what it reads as (`ok: …`) or its French error.
    #[test]
    #[allow(clippy::too_many_lines, reason = "a table of cases")]
    fn recipes() {
        let cases: &[(&str, &str)] = &[
            (r#"{"version": 1}"#, "ok: columns=[] values=[] replace=[]"),
            (
                r#"{"version": 1, "columns": {"Matricule": "id_erp_apprenant", "Groupe": null},
                   "values": {"type_cfa": "09"},
                   "replace": {"sexe_apprenant": [{"from": "Homme", "to": "M"}, {"from": "Femme", "to": ""}]}}"#,
                "ok: columns=[Matricule→id_erp_apprenant, Groupe→-] values=[type_cfa=09] \
                 replace=[sexe_apprenant: Homme→M Femme→]",
            ),
            (
                "",
                "Recette illisible : ce n'est pas du JSON valide (ligne 1, colonne 0).",
            ),
            (
                "{\"version\": 1,}",
                "Recette illisible : ce n'est pas du JSON valide (ligne 1, colonne 15).",
            ),
            (
                "[1]",
                "La recette doit être un objet JSON { \"version\": 1, … } (trouvé : une liste).",
            ),
            (
                "{}",
                "Recette : la clé « version » est obligatoire (« \"version\": 1 »).",
            ),
            (
                r#"{"version": 2}"#,
                "Recette : version 2 non prise en charge (la seule version est 1).",
            ),
            (
                r#"{"version": "1"}"#,
                "Recette : version « 1 » non prise en charge (la seule version est 1).",
            ),
            (
                r#"{"version": 1.5}"#,
                "Recette : version 1.5 non prise en charge (la seule version est 1).",
            ),
            (
                r#"{"version": 1, "colonnes": {}}"#,
                "Recette : clé inconnue « colonnes » (clés possibles : version, columns, values, replace).",
            ),
            (
                r#"{"version": 1, "columns": ["Nom"]}"#,
                "Recette : « columns » doit être un objet { \"en-tête du fichier\": \"nom_du_champ\" ou null } \
                 (trouvé : une liste).",
            ),
            (
                r#"{"version": 1, "columns": {"Nom": "nom"}}"#,
                "Recette : « nom » n'est pas un champ connu (columns, colonne « Nom ») ; utilisez le nom exact d'un \
                 champ, comme nom_apprenant ou etablissement_formateur_uai.",
            ),
            (
                r#"{"version": 1, "columns": {"Nom": 3}}"#,
                "Recette : dans « columns », la colonne « Nom » doit donner un nom de champ ou null (trouvé : 3).",
            ),
            (
                r#"{"version": 1, "values": {"UAI": "0755805C"}}"#,
                "Recette : « UAI » n'est pas un champ connu (values) ; utilisez le nom exact d'un champ, comme \
                 nom_apprenant ou etablissement_formateur_uai.",
            ),
            (
                r#"{"version": 1, "values": {"annee_formation": 1}}"#,
                "Recette : dans « values », la valeur de « annee_formation » doit être un texte entre guillemets \
                 (trouvé : 1).",
            ),
            (
                r#"{"version": 1, "values": "2025-2026"}"#,
                "Recette : « values » doit être un objet { \"nom_du_champ\": \"valeur pour toutes les lignes\" } \
                 (trouvé : « 2025-2026 »).",
            ),
            (
                r#"{"version": 1, "replace": {"sexe": []}}"#,
                "Recette : « sexe » n'est pas un champ connu (replace) ; utilisez le nom exact d'un champ, comme \
                 nom_apprenant ou etablissement_formateur_uai.",
            ),
            (
                r#"{"version": 1, "replace": {"sexe_apprenant": {"from": "Homme", "to": "M"}}}"#,
                "Recette : dans « replace », « sexe_apprenant » doit être une liste [ { \"from\": …, \"to\": … } ] \
                 (trouvé : un objet).",
            ),
            (
                r#"{"version": 1, "replace": {"sexe_apprenant": [{"from": "Homme", "to": "M"}, "Femme"]}}"#,
                "Recette : dans « replace », le remplacement n° 2 de « sexe_apprenant » doit être un objet \
                 { \"from\": \"texte\", \"to\": \"texte\" } (trouvé : « Femme »).",
            ),
            (
                r#"{"version": 1, "replace": {"sexe_apprenant": [{"from": "Homme"}]}}"#,
                "Recette : dans « replace », le remplacement n° 1 de « sexe_apprenant » n'a pas de clé « to ».",
            ),
            (
                r#"{"version": 1, "replace": {"sexe_apprenant": [{"from": "Homme", "to": 1}]}}"#,
                "Recette : dans « replace », le remplacement n° 1 de « sexe_apprenant » : « to » doit être un texte \
                 entre guillemets (trouvé : 1).",
            ),
            (
                r#"{"version": 1, "replace": {"sexe_apprenant": [{"de": "Homme", "to": "M"}]}}"#,
                "Recette : dans « replace », le remplacement n° 1 de « sexe_apprenant » a une clé inconnue « de » \
                 (clés : from, to).",
            ),
            (
                r#"{"version": 1, "replace": {"sexe_apprenant": [{"from": " ", "to": "M"}]}}"#,
                "Recette : dans « replace », le remplacement n° 1 de « sexe_apprenant » : « from » est vide ; pour \
                 remplir les cellules vides, utilisez « values ».",
            ),
        ];
        let mut failures = Vec::new();
        for (text, expected) in cases {
            let actual = match parse(text) {
                Ok(recipe) => {
                    let columns: Vec<String> = recipe
                        .columns
                        .iter()
                        .map(|(header, field)| format!("{header}→{}", field.map_or("-", |field| field.name())))
                        .collect();
                    let values: Vec<String> = recipe
                        .values
                        .iter()
                        .map(|(field, text)| format!("{field}={text}"))
                        .collect();
                    let replace: Vec<String> = recipe
                        .replace
                        .iter()
                        .map(|(field, list)| {
                            let pairs: Vec<String> = list.iter().map(|r| format!("{}→{}", r.from, r.to)).collect();
                            format!("{field}: {}", pairs.join(" "))
                        })
                        .collect();
                    format!(
                        "ok: columns=[{}] values=[{}] replace=[{}]",
                        columns.join(", "),
                        values.join(", "),
                        replace.join(", ")
                    )
                }
                Err(error) => error,
            };
            if actual != *expected {
                failures.push(format!("{text}\n  expected: {expected}\n  got:      {actual}"));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    /// A recipe written by [`to_json`] reads back as itself, and the fixture's recipe is written back
    /// exactly as it is (same order, same keys).
    #[test]
    fn round_trip() {
        let text = include_str!("../../../tests/data/export-erp.recette.json");
        let recipe = parse(text).expect("a valid recipe");
        let written = to_json(&recipe);
        assert_eq!(parse(&written).expect("written recipes read back"), recipe);
        let compact = |text: &str| text.split_whitespace().collect::<String>();
        assert_eq!(compact(&written), compact(text));
    }
}
