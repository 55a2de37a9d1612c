//! Posted objects (D14) from JSON: what `effectifs check` reads from a `.json` file holding what an
//! ERP would `POST`, turned into the engine's [`Objects`].

use std::borrow::Cow;
use std::fmt;

use effectifs_core::{JsonValue, Objects};
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value as Json};

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

/// The JSON text of a `.json` file or of a request's body (a lone surrogate's escape, `"\ud800"`,
/// read as U+FFFD, as the API's `JSON.parse` and the platform read it), as [`objects`] needs it: an array's items whole, one level
/// down an object's values, and any array or object below that empty (its contents skipped, not
/// kept: no field holds one, and [`JsonValue`] keeps only its kind). Nested values are skipped at
/// any depth, as `JSON.parse` reads them, where building them as [`Json`] stops at 128 levels.
pub fn posted_json(text: &[u8]) -> serde_json::Result<Json> {
    read_shallow(text, Depth::Body)
}

/// [`posted_json`] for one item of an array (a request's element, read on its own).
pub fn posted_item(text: &[u8]) -> serde_json::Result<Json> {
    read_shallow(text, Depth::Item)
}

/// The whole of `text` as one JSON value read from `depth`, and nothing after it but whitespace.
fn read_shallow(text: &[u8], depth: Depth) -> serde_json::Result<Json> {
    let text = lone_surrogates_replaced(text);
    let mut reader = serde_json::Deserializer::from_slice(&text);
    let value = depth.deserialize(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// Where a value stands in a posted body, which says what of it is kept (see [`posted_json`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Depth {
    /// The body: an array's items are kept.
    Body,
    /// An item of the body: an object's entries are kept.
    Item,
    /// A value of an item, or anything below: an array or object is kept empty.
    Value,
}

impl<'de> DeserializeSeed<'de> for Depth {
    type Value = Json;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Depth {
    type Value = Json;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, flag: bool) -> Result<Json, E> {
        Ok(Json::Bool(flag))
    }

    fn visit_i64<E>(self, number: i64) -> Result<Json, E> {
        Ok(Json::Number(number.into()))
    }

    fn visit_u64<E>(self, number: u64) -> Result<Json, E> {
        Ok(Json::Number(number.into()))
    }

    fn visit_f64<E>(self, number: f64) -> Result<Json, E> {
        Ok(serde_json::Number::from_f64(number).map_or(Json::Null, Json::Number))
    }

    fn visit_str<E>(self, text: &str) -> Result<Json, E> {
        Ok(Json::String(text.to_owned()))
    }

    fn visit_string<E>(self, text: String) -> Result<Json, E> {
        Ok(Json::String(text))
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Json, A::Error> {
        let mut kept = Vec::new();
        if self == Depth::Body {
            while let Some(item) = items.next_element_seed(Depth::Item)? {
                kept.push(item);
            }
        } else {
            // Skipped without a limit of depth (`serde_json` ignores a value without recursion).
            while items.next_element::<IgnoredAny>()?.is_some() {}
        }
        Ok(Json::Array(kept))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Json, A::Error> {
        let mut kept = Map::new();
        if self == Depth::Item {
            // A key given twice keeps its first place and its last value, as `JSON.parse` does.
            while let Some(key) = entries.next_key::<String>()? {
                let value = entries.next_value_seed(Depth::Value)?;
                kept.insert(key, value);
            }
        } else {
            while entries.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        }
        Ok(Json::Object(kept))
    }
}

/// JSON text with each lone surrogate escape (`\ud800` not followed by a low surrogate's escape, or a low one
/// alone) written `\ufffd`, the rest as it is. JavaScript's `JSON.parse`, which the API runs, reads such an escape
/// as a lone UTF-16 unit, stored as U+FFFD (as `checkRows` reads it: `JSON.stringify` writes a lone surrogate so);
/// `serde_json` refuses it. The text keeps its length: an error's line and column do not move.
fn lone_surrogates_replaced(text: &[u8]) -> Cow<'_, [u8]> {
    let mut replaced: Option<Vec<u8>> = None;
    let mut in_string = false;
    let mut at = 0;
    while at < text.len() {
        match text[at] {
            b'"' => {
                in_string = !in_string;
                at += 1;
            }
            b'\\' if in_string => match escaped_unit(text, at) {
                Some(0xD800..=0xDBFF)
                    if escaped_unit(text, at + 6).is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) =>
                {
                    at += 12;
                }
                Some(unit) => {
                    if (0xD800..=0xDFFF).contains(&unit) {
                        replaced.get_or_insert_with(|| text.to_vec())[at + 2..at + 6].copy_from_slice(b"fffd");
                    }
                    at += 6;
                }
                // Another escape (`\"` included), or a broken one that `serde_json` reports.
                None => at += 2,
            },
            _ => at += 1,
        }
    }
    replaced.map_or(Cow::Borrowed(text), Cow::Owned)
}

/// The UTF-16 unit of the `\uXXXX` escape at `at`, if there is one.
fn escaped_unit(text: &[u8], at: usize) -> Option<u16> {
    match text.get(at..at + 6)? {
        [b'\\', b'u', digits @ ..] if digits.iter().all(u8::is_ascii_hexdigit) => {
            u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A posted body reads as `serde_json` reads it, an item's values' contents left out (no field
    /// holds an array or object), at any depth; its errors are `serde_json`'s, at the same place.
    #[test]
    fn posted_bodies_are_read_as_deep_as_they_go() {
        // (text, what it reads as).
        let cases: &[(&str, &str)] = &[
            (
                r#"[{"a": 1, "b": "x", "c": null, "d": true, "e": -0.0, "f": 1.5e300, "g": 18446744073709551615, "h": -9}]"#,
                r#"[{"a": 1, "b": "x", "c": null, "d": true, "e": -0.0, "f": 1.5e300, "g": 18446744073709551615, "h": -9}]"#,
            ),
            (
                r#"[{"a": [1, [2]], "b": {"c": {"d": 1}}, "e": []}]"#,
                r#"[{"a": [], "b": {}, "e": []}]"#,
            ),
            (r#"[{"b": 1, "a": 2, "b": 3}]"#, r#"[{"b": 3, "a": 2}]"#),
            (r#"[[1, [2]], 3, "x", null, {}]"#, r#"[[], 3, "x", null, {}]"#),
            (r#"{"a": [1], "b": 2}"#, "{}"),
            (r#" "texte" "#, r#""texte""#),
            (r#"[{"a\ud800": "\udc00b"}]"#, "[{\"a\u{FFFD}\": \"\u{FFFD}b\"}]"),
        ];
        for (text, expected) in cases {
            let expected: Json = serde_json::from_str(expected).unwrap_or_else(|error| panic!("{expected}: {error}"));
            let read = posted_json(text.as_bytes()).unwrap_or_else(|error| panic!("{text}: {error}"));
            assert_eq!(read.to_string(), expected.to_string(), "{text}");
        }
        // Beyond `serde_json`'s 128 levels, in a value and as an item.
        for depth in [127, 128, 100_000] {
            let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let body = posted_json(format!(r#"[{{"a": {deep}, "b": 1}}, {deep}]"#).as_bytes());
            assert_eq!(
                body.map(|json| json.to_string()).ok().as_deref(),
                Some(r#"[{"a":[],"b":1},[]]"#),
                "{depth}"
            );
            let item = posted_item(format!(r#"{{"a": {deep}}}"#).as_bytes());
            assert_eq!(
                item.map(|json| json.to_string()).ok().as_deref(),
                Some(r#"{"a":[]}"#),
                "{depth}"
            );
        }
        for text in [
            r#"[{"a": [[1]}]"#,
            r#"[{"a": 1}] x"#,
            r#"[{"a": [[["#,
            "[1,]",
            r#"[{"a": 1e400}]"#,
            "",
        ] {
            let ours = posted_json(text.as_bytes()).err();
            let theirs = serde_json::from_str::<Json>(text).err();
            let place =
                |error: Option<serde_json::Error>| error.map(|error| (error.classify(), error.line(), error.column()));
            assert_eq!(place(ours), place(theirs), "{text}");
            assert!(
                place(serde_json::from_str::<Json>(text).err()).is_some(),
                "{text}: an error"
            );
        }
    }

    #[test]
    fn lone_surrogate_escapes_are_read_as_u_fffd() {
        // (JSON text, the string serde_json then reads): pairs kept, lone units replaced wherever they stand,
        // escaped backslashes and quotes not taken for the start of an escape or the end of the string.
        let cases: &[(&str, &str)] = &[
            (r#""\ud800""#, "\u{FFFD}"),
            (r#""\uDC00x""#, "\u{FFFD}x"),
            (r#""a\ud83d\ude00b""#, "a\u{1F600}b"),
            (r#""\ud83d\ud83d\ude00""#, "\u{FFFD}\u{1F600}"),
            (r#""\ude00\ud83d""#, "\u{FFFD}\u{FFFD}"),
            (r#""\ud83d\n\ude00""#, "\u{FFFD}\n\u{FFFD}"),
            (r#""\\ud800""#, "\\ud800"),
            (r#""\"\ud800\\""#, "\"\u{FFFD}\\"),
            (r#""\ud800é\u00e9""#, "\u{FFFD}éé"),
        ];
        for (text, expected) in cases {
            let json = format!("[{{{text}: {text}}}]");
            let replaced = lone_surrogates_replaced(json.as_bytes());
            assert_eq!(replaced.len(), json.len(), "{text}: same length");
            let value: Json = serde_json::from_slice(&replaced).unwrap_or_else(|error| panic!("{text}: {error}"));
            let object = value[0].as_object().expect("an object");
            assert_eq!(object.keys().collect::<Vec<_>>(), [expected], "{text} as a key");
            assert_eq!(
                object[*expected],
                Json::String((*expected).to_owned()),
                "{text} as a value"
            );
        }
        // Nothing to replace: the text itself, not a copy; outside a string, nothing is an escape.
        for text in [
            r#"[{"a": "\ud83d\ude00 \u00e9 \\ud800"}]"#,
            r"[\ud800]",
            r#"[{"a": "\ud8"}]"#,
        ] {
            assert!(
                matches!(lone_surrogates_replaced(text.as_bytes()), Cow::Borrowed(_)),
                "{text}"
            );
        }
    }
}
