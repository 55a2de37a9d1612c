//! Recognising column headers (D9).
//!
//! CFAs rarely keep the template's headers intact: they add `*`, accents, spaces, capital letters,
//! or write the column in French ("Date de naissance"). A header matches a field when, once
//! lower-cased and stripped of accents, `*`, spaces, `_`, `-` and apostrophes, it equals the field's
//! name or one of its French labels treated the same way.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

use crate::field::Field;
use crate::table::Match;

/// The comparison key of a header: lower case, no accents, none of `*`, blanks, `_`, `-`, `'`, `’`,
/// `.`, `(`, `)`.
pub fn normalized_header(header: &str) -> String {
    header
        .nfd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .flat_map(char::to_lowercase)
        .filter(|c| !(crate::text::is_js_whitespace(*c) || matches!(c, '*' | '_' | '-' | '\'' | '’' | '.' | '(' | ')')))
        .collect()
}

fn keys() -> &'static HashMap<String, (Field, Match)> {
    static KEYS: OnceLock<HashMap<String, (Field, Match)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = HashMap::new();
        for field in Field::ALL {
            let spec = field.spec();
            for label in std::iter::once(&spec.label).chain(spec.synonyms) {
                keys.insert(normalized_header(label), (*field, Match::Label));
            }
        }
        // Field names win over labels, whatever the order of insertion.
        for field in Field::ALL {
            keys.insert(normalized_header(field.name()), (*field, Match::Normalized));
        }
        keys
    })
}

/// The field a header names, and how it was recognised.
pub fn match_header(header: &str) -> (Option<Field>, Match) {
    let bare = crate::text::js_trim(header).trim_end_matches(['*', ' ']);
    if let Some(field) = Field::from_name(bare) {
        return (Some(field), Match::Exact);
    }
    match keys().get(&normalized_header(header)) {
        Some((field, matched)) => (Some(*field), *matched),
        None => (None, Match::None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(header: &str, expected: Option<(&str, Match)>) {
        let (field, matched) = match_header(header);
        let actual = field.map(|field| (field.name(), matched));
        assert_eq!(actual, expected, "header {header:?}");
    }

    #[test]
    fn headers() {
        let cases: &[(&str, Option<(&str, Match)>)] = &[
            ("nom_apprenant", Some(("nom_apprenant", Match::Exact))),
            ("nom_apprenant *", Some(("nom_apprenant", Match::Exact))),
            ("contrat_date_fin_2**", Some(("contrat_date_fin_2", Match::Exact))),
            (
                " date_exclusion_formation ** ",
                Some(("date_exclusion_formation", Match::Exact)),
            ),
            ("NOM_APPRENANT", Some(("nom_apprenant", Match::Normalized))),
            ("Nom Apprenant", Some(("nom_apprenant", Match::Normalized))),
            ("Prénom-Apprenant", Some(("prenom_apprenant", Match::Normalized))),
            ("Nom", Some(("nom_apprenant", Match::Label))),
            ("Prénom", Some(("prenom_apprenant", Match::Label))),
            ("Date de naissance", Some(("date_de_naissance_apprenant", Match::Label))),
            ("DATE DE NAISSANCE", Some(("date_de_naissance_apprenant", Match::Label))),
            ("SIRET employeur", Some(("siret_employeur", Match::Normalized))),
            ("Siret entreprise", Some(("siret_employeur", Match::Label))),
            ("Né(e) le", Some(("date_de_naissance_apprenant", Match::Label))),
            ("E-mail", Some(("email_contact", Match::Label))),
            ("Code postal", Some(("code_postal_apprenant", Match::Label))),
            ("UAI formateur", Some(("etablissement_formateur_uai", Match::Label))),
            ("Commentaire", None),
            ("", None),
        ];
        for (header, expected) in cases {
            check(header, *expected);
        }
    }

    #[test]
    fn every_label_names_one_field() {
        let mut seen: HashMap<String, Field> = HashMap::new();
        for field in Field::ALL {
            let spec = field.spec();
            for label in std::iter::once(&spec.name)
                .chain(std::iter::once(&spec.label))
                .chain(spec.synonyms)
            {
                if let Some(other) = seen.insert(normalized_header(label), *field) {
                    assert_eq!(other, *field, "label {label:?} names both {other} and {field}");
                }
            }
        }
    }
}
