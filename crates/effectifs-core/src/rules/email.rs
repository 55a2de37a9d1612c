//! E-mail addresses (the platform's zod e-mail pattern).
//!
//! The pattern is ASCII only: an accented letter anywhere makes the address invalid, a frequent
//! surprise for CFAs whose learners type `élodie@…`.

use super::{Outcome, Raw, kept, text};
use crate::diagnostic::Kind;
use crate::text::js_trim;

/// Whether the platform accepts this exact string as an e-mail address: zod 3.25's e-mail pattern
/// `^(?!\.)(?!.*\.\.)([A-Z0-9_'+\-\.]*)[A-Z0-9_+-]@([A-Z0-9][A-Z0-9\-]*\.)+[A-Z]{2,}$`
/// (case-insensitive), read byte by byte: every one of its classes is ASCII, and every part of the
/// address ends at a byte the part cannot hold (`@`, `.`), so the match needs no backtracking. A
/// regular expression (without the look-aheads, which the `regex` crate lacks) cost several times
/// as much per address, for 20 000 different ones in a call (`tests::same_as_the_pattern` keeps
/// it as the reference).
pub fn is_valid(address: &str) -> bool {
    // Byte after byte, each byte's classes read in a table: every class is ASCII, so a non-ASCII
    // byte fails wherever it is.
    let mut bytes = address.as_bytes().iter();
    // The local part, up to the first `@`: `[A-Z0-9_'+\-.]*` then `[A-Z0-9_+-]`, not starting
    // with a dot (first look-ahead), without two dots in a row (second one; in the domain, an empty
    // label). A dot before the first byte stands for both look-aheads, and an empty part ends on it.
    let mut previous = b'.';
    loop {
        let Some(&byte) = bytes.next() else {
            return false;
        };
        let accepted = match byte {
            b'@' => break,
            b'.' => previous != b'.',
            _ => class(byte) & LOCAL != 0,
        };
        if !accepted {
            return false;
        }
        previous = byte;
    }
    if class(previous) & WORD == 0 {
        return false;
    }
    // The domain: labels `[A-Z0-9][A-Z0-9-]*` each followed by a dot, then `[A-Z]{2,}` (after the
    // last dot: the last label, letters only).
    let (mut dots, mut length, mut letters) = (0usize, 0usize, true);
    for &byte in bytes {
        if byte == b'.' {
            if length == 0 {
                return false;
            }
            (dots, length, letters) = (dots + 1, 0, true);
            continue;
        }
        let class = class(byte);
        if class & LABEL == 0 || (length == 0 && byte == b'-') {
            return false;
        }
        letters &= class & LETTER != 0;
        length += 1;
    }
    dots > 0 && length >= 2 && letters
}

/// `[A-Z0-9_+-]`, case-insensitive: the bytes that may end the local part.
const WORD: u8 = 1;
/// `[A-Z0-9_'+-]`: the bytes the local part may hold besides dots.
const LOCAL: u8 = 2;
/// `[A-Z0-9-]`: the bytes of a domain label.
const LABEL: u8 = 4;
/// `[A-Z]`: the bytes of the last label.
const LETTER: u8 = 8;

/// The classes of every byte, in one table.
static CLASSES: [u8; 256] = {
    let mut classes = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        #[allow(clippy::cast_possible_truncation, reason = "below 256")]
        let character = byte as u8;
        let alphanumeric = character.is_ascii_alphanumeric();
        let word = alphanumeric || matches!(character, b'_' | b'+' | b'-');
        classes[byte] = if word { WORD } else { 0 }
            | if word || character == b'\'' { LOCAL } else { 0 }
            | if alphanumeric || character == b'-' { LABEL } else { 0 }
            | if character.is_ascii_alphabetic() { LETTER } else { 0 };
        byte += 1;
    }
    classes
};

/// The classes of `byte` ([`WORD`], [`LOCAL`], [`LABEL`], [`LETTER`]).
fn class(byte: u8) -> u8 {
    CLASSES[usize::from(byte)]
}

/// An e-mail column; `trim` is false for the one column the platform does not trim.
pub fn rule(raw: Raw<'_>, trim: bool) -> Outcome {
    let Raw::Text(value) = raw else {
        return Outcome::Problem(Kind::TexteAttendu {
            value: raw.to_js_string().into_owned(),
        });
    };
    let address = if trim { js_trim(value) } else { value.as_str() };
    if is_valid(address) {
        text(kept(value, address))
    } else {
        Outcome::Problem(Kind::EmailInvalide {
            value: value.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::rules::test_support::{check, n, t};
    use proptest::prelude::*;
    use regex::Regex;

    /// zod 3.25's e-mail pattern without its two look-aheads (no leading dot, no `..`), checked
    /// apart: the `regex` crate has no look-around.
    fn by_the_pattern(address: &str) -> bool {
        let pattern = Regex::new(r"^[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+\-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$")
            .expect("a valid pattern");
        !address.starts_with('.') && !address.contains("..") && pattern.is_match(address)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// The byte-by-byte reading accepts exactly what the pattern does, on strings made of the
        /// characters that matter (the classes' edges, `@`, `.`, a non-ASCII letter and a blank),
        /// shaped like an address or not.
        #[test]
        fn same_as_the_pattern(address in prop_oneof![
            "[aZ09_'+.@é -]{0,12}",
            "[aZ09_'+.é-]{0,4}@[aZ0_é-]{0,3}([.][aZ0_é-]{0,3}){0,2}[.][aZ9é]{0,3}",
            "[a0_'+.-]{0,5}@[a0-]{0,2}([.][a0-]{0,2}){0,2}[.][aZ]{1,3}",
        ]) {
            prop_assert_eq!(super::is_valid(&address), by_the_pattern(&address), "{:?}", address);
        }
    }

    #[test]
    fn reference_vectors() {
        let bad = "error email-invalide";
        check(
            Field::EmailContact,
            &[
                (t(" a@b.fr "), r#"= "a@b.fr""#),
                (t("A@B.FR"), r#"= "A@B.FR""#),
                (t("a'b@x.fr"), r#"= "a'b@x.fr""#),
                (t("a@x-.fr"), r#"= "a@x-.fr""#),
                (t("  "), bad),
                (t("a@b"), bad),
                (t("a.b.fr"), bad),
                (t("a@b.c"), bad),
                (t("é@b.fr"), bad),
                (t("a..b@x.fr"), bad),
                (t(".a@x.fr"), bad),
                (t("a.@x.fr"), bad),
                (t("a@-x.fr"), bad),
                (t("a@x.f"), bad),
                (t("a@x.123"), bad),
                (t("a@x_y.fr"), bad),
                (t("a@x..fr"), bad),
                (t("a@kelvin.\u{212A}m"), bad),
                (n(12.0), "error texte-attendu"),
            ],
        );
        check(
            Field::ResponsableApprenantMail1,
            &[(t(" x@y.fr "), r#"= "x@y.fr""#), (t("bad"), bad)],
        );
        check(
            Field::EmailReferentHandicapFormation,
            &[(t(" a@b.fr "), bad), (t("a@b.fr"), r#"= "a@b.fr""#)],
        );
    }
}
