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
        None => match candidates(header).as_slice() {
            [field] => (Some(*field), Match::Label),
            _ => (None, Match::None),
        },
    }
}

/// The fields whose name or label has the same words as `header` once the extras an export adds
/// are left out (`N°`, `Nb`, parentheses, `de`/`du`, `apprenant`, plurals, another word order): one field is a match ([`match_header`] takes it, as a label); several are a choice for
/// the user (a bare `UAI` may be the responsable's or the formateur's), never a guess; none is an
/// unknown column.
pub fn candidates(header: &str) -> Vec<Field> {
    // A sentence is no header (`nom_apprenant : le nom` in a sheet of notes).
    if header.contains([':', '?', '!']) {
        return Vec::new();
    }
    let words = words(header);
    if words.is_empty() {
        return Vec::new();
    }
    if let Some(fields) = word_keys().get(&words) {
        return fields.clone();
    }
    // A header of one identifying word (`UAI`, `SIRET`) proposes every establishment field it names.
    if let [word] = words.as_slice()
        && matches!(word.as_str(), "uai" | "siret")
    {
        return Field::ALL
            .iter()
            .copied()
            .filter(|field| field.name().starts_with("etablissement_") && field.name().ends_with(word.as_str()))
            .collect();
    }
    Vec::new()
}

/// Words that only dress a header up: articles, `N°`, `Nb`, `apprenant`…
const EXTRAS: &[&str] = &[
    "n",
    "no",
    "nb",
    "num",
    "numero",
    "de",
    "du",
    "des",
    "d",
    "la",
    "le",
    "les",
    "l",
    "en",
    "a",
    "au",
    "aux",
    "et",
    "apprenant",
    "apprenante",
    "apprenti",
    "apprentie",
    "eleve",
    "stagiaire",
];

/// The sorted, distinct words of a header: lower case, no accents, no [`EXTRAS`], plurals as
/// singulars. Parentheses only separate words: what they hold may be the meaning (`Formation
/// (année)`), so it is kept.
fn words(header: &str) -> Vec<String> {
    let mut text = String::new();
    for c in header.nfd().filter(|c| !('\u{0300}'..='\u{036F}').contains(c)) {
        if c.is_alphanumeric() {
            text.extend(c.to_lowercase());
        } else {
            // `N°`, `n°`: the sign ends a word, the `n` is left out below.
            text.push(' ');
        }
    }
    let mut words: Vec<String> = text
        .split(' ')
        .filter(|word| !word.is_empty() && !EXTRAS.contains(word))
        .map(|word| {
            let singular = word
                .strip_suffix(['s', 'x'])
                .filter(|stem| stem.chars().count() >= 3 && word != "mois");
            singular.unwrap_or(word).to_owned()
        })
        .collect();
    words.sort_unstable();
    let count = words.len();
    words.dedup();
    // A word said twice is prose, not a header's words.
    if words.len() < count {
        return Vec::new();
    }
    words
}

/// The fields of each set of words, from every field's name, label and synonyms.
fn word_keys() -> &'static HashMap<Vec<String>, Vec<Field>> {
    static KEYS: OnceLock<HashMap<Vec<String>, Vec<Field>>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys: HashMap<Vec<String>, Vec<Field>> = HashMap::new();
        for field in Field::ALL {
            let spec = field.spec();
            let name = field.name().replace('_', " ");
            for label in [name.as_str(), spec.label]
                .into_iter()
                .chain(spec.synonyms.iter().copied())
            {
                let words = words(label);
                if words.is_empty() {
                    continue;
                }
                let fields = keys.entry(words).or_default();
                if !fields.contains(field) {
                    fields.push(*field);
                }
            }
        }
        keys
    })
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

#[cfg(test)]
mod erp_headers {
    //! Headers as management software exports them (wordings of the kind found in CFA exports:
    //! labels, abbreviations, `N°`, units, plurals, other word orders), each with the field a person
    //! would map it to, `-` for none, or `?a|b` when the header could be several fields. The
    //! matcher may miss one (the user maps it), but never match a wrong field, and never pick one
    //! of several.
    use super::{candidates, match_header};

    const HEADERS: &[(&str, &str)] = &[
        ("Nom", "nom_apprenant"),
        ("NOM DE FAMILLE", "nom_apprenant"),
        ("Nom de l'apprenant", "nom_apprenant"),
        ("Nom (apprenant)", "nom_apprenant"),
        ("Apprenant - Nom", "nom_apprenant"),
        ("Prénom", "prenom_apprenant"),
        ("Prénoms", "prenom_apprenant"),
        ("Prénom de l'apprenti", "prenom_apprenant"),
        ("Apprenant Prénom", "prenom_apprenant"),
        ("Date de naissance", "date_de_naissance_apprenant"),
        ("Naissance (date)", "date_de_naissance_apprenant"),
        ("Date naissance apprenant", "date_de_naissance_apprenant"),
        ("Né(e) le", "date_de_naissance_apprenant"),
        ("Sexe", "sexe_apprenant"),
        ("Civilité", "sexe_apprenant"),
        ("Genre", "sexe_apprenant"),
        ("Adresse", "adresse_apprenant"),
        ("Adresse de l'apprenant", "adresse_apprenant"),
        ("Code postal", "code_postal_apprenant"),
        ("Code postal apprenant", "code_postal_apprenant"),
        ("CP", "code_postal_apprenant"),
        ("Ville", "-"),
        ("Commune", "-"),
        ("Téléphone", "tel_apprenant"),
        ("Téléphone apprenant", "tel_apprenant"),
        ("Tél. portable", "-"),
        ("E-mail", "email_contact"),
        ("Email apprenant", "email_contact"),
        ("Adresse mail", "email_contact"),
        ("N° INE", "ine_apprenant"),
        ("INE", "ine_apprenant"),
        ("Numéro INE de l'apprenant", "ine_apprenant"),
        ("Année scolaire", "annee_scolaire"),
        ("Années scolaires", "annee_scolaire"),
        ("Scolaire (année)", "annee_scolaire"),
        ("Année de formation", "annee_formation"),
        ("Formation (année)", "annee_formation"),
        ("Code RNCP", "formation_rncp"),
        ("N° RNCP", "formation_rncp"),
        ("RNCP", "formation_rncp"),
        ("Code CFD", "formation_cfd"),
        ("CFD", "formation_cfd"),
        ("Code diplôme", "formation_cfd"),
        ("Formation", "libelle_court_formation"),
        ("Libellé formation", "libelle_court_formation"),
        ("Intitulé de la formation", "libelle_court_formation"),
        ("Date d'inscription", "date_inscription_formation"),
        ("Date d'entrée", "date_entree_formation"),
        ("Date d'entrée en formation", "date_entree_formation"),
        ("Date de fin de formation", "date_fin_formation"),
        ("Fin de formation (date)", "date_fin_formation"),
        ("Date de début de contrat", "contrat_date_debut"),
        ("Date début contrat", "contrat_date_debut"),
        ("Contrat - date de début", "contrat_date_debut"),
        ("Date de fin de contrat", "contrat_date_fin"),
        ("Date de rupture", "contrat_date_rupture"),
        ("Motif de rupture", "cause_rupture_contrat"),
        ("SIRET employeur", "siret_employeur"),
        ("N° SIRET employeur", "siret_employeur"),
        ("SIRET de l'entreprise", "siret_employeur"),
        ("Siret entreprise", "siret_employeur"),
        ("Entreprise", "-"),
        ("Raison sociale employeur", "-"),
        (
            "UAI",
            "?etablissement_responsable_uai|etablissement_formateur_uai|etablissement_lieu_de_formation_uai",
        ),
        (
            "N° UAI",
            "?etablissement_responsable_uai|etablissement_formateur_uai|etablissement_lieu_de_formation_uai",
        ),
        (
            "SIRET",
            "?etablissement_responsable_siret|etablissement_formateur_siret|etablissement_lieu_de_formation_siret",
        ),
        ("UAI formateur", "etablissement_formateur_uai"),
        ("UAI du CFA formateur", "etablissement_formateur_uai"),
        ("UAI responsable", "etablissement_responsable_uai"),
        ("SIRET responsable", "etablissement_responsable_siret"),
        ("SIRET formateur", "etablissement_formateur_siret"),
        ("Formateur UAI", "etablissement_formateur_uai"),
        ("Type de CFA", "type_cfa"),
        ("Statut", "statut_apprenant"),
        ("Statut apprenant", "statut_apprenant"),
        ("Durée théorique (mois)", "duree_theorique_formation_mois"),
        ("Durée de la formation (en mois)", "duree_theorique_formation_mois"),
        ("Nb mois formation", "-"),
        ("RQTH", "rqth_apprenant"),
        ("Travailleur handicapé", "rqth_apprenant"),
        ("Matricule", "-"),
        ("Code apprenant", "-"),
        ("Groupe", "-"),
        ("Classe", "-"),
        ("N° dossier", "-"),
        ("Identifiant", "id_erp_apprenant"),
        ("Observations", "-"),
        ("Date de sortie", "date_exclusion_formation"),
        ("Tuteur", "-"),
    ];

    #[test]
    fn erp_headers() {
        let mut wrong = Vec::new();
        let (mut matched, mut proposed, mut expected_matches) = (0, 0, 0);
        for (header, expected) in HEADERS {
            let (field, _) = match_header(header);
            let got = field.map_or("-", |field| field.name());
            let choices: Vec<&str> = candidates(header).iter().map(|field| field.name()).collect();
            if let Some(options) = expected.strip_prefix('?') {
                // Several fields fit: never a match, the candidates proposed.
                if field.is_some() || choices.join("|") != options {
                    wrong.push(format!(
                        "{header:?}: expected the choice {options}, got {got} / {choices:?}"
                    ));
                } else {
                    proposed += 1;
                }
                continue;
            }
            if *expected != "-" {
                expected_matches += 1;
            }
            if got == *expected && got != "-" {
                matched += 1;
            } else if got != "-" {
                wrong.push(format!(
                    "{header:?}: expected {expected}, got {got} (a wrong automatic match)"
                ));
            }
        }
        println!(
            "{} export headers: {matched} of {expected_matches} matched to their field, {proposed} proposed as a \
             choice, {} wrong",
            HEADERS.len(),
            wrong.len()
        );
        assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
        assert!(
            matched * 10 >= expected_matches * 8,
            "{matched} of {expected_matches} only"
        );
    }
}
