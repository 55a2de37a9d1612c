//! `effectifs-api`: the wire contract.
//!
//! The JSON report of `effectifs check --format json` (a stable contract that ERPs and our tests
//! rely on, identical in the npm package) and the v3 "dossier apprenant" payload, converted from
//! core types. No HTTP client lives here.

pub mod objects;
pub mod payload;
pub mod recipe;
pub mod report;

pub use objects::{ObjectsError, objects};
pub use payload::dossier_json;
pub use report::{
    FileDescription, FileWarning, FixJson, FixesJson, FormationIndicateursJson, IndicateursJson, JsonReport,
};
