//! E-mail addresses (the platform's zod e-mail pattern).
//!
//! The pattern is ASCII only: an accented letter anywhere makes the address invalid, a frequent
//! surprise for CFAs whose learners type `élodie@…`.

use std::sync::OnceLock;

use regex::Regex;

use super::{Outcome, Raw, kept, text};
use crate::diagnostic::Kind;
use crate::text::js_trim;

fn pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    // zod 3.25's e-mail regex without its two look-aheads (no leading dot, no `..`), which are
    // checked separately because the `regex` crate has no look-around.
    PATTERN.get_or_init(|| {
        Regex::new(r"^[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+\-]@([A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$")
            .unwrap_or_else(|_| unreachable!("the pattern is a valid constant"))
    })
}

/// Whether the platform accepts this exact string as an e-mail address.
pub fn is_valid(address: &str) -> bool {
    !address.starts_with('.') && !address.contains("..") && pattern().is_match(address)
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
