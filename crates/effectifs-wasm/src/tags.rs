//! The value tags of the two hand-overs between JavaScript and Rust: `checkRows`' objects coming in
//! (`rows.js` → [`crate::rows`]) and the report going out ([`crate::tape`] → `tape.js`).
//!
//! One list for both directions, so that a value is the same number whichever way it crosses. The
//! JavaScript files hold their own copy (a snippet cannot import another one): the package's test
//! `tests/tags.test.mjs` checks that each copy equals this list.
//!
//! Both ways, an entry is one `u32`, `payload << 4 | tag`: what a tag is "with" below is its
//! payload (a key's number coming in; an index, a count or a length going out).

/// `null` (and, on the way out, `None` and unit).
pub const NULL: u32 = 0;
/// `false`.
pub const FALSE: u32 = 1;
/// `true`.
pub const TRUE: u32 = 2;
/// A number. On the way out, with its index in the numbers; on the way in, the next number.
pub const NUMBER: u32 = 3;
/// A string. On the way out, with its index in the string table; on the way in, the next string.
pub const STRING: u32 = 4;
/// An array. On the way out, with its element count, followed by the elements; on the way in, an
/// array as a field's value (no field holds one: only its kind matters).
pub const ARRAY: u32 = 5;
/// An object. On the way out, with its entry count, followed for each entry by the key's string
/// index (a bare `u32`) and the value; on the way in, as [`ARRAY`].
pub const OBJECT: u32 = 6;
/// Out only: with the shape's index in the tape's shapes, followed by the values only, in the order
/// of its keys.
pub const SHAPE: u32 = 7;
/// Out only: with the number of entries of the value after it, a value the JavaScript side builds
/// when it is first read.
pub const DEFERRED: u32 = 8;
/// In only: a string equal to the one given last under the same key, not written again (an export
/// repeats most values from one object to the next).
pub const REPEAT: u32 = 9;
/// Out only: a calendar day of years 0 to 9999, with its day number (days since 1970-01-01, a
/// signed payload), spelled `AAAA-MM-JJ` by `tape.js` when read: a report's dates are in its
/// deferred values, and most are never read.
pub const DAY: u32 = 10;
/// Out only: a string of a deferred value's dossier, with its index in the tape's second text,
/// handed over as UTF-8 bytes and decoded by `tape.js` only when a deferred value first needs one
/// of its strings (most of a report's text is in dossiers, most never read).
pub const LATER_STRING: u32 = 11;
/// Out only: a line's dossier (for a compact `effectifs::Dossier`: see
/// `effectifs_api::report::DOSSIER`), with its value count, followed by its fields as four bare
/// `u32` words of bits (field `i` of the contract is bit `i % 32` of word `i / 32`), then its
/// values in field order: no keys, the JavaScript side has the fields' names (handed over with the
/// tape).
pub const DOSSIER: u32 = 12;
/// Out only: a deferred value equal to the one written under the same key of the struct before
/// (a line's statut equal to the line before's: `effectifs_api::report::AGAIN`), with where that
/// value starts on the tape: `tape.js` builds it from there, a new object each time.
pub const AGAIN: u32 = 13;
/// Out only: a whole number from 0 to 2^28 - 1 (a line number, a count, a year of formation), with
/// that number: on the tape itself rather than among the numbers, so that `tape.js` gives V8 a
/// small integer, which a property holds as it is, where a number read from a `Float64Array`
/// made V8 give each line's `line` its own boxed number.
pub const INT: u32 = 15;
