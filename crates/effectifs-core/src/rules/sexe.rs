//! `sexe_apprenant`: M or F, with the upload page's tolerance for H, 1 and 2.

use super::{Outcome, Raw, text};
use crate::diagnostic::Kind;
use crate::text::js_trim;

/// `String(v)`, trimmed, then the first `H` becomes `M`, the first `1` becomes `M` and the first `2`
/// becomes `F` (exactly the platform's replacements); the result must be `M` or `F`.
pub fn rule(raw: Raw<'_>) -> Outcome {
    let typed = raw.to_js_string();
    if matches!(raw, Raw::Bool(_)) {
        return Outcome::Problem(Kind::SexeInvalide {
            value: typed.into_owned(),
        });
    }
    // Each replacement swaps one character for one character, so only a one-character value can end
    // as `M` or `F`: the replacements reduce to this table.
    match js_trim(&typed) {
        "M" | "H" | "1" => text("M"),
        "F" | "2" => text("F"),
        _ => Outcome::Problem(Kind::SexeInvalide {
            value: typed.into_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::rules::test_support::{check, n, t};

    #[test]
    fn reference_vectors() {
        let bad = "error sexe-invalide";
        check(
            Field::SexeApprenant,
            &[
                (t("M"), r#"= "M""#),
                (t("F"), r#"= "F""#),
                (t("H"), r#"= "M""#),
                (n(1.0), r#"= "M""#),
                (t("1"), r#"= "M""#),
                (n(2.0), r#"= "F""#),
                (t("2"), r#"= "F""#),
                (t(" F "), r#"= "F""#),
                (t("h"), bad),
                (t("m"), bad),
                (t("f"), bad),
                (t("Homme"), bad),
                (t("Femme"), bad),
                (n(3.0), bad),
                (t("HF"), bad),
                (n(12.0), bad),
                (t("  "), bad),
                (crate::Cell::Bool(true), bad),
            ],
        );
    }
}
