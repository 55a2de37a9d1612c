//! The per-field rules of the v3 contract (`docs/contract.md#fields`), one module per value type.
//!
//! Each rule turns one raw cell into an [`Outcome`]: the normalised value the API would store, or
//! the reason it cannot. The cell first goes through the file mapping of `docs/reading.md#cells` (falsy
//! values are absent; dates and booleans are read as the upload page reads them, widened by D3).

pub mod annee_scolaire;
pub mod booleen;
pub mod code_postal;
pub mod date;
pub mod email;
pub mod identifiants;
pub mod nombre;
pub mod sexe;
pub mod sifa;
pub mod siret;
pub mod suggestion;
pub mod telephone;
pub mod texte;
pub mod uai;

use std::borrow::Cow;

use crate::cell::{Cell, Text};
use crate::diagnostic::{IgnoredBecause, Kind};
use crate::dossier::Value;
use crate::field::Field;
use crate::json::JsonValue;
use crate::text::js_number_to_string;

/// A value as the reference's JavaScript sees it: a string, a number or a boolean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Raw<'a> {
    /// A string: the cell's (or posted value's) text itself, so that a value that is all of it
    /// shares it ([`kept`]). From a cell never empty (`""` is absent); a posted `""` is a string.
    Text(&'a Text),
    /// A number (date cells in text columns are their serial number, as with `SheetJS`).
    Number(f64),
    /// A boolean.
    Bool(bool),
}

impl<'a> Raw<'a> {
    /// JavaScript `String(v)`, borrowing text cells (the common case) instead of copying them.
    pub fn to_js_string(self) -> Cow<'a, str> {
        match self {
            Raw::Text(text) => Cow::Borrowed(text.as_str()),
            Raw::Number(number) => Cow::Owned(js_number_to_string(number)),
            Raw::Bool(value) => Cow::Borrowed(if value { "true" } else { "false" }),
        }
    }
}

/// What a rule made of a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The normalised value to send.
    Value(Value),
    /// Nothing to send (empty cell).
    Absent,
    /// No value to send, for this reason (an error, or a warning when the value is just ignored).
    Problem(Kind),
    /// A value to send, with a warning (a failed control key).
    Warned(Value, Kind),
}

/// A text value (from a `&str` it is stored inline when short, without an allocation).
pub fn text(value: impl Into<Text>) -> Outcome {
    Outcome::Value(Value::Text(value.into()))
}

/// `value`, a part of the cell's text `original`, as a value: the cell's own text when it is all of
/// it (a long text is shared, not copied: addresses, e-mails, labels…), else a new one.
pub fn kept(original: &Text, value: &str) -> Text {
    if value.len() == original.len() {
        original.clone()
    } else {
        Text::from(value)
    }
}

/// The reference's upload mapping for "string" columns (`docs/reading.md#text-columns`): `cell || null`.
/// Empty text, the number 0 and `false` are absent; the two latter are reported so nothing is lost silently (D5).
enum Mapped<'a> {
    Raw(Raw<'a>),
    Absent,
    Zero(String),
}

fn map_string_cell(cell: &Cell) -> Mapped<'_> {
    match cell {
        // Formula errors are handled before any rule runs.
        Cell::Empty | Cell::Error(_) => Mapped::Absent,
        Cell::Text(text) if text.is_empty() => Mapped::Absent,
        Cell::Text(text) => Mapped::Raw(Raw::Text(text)),
        Cell::Number(number) | Cell::Date(number) if *number == 0.0 => Mapped::Zero("0".to_owned()),
        Cell::Number(number) | Cell::Date(number) => Mapped::Raw(Raw::Number(*number)),
        Cell::Bool(false) => Mapped::Zero("FAUX".to_owned()),
        Cell::Bool(true) => Mapped::Raw(Raw::Bool(true)),
    }
}

/// Applies the rule of `field` to a cell. Formula errors are reported before any rule.
pub fn apply(field: Field, cell: &Cell) -> Outcome {
    if let Cell::Error(value) = cell {
        return Outcome::Problem(Kind::CelluleEnErreur { value: value.clone() });
    }
    match field.spec().value_type {
        crate::field::ValueType::Date => return date::rule(field, cell),
        crate::field::ValueType::Boolean => return booleen::rule(cell),
        _ => {}
    }
    let raw = match map_string_cell(cell) {
        Mapped::Raw(raw) => raw,
        Mapped::Absent => return Outcome::Absent,
        Mapped::Zero(value) => {
            return Outcome::Problem(Kind::ValeurIgnoree {
                because: IgnoredBecause::ZeroInTextColumn,
                value,
            });
        }
    };
    string_rule(field, raw)
}

/// Applies the rule of `field` to a posted JSON value, with the API's own semantics (D14): no file
/// mapping, so `""` is a string, `0` and `false` are values, dates must be the API's `AAAA-MM-JJ`
/// and booleans JSON booleans. `null` is absent, as the route drops `null` keys before validating.
/// Its messages speak of the object's field, not of a cell.
pub fn apply_json(field: Field, value: &JsonValue) -> Outcome {
    match judge_json(field, value) {
        Outcome::Problem(Kind::TexteAttendu { value }) => Outcome::Problem(Kind::CleTexteAttendu { field, value }),
        outcome => outcome,
    }
}

/// The outcome of [`apply_json`], some of its kinds worded for cells.
fn judge_json(field: Field, value: &JsonValue) -> Outcome {
    let raw = match value {
        JsonValue::Null => return Outcome::Absent,
        JsonValue::Array => return composite(field, "un tableau"),
        JsonValue::Object => return composite(field, "un objet"),
        JsonValue::String(text) => Raw::Text(text),
        JsonValue::Number(number) => Raw::Number(*number),
        JsonValue::Bool(flag) => Raw::Bool(*flag),
    };
    match field.spec().value_type {
        crate::field::ValueType::Date => return date::json_rule(raw),
        crate::field::ValueType::Boolean => return booleen::json_rule(raw),
        _ => {}
    }
    json_falsy(field, raw).unwrap_or_else(|| string_rule(field, raw))
}

/// An array or an object posted for `field`: refused (`valeur-composee`: no field holds one, and
/// the API would store `"[object Object]"` where it converts values to text), except where the
/// API's "or null" primitives make null of anything they cannot read (employers' and lieu de
/// formation's SIRET, code postal de naissance, durations): the API accepts the object and drops
/// the value, which the field's rule reports as for any value it drops (D5).
fn composite(field: Field, what: &str) -> Outcome {
    use Field as F;
    match field {
        F::SiretEmployeur
        | F::SiretEmployeur2
        | F::SiretEmployeur3
        | F::SiretEmployeur4
        | F::EtablissementLieuDeFormationSiret
        | F::CodePostalDeNaissanceApprenant
        | F::DureeTheoriqueFormation
        | F::DureeTheoriqueFormationMois => string_rule(field, Raw::Text(&Text::from(what))),
        _ => Outcome::Problem(Kind::ValeurComposee { value: what.to_owned() }),
    }
}

/// The API's handling of the falsy values `""`, `0` and `false`, where it differs from what the
/// field's rule does with a cell (`docs/contract.md#value-types`): most primitives
/// convert a value to a string only *if truthy*, so `0` and `false` reach a string schema
/// ("String attendu") and `""` skips the padding; the "or null" primitives read `""` as null.
fn json_falsy(field: Field, raw: Raw<'_>) -> Option<Outcome> {
    use Field as F;
    #[allow(clippy::float_cmp, reason = "JavaScript's falsy zero: exactly 0 or -0")]
    let falsy_non_string = matches!(raw, Raw::Number(number) if number == 0.0) || raw == Raw::Bool(false);
    let empty = matches!(raw, Raw::Text(text) if text.is_empty());
    if !falsy_non_string && !empty {
        return None;
    }
    let value = || raw.to_js_string().into_owned();
    match field {
        F::IdErpApprenant
        | F::IneApprenant
        | F::AnneeScolaire
        | F::EtablissementResponsableSiret
        | F::EtablissementFormateurSiret
        | F::CodePostalApprenant
        | F::EtablissementLieuDeFormationCodePostal
        | F::CodeCommuneInseeApprenant
        | F::CodeCommuneInseeDeNaissanceApprenant
            if falsy_non_string =>
        {
            Some(Outcome::Problem(Kind::TexteAttendu { value: value() }))
        }
        F::CodePostalApprenant | F::EtablissementLieuDeFormationCodePostal => {
            Some(Outcome::Problem(Kind::CodePostalInvalide { value: value() }))
        }
        F::CodePostalDeNaissanceApprenant
        | F::SiretEmployeur
        | F::SiretEmployeur2
        | F::SiretEmployeur3
        | F::SiretEmployeur4
        | F::EtablissementLieuDeFormationSiret
        | F::DureeTheoriqueFormation
        | F::DureeTheoriqueFormationMois
            if empty =>
        {
            Some(Outcome::Absent)
        }
        // `if truthy Number(v)`: `""` and `false` stay what they are, which is not a number.
        F::AnneeFormation if !matches!(raw, Raw::Number(_)) => {
            Some(Outcome::Problem(Kind::NombreAttendu { value: value() }))
        }
        // No NIR given: the platform records `has_nir: false`, as when nothing is sent.
        F::NirApprenant if falsy_non_string => Some(Outcome::Absent),
        _ => None,
    }
}

fn string_rule(field: Field, raw: Raw<'_>) -> Outcome {
    use Field as F;
    match field {
        F::NomApprenant => texte::trimmed(raw, 1, true),
        F::PrenomApprenant => texte::trimmed(raw, 1, false),
        F::LibelleCourtFormation => texte::trimmed(raw, 2, false),
        F::AdresseApprenant | F::EtablissementLieuDeFormationAdresse => texte::trimmed(raw, 0, false),
        F::CauseExclusionFormation
        | F::NomReferentHandicapFormation
        | F::PrenomReferentHandicapFormation
        | F::CauseRuptureContrat
        | F::CauseRuptureContrat2
        | F::CauseRuptureContrat3
        | F::CauseRuptureContrat4 => texte::untrimmed(raw),
        F::IdErpApprenant => texte::coerced(raw, false),
        F::IneApprenant => texte::coerced(raw, true),
        F::CustomStatutApprenant => text(raw.to_js_string()),
        F::NirApprenant => identifiants::nir(raw),
        F::AnneeScolaire => annee_scolaire::rule(raw),
        F::StatutApprenant => nombre::statut_apprenant(raw),
        F::AnneeFormation => nombre::annee_formation(raw),
        F::DureeTheoriqueFormation => nombre::duree(raw, 1, 4),
        F::DureeTheoriqueFormationMois => nombre::duree(raw, 1, 48),
        F::EmailContact | F::ResponsableApprenantMail1 | F::ResponsableApprenantMail2 => email::rule(raw, true),
        F::EmailReferentHandicapFormation => email::rule(raw, false),
        F::TelApprenant => telephone::rule(raw),
        F::FormationRncp => identifiants::rncp(raw),
        F::FormationCfd => identifiants::cfd(raw),
        F::CodePostalApprenant | F::EtablissementLieuDeFormationCodePostal => code_postal::rule(raw),
        F::CodePostalDeNaissanceApprenant => code_postal::or_ignored(raw),
        F::CodeCommuneInseeApprenant | F::CodeCommuneInseeDeNaissanceApprenant => code_postal::insee(raw),
        F::SexeApprenant => sexe::rule(raw),
        F::EtablissementResponsableUai | F::EtablissementFormateurUai | F::EtablissementLieuDeFormationUai => {
            uai::rule(raw)
        }
        F::EtablissementResponsableSiret | F::EtablissementFormateurSiret => siret::rule(raw),
        F::SiretEmployeur
        | F::SiretEmployeur2
        | F::SiretEmployeur3
        | F::SiretEmployeur4
        | F::EtablissementLieuDeFormationSiret => siret::or_ignored(raw),
        F::DerniereSituation => sifa::derniere_situation(raw),
        F::DernierOrganismeUai => sifa::dernier_organisme_uai(raw),
        F::TypeCfa => sifa::type_cfa(raw),
        // Dates and booleans never reach this point (see `apply`); the arm keeps the match total.
        _ => Outcome::Absent,
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! The one `check` helper of the rule tests: a table of (cell, expected outcome) per field.
    use super::{Outcome, apply};
    use crate::cell::Cell;
    use crate::field::Field;

    /// Renders an outcome as text: `= value`, `absent`, `error code: message`, `warning code: message`.
    pub fn render(outcome: &Outcome) -> String {
        match outcome {
            Outcome::Value(value) => format!("= {}", value.to_json()),
            Outcome::Absent => "absent".to_owned(),
            Outcome::Problem(kind) => {
                let severity = if kind.severity() == crate::diagnostic::Severity::Error {
                    "error"
                } else {
                    "warning"
                };
                format!("{severity} {}", kind.code())
            }
            Outcome::Warned(value, kind) => format!("= {} + warning {}", value.to_json(), kind.code()),
        }
    }

    /// Checks every case of a table for one field.
    pub fn check(field: Field, cases: &[(Cell, &str)]) {
        let mut failures = Vec::new();
        for (cell, expected) in cases {
            let actual = render(&apply(field, cell));
            if actual != *expected {
                failures.push(format!("{field} {cell:?}: expected `{expected}`, got `{actual}`"));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    /// A text cell.
    pub fn t(text: &str) -> Cell {
        Cell::Text(text.into())
    }

    /// A number cell.
    pub fn n(number: f64) -> Cell {
        Cell::Number(number)
    }
}
