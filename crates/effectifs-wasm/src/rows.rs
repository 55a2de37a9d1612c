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
use crate::tags::{ARRAY, FALSE, NULL, NUMBER, REPEAT, STRING, TRUE};

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
    let ends = Uint32Array::unchecked_from_js(parts.get(3)).to_vec();
    let count = rows.unchecked_ref::<Array>().length() as usize;
    let mut objects = Objects::with_capacity(count);
    objects.reserve_entries(ops.len().saturating_sub(count));
    // `rows.js`' key numbers, in `objects`' numbers (the same unless two keys are one text in UTF-8:
    // lone surrogates).
    let keys: Vec<u32> = Array::unchecked_from_js(parts.get(4))
        .iter()
        .map(|key: JsValue| objects.key(&key.as_string().unwrap_or_default()))
        .collect();
    let mut strings = Strings::new(&text, &ends);
    let mut numbers = numbers.into_iter();
    // By key number, the string given last under it, which a `REPEAT` shares rather than copies.
    let mut last: Vec<Text> = vec![Text::default(); keys.len()];
    let mut ops = ops.into_iter();
    while let Some(count) = ops.next() {
        let entries = ops.by_ref().take(count as usize).map(|op| {
            let key = (op >> 4) as usize;
            let value = match op & 0xF {
                NULL => JsonValue::Null,
                FALSE => JsonValue::Bool(false),
                TRUE => JsonValue::Bool(true),
                NUMBER => JsonValue::Number(numbers.next().unwrap_or(f64::NAN)),
                STRING => {
                    let text = strings.next();
                    if let Some(last) = last.get_mut(key) {
                        last.clone_from(&text);
                    }
                    JsonValue::String(text)
                }
                REPEAT => JsonValue::String(last.get(key).cloned().unwrap_or_default()),
                ARRAY => JsonValue::Array,
                // `OBJECT`, the only other tag `rows.js` writes.
                _ => JsonValue::Object,
            };
            (keys.get(key).copied().unwrap_or(u32::MAX), value)
        });
        objects.push_entries(entries);
    }
    Ok(objects)
}

/// The strings of `rows.js`' text, in order: JavaScript gives where each ends in UTF-16 units, the
/// text comes in UTF-8.
struct Strings<'a> {
    text: &'a str,
    ends: std::slice::Iter<'a, u32>,
    /// Where the next string starts, in UTF-16 units and in bytes.
    unit: u32,
    byte: usize,
    /// Whether the next string starts with a lone low surrogate that the UTF-8 text holds in the
    /// character before, with the previous string's lone high one (see [`Strings::next`]).
    split: bool,
}

impl<'a> Strings<'a> {
    fn new(text: &'a str, ends: &'a [u32]) -> Strings<'a> {
        Strings {
            text,
            ends: ends.iter(),
            unit: 0,
            byte: 0,
            split: false,
        }
    }

    /// The next string.
    fn next(&mut self) -> Text {
        let Some(&end) = self.ends.next() else {
            return Text::default();
        };
        let mut units = end.saturating_sub(self.unit) as usize;
        self.unit = end;
        if units == 0 {
            return Text::default();
        }
        let bytes = self.text.as_bytes();
        let start = self.byte;
        // Most strings are ASCII: as many bytes as UTF-16 units.
        if !self.split
            && let Some(ascii) = bytes.get(start..start + units)
            && ascii.is_ascii()
        {
            self.byte += units;
            return Text::from(self.text.get(start..self.byte).unwrap_or_default());
        }
        // Character by character: one UTF-16 unit each, two from four UTF-8 bytes on (a surrogate
        // pair). A lone surrogate is U+FFFD in the text (as `TextEncoder` writes it), one unit;
        // but a string ending with a lone high surrogate and the next starting with a lone low one
        // make a pair in the text: each is then U+FFFD in its own string, as when written apart.
        let starts_split = std::mem::take(&mut self.split);
        if starts_split {
            units -= 1;
        }
        let mut at = start;
        while units > 0 && at < bytes.len() {
            let lead = bytes[at];
            let (width, counted) = if lead < 0x80 {
                (1, 1)
            } else if lead < 0xE0 {
                (2, 1)
            } else if lead < 0xF0 {
                (3, 1)
            } else {
                (4, 2)
            };
            if counted > units {
                self.split = true;
                break;
            }
            units -= counted;
            at += width;
        }
        let body = self.text.get(start..at).unwrap_or_default();
        self.byte = if self.split { at + 4 } else { at };
        if !starts_split && !self.split {
            return Text::from(body);
        }
        let mut whole = String::with_capacity(body.len() + 6);
        if starts_split {
            whole.push(char::REPLACEMENT_CHARACTER);
        }
        whole.push_str(body);
        if self.split {
            whole.push(char::REPLACEMENT_CHARACTER);
        }
        Text::from(whole)
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::Strings;

    /// `strings` (UTF-16, as JavaScript holds them) handed over as `rows.js` does, then read back:
    /// one text, which `TextEncoder` writes in UTF-8 with each lone surrogate as U+FFFD (Rust's
    /// lossy UTF-16 decoding does the same), and where each string ends in UTF-16 units.
    fn handed_over(strings: &[Vec<u16>]) -> Vec<String> {
        let text = String::from_utf16_lossy(&strings.concat());
        let ends: Vec<u32> = strings
            .iter()
            .scan(0, |end, string| {
                *end += u32::try_from(string.len()).unwrap_or(u32::MAX);
                Some(*end)
            })
            .collect();
        let mut read = Strings::new(&text, &ends);
        strings.iter().map(|_| read.next().to_string()).collect()
    }

    #[wasm_bindgen_test]
    fn each_string_comes_back_whole_as_if_written_alone() {
        // UTF-16 pieces: ASCII, é (2 bytes in UTF-8), € (3), 😀 (a surrogate pair, 4 bytes), each
        // of its halves alone (U+FFFD, 3 bytes).
        let pieces: [&[u16]; 6] = [&[0x41], &[0xE9], &[0x20AC], &[0xD83D, 0xDE00], &[0xD83D], &[0xDE00]];
        // Every string of up to two pieces, the empty one included.
        let mut strings = vec![Vec::new()];
        for first in pieces {
            strings.push(first.to_vec());
            for second in pieces {
                strings.push([first, second].concat());
            }
        }
        // Every pair of them, and every three with an empty or one-piece string in the middle: a
        // high surrogate ending one and a low one starting the next make a pair in the text,
        // which must not join them.
        let middles: Vec<&Vec<u16>> = strings.iter().filter(|string| string.len() <= 1).collect();
        let mut cases = Vec::new();
        for a in &strings {
            for b in &strings {
                cases.push(vec![a.clone(), b.clone()]);
            }
            for middle in &middles {
                for c in &strings {
                    cases.push(vec![a.clone(), (*middle).clone(), c.clone()]);
                }
            }
        }
        for case in cases {
            let alone: Vec<String> = case.iter().map(|string| String::from_utf16_lossy(string)).collect();
            assert_eq!(handed_over(&case), alone, "{case:x?}");
        }
    }
}
