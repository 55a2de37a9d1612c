//! Oui/Non columns (`docs/reading.md#booleans`, widened by D3 to `true`/`false`).
//!
//! The contract wants a JSON boolean. A cell that is neither yes nor no is left out with a warning
//! (D5) instead of disappearing silently as on the upload page.

use super::{Outcome, Raw};
use crate::cell::Cell;
use crate::diagnostic::{IgnoredBecause, Kind};
use crate::dossier::Value;
use crate::text::js_trim;

/// Reads a boolean cell.
pub fn rule(cell: &Cell) -> Outcome {
    let value = match cell {
        Cell::Empty => return Outcome::Absent,
        Cell::Bool(value) => *value,
        // As the upload page: exactly 1 is yes, every other number is no.
        #[allow(clippy::float_cmp, reason = "JavaScript's `n === 1`: exactly one")]
        Cell::Number(number) | Cell::Date(number) => *number == 1.0,
        Cell::Text(text) => {
            let trimmed = js_trim(text);
            match trimmed.to_lowercase().as_str() {
                "" => return Outcome::Absent,
                "1" | "oui" | "vrai" | "true" => true,
                "0" | "non" | "faux" | "false" => false,
                _ => {
                    return Outcome::Problem(Kind::ValeurIgnoree {
                        because: IgnoredBecause::UnreadableBoolean,
                        value: text.to_string(),
                    });
                }
            }
        }
        Cell::Error(value) => return Outcome::Problem(Kind::CelluleEnErreur { value: value.clone() }),
    };
    Outcome::Value(Value::Bool(value))
}

/// Reads a posted JSON value (D14): the contract wants a JSON boolean, and the API refuses
/// anything else (`"oui"`, `"true"`, `1`).
pub fn json_rule(raw: Raw<'_>) -> Outcome {
    match raw {
        Raw::Bool(value) => Outcome::Value(Value::Bool(value)),
        Raw::Text(_) | Raw::Number(_) => Outcome::Problem(Kind::BooleenAttendu {
            value: raw.to_js_string().into_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use crate::cell::Cell;
    use crate::field::Field;
    use crate::rules::test_support::{check, n, t};

    /// Every example of `docs/reading.md#booleans`; `true`/`false` per D3.
    #[test]
    fn reference_vectors() {
        check(
            Field::RqthApprenant,
            &[
                (Cell::Empty, "absent"),
                (t("foo"), "warning booleen-ignore"),
                (n(1.0), "= true"),
                (n(0.0), "= false"),
                (Cell::Bool(true), "= true"),
                (Cell::Bool(false), "= false"),
                (t("1"), "= true"),
                (t("0"), "= false"),
                (t("oui"), "= true"),
                (t("non"), "= false"),
                (t("vrai"), "= true"),
                (t("faux"), "= false"),
                (t("OUI"), "= true"),
                (t("NON"), "= false"),
                (t("VRAI"), "= true"),
                (t("FAUX"), "= false"),
                (n(2.0), "= false"),
                (n(-1.0), "= false"),
                (t(" Oui "), "= true"),
                (t("Non "), "= false"),
                (t("true"), "= true"),
                (t("FALSE"), "= false"),
                (t("yes"), "warning booleen-ignore"),
                (t(""), "absent"),
                (t("2"), "warning booleen-ignore"),
            ],
        );
    }
}
