//! UAI codes of the CFA's establishments (responsable, formateur, lieu de formation).
//!
//! The formateur's UAI and SIRET decide which organisme the learner is attached to on the
//! platform: a wrong one sends the learner to another CFA's dashboard, or nowhere.

use super::{Outcome, Raw, text};
use crate::checksum::uai_key_ok;
use crate::diagnostic::Kind;
use crate::dossier::Value;
use crate::text::js_trim;

/// Whether `code` is 7 ASCII digits then an ASCII letter.
pub fn has_uai_shape(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 8 && bytes[..7].iter().all(u8::is_ascii_digit) && bytes[7].is_ascii_alphabetic()
}

/// A text cell, trimmed and upper-cased, with the UAI shape; a wrong control letter is a warning (D8).
pub fn rule(raw: Raw<'_>) -> Outcome {
    let Raw::Text(typed) = raw else {
        return Outcome::Problem(Kind::TexteAttendu {
            value: raw.to_js_string().into_owned(),
        });
    };
    let code = js_trim(typed).to_uppercase();
    if !has_uai_shape(&code) {
        return Outcome::Problem(Kind::UaiInvalide {
            value: typed.to_string(),
        });
    }
    if uai_key_ok(&code) {
        text(code)
    } else {
        Outcome::Warned(
            Value::Text(code.as_str().into()),
            Kind::CleUaiIncorrecte { value: code },
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::rules::test_support::{check, n, t};

    #[test]
    fn reference_vectors() {
        let bad = "error uai-invalide";
        check(
            Field::EtablissementFormateurUai,
            &[
                (t("0802004u"), r#"= "0802004U""#),
                (t(" 0802004u "), r#"= "0802004U""#),
                (t("0755805C"), r#"= "0755805C""#),
                (t("0802004A"), r#"= "0802004A" + warning cle-uai-incorrecte"#),
                (t("0802004"), bad),
                (t("080200AU"), bad),
                (t("08020045"), bad),
                (t("0802004UU"), bad),
                (t("  "), bad),
                (n(802_004.0), "error texte-attendu"),
            ],
        );
        check(
            Field::EtablissementLieuDeFormationUai,
            &[(t(" "), bad), (t(""), "absent")],
        );
    }
}
