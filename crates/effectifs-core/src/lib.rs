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
pub mod diagnostic;
pub mod dossier;
pub mod field;
pub mod file;
pub mod french;
pub mod identity;
pub mod indicateurs;
pub mod json;
pub mod phone;
pub mod profile;
pub mod recipe;
pub mod report;
pub mod rules;
pub mod statut;
pub mod table;
pub mod text;
pub mod validate;

pub use cell::{Cell, Text};
pub use date::Date;
pub use diagnostic::{Diagnostic, Kind, Severity};
pub use dossier::{Dossier, Value};
pub use field::Field;
pub use file::{FileDescription, FileWarning};
pub use indicateurs::{Effectifs, Indicateurs, Mois};
pub use json::{JsonValue, Objects};
pub use profile::Profile;
pub use recipe::{Changes, Fix, FixRule, Recipe, RecipeError, Replacement};
pub use report::{LineReport, Report, Summary};
pub use statut::{Statut, StatutValeur};
pub use table::{Column, Match, Row, Table};
pub use validate::{validate, validate_draining, validate_objects};
