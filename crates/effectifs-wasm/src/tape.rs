//! Fast hand-over of serde values to JavaScript: a "tape" of numbers built by a serde serializer,
//! turned into plain objects by `tape.js` in a single call.
//!
//! A report of 20 000 lines is about a million properties and as many strings. Handing them over
//! one by one (serde-wasm-bindgen: one boundary crossing and one UTF-8 decoding per key and per
//! string) or as JSON text (28 MB to decode, then to parse) costs more than the validation itself.
//! The tape avoids both: every distinct string is stored once (keys and most values repeat from
//! line to line: field names, dates, codes, messages) and decoded in one go, and the structure is a
//! `Uint32Array` the JavaScript side reads in place, straight from the instance's memory. On the
//! bench's 20 000-line CSV under Node.js 20, the hand-over took about 440 ms with
//! serde-wasm-bindgen, 240 ms through `JSON.parse`, 180 ms with the first tape, 120–140 ms when
//! every object was built during the call; then about 38 ms to write the tape (2.5 million
//! entries, 88 000 distinct strings, found in place in the text already written; the keys of
//! structs, `'static`, are found by address) and 15–20 ms to build the objects, because:
//! - the report's small objects (lines, statuts, steps, diagnostics) are [`SHAPES`]: one object
//!   literal each on the JavaScript side instead of one keyed store per entry, and no keys on the
//!   tape;
//! - a line's dossier and statut are [`DEFERRED`]: written on the tape, built by `tape.js` when
//!   first read (accessors that become data properties: see the package README). Most pages show
//!   the errors; reading every dossier and statut later is a line of `bench/node`'s figures;
//! - the strings are sliced out of the text when first needed, and the deferred dossiers' strings
//!   (most of the text: identifiers, names, e-mails) are a second text, [`LATER_STRING`], handed
//!   over as bytes and decoded only when a deferred value first needs one;
//! - a report's days are day numbers ([`DAY`]), spelled by `tape.js` when read;
//! - a dossier's strings are first compared with the last ones written under the same field, and
//!   those of a field whose values are nearly all different (identifiers, e-mails) are appended
//!   without a probe of the string table (see [`Tape::dossier_string`]);
//! - a dossier has no keys on the tape ([`DOSSIER`]): the bits of its fields, then its values. For
//!   the 20 000 objects of `checkRows`' bench, the tape went from 1.44 to 1.01 million entries (a
//!   third less to copy for the deferred values) and its writing from about 162 to 159 million
//!   instructions natively: the keys, found by address, cost little; most of a dossier's writing is
//!   its strings;
//! - the tape writes a dossier from the dossier itself ([`Tape::dossier`]: `effectifs_api` gives a
//!   compact serializer the line's index), not through a serializer call per value (a `Result` at
//!   each step, the value's field found again from the bits): the tape's writing went from about
//!   121 to 100 million instructions natively, a call from about 1 034–1 052 to 1 017 million
//!   under valgrind (Node.js 20);
//! - strings are compared eight bytes at a time ([`same_bytes`]), not by `memcmp`, a loop over
//!   single bytes in WebAssembly: for the 20 000 objects of `checkRows`' bench, a call went from
//!   about 1 017 to 962–979 million instructions under valgrind (Node.js 20);
//! - a line's statut equal to the line before's is [`AGAIN`], where that one starts: lines of one
//!   formation and intake share their dates, so their statuts. `tape.js` builds it from there, a
//!   new object for each line. For the 20 000 objects of `checkRows`' bench, a call went from
//!   about 1 109 to 1 061 million instructions under valgrind (Node.js 20).
//!
//! The days and the dossiers' strings compared with the last ones, with a string table whose
//! entries hold each string's place and hash and a
//! direct-mapped cache of struct keys, took the tape of `checkRows`' 20 000-object bench from
//! 313 to 218 million instructions natively (the table's share of a call's profile in
//! Node.js, 13 %, fell to about 5 %); appending the all-different values spared a further 5 %
//! of the whole call's time (its table probes mostly missed the processor's caches).
//!
//! Measured and left aside: the report as compact JSON (28 MB: 50 ms to decode, 12 ms if escaped to
//! ASCII, then 120 ms of `JSON.parse`); building dossiers as fast-mode objects (`Object.assign`
//! from the built one, a template per key set, `Object.defineProperty`, or named stores through one
//! setter per field): V8 makes an object filled by keyed stores a dictionary past 16 properties,
//! which is the cheapest to build when, as in the bench, the 20 000 dossiers have 8 500 different
//! key sets (fast-mode objects were 1.5 to 2 times slower: their maps cost more than the
//! dictionaries); interning the keys first (no difference); a second string table for strings of
//! at most 16 bytes held in its entries (no faster). Considered and left aside: keeping the
//! deferred values in the instance, converted on demand (no tape for them, but the report's memory
//! held in the instance until the JavaScript report is collected, which a loop of calls never lets
//! happen, and lost if a panic makes wasm-bindgen start a fresh instance).
//!
//! The result is the same value serde-wasm-bindgen's `json_compatible` serializer would build:
//! objects (never `Map`s) with keys in serialization order, arrays, strings, numbers, booleans and
//! `null` for `None` and unit. Only what the report and the field table need is supported; the rest
//! (bytes, enums with data, non-string map keys) is an error, never a silent approximation.

use std::collections::HashMap;
use std::fmt;
use std::hash::BuildHasher as _;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use serde::ser::{self, Serialize};
use wasm_bindgen::prelude::*;

use effectifs_api::report::{AGAIN as AGAIN_STRUCT, CompactValue, DOSSIER as DOSSIER_STRUCT, ReportView};
use effectifs_core::{Field, LineReport};

use crate::tags::{
    AGAIN, ARRAY, DAY, DEFERRED, DOSSIER, FALSE, INT, LATER_STRING, NULL, NUMBER, OBJECT, SHAPE, STRING, TRUE,
};

#[wasm_bindgen(module = "/src/tape.js")]
extern "C" {
    /// Builds the value from the tape (see `tape.js`). The slices are read during the call only.
    #[wasm_bindgen(js_name = fromTape)]
    #[allow(
        clippy::too_many_arguments,
        reason = "the tape's parts, each a slice of the instance's memory"
    )]
    fn from_tape(
        ops: &[u32],
        numbers: &[f64],
        text: &str,
        ends: &[u32],
        later: &[u8],
        later_ends: &[u32],
        names: &[u32],
    ) -> JsValue;
}

/// A struct the JavaScript side builds with an object literal of its own (`SHAPES` in `tape.js`,
/// same order) instead of one keyed store per entry: the report's small objects, one per line or
/// more. V8 makes a literal from a ready-made template with its final layout; keyed stores into
/// `{}` go through a generic, shared store for every entry of every object.
struct Shape {
    /// The struct's name, as its `Serialize` implementation gives it.
    name: &'static str,
    /// Its keys, in serialization order (a struct with skipped fields is another shape).
    keys: &'static [&'static str],
    /// The keys whose values are built only when first read: a line's dossier (about 30 entries)
    /// and statut (its timeline), which many pages never read (they show the errors) and which are
    /// most of the building. The JavaScript object has accessors until then (see `tape.js`).
    /// A bit per key, by position.
    deferred: u8,
}

/// The shapes, matched by struct name and length; their keys are checked as the fields come.
const SHAPES: [Shape; 7] = [
    Shape {
        name: "LineJson",
        keys: &["line", "valid", "errors", "warnings", "dossier", "statut"],
        deferred: 0b11_0000,
    },
    Shape {
        name: "StatutJson",
        keys: &["en_cours", "libelle", "parcours"],
        deferred: 0,
    },
    Shape {
        name: "EtapeJson",
        keys: &["date", "valeur"],
        deferred: 0,
    },
    Shape {
        name: "DiagnosticJson",
        keys: &["field", "code", "message"],
        deferred: 0,
    },
    Shape {
        name: "DiagnosticJson",
        keys: &["field", "code", "message", "hint"],
        deferred: 0,
    },
    Shape {
        name: "SuggestedDiagnosticJson",
        keys: &["field", "code", "message", "suggestion"],
        deferred: 0,
    },
    Shape {
        name: "SuggestedDiagnosticJson",
        keys: &["field", "code", "message", "hint", "suggestion"],
        deferred: 0,
    },
];

/// Converts a serde value into a plain JavaScript value through the tape.
pub fn to_js(value: &impl Serialize) -> Result<JsValue, Error> {
    hand_over(Tape::default(), value)
}

/// [`to_js`] for a report: its dossiers ([`DOSSIER_STRUCT`]) written from its lines.
pub fn report_to_js(report: &ReportView<'_>) -> Result<JsValue, Error> {
    let tape = Tape {
        lines: report.lines(),
        ..Tape::default()
    };
    hand_over(tape, report)
}

/// Writes `value` on `tape`, then builds the JavaScript value.
fn hand_over(mut tape: Tape<'_>, value: &impl Serialize) -> Result<JsValue, Error> {
    value.serialize(&mut tape)?;
    tape.check_size()?;
    Ok(from_tape(
        &tape.ops,
        &tape.numbers,
        &tape.strings.text,
        &tape.strings.ends,
        tape.later.text.as_bytes(),
        &tape.later.ends,
        &tape.names,
    ))
}

/// The value being written.
#[derive(Default)]
struct Tape<'a> {
    /// The lines of the report being written, where a [`DOSSIER_STRUCT`] finds its dossier.
    lines: &'a [LineReport],
    ops: Vec<u32>,
    numbers: Vec<f64>,
    /// The strings of [`STRING`] entries.
    strings: Texts,
    /// The strings of [`LATER_STRING`] entries: a deferred value's dossier strings, most of the
    /// report's text, decoded by `tape.js` only when a deferred value first needs one.
    later: Texts,
    /// The strings of [`Tape::string_index`] by address.
    seen: Seen,
    /// The indices of the `'static` keys of structs, by address and length: found without hashing
    /// or comparing their text.
    keys: KeyCache,
    /// The arrays and objects being written, innermost last.
    open: Vec<Open>,
    /// Where the count of the innermost array or object is, if it is not a shape.
    counting: Option<usize>,
    /// What the value coming stands for, when a newtype struct says so.
    coming: Coming,
    /// The strings last written under each dossier field.
    recent: Box<[Recent]>,
    /// The string index of each field's name, by field index, once a dossier is written (`tape.js`
    /// names a [`DOSSIER`]'s values with them).
    names: Vec<u32>,
    /// The deferred value being written, if any: its shape and the position of its key, and where
    /// it starts on the tape.
    deferring: Option<((usize, usize), usize)>,
    /// Where the last deferred value written under each key of a shape starts, by shape and key
    /// position (see [`AGAIN`]).
    last_deferred: Vec<((usize, usize), usize)>,
}

/// What the value coming stands for.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Coming {
    /// Itself.
    #[default]
    Value,
    /// A day number: the number of a [`effectifs_api::report::DAY`] newtype struct.
    Day,
    /// A dossier: the line index of a [`effectifs_api::report::DOSSIER`] newtype struct.
    Dossier,
}

/// Strings handed over as one text, each distinct one stored once (but for those appended as they
/// come: see [`Tape::string`]).
#[derive(Default)]
struct Texts {
    /// The strings, one after the other.
    text: String,
    /// Where each string of `text` ends, in UTF-16 code units (JavaScript's string indices).
    ends: Vec<u32>,
    /// The string table: each distinct string's place in `text` and its hash (no copy of each
    /// string as its own key: most of them occur once). A probe compares lengths before bytes and
    /// growing the table hashes nothing again.
    table: HashTable<Stored>,
}

/// A string of a text: its index, where its bytes are in the text, and its hash (0 for a string
/// appended without going through the table).
#[derive(Clone, Copy, Default)]
struct Stored {
    index: u32,
    start: u32,
    len: u32,
    hash: u64,
}

impl Stored {
    /// Whether `wanted` is this string, `text` being the tape's text: lengths first, then bytes.
    fn holds(&self, text: &[u8], wanted: &[u8]) -> bool {
        self.len as usize == wanted.len()
            && text
                .get(self.start as usize..self.start as usize + self.len as usize)
                .is_some_and(|stored| same_bytes(stored, wanted))
    }
}

/// Whether two strings are the same bytes, compared eight at a time. Slice equality calls
/// `memcmp`, which WebAssembly gets from the compiler's builtins as a loop over single bytes: the
/// dossiers' strings found among the last ones of their field (about 230 000 comparisons of 17
/// bytes on average for the 20 000 objects of `checkRows`' bench) took about 40 million
/// instructions under Node.js.
fn same_bytes(one: &[u8], other: &[u8]) -> bool {
    if one.len() != other.len() {
        return false;
    }
    if one.len() <= 8 {
        return edges(one) == edges(other);
    }
    let word = |chunk: &[u8; 8]| u64::from_le_bytes(*chunk);
    let (ones, _) = one.as_chunks::<8>();
    let (others, _) = other.as_chunks::<8>();
    // The last eight bytes cover what the chunks leave.
    ones.iter().zip(others).all(|(one, other)| word(one) == word(other))
        && one.last_chunk::<8>().map(word) == other.last_chunk::<8>().map(word)
}

/// The first and last four bytes of a string of at least 4 bytes (overlapping below 8); the bytes
/// of a shorter one. Equal strings have equal edges, and two strings of at most 8 bytes with the
/// same length and edges are equal.
fn edges(bytes: &[u8]) -> u64 {
    match (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        (Some(first), Some(last)) => u64::from(u32::from_le_bytes(*first)) | u64::from(u32::from_le_bytes(*last)) << 32,
        // Byte by byte: a copy of a variable length is a call in WebAssembly.
        _ => bytes.iter().rev().fold(0, |word, &byte| word << 8 | u64::from(byte)),
    }
}

/// How many of the strings last written under a key [`Recent`] keeps.
const RECENT: usize = 4;

/// Strings written under a key before a table probe counts (see [`Recent::interns`]).
const TRIAL: u32 = 64;

/// What the tape remembers of the strings written under one struct key (a dossier field).
#[derive(Clone, Copy, Default)]
struct Recent {
    /// The last strings written under the key (those of `0..filled`), the oldest replaced first,
    /// each with its [`edges`].
    strings: [(Stored, u64); RECENT],
    filled: u8,
    /// Where the next string goes: the last one written is just before.
    next: u8,
    /// Table probes for the key's strings (halved with `found` now and then: recent ones weigh
    /// more) and how many found the string there.
    probes: u32,
    found: u32,
    /// Strings appended without a probe since the last probe.
    skipped: u32,
}

impl Recent {
    /// The index of `wanted`, whose [`edges`] are `wanted_edges`, if it is one of the key's last
    /// strings: the last one written first (most values repeat the line before's). A string of at
    /// most 8 bytes is settled by its length and edges; a longer one is compared whole only when
    /// they match (unique values, identifiers and e-mails, mostly differ at one end).
    fn find(&self, text: &[u8], wanted: &[u8], wanted_edges: u64) -> Option<u32> {
        let last = usize::from(self.next) + RECENT - 1;
        (0..usize::from(self.filled))
            .map(|back| &self.strings[(last - back) % RECENT])
            .find(|(stored, edges)| {
                *edges == wanted_edges
                    && stored.len as usize == wanted.len()
                    && (wanted.len() <= 8 || stored.holds(text, wanted))
            })
            .map(|(stored, _)| stored.index)
    }

    /// Whether the key's next new string goes through the table. A key whose strings are nearly
    /// all different (identifiers, e-mails, addresses) gains nothing from it: each string gets its
    /// own index anyway, and a probe of a table of tens of thousands of entries mostly misses the
    /// processor's caches. One string in 32 is still probed, so that a key whose values start to
    /// repeat goes back to the table.
    fn interns(&mut self) -> bool {
        if self.probes < TRIAL || self.found * 8 >= self.probes || self.skipped >= 31 {
            self.skipped = 0;
            return true;
        }
        self.skipped += 1;
        false
    }

    /// Counts a probe of the table and whether it found the string.
    fn probed(&mut self, found: bool) {
        self.probes += 1;
        self.found += u32::from(found);
        if self.probes == 16 * TRIAL {
            self.probes /= 2;
            self.found /= 2;
        }
    }

    fn remember(&mut self, stored: Stored, edges: u64) {
        self.strings[usize::from(self.next)] = (stored, edges);
        #[allow(clippy::cast_possible_truncation, reason = "RECENT is 4")]
        {
            self.next = ((usize::from(self.next) + 1) % RECENT) as u8;
            self.filled = (self.filled + 1).min(RECENT as u8);
        }
    }
}

impl Texts {
    /// The string's entry in the table, added if new; whether it was there.
    fn stored(&mut self, text: &str) -> Result<(Stored, bool), Error> {
        let hash = FxBuildHasher.hash_one(text);
        let bytes = self.text.as_bytes();
        let wanted = text.as_bytes();
        if let Some(found) = self
            .table
            .find(hash, |stored| stored.hash == hash && stored.holds(bytes, wanted))
        {
            return Ok((*found, true));
        }
        let stored = Stored {
            hash,
            ..self.push(text)?
        };
        self.table.insert_unique(hash, stored, |stored| stored.hash);
        Ok((stored, false))
    }

    /// Adds a string to the text, outside the table (its hash is 0).
    fn push(&mut self, text: &str) -> Result<Stored, Error> {
        let index = u32::try_from(self.ends.len()).map_err(|_| Error::too_large())?;
        let start = u32::try_from(self.text.len()).map_err(|_| Error::too_large())?;
        let len = u32::try_from(text.len()).map_err(|_| Error::too_large())?;
        let units = if text.is_ascii() {
            text.len()
        } else {
            text.chars().map(char::len_utf16).sum()
        };
        let first = self.ends.last().map_or(0, |&end| end as usize);
        let end = u32::try_from(first + units).map_err(|_| Error::too_large())?;
        self.text.push_str(text);
        self.ends.push(end);
        Ok(Stored {
            index,
            start,
            len,
            hash: 0,
        })
    }
}

/// The string indices of struct keys by the address and length of their `'static` text: a
/// two-way cache (a key's slot, then the one paired with it: one or two comparisons, no hashing;
/// the report's structs have a few dozen keys, most met once per line)
/// in front of a map for the keys a pair cannot hold.
struct KeyCache {
    /// `(address, length, index)`, at `slot(address)` or the slot paired with it (`^ 1`).
    slots: Box<[(usize, usize, u32)]>,
    /// Every key met, for the keys a slot does not hold.
    all: HashMap<(usize, usize), u32, FxBuildHasher>,
}

/// The [`STRING`] strings last met by address (see [`Tape::string_index`]): `(address, entry)`,
/// at the address's slot.
struct Seen(Box<[(usize, Stored)]>);

/// Slots of [`Seen`].
const SEEN_SLOTS: usize = 256;

impl Default for Seen {
    fn default() -> Seen {
        Seen(vec![(0, Stored::default()); SEEN_SLOTS].into_boxed_slice())
    }
}

/// Slots of [`KeyCache`]: a power of two, several times the keys of a report.
const KEY_SLOTS: usize = 512;

impl Default for KeyCache {
    fn default() -> KeyCache {
        KeyCache {
            slots: vec![(0, 0, 0); KEY_SLOTS].into_boxed_slice(),
            all: HashMap::default(),
        }
    }
}

impl KeyCache {
    fn slot(address: usize) -> usize {
        // Keys are distinct literals a few bytes apart: their low address bits spread them.
        (address ^ (address >> 9)) & (KEY_SLOTS - 1)
    }
}

/// An array or object being written.
enum Open {
    /// An array or an object with its keys: the position of its count, patched as entries come.
    Counted(usize),
    /// An object of a known shape: the index of the shape and of its next key.
    Shape { shape: usize, next: usize },
}

/// An entry of the tape: `payload << TAG_BITS | tag`, the payload an index, a count or a length,
/// of at most 28 bits. Each is below the length of the tape, of its numbers or of its texts' ends:
/// [`Tape::check_size`] refuses a tape where one of those is not below [`MOST`], instead of a check
/// for each entry (a report of 20 000 lines is about 1.5 million entries).
#[allow(clippy::cast_possible_truncation, reason = "see above: checked once, at the end")]
fn op(tag: u32, payload: usize) -> u32 {
    (payload as u32) << TAG_BITS | tag
}

/// The bits of an entry's tag (the tags of `tags.rs` are below 16).
const TAG_BITS: u32 = 4;

/// The tag of an entry.
const TAG_MASK: u32 = (1 << TAG_BITS) - 1;

/// Payloads are below this.
const MOST: u32 = 1 << (32 - TAG_BITS);

/// 1970-01-01 counted from 0001-01-01 (day 1).
const UNIX_EPOCH_DAY: i32 = 719_163;

impl Tape<'_> {
    /// The index of a string of the [`STRING`] text. The strings of a report's small objects
    /// (a statut's values and labels, diagnostics' codes: 100 000 for 20 000 lines) are mostly
    /// the same few literals: a direct-mapped cache by address, checked by content (the address of
    /// a string made for the occasion may be another's later), finds them without hashing them.
    fn string_index(&mut self, text: &str) -> Result<u32, Error> {
        let address = text.as_ptr().addr();
        let slot = (address ^ (address >> 7)) % SEEN_SLOTS;
        if let Some((known, stored)) = self.seen.0.get(slot)
            && *known == address
            && stored.holds(self.strings.text.as_bytes(), text.as_bytes())
        {
            return Ok(stored.index);
        }
        let (stored, _) = self.strings.stored(text)?;
        if let Some(entry) = self.seen.0.get_mut(slot) {
            *entry = (address, stored);
        }
        Ok(stored.index)
    }

    /// The string index of a struct key.
    #[inline]
    fn key_index(&mut self, key: &'static str) -> Result<u32, Error> {
        let address = key.as_ptr().addr();
        let slot = KeyCache::slot(address);
        for slot in [slot, slot ^ 1] {
            if let Some(&(known, len, index)) = self.keys.slots.get(slot)
                && known == address
                && len == key.len()
            {
                return Ok(index);
            }
        }
        self.new_key_index(key, slot)
    }

    /// [`Tape::key_index`] for a key its slot does not hold (the first time, or after another).
    #[cold]
    #[inline(never)]
    fn new_key_index(&mut self, key: &'static str, slot: usize) -> Result<u32, Error> {
        let address = key.as_ptr().addr();
        // The key's pair of slots: the first free one, else the first (two keys share a pair, a
        // third takes the place of one of them).
        let free = |slot: usize| self.keys.slots.get(slot).is_some_and(|&(known, _, _)| known == 0);
        let slot = if !free(slot) && free(slot ^ 1) { slot ^ 1 } else { slot };
        let index = if let Some(&index) = self.keys.all.get(&(address, key.len())) {
            index
        } else {
            let index = self.string_index(key)?;
            self.keys.all.insert((address, key.len()), index);
            index
        };
        if let Some(entry) = self.keys.slots.get_mut(slot) {
            *entry = (address, key.len(), index);
        }
        Ok(index)
    }

    /// A string value other than a dossier's: through the table of the [`STRING`] text.
    fn string(&mut self, text: &str) -> Result<(), Error> {
        let index = self.string_index(text)?;
        self.ops.push(op(STRING, index as usize));
        Ok(())
    }

    /// A dossier's string, the value of its field of index `field`: to the [`LATER_STRING`] text,
    /// after a comparison with the last values written under the same field, in memory just
    /// written: most repeat a line before's (school year, UAI, dates…), and a probe of the table,
    /// tens of thousands of entries, mostly misses the processor's caches. A new one goes through
    /// that text's table, so that equal strings keep one index (`tape.js` slices each index once,
    /// and reading every dossier later makes one JavaScript string per distinct value: appending
    /// them all instead made that reading a quarter more instructions), unless the field's values
    /// are nearly all different ([`Recent::interns`]): then it is appended.
    fn dossier_string(&mut self, field: usize, text: &str) -> Result<(), Error> {
        let index = self.later_string(field, text)?;
        self.ops.push(op(LATER_STRING, index as usize));
        Ok(())
    }

    /// The index in the [`LATER_STRING`] text of the value of a dossier's field of index `field`
    /// (see [`Tape::dossier_string`]).
    fn later_string(&mut self, field: usize, text: &str) -> Result<u32, Error> {
        let Some(recent) = self.recent.get_mut(field) else {
            return self.later.stored(text).map(|(stored, _)| stored.index);
        };
        let edges = edges(text.as_bytes());
        if let Some(index) = recent.find(self.later.text.as_bytes(), text.as_bytes(), edges) {
            return Ok(index);
        }
        let stored = if recent.interns() {
            let (stored, found) = self.later.stored(text)?;
            recent.probed(found);
            stored
        } else {
            self.later.push(text)?
        };
        recent.remember(stored, edges);
        Ok(stored.index)
    }

    /// A number: an [`INT`] if it is a whole number below [`MOST`] (not `-0`), else a [`NUMBER`].
    fn number(&mut self, number: f64) {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "kept only if it gives the number back, bit for bit"
        )]
        let whole = number as u32;
        if whole < MOST && f64::from(whole).to_bits() == number.to_bits() {
            self.ops.push(op(INT, whole as usize));
            return;
        }
        self.ops.push(op(NUMBER, self.numbers.len()));
        self.numbers.push(number);
    }

    /// Whether every payload of the tape was below [`MOST`] (see [`op`]).
    fn check_size(&self) -> Result<(), Error> {
        let most = MOST as usize;
        if self.ops.len() < most
            && self.numbers.len() < most
            && self.strings.ends.len() < most
            && self.later.ends.len() < most
        {
            Ok(())
        } else {
            Err(Error::too_large())
        }
    }

    /// Starts an array or an object; its count grows with each entry ([`Tape::count`]).
    fn open(&mut self, tag: u32) {
        self.ops.push(tag);
        self.counting = Some(self.ops.len() - 1);
        self.open.push(Open::Counted(self.ops.len() - 1));
    }

    fn count(&mut self) {
        if let Some(count) = self.counting.and_then(|at| self.ops.get_mut(at)) {
            // Below `MOST`, as the tape's length ([`Tape::check_size`]).
            *count = count.wrapping_add(1 << TAG_BITS);
        }
    }

    fn close(&mut self) -> Result<(), Error> {
        let closed = self.open.pop();
        self.counting = match self.open.last() {
            Some(&Open::Counted(at)) => Some(at),
            _ => None,
        };
        match closed {
            Some(Open::Shape { shape, next }) if next != SHAPES[shape].keys.len() => {
                Err(Error(format!("forme {} incomplète", SHAPES[shape].name)))
            }
            _ => Ok(()),
        }
    }

    /// The dossier of the line of index `line` of the report ([`DOSSIER`]): its fields as four
    /// words of bits, then its values, each written as it is, without a serializer call.
    fn dossier(&mut self, line: u64) -> Result<(), Error> {
        let dossier = usize::try_from(line)
            .ok()
            .and_then(|line| self.lines.get(line))
            .map(|line| &line.dossier)
            .ok_or_else(|| Error(format!("dossier de la ligne {line} : pas de telle ligne")))?;
        if self.names.is_empty() {
            self.names = Field::ALL
                .iter()
                .map(|field| self.string_index(field.name()))
                .collect::<Result<_, _>>()?;
            self.recent = vec![Recent::default(); Field::COUNT].into_boxed_slice();
        }
        self.ops.push(op(DOSSIER, dossier.len()));
        let [low, high] = dossier.field_bits();
        #[allow(clippy::cast_possible_truncation, reason = "the low 32 bits of each half")]
        self.ops
            .extend_from_slice(&[low as u32, (low >> 32) as u32, high as u32, (high >> 32) as u32]);
        for (field, value) in dossier.iter() {
            match CompactValue::of(value) {
                CompactValue::Text(text) => self.dossier_string(field.index(), text)?,
                CompactValue::Integer(number) => self.integer(number)?,
                CompactValue::Bool(flag) => self.ops.push(if flag { TRUE } else { FALSE }),
                CompactValue::Day(number) => self.day(number)?,
                CompactValue::Spelled(day) => self.dossier_string(field.index(), day.as_str())?,
            }
        }
        Ok(())
    }

    /// A day, from its number (days since 0001-01-01, its day 1): a [`DAY`].
    fn day(&mut self, number: i32) -> Result<(), Error> {
        // Days since 1970-01-01, as the bits of a signed integer.
        let days = number.wrapping_sub(UNIX_EPOCH_DAY);
        // Years 0 to 9999 only (`DayView`): well within the 28 bits of a payload.
        if days.unsigned_abs() >= MOST / 2 {
            return Err(Error(format!("jour hors de portée : {number}")));
        }
        self.ops.push((days << TAG_BITS).cast_unsigned() | DAY);
        Ok(())
    }

    /// A whole number: like serde-wasm-bindgen, a number only when JavaScript holds it exactly.
    fn integer(&mut self, value: i64) -> Result<(), Error> {
        const SAFE: i64 = (1 << 53) - 1;
        if (-SAFE..=SAFE).contains(&value) {
            #[allow(clippy::cast_precision_loss, reason = "within ±(2^53 - 1): exact")]
            self.number(value as f64);
            Ok(())
        } else {
            Err(Error(format!("nombre trop grand pour JavaScript : {value}")))
        }
    }

    /// One field of a struct: its key then its value, or the value only in a shape (its key
    /// checked), after a [`DEFERRED`] header for a deferred key of the shape.
    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        let Some(Open::Shape { shape, next }) = self.open.last_mut() else {
            self.count();
            let index = self.key_index(key)?;
            self.ops.push(index);
            return value.serialize(&mut *self);
        };
        let index = *shape;
        let shape = &SHAPES[index];
        // The same literal most of the time: its address settles it without reading the text.
        let expected = shape.keys.get(*next).copied();
        if !expected.is_some_and(|expected| same_name(expected, key)) {
            return Err(Error(format!("forme {} : champ inattendu {key}", shape.name)));
        }
        let deferred = shape.deferred & (1 << *next) != 0;
        let key = (index, *next);
        *next += 1;
        if !deferred {
            return value.serialize(self);
        }
        self.ops.push(DEFERRED);
        let header = self.ops.len() - 1;
        self.deferring = Some((key, header + 1));
        let written = value.serialize(&mut *self);
        self.deferring = None;
        written?;
        self.ops[header] = op(DEFERRED, self.ops.len() - header - 1);
        // An `AGAIN` refers to the value it repeats, never to another `AGAIN`.
        if self.ops.get(header + 1).is_some_and(|&entry| entry & TAG_MASK != AGAIN) {
            match self.last_deferred.iter_mut().find(|(known, _)| *known == key) {
                Some((_, start)) => *start = header + 1,
                None => self.last_deferred.push((key, header + 1)),
            }
        }
        Ok(())
    }

    /// A deferred value equal to the last one written under the same key of the same shape: an
    /// [`AGAIN`] entry, with where that one starts.
    fn again(&mut self) -> Result<(), Error> {
        // The whole deferred value, not a part of it.
        let key = match self.deferring {
            Some((key, start)) if start == self.ops.len() => key,
            _ => return Err(Error("valeur répétée hors d'une valeur différée".to_owned())),
        };
        let start = self
            .last_deferred
            .iter()
            .find(|(known, _)| *known == key)
            .map(|&(_, start)| start)
            .ok_or_else(|| Error("valeur répétée sans valeur avant elle".to_owned()))?;
        self.ops.push(op(AGAIN, start));
        Ok(())
    }
}

/// Why a value could not be handed over (a bug in this crate, never a user problem).
#[derive(Debug)]
pub struct Error(String);

impl Error {
    fn too_large() -> Error {
        Error("résultat trop volumineux".to_owned())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Error {
        Error(message.to_string())
    }
}

/// Whether two `'static` names are equal: most often the same literal, settled by its address
/// without reading the text (a report's 200 000 days and 100 000 small structs each name theirs).
fn same_name(name: &'static str, other: &'static str) -> bool {
    std::ptr::eq(name, other) || name == other
}

fn unsupported(what: &str) -> Error {
    Error(format!("type de valeur non pris en charge : {what}"))
}

impl ser::Serializer for &mut Tape<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, value: bool) -> Result<(), Error> {
        self.ops.push(if value { TRUE } else { FALSE });
        Ok(())
    }

    fn serialize_i8(self, value: i8) -> Result<(), Error> {
        self.serialize_f64(f64::from(value))
    }

    fn serialize_i16(self, value: i16) -> Result<(), Error> {
        self.serialize_f64(f64::from(value))
    }

    fn serialize_i32(self, value: i32) -> Result<(), Error> {
        if self.coming == Coming::Day {
            return self.day(value);
        }
        self.serialize_f64(f64::from(value))
    }

    fn serialize_i64(self, value: i64) -> Result<(), Error> {
        self.integer(value)
    }

    fn serialize_u8(self, value: u8) -> Result<(), Error> {
        self.serialize_f64(f64::from(value))
    }

    fn serialize_u16(self, value: u16) -> Result<(), Error> {
        self.serialize_f64(f64::from(value))
    }

    fn serialize_u32(self, value: u32) -> Result<(), Error> {
        self.serialize_f64(f64::from(value))
    }

    fn serialize_u64(self, value: u64) -> Result<(), Error> {
        if self.coming == Coming::Dossier {
            self.coming = Coming::Value;
            return self.dossier(value);
        }
        let value = i64::try_from(value).map_err(|_| Error(format!("nombre trop grand pour JavaScript : {value}")))?;
        self.serialize_i64(value)
    }

    fn serialize_f32(self, value: f32) -> Result<(), Error> {
        self.serialize_f64(f64::from(value))
    }

    fn serialize_f64(self, value: f64) -> Result<(), Error> {
        self.number(value);
        Ok(())
    }

    fn serialize_char(self, value: char) -> Result<(), Error> {
        self.string(value.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, value: &str) -> Result<(), Error> {
        self.string(value)
    }

    fn serialize_bytes(self, _value: &[u8]) -> Result<(), Error> {
        Err(unsupported("octets"))
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.ops.push(NULL);
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.serialize_none()
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_none()
    }

    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.string(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, name: &'static str, value: &T) -> Result<(), Error> {
        if same_name(name, AGAIN_STRUCT) {
            return self.again();
        }
        if same_name(name, DOSSIER_STRUCT) {
            self.coming = Coming::Dossier;
            value.serialize(&mut *self)?;
            // `serialize_u64` writes the dossier, and is done with it.
            if std::mem::take(&mut self.coming) == Coming::Dossier {
                return Err(Error("dossier sans numéro de ligne".to_owned()));
            }
            return Ok(());
        }
        if !same_name(name, effectifs_api::report::DAY) {
            return value.serialize(self);
        }
        self.coming = Coming::Day;
        let written = value.serialize(&mut *self);
        self.coming = Coming::Value;
        written
    }

    /// Compact: a report's days come as day numbers (see [`effectifs_api::report::DAY`]).
    fn is_human_readable(&self) -> bool {
        false
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(unsupported("variante d'énumération avec données"))
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, Error> {
        self.open(ARRAY);
        Ok(self)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Self, Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(unsupported("variante d'énumération avec données"))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self, Error> {
        self.open(OBJECT);
        Ok(self)
    }

    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Self, Error> {
        match SHAPES
            .iter()
            .position(|shape| shape.keys.len() == len && same_name(shape.name, name))
        {
            Some(shape) => {
                #[allow(clippy::cast_possible_truncation, reason = "seven shapes")]
                self.ops.push(op(SHAPE, shape));
                self.counting = None;
                self.open.push(Open::Shape { shape, next: 0 });
            }
            None => self.open(OBJECT),
        }
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(unsupported("variante d'énumération avec données"))
    }
}

impl ser::SerializeSeq for &mut Tape<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.count();
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTuple for &mut Tape<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for &mut Tape<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for &mut Tape<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.count();
        // The key goes through the tape like any value, then its tag is dropped: only strings
        // make object keys.
        key.serialize(&mut **self)?;
        match self.ops.pop() {
            Some(key) if key & TAG_MASK == STRING => {
                self.ops.push(key >> TAG_BITS);
                Ok(())
            }
            _ => Err(unsupported("clé d'objet qui n'est pas une chaîne")),
        }
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeStruct for &mut Tape<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::{Recent, Texts};

    /// Numbers come back as they were, whether on the tape itself (whole numbers from 0 to
    /// 2^28 - 1) or among the numbers: `-0` stays `-0`.
    #[wasm_bindgen_test]
    fn numbers_come_back_bit_for_bit() {
        let numbers = [
            0.0,
            -0.0,
            1.0,
            20_000.0,
            268_435_455.0,
            268_435_456.0,
            4_294_967_296.0,
            1.5,
            -1.0,
            1e-300,
            f64::MAX,
        ];
        let value = super::to_js(&numbers.as_slice()).expect("a tape");
        let array: js_sys::Array = value.into();
        assert_eq!(array.length() as usize, numbers.len());
        for (index, number) in numbers.iter().enumerate() {
            let back = array
                .get(u32::try_from(index).expect("few"))
                .as_f64()
                .expect("a number");
            assert_eq!(back.to_bits(), number.to_bits(), "{number}");
        }
    }

    /// Strings of every length up to three words compare as slices do: equal ones, and ones that
    /// differ in a single byte wherever it is, or in their length only.
    #[wasm_bindgen_test]
    fn bytes_compare_as_slices_do() {
        let text: Vec<u8> = (0..24u8).map(|byte| b'a' + byte).collect();
        for len in 0..=text.len() {
            let one = &text[..len];
            assert!(super::same_bytes(one, one), "{len}");
            for at in 0..len {
                let mut other = one.to_vec();
                other[at] ^= 0x20;
                assert!(!super::same_bytes(one, &other), "{len} {at}");
            }
            if len > 0 {
                assert!(!super::same_bytes(one, &text[..len - 1]), "{len}");
            }
        }
    }

    /// Whether `wanted` is found among the key's last strings `written`, and as which of them.
    fn check(written: &[&str], wanted: &str) {
        let mut texts = Texts::default();
        let mut recent = Recent::default();
        let mut indices = Vec::new();
        for text in written {
            let stored = texts.push(text).expect("room");
            recent.remember(stored, super::edges(text.as_bytes()));
            indices.push(stored.index);
        }
        let found = recent.find(
            texts.text.as_bytes(),
            wanted.as_bytes(),
            super::edges(wanted.as_bytes()),
        );
        // The last four are kept; the last written of equal strings is found.
        let kept = written.len().saturating_sub(super::RECENT);
        let expected = (kept..written.len())
            .rev()
            .find(|&at| written[at] == wanted)
            .map(|at| indices[at]);
        assert_eq!(found, expected, "{wanted:?} among {written:?}");
    }

    #[wasm_bindgen_test]
    fn a_string_is_found_among_the_last_ones_only_if_equal() {
        let written = [
            "",
            "M",
            "75002",
            "Chloé",
            "Dupré0",
            "2025-2026",
            "ERP-10",
            "ERP-11",
            "12345678",
            "12345679",
            "apprenant10@exemple.fr",
            "apprenant20@exemple.fr",
            "Émile",
            "Emile",
            "\u{0}",
            "\u{0}\u{0}",
        ];
        for window in written.windows(4).chain(written.windows(6)) {
            for wanted in written
                .iter()
                .chain(&["ERP-1", "apprenant1@exemple.fr", "1234567", "\u{0}\u{0}\u{0}"])
            {
                check(window, wanted);
            }
        }
        check(&["A", "A", "B"], "A");
    }
}
