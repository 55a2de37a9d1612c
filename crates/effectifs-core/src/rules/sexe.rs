//! `sexe_apprenant`: M or F, with the upload page's tolerance for H, 1 and 2.

use super::{Outcome, Raw, text};
use crate::diagnostic::Kind;
use crate::text::js_trim;

/// `String(v)`, trimmed, then the first `H` becomes `M`, the first `1` becomes `M` and the first `2`
/// becomes `F` (exactly the platform's replacements); the result must be `M` or `F`.
pub fn rule(raw: Raw<'_>) -> Outcome {
    let typed = raw.to_js_string();
    if matches!(raw, Raw::Bool(_)) {
        return Outcome::Problem(Kind::SexeInvalide { value: typed });
    }
    let value = js_trim(&typed)
        .replacen('H', "M", 1)
        .replacen('1', "M", 1)
        .replacen('2', "F", 1);
    match value.as_str() {
        "M" | "F" => text(value),
        _ => Outcome::Problem(Kind::SexeInvalide { value: typed }),
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
