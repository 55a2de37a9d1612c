//! The normalised dossier: the values of one line exactly as they would be sent (`POST`).

use std::fmt::Write as _;

use crate::cell::Text;
use crate::date::Date;
use crate::field::{Field, FieldSet};

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
    /// The fields that have a value: the position of a field's value is the number of fields of
    /// the set before its own, so that reading a field is one access, not a search.
    present: FieldSet,
    /// The values, in field order.
    values: Vec<Value>,
}

impl Dossier {
    /// Sets a value (values are pushed in schema order by the validator).
    #[allow(
        clippy::inline_always,
        reason = "once per value of every line, half a million times for 20 000 objects: left to \
                  itself, the compiler keeps this call, dearer than the push it makes"
    )]
    #[inline(always)]
    pub(crate) fn set(&mut self, field: Field, value: Value) {
        // The validator sets fields in schema order: a field after every present one, whose value
        // goes last, is the common case.
        let index = field.index();
        let [low, high] = self.present.words();
        let last = if index < 64 {
            high == 0 && low >> index == 0
        } else {
            high >> (index - 64) == 0
        };
        if last {
            self.present.insert(field);
            self.values.push(value);
        } else {
            self.set_within(field, value);
        }
    }

    /// [`Dossier::set`] for a field before some present one.
    #[inline(never)]
    fn set_within(&mut self, field: Field, value: Value) {
        let (found, position) = self.position(field);
        if found {
            self.values[position] = value;
        } else {
            self.present.insert(field);
            self.values.insert(position, value);
        }
    }

    /// Whether `field` has a value, and where its value is (or would be) in `values`.
    fn position(&self, field: Field) -> (bool, usize) {
        let [low, high] = self.present.words();
        let index = field.index();
        let bit = 1u64 << (index % 64);
        let (word, before) = if index < 64 {
            (low, 0)
        } else {
            (high, low.count_ones() as usize)
        };
        (word & bit != 0, before + (word & (bit - 1)).count_ones() as usize)
    }

    /// An empty dossier with room for `capacity` values.
    pub(crate) fn with_capacity(capacity: usize) -> Dossier {
        Dossier {
            present: FieldSet::default(),
            values: Vec::with_capacity(capacity),
        }
    }

    /// The value of a field, if present.
    pub fn get(&self, field: Field) -> Option<&Value> {
        match self.position(field) {
            (true, position) => self.values.get(position),
            (false, _) => None,
        }
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
        self.present.iter().zip(&self.values)
    }

    /// The fields that have a value, as two words of bits: field `i` (in [`Field::ALL`]'s order)
    /// is bit `i % 64` of word `i / 64`. Their values are [`Dossier::iter`]'s, in that order.
    pub fn field_bits(&self) -> [u64; 2] {
        self.present.words()
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

#[cfg(test)]
mod tests {
    use super::{Dossier, Value};
    use crate::field::Field;

    /// Values set in any order, some twice, read back by field and in schema order: fields on both
    /// sides of the 64th, the first and the last.
    #[test]
    fn set_get_iter() {
        let cases: &[&[usize]] = &[
            &[],
            &[0],
            &[Field::COUNT - 1],
            &[0, 1, 2, 63, 64, 65, Field::COUNT - 1],
            &[Field::COUNT - 1, 64, 63, 0, 5, 64, 0],
            &[Field::COUNT - 1, 30, 10, 66, 10, 2, 65, 64, 63, 62],
        ];
        for indices in cases {
            let mut dossier = Dossier::with_capacity(0);
            let mut expected: Vec<(Field, Value)> = Vec::new();
            for (count, &index) in (0i64..).zip(indices.iter()) {
                let field = Field::ALL[index];
                dossier.set(field, Value::Integer(count));
                expected.retain(|(known, _)| *known != field);
                expected.push((field, Value::Integer(count)));
            }
            expected.sort_by_key(|(field, _)| *field);
            let actual: Vec<(Field, Value)> = dossier.iter().map(|(field, value)| (field, value.clone())).collect();
            assert_eq!(actual, expected, "set in the order {indices:?}");
            for field in Field::ALL {
                let wanted = expected
                    .iter()
                    .find(|(known, _)| known == field)
                    .map(|(_, value)| value);
                assert_eq!(dossier.get(*field), wanted, "{field} after {indices:?}");
            }
            assert_eq!(dossier.len(), expected.len());
        }
    }
}
