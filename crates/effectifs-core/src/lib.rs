//! `effectifs-core`: the pure heart of effectifs.
//!
//! It turns a [`Table`] of raw cells into a [`Report`]: one outcome per line, each with its typed
//! dossier (the v3 "dossier apprenant" exactly as the national API would store it), its diagnostics
//! in French, and its computed statut. It knows nothing about files, browsers, networks or the
//! current date: the evaluation day is always a parameter.

pub mod cell;
pub mod checksum;
pub mod columns;
pub mod date;
pub mod field;
pub mod identity;
pub mod phone;
pub mod statut;
pub mod table;
pub mod text;

pub use cell::Cell;
pub use date::Date;
pub use table::{Column, Match, Row, Table};
