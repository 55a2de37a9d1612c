//! SIRET numbers of the CFA's establishments and of employers.
//!
//! The responsable and formateur SIRETs are required and checked strictly; the platform silently
//! drops an employer's or a training site's SIRET that is not 14 digits, which we report (D5).
//! The Luhn control key is only a warning (D8): the platform accepts any 14 digits.

use super::identifiants::without_separators;
use super::{Outcome, Raw, text};
use crate::checksum::siret_key_ok;
use crate::diagnostic::{IgnoredBecause, Kind};
use crate::dossier::Value;
use crate::text::js_trim;

fn normalise(raw: Raw<'_>) -> Result<String, String> {
    let typed = raw.to_js_string();
    let cleaned = without_separators(&typed);
    let code = js_trim(&cleaned);
    if code.len() == 14 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code.to_owned())
    } else {
        Err(typed.into_owned())
    }
}

fn with_key_check(code: String) -> Outcome {
    if siret_key_ok(&code) {
        text(code)
    } else {
        Outcome::Warned(
            Value::Text(code.as_str().into()),
            Kind::CleSiretIncorrecte { value: code },
        )
    }
}

/// A required SIRET (responsable, formateur).
pub fn rule(raw: Raw<'_>) -> Outcome {
    match normalise(raw) {
        Ok(code) => with_key_check(code),
        Err(value) => Outcome::Problem(Kind::SiretInvalide { value }),
    }
}

/// A SIRET the platform drops when malformed (employeurs, lieu de formation).
pub fn or_ignored(raw: Raw<'_>) -> Outcome {
    match normalise(raw) {
        Ok(code) => with_key_check(code),
        Err(value) => Outcome::Problem(Kind::ValeurIgnoree {
            because: IgnoredBecause::SiretNot14Digits,
            value,
        }),
    }
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::rules::test_support::{check, n, t};

    #[test]
    fn reference_vectors() {
        let bad = "error siret-invalide";
        check(
            Field::EtablissementResponsableSiret,
            &[
                (t("779 378 272 00016"), r#"= "77937827200016""#),
                (t("779.378.272-00016"), r#"= "77937827200016""#),
                (n(77_937_827_200_016.0), r#"= "77937827200016""#),
                (t(" 77937827200016 "), r#"= "77937827200016""#),
                (t("77568013501139"), r#"= "77568013501139""#),
                (t("7793782720001"), bad),
                (t("  "), bad),
                (n(0.0), "warning zero-ignore"),
            ],
        );
        let ignored = "warning siret-ignore";
        for field in [
            Field::SiretEmployeur,
            Field::SiretEmployeur4,
            Field::EtablissementLieuDeFormationSiret,
        ] {
            check(
                field,
                &[
                    (
                        t("123 456 789 01234"),
                        r#"= "12345678901234" + warning cle-siret-incorrecte"#,
                    ),
                    (
                        t("123.456.789-01234"),
                        r#"= "12345678901234" + warning cle-siret-incorrecte"#,
                    ),
                    (
                        n(12_345_678_901_234.0),
                        r#"= "12345678901234" + warning cle-siret-incorrecte"#,
                    ),
                    (t("1234567890123"), ignored),
                    (t("ABC"), ignored),
                    (t("bad"), ignored),
                    (t(""), "absent"),
                ],
            );
        }
    }
}
