//! Posted objects (D14) from JSON: what `effectifs check` reads from a `.json` file holding what an
//! ERP would `POST`, turned into the engine's [`Objects`].

use std::fmt;

use effectifs_core::{JsonValue, Objects};
use serde_json::Value as Json;

/// Why a JSON value is not an array of objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectsError {
    /// The whole value is not an array.
    NotAnArray {
        /// What it is instead (`un objet`, `un texte`…).
        found: &'static str,
    },
    /// An element of the array is not an object.
    NotAnObject {
        /// Its position, from 0.
        index: usize,
        /// What it is instead.
        found: &'static str,
    },
}

impl fmt::Display for ObjectsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObjectsError::NotAnArray { found } => write!(
                f,
                "un tableau d'objets est attendu (un objet par apprenant, comme le corps d'un envoi à l'API), pas {found}."
            ),
            ObjectsError::NotAnObject { index, found } => write!(
                f,
                "l'élément {index} du tableau (ligne {}) devrait être un objet {{ \"nom_apprenant\": …, … }}, pas {found}.",
                index + 1
            ),
        }
    }
}

impl std::error::Error for ObjectsError {}

/// The kind of a JSON value, in French, for messages.
pub fn describe(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "un booléen",
        Json::Number(_) => "un nombre",
        Json::String(_) => "un texte",
        Json::Array(_) => "un tableau",
        Json::Object(_) => "un objet",
    }
}

/// One value as the engine takes it (numbers beyond `f64` are rounded, as JavaScript reads them).
pub fn json_value(value: &Json) -> JsonValue {
    match value {
        Json::Null => JsonValue::Null,
        Json::Bool(flag) => JsonValue::Bool(*flag),
        Json::Number(number) => JsonValue::Number(number.as_f64().unwrap_or(f64::NAN)),
        Json::String(text) => JsonValue::String(text.as_str().into()),
        Json::Array(_) => JsonValue::Array,
        Json::Object(_) => JsonValue::Object,
    }
}

/// The objects of a JSON array of objects, in order.
pub fn objects(value: &Json) -> Result<Objects, ObjectsError> {
    let Json::Array(items) = value else {
        return Err(ObjectsError::NotAnArray { found: describe(value) });
    };
    let mut objects = Objects::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let Json::Object(map) = item else {
            return Err(ObjectsError::NotAnObject {
                index,
                found: describe(item),
            });
        };
        let entries = map
            .iter()
            .map(|(key, value)| (objects.key(key), json_value(value)))
            .collect();
        objects.push(entries);
    }
    Ok(objects)
}
