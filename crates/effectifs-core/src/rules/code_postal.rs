//! Codes postaux and codes commune INSEE.
//!
//! Excel drops the leading zero of `01000` when the column is numeric; the platform pads it back
//! to five digits, and so do we, so the Ain and the Aisne are not lost.

use std::borrow::Cow;

use super::{Outcome, Raw, text};
use crate::diagnostic::{IgnoredBecause, Kind};
use crate::text::js_trim;

/// P-CP: trimmed, left-padded with zeros to 5 characters, then exactly 5 digits.
fn normalise(raw: Raw<'_>) -> Result<String, String> {
    let typed = raw.to_js_string();
    let trimmed = js_trim(&typed);
    let width = trimmed.encode_utf16().count();
    let padded: Cow<'_, str> = if width < 5 {
        Cow::Owned(format!("{}{trimmed}", "0".repeat(5 - width)))
    } else {
        Cow::Borrowed(trimmed)
    };
    if padded.len() == 5 && padded.bytes().all(|b| b.is_ascii_digit()) {
        Ok(padded.into_owned())
    } else {
        Err(typed.into_owned())
    }
}

/// `code_postal_apprenant`, `etablissement_lieu_de_formation_code_postal`.
pub fn rule(raw: Raw<'_>) -> Outcome {
    match normalise(raw) {
        Ok(code) => text(code),
        Err(value) => Outcome::Problem(Kind::CodePostalInvalide { value }),
    }
}

/// `code_postal_de_naissance_apprenant`: the platform silently drops an invalid one; we warn (D5).
pub fn or_ignored(raw: Raw<'_>) -> Outcome {
    match normalise(raw) {
        Ok(code) => text(code),
        Err(value) => Outcome::Problem(Kind::ValeurIgnoree {
            because: IgnoredBecause::CodePostalNot5Digits,
            value,
        }),
    }
}

/// Codes commune INSEE: `String(v)` as typed (not trimmed), 2 digits or `2A`/`2B`, then 3 digits.
pub fn insee(raw: Raw<'_>) -> Outcome {
    let code = raw.to_js_string();
    let bytes = code.as_bytes();
    let valid = bytes.len() == 5
        && (bytes[..2].iter().all(u8::is_ascii_digit) || matches!(&bytes[..2], b"2A" | b"2B"))
        && bytes[2..].iter().all(u8::is_ascii_digit);
    if valid {
        text(code)
    } else {
        Outcome::Problem(Kind::CodeInseeInvalide {
            value: code.into_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::rules::test_support::{check, n, t};

    #[test]
    fn reference_vectors() {
        let bad = "error code-postal-invalide";
        check(
            Field::CodePostalApprenant,
            &[
                (t("75001"), r#"= "75001""#),
                (n(75001.0), r#"= "75001""#),
                (t("1000"), r#"= "01000""#),
                (n(1000.0), r#"= "01000""#),
                (t("7500"), r#"= "07500""#),
                (t(" 01000 "), r#"= "01000""#),
                (t("0"), r#"= "00000""#),
                (t("99100"), r#"= "99100""#),
                (t("750011"), bad),
                (t("2A004"), bad),
                (n(0.0), "warning zero-ignore"),
            ],
        );
        check(
            Field::EtablissementLieuDeFormationCodePostal,
            &[(t("1000"), r#"= "01000""#), (t("abc"), bad)],
        );
        let ignored = "warning code-postal-ignore";
        check(
            Field::CodePostalDeNaissanceApprenant,
            &[
                (t("1000"), r#"= "01000""#),
                (t(" 44400 "), r#"= "44400""#),
                (t("2A004"), ignored),
                (t("abc"), ignored),
                (t("123456"), ignored),
                (t(""), "absent"),
            ],
        );
        let bad = "error code-insee-invalide";
        for field in [
            Field::CodeCommuneInseeApprenant,
            Field::CodeCommuneInseeDeNaissanceApprenant,
        ] {
            check(
                field,
                &[
                    (t("75056"), r#"= "75056""#),
                    (n(75056.0), r#"= "75056""#),
                    (t("2A004"), r#"= "2A004""#),
                    (t("97411"), r#"= "97411""#),
                    (t("2b004"), bad),
                    (t("1234"), bad),
                    (n(1234.0), bad),
                    (t("AB123"), bad),
                    (t("ée123"), bad),
                ],
            );
        }
    }
}
