//! Text fields: names, addresses, free-text causes, identifiers the contract only trims.
//!
//! The contract upper-cases `nom_apprenant` (so "Lenôtre" is sent as "LENÔTRE"), requires at least
//! one character once trimmed for names and two for the course label, and refuses numbers typed in
//! these columns (the platform answers "String attendu").

use super::{Outcome, Raw, kept, text};
use crate::cell::Text;
use crate::diagnostic::Kind;
use crate::text::js_trim;
use smol_str::StrExt as _;

fn refuse_non_text(raw: Raw<'_>) -> Result<&Text, Outcome> {
    match raw {
        Raw::Text(value) => refuse_control_characters(value).map(|()| value),
        Raw::Number(_) | Raw::Bool(_) => Err(Outcome::Problem(Kind::TexteAttendu {
            value: raw.to_js_string().into_owned(),
        })),
    }
}

/// Whether `character` is a control character no one types in a cell: C0 (NUL, ESC…) but for tab
/// and line breaks (which a cell may hold: Alt+Entrée), DEL, and C1 (what a Windows-1252 export
/// read as Latin-1 can leave).
pub(crate) fn is_control(character: char) -> bool {
    (character < ' ' && !matches!(character, '\t' | '\n' | '\r')) || ('\u{7F}'..='\u{9F}').contains(&character)
}

/// Whether `value` may hold a control character ([`is_control`]): one pass over its bytes without
/// an early exit, which the compiler vectorises, true for every C0 byte (tab and line breaks
/// included), DEL, and 0xC2, the lead byte of U+0080 to U+00BF (C1 among them). Nearly every cell
/// passes it; the few that do not are walked character by character. It runs on every text cell
/// (decoding each character cost about 3 % of the validation).
#[allow(
    clippy::needless_bitwise_bool,
    reason = "no early exit, so that the loop is vectorised"
)]
fn may_hold_control(value: &str) -> bool {
    value.bytes().fold(false, |found, byte| {
        found | (byte < 0x20) | (byte == 0x7F) | (byte == 0xC2)
    })
}

/// Whether `character` is a control character that separates what is around it: the vertical tab
/// (an old Excel's line break inside a cell), the form feed, the information separators
/// (U+001C–U+001F) and "next line" (U+0085).
pub(crate) fn is_separating_control(character: char) -> bool {
    matches!(character, '\u{0B}' | '\u{0C}' | '\u{1C}'..='\u{1F}' | '\u{85}')
}

/// The value without its control characters, the safe correction of `caracteres-de-controle`
/// (see `docs/reading.md#control-characters`): a separating one becomes a space, a terminal colour
/// sequence (`ESC [ 1 ; 31 m`) goes whole, any other one goes.
pub(crate) fn without_controls(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(character) = chars.next() {
        if character == '\u{1B}'
            && let Some(after) = colour_sequence_end(chars.as_str())
        {
            chars = after.chars();
        } else if is_separating_control(character) {
            out.push(' ');
        } else if !is_control(character) {
            out.push(character);
        }
    }
    out
}

/// What follows a terminal colour sequence (`[`, digits and semicolons, `m`) at the start of
/// `after_escape`, if one is there.
fn colour_sequence_end(after_escape: &str) -> Option<&str> {
    after_escape
        .strip_prefix('[')?
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == ';')
        .strip_prefix('m')
}

/// Refuses a text holding invisible control characters (see `docs/reading.md#control-characters`):
/// neither sent as they are nor stripped without a word; the message names them, the hint gives
/// the value without them, which is also the diagnostic's safe correction (see
/// [`super::suggestion`]).
fn refuse_control_characters(value: &str) -> Result<(), Outcome> {
    if !may_hold_control(value) || !value.chars().any(is_control) {
        return Ok(());
    }
    let mut found: Vec<String> = Vec::new();
    for character in value.chars().filter(|character| is_control(*character)) {
        let code = format!("U+{:04X}", u32::from(character));
        if !found.contains(&code) {
            found.push(code);
        }
    }
    let cleaned = without_controls(value);
    Err(Outcome::Problem(Kind::CaracteresDeControle { found, cleaned }))
}

/// A string that is trimmed, optionally upper-cased, with a minimum length (counted in UTF-16 units
/// like JavaScript's `length`).
pub fn trimmed(raw: Raw<'_>, min: usize, upper: bool) -> Outcome {
    let (cell, value) = match refuse_non_text(raw) {
        Ok(cell) => (cell, js_trim(cell)),
        Err(outcome) => return outcome,
    };
    if shorter_than(value, min) {
        return Outcome::Problem(Kind::TexteTropCourt { min });
    }
    text(if upper {
        uppercase(Some(cell), value)
    } else {
        kept(cell, value)
    })
}

/// Whether `value` has fewer than `min` UTF-16 units (JavaScript's `length`). A character is one
/// or two units for one to four bytes, never fewer than a unit for three bytes: the byte length
/// answers but for short non-ASCII texts, which are counted.
fn shorter_than(value: &str, min: usize) -> bool {
    if value.len() < min {
        return true;
    }
    if value.len() >= 3 * min {
        return false;
    }
    value.encode_utf16().count() < min
}

/// `value`, a part of `original` when given, upper-cased: `original`'s own text when it is all of
/// it and already upper-case ASCII (an INE, a code), as most are; else a new one.
fn uppercase(original: Option<&Text>, value: &str) -> Text {
    if !value.bytes().all(|byte| byte.is_ascii() && !byte.is_ascii_lowercase()) {
        return value.to_uppercase_smolstr();
    }
    match original {
        Some(original) => kept(original, value),
        None => Text::from(value),
    }
}

/// A string kept exactly as typed (free text the platform does not trim).
pub fn untrimmed(raw: Raw<'_>) -> Outcome {
    match refuse_non_text(raw) {
        Ok(value) => text(value.clone()),
        Err(outcome) => outcome,
    }
}

/// `String(v)` then trimmed (numbers accepted), optionally upper-cased: `id_erp_apprenant`, `ine_apprenant`.
pub fn coerced(raw: Raw<'_>, upper: bool) -> Outcome {
    let value = raw.to_js_string();
    if let Err(outcome) = refuse_control_characters(&value) {
        return outcome;
    }
    let original = match raw {
        Raw::Text(original) => Some(original),
        Raw::Number(_) | Raw::Bool(_) => None,
    };
    let value = js_trim(&value);
    text(match (upper, original) {
        (true, _) => uppercase(original, value),
        (false, Some(original)) => kept(original, value),
        (false, None) => value.into(),
    })
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::rules::test_support::{check, n, t};

    #[test]
    fn reference_vectors() {
        check(
            Field::NomApprenant,
            &[
                (t(" dupont "), r#"= "DUPONT""#),
                (t("Lenôtre"), r#"= "LENÔTRE""#),
                (t("O'Neil-Élodie"), r#"= "O'NEIL-ÉLODIE""#),
                (t("ß"), r#"= "SS""#),
                (t(""), "absent"),
                (t("  "), "error texte-trop-court"),
                (t("\u{FEFF}"), "error texte-trop-court"),
                (n(123.0), "error texte-attendu"),
                // Invisible control characters: refused, the value without them in the hint.
                (t("Du\u{0}pont"), "error caracteres-de-controle"),
                (t("\u{1B}[31mDupont"), "error caracteres-de-controle"),
                (t("Du\u{85}pont"), "error caracteres-de-controle"),
            ],
        );
        check(
            Field::PrenomApprenant,
            &[(t(" jean "), r#"= "jean""#), (n(42.0), "error texte-attendu")],
        );
        check(
            Field::IdErpApprenant,
            &[
                (t("  x  "), r#"= "x""#),
                (n(12345.0), r#"= "12345""#),
                (crate::Cell::Bool(true), r#"= "true""#),
            ],
        );
        check(
            Field::IneApprenant,
            &[
                (t(" 1234567890a "), r#"= "1234567890A""#),
                (t("1234567890A"), r#"= "1234567890A""#),
                (t(" ine-ß "), r#"= "INE-SS""#),
                (t("anything"), r#"= "ANYTHING""#),
                (n(123.0), r#"= "123""#),
            ],
        );
        check(
            Field::LibelleCourtFormation,
            &[
                (t(" AB "), r#"= "AB""#),
                (t("A"), "error texte-trop-court"),
                // JavaScript's length counts UTF-16 units: one for `é`, two for an emoji.
                (t("é"), "error texte-trop-court"),
                (t(" é "), "error texte-trop-court"),
                (t("😀"), r#"= "😀""#),
                (t("éé"), r#"= "éé""#),
                (n(12.0), "error texte-attendu"),
            ],
        );
        check(
            Field::CustomStatutApprenant,
            &[
                (n(12.0), r#"= "12""#),
                (crate::Cell::Bool(true), r#"= "true""#),
                (t("  x "), r#"= "  x ""#),
            ],
        );
        check(
            Field::AdresseApprenant,
            &[
                (t("  1 rue  "), r#"= "1 rue""#),
                (t("  "), r#"= """#),
                (n(12.0), "error texte-attendu"),
            ],
        );
        check(
            Field::CauseExclusionFormation,
            &[(t("  abs  "), r#"= "  abs  ""#), (n(12.0), "error texte-attendu")],
        );
        check(Field::CauseRuptureContrat, &[(t(" x "), r#"= " x ""#)]);
        check(
            Field::NomReferentHandicapFormation,
            &[(t(""), "absent"), (t("Dumas"), r#"= "Dumas""#)],
        );
    }
}
