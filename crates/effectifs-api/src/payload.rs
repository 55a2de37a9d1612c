//! The v3 dossier as sent (`POST`) to `/api/v3/dossiers-apprenants`.

use effectifs_core::{Dossier, Value};
use serde_json::{Map, Value as Json};

/// The dossier as a JSON object: dates `AAAA-MM-JJ`, numbers as numbers, absent keys omitted,
/// keys in the contract's schema order.
pub fn dossier_json(dossier: &Dossier) -> Map<String, Json> {
    dossier
        .iter()
        .map(|(field, value)| {
            let json = match value {
                Value::Text(text) => Json::String(text.to_string()),
                Value::Integer(number) => Json::from(*number),
                Value::Bool(flag) => Json::Bool(*flag),
                Value::Date(date) => Json::String(date.to_iso()),
            };
            (field.name().to_owned(), json)
        })
        .collect()
}
