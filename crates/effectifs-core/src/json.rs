//! Objects as an ERP posts them (D14): JSON values, judged one object at a time exactly as the API
//! judges them.
//!
//! A file is a grid: its header row decides, once for every line, which column feeds which field,
//! and its cells go through the upload page's mapping (an empty cell is absent, `Oui` is true…).
//! A posted object is neither: the API reads each object's own keys, only the exact field names,
//! and takes every JSON value for what it is (`""` is a string, `0` the number 0, `"oui"` not a
//! boolean). The edges (the npm package, `effectifs check` on a `.json` file, the sandbox) fill
//! [`Objects`] from their JSON; [`crate::validate_objects`] judges them with the same rule modules
//! as files, through [`crate::rules::apply_json`].

use rustc_hash::FxHashMap;

use crate::cell::Text;
use crate::field::Field;
use crate::table::{Column, Match, Table};

/// One value of a posted object, as JSON has it.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonValue {
    /// `null`: absent, as the API drops `null` keys before validating.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string, `""` included.
    String(Text),
    /// An array: no field holds one.
    Array,
    /// An object: no field holds one.
    Object,
}

impl JsonValue {
    /// JavaScript's `Boolean(value)` (arrays and objects are truthy).
    pub fn is_truthy(&self) -> bool {
        match self {
            JsonValue::Null => false,
            JsonValue::Bool(flag) => *flag,
            JsonValue::Number(number) => *number != 0.0 && !number.is_nan(),
            JsonValue::String(text) => !text.is_empty(),
            JsonValue::Array | JsonValue::Object => true,
        }
    }
}

/// What a key of a posted object is to the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyRole {
    /// The exact name of a field: its value is read.
    Field(Field),
    /// Not a field name, but close to one (case, accents, spaces, a French label): ignored by the
    /// API, so the line gets a warning naming the field.
    Resembles(Field),
    /// `api_version`, which the API's schema checks.
    ApiVersion,
    /// `source_organisme_id`, which the API's schema checks before replacing it.
    SourceOrganismeId,
    /// Anything else: dropped by the API, silently (`source`, an ERP's own keys…).
    Unknown,
}

impl KeyRole {
    fn of(key: &str) -> KeyRole {
        if let Some(field) = Field::from_name(key) {
            return KeyRole::Field(field);
        }
        match key {
            "api_version" => return KeyRole::ApiVersion,
            "source_organisme_id" => return KeyRole::SourceOrganismeId,
            _ => {}
        }
        match crate::columns::match_header(key) {
            (Some(field), _) => KeyRole::Resembles(field),
            (None, _) => KeyRole::Unknown,
        }
    }
}

/// The objects of one call, in order (object `i`, from 0, is line `i + 1`), their keys interned:
/// an export repeats the same few keys in every object, so each distinct key is looked at once.
#[derive(Debug, Clone, Default)]
pub struct Objects {
    keys: Vec<Text>,
    roles: Vec<KeyRole>,
    index: FxHashMap<Text, u32>,
    /// Every object's `(key number, value)` entries, one object after the other: one allocation for
    /// the call rather than one per object (20 000 of them for a large export), and as many frees.
    entries: Vec<(u32, JsonValue)>,
    /// Where each object's entries end in `entries`.
    ends: Vec<usize>,
}

impl Objects {
    /// No object yet.
    pub fn new() -> Objects {
        Objects::default()
    }

    /// Room for `objects` objects.
    pub fn with_capacity(objects: usize) -> Objects {
        Objects {
            ends: Vec::with_capacity(objects),
            ..Objects::default()
        }
    }

    /// Room for `entries` more entries, over all the objects still to come.
    pub fn reserve_entries(&mut self, entries: usize) {
        self.entries.reserve(entries);
    }

    /// The number of a key, to use in [`Objects::push`] (the same key always gets the same number).
    pub fn key(&mut self, key: &str) -> u32 {
        if let Some(known) = self.index.get(key) {
            return *known;
        }
        let number = u32::try_from(self.keys.len()).unwrap_or(u32::MAX);
        let key = Text::from(key);
        self.keys.push(key.clone());
        self.roles.push(KeyRole::of(&key));
        self.index.insert(key, number);
        number
    }

    /// Adds an object: its `(key number, value)` entries in order; when a key repeats, the last
    /// value counts (as with `JSON.parse`). A key number not given by [`Objects::key`] is ignored.
    pub fn push(&mut self, entries: Vec<(u32, JsonValue)>) {
        self.push_entries(entries);
    }

    /// [`Objects::push`] from entries made on the way, without a vector of them first.
    pub fn push_entries(&mut self, entries: impl IntoIterator<Item = (u32, JsonValue)>) {
        self.entries.extend(entries);
        self.ends.push(self.entries.len());
    }

    /// The number of objects.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no object.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The distinct keys, in first-seen order.
    pub fn keys(&self) -> &[Text] {
        &self.keys
    }

    /// Each object's `(key number, value)` entries, in order.
    pub(crate) fn entries(&self) -> impl ExactSizeIterator<Item = &[(u32, JsonValue)]> {
        (0..self.ends.len()).map(|object| {
            let start = object.checked_sub(1).map_or(0, |before| self.ends[before]);
            &self.entries[start..self.ends[object]]
        })
    }

    /// The role of a key number (unknown for a number no key has).
    pub(crate) fn role(&self, key: u32) -> KeyRole {
        self.roles.get(key as usize).copied().unwrap_or(KeyRole::Unknown)
    }

    /// The key of a key number.
    pub(crate) fn key_text(&self, key: u32) -> &str {
        self.keys.get(key as usize).map_or("", |key| key.as_str())
    }

    /// The columns of the report (no rows): every key in first-seen order, feeding its field when it
    /// is the field's exact name (`exact`), else nothing (`none`, listed as unknown).
    pub fn columns(&self) -> Table {
        let columns = self
            .keys
            .iter()
            .zip(&self.roles)
            .map(|(key, role)| {
                let field = match role {
                    KeyRole::Field(field) => Some(*field),
                    _ => None,
                };
                Column {
                    header: key.to_string(),
                    field,
                    matched: if field.is_some() { Match::Exact } else { Match::None },
                }
            })
            .collect();
        Table {
            columns,
            rows: Vec::new(),
        }
    }
}
