//! The SIFA survey fields: `derniere_situation`, `dernier_organisme_uai`, `type_cfa`.
//!
//! CFAs fill these for the yearly SIFA census; the platform checks them against the SIFA code
//! lists (`docs/contract.md#code-lists`).

use std::sync::OnceLock;

use regex::Regex;

use super::nombre::{as_integer, parse_int_like};
use super::{Outcome, Raw, text};
use crate::diagnostic::Kind;
use crate::dossier::Value;

/// The 65 `SIT_N_1` codes of the SIFA nomenclature accepted by the platform (`docs/contract.md#previous-situation`).
pub const DERNIERE_SITUATION_CODES: [i64; 65] = [
    1003, 1005, 1009, 1017, 1019, 1021, 1023, 2001, 2003, 2005, 2007, 3001, 3101, 3003, 3103, 3009, 3109, 3011, 3111,
    3031, 3131, 3032, 3132, 3033, 3133, 3117, 3119, 3021, 3121, 3023, 3123, 4001, 4101, 4003, 4103, 4005, 4105, 4007,
    4107, 4009, 4011, 4111, 4013, 4113, 4015, 4115, 4017, 4117, 4019, 4119, 4021, 4121, 4023, 4123, 4025, 4125, 4027,
    4127, 5901, 5903, 5905, 5907, 5909, 9900, 9999,
];

/// `derniere_situation`: a SIFA code (`parseInt` for text); 0 means "not provided" and is not sent.
pub fn derniere_situation(raw: Raw<'_>) -> Outcome {
    match parse_int_like(raw).and_then(as_integer) {
        Some(0) => Outcome::Absent,
        Some(code) if DERNIERE_SITUATION_CODES.contains(&code) => Outcome::Value(Value::Integer(code)),
        _ => Outcome::Problem(Kind::DerniereSituationInvalide {
            value: raw.to_js_string().into_owned(),
        }),
    }
}

fn etab_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"^(0?[0-9][0-9]|0?2[AB]|0?9[012345]|97[1234678]|98[678]|99[0135]|[0-9]{7}[a-zA-Z])$")
            .unwrap_or_else(|_| unreachable!("the pattern is a valid constant"))
    })
}

/// `dernier_organisme_uai`: an UAI or a département code, kept exactly as typed.
pub fn dernier_organisme_uai(raw: Raw<'_>) -> Outcome {
    let code = raw.to_js_string();
    if etab_pattern().is_match(&code) {
        text(code)
    } else {
        Outcome::Problem(Kind::DernierOrganismeUaiInvalide {
            value: code.into_owned(),
        })
    }
}

/// `type_cfa`: left-padded with `0` to two characters, then `01` to `10`.
pub fn type_cfa(raw: Raw<'_>) -> Outcome {
    let typed = raw.to_js_string();
    let code = if typed.encode_utf16().count() < 2 {
        format!("0{typed}")
    } else {
        typed.clone().into_owned()
    };
    let valid = matches!(
        code.as_str(),
        "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10"
    );
    if valid {
        text(code)
    } else {
        Outcome::Problem(Kind::TypeCfaInvalide {
            value: typed.into_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::rules::test_support::{check, n, t};

    #[test]
    fn derniere_situation() {
        let bad = "error derniere-situation-invalide";
        check(
            Field::DerniereSituation,
            &[
                (n(1003.0), "= 1003"),
                (t("1003"), "= 1003"),
                (t(" 4101"), "= 4101"),
                (t("4101abc"), "= 4101"),
                (t("0"), "absent"),
                (n(0.0), "warning zero-ignore"),
                (n(1004.0), bad),
                (t("abc"), bad),
                (n(4101.5), bad),
                (t("9999"), "= 9999"),
            ],
        );
    }

    #[test]
    fn dernier_organisme_uai() {
        let bad = "error dernier-organisme-uai-invalide";
        let mut cases: Vec<(crate::Cell, &str)> = Vec::new();
        for good in [
            "0123456A", "0123456a", "01", "09", "75", "001", "075", "090", "095", "096", "099", "2A", "02A", "971",
            "976", "977", "986", "990", "991", "995",
        ] {
            cases.push((t(good), ""));
        }
        let expected: Vec<String> = cases
            .iter()
            .map(|(cell, _)| format!("= \"{}\"", cell.display()))
            .collect();
        let mut table: Vec<(crate::Cell, &str)> = cases
            .iter()
            .zip(&expected)
            .map(|((cell, _), want)| (cell.clone(), want.as_str()))
            .collect();
        table.push((n(75.0), r#"= "75""#));
        for wrong in ["1", "9", "123", "2a", "975", "992", "996", " 75"] {
            table.push((t(wrong), bad));
        }
        table.push((n(1.0), bad));
        check(Field::DernierOrganismeUai, &table);
    }

    #[test]
    fn type_cfa() {
        let bad = "error type-cfa-invalide";
        check(
            Field::TypeCfa,
            &[
                (n(1.0), r#"= "01""#),
                (t("1"), r#"= "01""#),
                (t("4"), r#"= "04""#),
                (n(10.0), r#"= "10""#),
                (t("10"), r#"= "10""#),
                (t("11"), bad),
                (t("001"), bad),
                (n(0.0), "warning zero-ignore"),
                (t("0"), bad),
            ],
        );
    }
}
