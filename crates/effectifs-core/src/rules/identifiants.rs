//! Training identifiers: the RNCP and CFD codes of the course, and the NIR.
//!
//! RNCP and CFD identify the course the learner follows; the platform uses them to attach
//! effectifs to a formation, so a malformed code leaves the learner without one.

use std::borrow::Cow;

use super::{Outcome, Raw, text};
use crate::diagnostic::Kind;
use crate::text::{is_js_whitespace, js_trim};

/// Removes every run of JavaScript whitespace, `.` and `-` (the platform's `[\s.-]+`).
pub(crate) fn without_separators(value: &str) -> Cow<'_, str> {
    let is_separator = |c: char| is_js_whitespace(c) || matches!(c, '.' | '-');
    if value.contains(is_separator) {
        Cow::Owned(value.chars().filter(|c| !is_separator(*c)).collect())
    } else {
        // Already clean, as most codes are: no copy.
        Cow::Borrowed(value)
    }
}

/// `formation_rncp`: upper-cased, separators removed, `RNCP` prefixed when absent, then `RNCP`
/// and 2 to 5 digits.
pub fn rncp(raw: Raw<'_>) -> Outcome {
    let typed = raw.to_js_string();
    let upper = js_trim(&typed).to_uppercase();
    let cleaned = without_separators(&upper);
    let code = if cleaned.starts_with("RNCP") {
        cleaned.into_owned()
    } else {
        format!("RNCP{cleaned}")
    };
    let digits = &code[4..];
    if (2..=5).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        text(code)
    } else {
        Outcome::Problem(Kind::RncpInvalide {
            value: typed.into_owned(),
        })
    }
}

/// `formation_cfd`: trimmed, upper-cased, 8 ASCII letters or digits.
pub fn cfd(raw: Raw<'_>) -> Outcome {
    let typed = raw.to_js_string();
    let code = js_trim(&typed).to_uppercase();
    if code.len() == 8 && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
        text(code)
    } else {
        Outcome::Problem(Kind::CfdInvalide {
            value: typed.into_owned(),
        })
    }
}

/// `nir_apprenant`: separators removed; any value is accepted (the platform only records that a
/// NIR was given: `has_nir`, from the value as posted). A value of separators only (`"   "`, `"."`)
/// is sent as it is: emptied, it would turn the platform's `has_nir` from true to false.
pub fn nir(raw: Raw<'_>) -> Outcome {
    let typed = raw.to_js_string();
    let cleaned = without_separators(&typed);
    if cleaned.is_empty() {
        text(typed.as_ref())
    } else {
        text(cleaned)
    }
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::rules::test_support::{check, n, t};

    #[test]
    fn reference_vectors() {
        let bad = "error rncp-invalide";
        check(
            Field::FormationRncp,
            &[
                (t("35316"), r#"= "RNCP35316""#),
                (t("rncp 35-316"), r#"= "RNCP35316""#),
                (t("RNCP.353.16"), r#"= "RNCP35316""#),
                (t("  34-670  "), r#"= "RNCP34670""#),
                (n(35316.0), r#"= "RNCP35316""#),
                (t("12"), r#"= "RNCP12""#),
                (t("1"), bad),
                (t("123456"), bad),
                (t("RNCP123456"), bad),
                (t("RNCPX"), bad),
                (t("  "), bad),
            ],
        );
        let bad = "error cfd-invalide";
        check(
            Field::FormationCfd,
            &[
                (t("5002214a"), r#"= "5002214A""#),
                (n(50_022_141.0), r#"= "50022141""#),
                (t(" 50022141 "), r#"= "50022141""#),
                (t("abcdefgh"), r#"= "ABCDEFGH""#),
                (t("500221"), bad),
                (t("500221410"), bad),
                (n(0.0), "warning zero-ignore"),
                (t("éééééééé"), bad),
            ],
        );
        check(
            Field::NirApprenant,
            &[
                (t("1 85 05 78 006 084 36"), r#"= "185057800608436""#),
                (t("x"), r#"= "x""#),
                (t(" . "), r#"= " . ""#),
            ],
        );
    }
}
