//! `checkRows`' input: JavaScript objects keyed by field name, turned into a [`Table`].
//!
//! Values are taken as an ERP holds them and become the cells a spreadsheet would have given:
//! strings are text, numbers are numbers, booleans are booleans, a `Date` is a date cell (its local
//! calendar day, the day a French user typed), a `BigInt` is its digits, `null`/`undefined` is an
//! empty cell. Anything else (an object, an array, a function) is a programming error of the caller
//! and throws, rather than being checked as the text `[object Object]`.

use effectifs_core::{Cell, Date, Table};
use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsError, JsValue};

use crate::options::describe;

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
