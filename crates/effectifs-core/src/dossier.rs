//! The normalised dossier: the values of one line exactly as they would be sent (`POST`).

use std::fmt::Write as _;

use crate::cell::Text;
use crate::date::Date;
use crate::field::Field;

/// One normalised value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text (including codes: UAI, SIRET, code postal…).
    Text(Text),
    /// A whole number.
    Integer(i64),
    /// Oui / Non.
    Bool(bool),
    /// A calendar day, sent as `AAAA-MM-JJ`.
    Date(Date),
}

impl Value {
    /// The value as a JSON literal (used by tests and by the JSON writers' fallbacks).
    pub fn to_json(&self) -> String {
        match self {
            Value::Text(text) => json_string(text),
            Value::Integer(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            Value::Date(date) => format!("\"{date}\""),
        }
    }

    /// The value as a person reads it (dates as `JJ/MM/AAAA`, booleans as Oui/Non).
    pub fn display(&self) -> String {
        match self {
            Value::Text(text) => text.to_string(),
            Value::Integer(number) => number.to_string(),
            Value::Bool(true) => "Oui".to_owned(),
            Value::Bool(false) => "Non".to_owned(),
            Value::Date(date) => date.to_french(),
        }
    }

    /// The day, for a date value.
    pub fn as_date(&self) -> Option<Date> {
        match self {
            Value::Date(date) => Some(*date),
            _ => None,
        }
    }

    /// The text, for a text value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }
}

fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The normalised values of one line, in the contract's schema order; absent values are not held.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Dossier {
    values: Vec<(Field, Value)>,
}

impl Dossier {
    /// Sets a value (values are pushed in schema order by the validator).
    pub(crate) fn set(&mut self, field: Field, value: Value) {
        // The validator sets fields in schema order: appending is the common case.
        if self.values.last().is_none_or(|(last, _)| *last < field) {
            self.values.push((field, value));
            return;
        }
        match self.values.binary_search_by_key(&field, |(known, _)| *known) {
            Ok(found) => self.values[found].1 = value,
            Err(position) => self.values.insert(position, (field, value)),
        }
    }

    /// An empty dossier with room for `capacity` values.
    pub(crate) fn with_capacity(capacity: usize) -> Dossier {
        Dossier {
            values: Vec::with_capacity(capacity),
        }
    }

    /// The value of a field, if present.
    pub fn get(&self, field: Field) -> Option<&Value> {
        // Values are kept sorted by field: a binary search beats a scan over ~40 values.
        let found = self.values.binary_search_by_key(&field, |(known, _)| *known).ok()?;
        Some(&self.values[found].1)
    }

    /// The date of a date field, if present.
    pub fn date(&self, field: Field) -> Option<Date> {
        self.get(field).and_then(Value::as_date)
    }

    /// The text of a text field, if present.
    pub fn text(&self, field: Field) -> Option<&str> {
        self.get(field).and_then(Value::as_text)
    }

    /// Every present value, in schema order.
    pub fn iter(&self) -> impl Iterator<Item = (Field, &Value)> {
        self.values.iter().map(|(field, value)| (*field, value))
    }

    /// The number of present values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether no value is present.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}
