//! Safe corrections (D15): the corrected text of a cell whose one meaning the engine knows.
//!
//! A suggestion is only made where nobody could read the value another way: separators inside a
//! code (spaces or dots inside a SIRET, UAI, code postal, code commune or telephone number; slashes
//! inside a SIRET or telephone number; the apostrophe Excel users type to keep a code as text),
//! surrounding blanks where the platform does not trim them, full-width characters (`０６…`, typed
//! with an Asian input method), a lower-case UAI letter or Corsican `2a`, the sex written as a word
//! or in lower case, a typographic dash in a school year, and control characters (removed, or a
//! space for those that separate, see `docs/reading.md#control-characters`). Never a guess: no day/month swap, no
//! century, no truncation, no control key "fix" (a failed key is a warning, and the right digit is
//! unknown).
//!
//! The corrected text must then pass the field's own rule ([`super::apply`]): a repair that does not
//! give a valid value is no suggestion at all.

use crate::cell::{Cell, Text};
use crate::field::Field;
use crate::text::{is_js_whitespace, js_trim};

use super::{Outcome, apply};

/// The corrected text of a cell the rule of `field` refuses or ignores, when its meaning is certain;
/// `None` otherwise (and always for a cell that is not text: a number or a date is what it is).
///
/// Call it only for a cell whose outcome is a [`Outcome::Problem`]: the validator does.
pub fn suggest(field: Field, cell: &Cell) -> Option<Text> {
    let Cell::Text(typed) = cell else {
        return None;
    };
    let repaired = repair(field, typed)?;
    if repaired == typed.as_str() {
        return None;
    }
    let repaired = Text::from(repaired);
    match apply(field, &Cell::Text(repaired.clone())) {
        Outcome::Value(_) | Outcome::Warned(..) => Some(repaired),
        Outcome::Absent | Outcome::Problem(_) => None,
    }
}

/// How a field's values may be repaired.
enum Class {
    /// SIRET and telephone numbers: blanks, dots and slashes between digit groups.
    Number,
    /// UAI codes: blanks and dots inside, letter upper-cased.
    Uai,
    /// Codes postaux and codes commune: blanks and dots inside, `2a`/`2b` upper-cased.
    Code,
    /// `sexe_apprenant`: the sex as a word or a lower-case letter.
    Sexe,
    /// `annee_scolaire`: a typographic dash between the years (blanks go, as the rule drops them).
    SchoolYear,
    /// Everything else: surrounding blanks and full-width characters only.
    Other,
}

fn class(field: Field) -> Class {
    use Field as F;
    match field {
        F::EtablissementResponsableSiret
        | F::EtablissementFormateurSiret
        | F::EtablissementLieuDeFormationSiret
        | F::SiretEmployeur
        | F::SiretEmployeur2
        | F::SiretEmployeur3
        | F::SiretEmployeur4
        | F::TelApprenant => Class::Number,
        F::EtablissementResponsableUai | F::EtablissementFormateurUai | F::EtablissementLieuDeFormationUai => {
            Class::Uai
        }
        F::CodePostalApprenant
        | F::CodePostalDeNaissanceApprenant
        | F::EtablissementLieuDeFormationCodePostal
        | F::CodeCommuneInseeApprenant
        | F::CodeCommuneInseeDeNaissanceApprenant => Class::Code,
        F::SexeApprenant => Class::Sexe,
        F::AnneeScolaire => Class::SchoolYear,
        _ => Class::Other,
    }
}

/// The repaired text (maybe equal to the typed one), or `None` when nothing certain applies.
fn repair(field: Field, typed: &str) -> Option<String> {
    let typed = controls(field, typed)?;
    let folded = fold_full_width(&typed);
    let trimmed = js_trim(&folded);
    let repaired = match class(field) {
        Class::Number => code(trimmed, |c| matches!(c, '.' | '/')),
        Class::Uai => code(trimmed, |c| c == '.').to_uppercase(),
        Class::Code => code(trimmed, |c| c == '.').to_uppercase(),
        Class::Sexe => sexe(trimmed)?.to_owned(),
        Class::SchoolYear => trimmed
            .chars()
            .filter(|c| !is_js_whitespace(*c))
            .map(|c| if is_dash(c) { '-' } else { c })
            .collect(),
        Class::Other => trimmed.to_owned(),
    };
    Some(repaired)
}

/// The typed text without its control characters (see `docs/reading.md#control-characters`): a
/// separating one becomes a space, others go. In an identifier, a separating one inside the value
/// makes it a guess (one identifier or two words?): no suggestion.
fn controls(field: Field, typed: &str) -> Option<String> {
    use super::texte::{is_control, is_separating_control, without_controls};
    if !typed.chars().any(is_control) {
        return Some(typed.to_owned());
    }
    if matches!(field, Field::IdErpApprenant | Field::IneApprenant)
        && js_trim(typed)
            .trim_matches(is_control)
            .chars()
            .any(is_separating_control)
    {
        return None;
    }
    Some(without_controls(typed))
}

/// A code without the Excel text apostrophe in front, nor blanks or `separator`s inside.
fn code(trimmed: &str, separator: impl Fn(char) -> bool) -> String {
    let bare = trimmed.strip_prefix(['\'', '’']).unwrap_or(trimmed);
    bare.chars()
        .filter(|c| !is_js_whitespace(*c) && !separator(*c))
        .collect()
}

/// Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space, as their ASCII characters.
fn fold_full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// The hyphens and dashes a word processor puts for `-` (U+2010–U+2015, minus sign U+2212).
fn is_dash(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2015}' | '\u{2212}')
}

/// The code of a sex written as a word or a lower-case letter: `M` or `F`.
fn sexe(trimmed: &str) -> Option<&'static str> {
    let word: String = trimmed
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            _ => c,
        })
        .collect();
    match word.as_str() {
        "m" | "h" | "homme" | "masculin" | "masc" => Some("M"),
        "f" | "femme" | "feminin" | "fem" => Some("F"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::suggest;
    use crate::cell::Cell;
    use crate::field::Field;
    use crate::rules::test_support::{n, t};

    /// Every case: (field, cell, the suggestion or `None`). The cells are all refused or ignored by
    /// their rule as typed (checked below), so each case says what the user is offered.
    #[test]
    #[allow(clippy::too_many_lines, reason = "a table of cases")]
    fn suggestions() {
        use Field as F;
        let cases: &[(Field, Cell, Option<&str>)] = &[
            // SIRET: slashes, a text apostrophe, full-width digits, spaces inside after a slash.
            (
                F::EtablissementFormateurSiret,
                t("779/378/272/00016"),
                Some("77937827200016"),
            ),
            (
                F::EtablissementFormateurSiret,
                t("'77937827200016"),
                Some("77937827200016"),
            ),
            (
                F::EtablissementResponsableSiret,
                t("７７９３７８２７２０００１６"),
                Some("77937827200016"),
            ),
            (F::SiretEmployeur, t("123 456 789/01234"), Some("12345678901234")),
            // A failed control key is suggested as cleaned, never "fixed" (the warning stays).
            (
                F::EtablissementFormateurSiret,
                t("779/378/272/00017"),
                Some("77937827200017"),
            ),
            // Never a truncation, a padding or a letter dropped.
            (F::EtablissementFormateurSiret, t("7793782720001"), None),
            (F::EtablissementFormateurSiret, t("779378272000160"), None),
            (F::EtablissementFormateurSiret, t("SIRET 77937827200016"), None),
            (F::EtablissementFormateurSiret, t("7,79378E+13"), None),
            (F::EtablissementFormateurSiret, t("  "), None),
            // UAI: blanks or dots inside, a lower-case letter with them, full-width.
            (F::EtablissementFormateurUai, t("0755 805 C"), Some("0755805C")),
            (F::EtablissementResponsableUai, t("075.5805.c"), Some("0755805C")),
            (
                F::EtablissementLieuDeFormationUai,
                t("０７５５８０５Ｃ"),
                Some("0755805C"),
            ),
            (F::EtablissementFormateurUai, t("'0755805C "), Some("0755805C")),
            // A wrong control letter is kept (only a warning after the cleaning).
            (F::EtablissementFormateurUai, t("0802 004 a"), Some("0802004A")),
            // No letter invented, no digit added, nothing read from a number cell.
            (F::EtablissementFormateurUai, t("0755805"), None),
            (F::EtablissementFormateurUai, t("755805C"), None),
            (F::EtablissementFormateurUai, t("0755805-C"), None),
            (F::EtablissementFormateurUai, n(755_805.0), None),
            // Codes postaux and codes commune.
            (F::CodePostalApprenant, t("75 001"), Some("75001")),
            (F::CodePostalApprenant, t("75.001"), Some("75001")),
            (F::CodePostalApprenant, t("１３００１"), Some("13001")),
            (F::EtablissementLieuDeFormationCodePostal, t("1 000"), Some("1000")),
            (F::CodePostalDeNaissanceApprenant, t("44 400"), Some("44400")),
            (F::CodePostalApprenant, t("75001 Paris"), None),
            (F::CodePostalApprenant, t("750011"), None),
            (F::CodePostalApprenant, t("F-75001"), None),
            (F::CodePostalApprenant, t("2A004"), None),
            (F::CodeCommuneInseeApprenant, t(" 75056 "), Some("75056")),
            (F::CodeCommuneInseeApprenant, t("2a004"), Some("2A004")),
            (F::CodeCommuneInseeDeNaissanceApprenant, t("75 056"), Some("75056")),
            (F::CodeCommuneInseeApprenant, t("7505"), None),
            // Telephone (the rule already reads slashes and full-width digits): the apostrophe.
            (F::TelApprenant, t("'06 12 34 56 78"), Some("0612345678")),
            (F::TelApprenant, t("’0612345678"), Some("0612345678")),
            (F::TelApprenant, t("0712345678"), None),
            (F::TelApprenant, t("06 12 34 56"), None),
            (F::TelApprenant, t("06/12/34/56/78 (maison)"), None),
            // Sexe: words and lower-case letters, nothing else.
            (F::SexeApprenant, t("Homme"), Some("M")),
            (F::SexeApprenant, t("FEMME"), Some("F")),
            (F::SexeApprenant, t("féminin"), Some("F")),
            (F::SexeApprenant, t("Masculin"), Some("M")),
            (F::SexeApprenant, t(" m "), Some("M")),
            (F::SexeApprenant, t("f"), Some("F")),
            (F::SexeApprenant, t("h"), Some("M")),
            (F::SexeApprenant, t("X"), None),
            (F::SexeApprenant, t("Homme/Femme"), None),
            (F::SexeApprenant, t("3"), None),
            (F::SexeApprenant, t("Mme"), None),
            (F::SexeApprenant, t("Mr"), None),
            // School year: a typographic dash; never a century.
            (F::AnneeScolaire, t("2024–2025"), Some("2024-2025")),
            (F::AnneeScolaire, t("2024 — 2025"), Some("2024-2025")),
            (F::AnneeScolaire, t("24-25"), None),
            (F::AnneeScolaire, t("2024-2026"), None),
            (F::AnneeScolaire, t("2024"), None),
            // Surrounding blanks where the platform does not trim them.
            (F::EmailReferentHandicapFormation, t(" a@b.fr "), Some("a@b.fr")),
            (F::DernierOrganismeUai, t(" 075 "), Some("075")),
            // Full-width characters anywhere.
            (F::EmailContact, t("ａ@ｂ.fr"), Some("a@b.fr")),
            (F::DateEntreeFormation, t("０１/０９/２０２４"), Some("01/09/2024")),
            (F::AnneeFormation, t("２"), Some("2")),
            // Dates: never a swap, a century or a roll-over.
            (F::DateEntreeFormation, t("31/02/2024"), None),
            (F::DateEntreeFormation, t("09/31/2024"), None),
            (F::DateEntreeFormation, t("2024-13-01"), None),
            (F::DateEntreeFormation, t("1er septembre"), None),
            (F::DateDeNaissanceApprenant, t("31/12/99999"), None),
            // Control characters (docs/reading.md#control-characters): invisible ones removed, a
            // terminal colour sequence whole, separating ones (vertical tab, form feed, U+001C–U+001F,
            // U+0085) as a space; in an identifier, a separating one inside is a guess.
            (F::NomApprenant, t("Du\u{0}rand"), Some("Durand")),
            (F::PrenomApprenant, t("\u{1B}[1;31mHugo\u{1B}[0m"), Some("Hugo")),
            (F::PrenomApprenant, t("\u{1B}Hugo"), Some("Hugo")),
            (F::PrenomApprenant, t("\u{1B}[2JHugo"), Some("[2JHugo")),
            (F::PrenomApprenant, t("Jean\u{0B}Pierre"), Some("Jean Pierre")),
            (
                F::AdresseApprenant,
                t("1 rue de la Paix\u{0B}Bât. B\u{7F}"),
                Some("1 rue de la Paix Bât. B"),
            ),
            (
                F::AdresseApprenant,
                t("1 rue\u{85}de la Paix\u{9B}"),
                Some("1 rue de la Paix"),
            ),
            (F::CauseRuptureContrat, t("Démission\u{1F}"), Some("Démission")),
            (F::IdErpApprenant, t("A1\u{0}"), Some("A1")),
            (F::IdErpApprenant, t("\u{1E}A1"), Some("A1")),
            (F::IdErpApprenant, t("A\u{1E}1"), None),
            (F::IneApprenant, t("1234\u{0C}567890A"), None),
            (
                F::EtablissementFormateurSiret,
                t("779 378 272\u{0}00016"),
                Some("77937827200016"),
            ),
            (F::EtablissementFormateurUai, t("0755805C\u{0}"), Some("0755805C")),
            (F::NomApprenant, t("\u{0}\u{1B}"), None),
            // Other values with no certain meaning.
            (F::EmailContact, t("élodie@exemple.fr"), None),
            (F::EmailContact, t("a@b"), None),
            (F::AnneeFormation, t("CAP1"), None),
            (F::AnneeFormation, t("1ère année"), None),
            (F::StatutApprenant, t("apprenti"), None),
            (F::FormationRncp, t("RNCP 1"), None),
            (F::TypeCfa, t("CFA associatif"), None),
        ];
        let mut failures = Vec::new();
        for (field, cell, expected) in cases {
            // Every case is a cell its rule refuses or ignores: a suggestion is only for those.
            if !matches!(crate::rules::apply(*field, cell), crate::rules::Outcome::Problem(_)) {
                failures.push(format!("{field} {cell:?}: the rule accepts it, not a case"));
                continue;
            }
            let actual = suggest(*field, cell);
            if actual.as_deref() != *expected {
                failures.push(format!("{field} {cell:?}: expected {expected:?}, got {actual:?}"));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    /// A suggestion, applied, gives a value the rule accepts, and is then never suggested again.
    #[test]
    fn suggestions_are_valid_and_final() {
        let cells = [
            "779/378/272/00016",
            "0755 805 c",
            "Homme",
            "75 001",
            "06/12/34/56/78",
            "2024–2025",
        ];
        for field in Field::ALL {
            for typed in cells {
                if let Some(suggestion) = suggest(*field, &t(typed)) {
                    let fixed = Cell::Text(suggestion.clone());
                    assert!(
                        !matches!(crate::rules::apply(*field, &fixed), crate::rules::Outcome::Problem(_)),
                        "{field}: {suggestion} is refused"
                    );
                    assert_eq!(suggest(*field, &fixed), None, "{field}: {suggestion} suggested again");
                }
            }
        }
    }
}
