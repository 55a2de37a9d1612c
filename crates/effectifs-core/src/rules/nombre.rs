//! Numeric fields: `statut_apprenant`, `annee_formation` and the theoretical durations.
//!
//! The reference converts with JavaScript's `parseInt` or `Number`, so `"3 "` is 3 and `"2.5"` is not
//! a whole number; these rules reproduce that exactly.

use super::{Outcome, Raw};
use crate::diagnostic::{IgnoredBecause, Kind};
use crate::dossier::Value;
use crate::text::{js_number_from_str, js_parse_int};

/// `parseInt` for strings, numbers kept as they are, `None` for anything else.
pub(crate) fn parse_int_like(raw: Raw<'_>) -> Option<f64> {
    match raw {
        #[allow(clippy::cast_precision_loss, reason = "codes are small")]
        Raw::Text(text) => js_parse_int(text).map(|value| value as f64),
        Raw::Number(number) => Some(number),
        Raw::Bool(_) => None,
    }
}

/// A float that is a whole number in `i64` range.
pub(crate) fn as_integer(number: f64) -> Option<i64> {
    #[allow(clippy::cast_possible_truncation, reason = "checked to be whole and in range")]
    (number.fract() == 0.0 && number.abs() < 9e15).then_some(number as i64)
}

/// `statut_apprenant`: 0 (abandon), 2 (inscrit) or 3 (apprenti).
pub fn statut_apprenant(raw: Raw<'_>) -> Outcome {
    match parse_int_like(raw).and_then(as_integer) {
        Some(code @ (0 | 2 | 3)) => Outcome::Value(Value::Integer(code)),
        _ => Outcome::Problem(Kind::StatutApprenantInvalide {
            value: raw.to_js_string().into_owned(),
        }),
    }
}

/// `annee_formation`: a whole number from 0 to 5, read with `Number(v)`.
pub fn annee_formation(raw: Raw<'_>) -> Outcome {
    let value = || raw.to_js_string().into_owned();
    let number = match raw {
        Raw::Text(text) => js_number_from_str(text),
        Raw::Number(number) => Some(number),
        Raw::Bool(flag) => Some(if flag { 1.0 } else { 0.0 }),
    };
    let Some(number) = number.filter(|number| !number.is_nan()) else {
        return Outcome::Problem(Kind::NombreAttendu { value: value() });
    };
    let Some(integer) = as_integer(number) else {
        return if number.is_finite() {
            Outcome::Problem(Kind::EntierAttendu { value: value() })
        } else {
            Outcome::Problem(Kind::NombreAttendu { value: value() })
        };
    };
    if (0..=5).contains(&integer) {
        Outcome::Value(Value::Integer(integer))
    } else {
        Outcome::Problem(Kind::AnneeFormationHorsLimites { value: integer })
    }
}

/// A duration the platform keeps only when it is a whole number in `min..=max` (P-NUM-OR-NULL);
/// otherwise it is left out with a warning (D5).
pub fn duree(raw: Raw<'_>, min: i64, max: i64) -> Outcome {
    let number = match raw {
        Raw::Text(text) => js_number_from_str(text),
        Raw::Number(number) => Some(number),
        Raw::Bool(flag) => Some(if flag { 1.0 } else { 0.0 }),
    };
    match number.and_then(as_integer) {
        Some(value) if (min..=max).contains(&value) => Outcome::Value(Value::Integer(value)),
        _ => Outcome::Problem(Kind::ValeurIgnoree {
            because: IgnoredBecause::DurationOutOfRange { min, max },
            value: raw.to_js_string().into_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use crate::cell::Cell;
    use crate::field::Field;
    use crate::rules::test_support::{check, n, t};

    #[test]
    fn statut_apprenant() {
        check(
            Field::StatutApprenant,
            &[
                (n(0.0), "warning zero-ignore"),
                (t("0"), "= 0"),
                (n(2.0), "= 2"),
                (n(3.0), "= 3"),
                (t("2"), "= 2"),
                (t("3 "), "= 3"),
                (t("3abc"), "= 3"),
                (t(" 2"), "= 2"),
                (n(1.0), "error statut-apprenant-invalide"),
                (n(2.5), "error statut-apprenant-invalide"),
                (t("abc"), "error statut-apprenant-invalide"),
                (t(""), "absent"),
                (Cell::Bool(true), "error statut-apprenant-invalide"),
            ],
        );
    }

    #[test]
    fn annee_formation() {
        check(
            Field::AnneeFormation,
            &[
                (t("0"), "= 0"),
                (n(1.0), "= 1"),
                (n(5.0), "= 5"),
                (t("2"), "= 2"),
                (t(" 3 "), "= 3"),
                (n(6.0), "error annee-formation-hors-limites"),
                (n(-1.0), "error annee-formation-hors-limites"),
                (t("2.5"), "error entier-attendu"),
                (t("abc"), "error nombre-attendu"),
                (t(""), "absent"),
                (t("  "), "= 0"),
            ],
        );
    }

    #[test]
    fn durations() {
        check(
            Field::DureeTheoriqueFormation,
            &[
                (n(1.0), "= 1"),
                (n(4.0), "= 4"),
                (t("2"), "= 2"),
                (n(0.0), "warning zero-ignore"),
                (n(5.0), "warning duree-ignoree"),
                (t("2.5"), "warning duree-ignoree"),
                (t("abc"), "warning duree-ignoree"),
                (n(-1.0), "warning duree-ignoree"),
                (t(""), "absent"),
            ],
        );
        check(
            Field::DureeTheoriqueFormationMois,
            &[
                (n(1.0), "= 1"),
                (n(48.0), "= 48"),
                (t("24"), "= 24"),
                (n(49.0), "warning duree-ignoree"),
                (n(24.5), "warning duree-ignoree"),
                (t("abc"), "warning duree-ignoree"),
            ],
        );
    }
}
