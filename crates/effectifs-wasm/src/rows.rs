//! `checkRows`' input: JavaScript objects keyed by field name.
//!
//! By default ([`objects`]) they are read as the API receives them (D14): each object as
//! `JSON.stringify` would post it, encoded in one pass by `rows.js`, becomes the engine's [`Objects`].
//!
//! With `values: "cells"` ([`table`]) they become a [`Table`], and values the cells a spreadsheet
//! would have given:
//! strings are text, numbers are numbers, booleans are booleans, a `Date` is a date cell (its local
//! calendar day, the day a French user typed), a `BigInt` is its digits, `null`/`undefined` is an
//! empty cell. Anything else (an object, an array, a function) is a programming error of the caller
//! and throws, rather than being checked as the text `[object Object]`.

use effectifs_core::{Cell, Date, JsonValue, Objects, Table, Text};
use js_sys::{Array, Float64Array, Object, Uint32Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsError, JsValue};

use crate::options::describe;
use crate::tags::{ARRAY, FALSE, NULL, NUMBER, STRING, TRUE};

/// The table of the records: record `i` (from 0) is line `i + 1`, keys are the column headers in
/// first-seen order, matched like headers (unknown keys are reported and ignored).
pub fn table(rows: &JsValue) -> Result<Table, JsError> {
    if !Array::is_array(rows) {
        return Err(JsError::new(&format!(
            "checkRows attend un tableau d'objets (un objet par apprenant), pas {}.",
            describe(rows)
        )));
    }
    let rows: &Array = rows.unchecked_ref();
    // Keys are interned: every record of an export repeats the same ones.
    let mut keys: Vec<String> = Vec::new();
    let mut records: Vec<Vec<(usize, Cell)>> = Vec::with_capacity(rows.length() as usize);
    for (index, row) in rows.iter().enumerate() {
        let line = index + 1;
        if !row.is_object() || Array::is_array(&row) {
            return Err(JsError::new(&format!(
                "checkRows : l'élément {index} du tableau (ligne {line}) devrait être un objet \
                 {{ nom_apprenant: …, … }}, pas {}.",
                describe(&row)
            )));
        }
        let entries = Object::entries(row.unchecked_ref());
        let mut record = Vec::with_capacity(entries.length() as usize);
        for entry in entries {
            let entry: Array = entry.unchecked_into();
            let key = entry.get(0).as_string().unwrap_or_default();
            let value = entry.get(1);
            let cell = cell(&value).ok_or_else(|| {
                JsError::new(&format!(
                    "checkRows : ligne {line}, champ « {key} » : valeur non prise en charge ({}) ; attendu : \
                     texte, nombre, booléen, Date, null ou undefined.",
                    describe(&value)
                ))
            })?;
            let slot = if let Some(slot) = keys.iter().position(|known| *known == key) {
                slot
            } else {
                keys.push(key);
                keys.len() - 1
            };
            record.push((slot, cell));
        }
        records.push(record);
    }
    Ok(Table::from_records(records.into_iter().map(|record| {
        let keys = &keys;
        record.into_iter().map(move |(slot, cell)| (keys[slot].as_str(), cell))
    })))
}

/// The cell of one value, or `None` for a value no ERP field holds.
fn cell(value: &JsValue) -> Option<Cell> {
    if value.is_undefined() || value.is_null() {
        Some(Cell::Empty)
    } else if let Some(text) = value.as_string() {
        Some(Cell::Text(text.into()))
    } else if let Some(number) = value.as_f64() {
        Some(Cell::Number(number))
    } else if let Some(flag) = value.as_bool() {
        Some(Cell::Bool(flag))
    } else if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        Some(date_cell(date))
    } else if value.is_bigint() {
        let digits: String = js_sys::BigInt::unchecked_from_js_ref(value).to_string(10).ok()?.into();
        Some(Cell::Text(digits.into()))
    } else {
        None
    }
}

/// A `Date` as a date cell of its local calendar day. An invalid `Date` stays visible as its text
/// (`Invalid Date`), so that the date rule reports it instead of the line losing the value.
fn date_cell(date: &js_sys::Date) -> Cell {
    let day = i32::try_from(date.get_full_year())
        .ok()
        .filter(|_| !date.get_time().is_nan())
        .and_then(|year| Date::from_ymd(year, date.get_month() + 1, date.get_date()));
    match day {
        Some(day) => Cell::Date(day.to_excel_serial()),
        None => Cell::Text(String::from(date.to_string()).into()),
    }
}

#[wasm_bindgen(module = "/src/rows.js")]
extern "C" {
    /// `[ops, numbers, text, ends, keys]` (see `rows.js`), or the French `Error` it throws.
    #[wasm_bindgen(js_name = encodeRows, catch)]
    fn encode_rows(rows: &JsValue) -> Result<Array, JsValue>;
}

/// The objects as the API receives them: record `i` (from 0) is line `i + 1`.
pub fn objects(rows: &JsValue) -> Result<Objects, JsError> {
    let parts = encode_rows(rows).map_err(|error| {
        let message = error.dyn_ref::<js_sys::Error>().map_or_else(
            || "checkRows : objets illisibles.".to_owned(),
            |error| String::from(error.message()),
        );
        JsError::new(&message)
    })?;
    let ops = Uint32Array::unchecked_from_js(parts.get(0)).to_vec();
    let numbers = Float64Array::unchecked_from_js(parts.get(1)).to_vec();
    let text = parts.get(2).as_string().unwrap_or_default();
    let ends = byte_ends(&text, &Uint32Array::unchecked_from_js(parts.get(3)).to_vec());
    let string = |index: u32| -> &str {
        let index = index as usize;
        let start = if index == 0 {
            0
        } else {
            ends.get(index - 1).copied().unwrap_or(0)
        };
        ends.get(index)
            .and_then(|end| text.get(start..*end))
            .unwrap_or_default()
    };
    let mut objects = Objects::with_capacity(rows.unchecked_ref::<Array>().length() as usize);
    let keys: Vec<u32> = Uint32Array::unchecked_from_js(parts.get(4))
        .to_vec()
        .into_iter()
        .map(|key| objects.key(string(key)))
        .collect();
    // By key number, the last string value given under it and its text: `rows.js` writes a value
    // equal to the previous object's once, so its string number comes back and the text is shared
    // instead of copied again.
    let mut last: Vec<Option<(u32, Text)>> = vec![None; keys.len()];
    let mut text_of = |key: u32, index: u32| -> Text {
        let slot = last.get_mut(key as usize);
        if let Some(Some((known, text))) = slot.as_deref()
            && *known == index
        {
            return text.clone();
        }
        let text = Text::from(string(index));
        if let Some(slot) = slot {
            *slot = Some((index, text.clone()));
        }
        text
    };
    let mut ops = ops.into_iter();
    let mut next = || ops.next();
    while let Some(count) = next() {
        let mut entries = Vec::with_capacity(count as usize);
        for _ in 0..count {
            let (Some(key), Some(tag)) = (next(), next()) else {
                break;
            };
            let value = match tag {
                NULL => JsonValue::Null,
                FALSE => JsonValue::Bool(false),
                TRUE => JsonValue::Bool(true),
                NUMBER => JsonValue::Number(
                    next()
                        .and_then(|at| numbers.get(at as usize))
                        .copied()
                        .unwrap_or(f64::NAN),
                ),
                STRING => JsonValue::String(next().map(|index| text_of(key, index)).unwrap_or_default()),
                ARRAY => JsonValue::Array,
                // `OBJECT`, the only other tag `rows.js` writes.
                _ => JsonValue::Object,
            };
            entries.push((keys.get(key as usize).copied().unwrap_or(u32::MAX), value));
        }
        objects.push(entries);
    }
    Ok(objects)
}

/// Where each string of `text` ends, in bytes, from where it ends in UTF-16 units (JavaScript's
/// lengths). A text of ASCII only (most) has the same offsets in both.
fn byte_ends(text: &str, utf16_ends: &[u32]) -> Vec<usize> {
    if text.is_ascii() {
        return utf16_ends.iter().map(|end| *end as usize).collect();
    }
    // Byte by byte rather than char by char (no character decoded): each
    // character's first byte counts one UTF-16 unit, two from a four-byte sequence on (a surrogate
    // pair); the bytes that continue a character count nothing.
    let bytes = text.as_bytes();
    let mut ends = Vec::with_capacity(utf16_ends.len());
    let (mut units, mut at) = (0usize, 0usize);
    for end in utf16_ends {
        while units < *end as usize && at < bytes.len() {
            let byte = bytes[at];
            if byte & 0xC0 != 0x80 {
                units += if byte >= 0xF0 { 2 } else { 1 };
            }
            at += 1;
        }
        // The rest of the string's last character.
        while at < bytes.len() && bytes[at] & 0xC0 == 0x80 {
            at += 1;
        }
        ends.push(at);
    }
    ends
}
