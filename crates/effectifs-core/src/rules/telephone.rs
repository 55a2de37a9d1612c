//! `tel_apprenant`: French and overseas phone numbers, normalised as the platform stores them.

use super::{Outcome, Raw, text};
use crate::diagnostic::Kind;
use crate::phone::{PhoneProblem, normalize};

/// A phone column: numbers typed as numbers are read as their digits.
pub fn rule(raw: Raw<'_>) -> Outcome {
    let value = raw.to_js_string();
    match normalize(&value) {
        Ok(Some(number)) => text(number),
        Ok(None) => Outcome::Absent,
        Err(PhoneProblem::FormatInvalide) => Outcome::Problem(Kind::TelephoneFormatInvalide {
            value: value.into_owned(),
        }),
        Err(PhoneProblem::NumeroInvalide) => Outcome::Problem(Kind::TelephoneInvalide {
            value: value.into_owned(),
        }),
        Err(PhoneProblem::NumeroSpecial) => Outcome::Problem(Kind::TelephoneSpecial {
            value: value.into_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::rules::test_support::{check, n, t};

    /// The cell-level view; the full example table of `docs/contract.md#telephone` is in `crate::phone`.
    #[test]
    fn cells() {
        check(
            Field::TelApprenant,
            &[
                (t("06 12 34 56 78"), r#"= "0612345678""#),
                (n(612_345_678.0), r#"= "0612345678""#),
                (n(33_612_345_678.0), r#"= "0612345678""#),
                (t("0590123456"), r#"= "+590590123456""#),
                (t("0899123456"), "error telephone-special"),
                (t("0712345678"), "error telephone-invalide"),
                (t("abc"), "error telephone-format-invalide"),
                (t(""), "absent"),
            ],
        );
    }
}
