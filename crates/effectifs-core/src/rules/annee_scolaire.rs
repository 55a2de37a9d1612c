//! `annee_scolaire`: the school year, `AAAA-AAAA`, with identical or consecutive years.
//!
//! It is part of the learner's identity on the platform (one effectif per organisme, school year
//! and learner id), so a typo here creates a second effectif instead of updating the first.

use std::borrow::Cow;

use super::{Outcome, Raw, text};
use crate::diagnostic::Kind;
use crate::text::js_trim;

/// Reads a school year: `/` becomes `-`, ASCII spaces are removed, then `AAAA-AAAA` with years
/// starting with 1 or 2 and the second equal to the first or the next.
pub fn rule(raw: Raw<'_>) -> Outcome {
    let typed = raw.to_js_string();
    let normalised: Cow<'_, str> = if typed.contains([' ', '/']) {
        Cow::Owned(
            typed
                .chars()
                .filter(|c| *c != ' ')
                .map(|c| if c == '/' { '-' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(&typed)
    };
    let normalised = js_trim(&normalised);
    let year = |digits: &str| -> Option<u32> {
        (digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) && matches!(digits.as_bytes()[0], b'1' | b'2'))
            .then(|| digits.parse().ok())
            .flatten()
    };
    let valid = normalised
        .split_once('-')
        .and_then(|(first, second)| Some((year(first)?, year(second)?)))
        .is_some_and(|(first, second)| second == first || second == first + 1);
    if valid {
        text(normalised)
    } else {
        Outcome::Problem(Kind::AnneeScolaireInvalide {
            value: typed.into_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::field::Field;
    use crate::rules::test_support::{check, n, t};

    #[test]
    fn reference_vectors() {
        let bad = "error annee-scolaire-invalide";
        check(
            Field::AnneeScolaire,
            &[
                (t("2024-2025"), r#"= "2024-2025""#),
                (t("2024-2024"), r#"= "2024-2024""#),
                (t("2024/2025"), r#"= "2024-2025""#),
                (t(" 2024 - 2025 "), r#"= "2024-2025""#),
                (t("2024 / 2025"), r#"= "2024-2025""#),
                (t("1999-2000"), r#"= "1999-2000""#),
                (t("2024-2026"), bad),
                (t("2025-2024"), bad),
                (t("0999-1000"), bad),
                (t("3000-3001"), bad),
                (t("2999-3000"), bad),
                (t("2024"), bad),
                (n(2024.0), bad),
                (t("2024–2025"), bad),
                (t("2024\\2025"), bad),
                (t("2024-2025-2026"), bad),
                (t(""), "absent"),
            ],
        );
    }
}
