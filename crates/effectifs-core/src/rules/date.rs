//! Date columns (D3, D4, D5).
//!
//! Excel serial numbers (date cells or plain numbers) and every spelling of D3 are read; the value
//! is always sent as `AAAA-MM-JJ`. A date that does not exist is an error in every column, because
//! the platform would roll it over to another day (D4). An unreadable date blocks the line when the
//! column is required; in an optional column it is left out with a warning (D5), as the upload page
//! silently does.

use super::{Outcome, Raw};
use crate::cell::Cell;
use crate::date::{Date, DateText};
use crate::diagnostic::{IgnoredBecause, Kind};
use crate::dossier::Value;
use crate::field::{Field, Presence};
use crate::text::js_number_to_string;

/// Reads a date cell for `field`.
pub fn rule(field: Field, cell: &Cell) -> Outcome {
    let unreadable = |value: String| {
        if field.spec().presence == Presence::Required {
            Outcome::Problem(Kind::DateInvalide { value })
        } else {
            Outcome::Problem(Kind::ValeurIgnoree {
                because: IgnoredBecause::UnreadableDate,
                value,
            })
        }
    };
    match cell {
        Cell::Empty => Outcome::Absent,
        Cell::Text(text) if crate::text::js_trim(text).is_empty() => Outcome::Absent,
        Cell::Number(serial) | Cell::Date(serial) => match Date::from_excel_serial(*serial) {
            Some(date) => Outcome::Value(Value::Date(date)),
            None => unreadable(js_number_to_string(*serial)),
        },
        Cell::Text(text) => match Date::parse_text(text) {
            DateText::Valid(date) => Outcome::Value(Value::Date(date)),
            DateText::Impossible => Outcome::Problem(Kind::DateInexistante {
                value: text.to_string(),
            }),
            DateText::Unreadable => unreadable(text.to_string()),
        },
        Cell::Bool(value) => unreadable(if *value { "VRAI" } else { "FAUX" }.to_owned()),
        Cell::Error(value) => Outcome::Problem(Kind::CelluleEnErreur { value: value.clone() }),
    }
}

/// Reads a posted JSON value as the API does (D14): only a string starting with
/// `AAAA-MM-JJ` is a date, in every date field; an impossible day is still an error (D4).
pub fn json_rule(raw: Raw<'_>) -> Outcome {
    match raw {
        Raw::Text(text) => match Date::parse_api(text) {
            DateText::Valid(date) => Outcome::Value(Value::Date(date)),
            DateText::Impossible => Outcome::Problem(Kind::DateInexistante {
                value: text.to_string(),
            }),
            DateText::Unreadable => Outcome::Problem(Kind::DateNonIso {
                value: text.to_string(),
            }),
        },
        Raw::Number(_) | Raw::Bool(_) => Outcome::Problem(Kind::DateNonIso {
            value: raw.to_js_string().into_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use crate::cell::Cell;
    use crate::field::Field;
    use crate::rules::test_support::{check, n, t};

    /// The national page's date reading and its examples (`docs/reading.md#dates`), widened by D3 and D4.
    #[test]
    fn excel_and_text_dates() {
        check(
            Field::ContratDateDebut,
            &[
                (Cell::Empty, "absent"),
                (t("foo"), "warning date-ignoree"),
                (n(54321.0), r#"= "2048-09-20""#),
                (t("2048-09-20"), r#"= "2048-09-20""#),
                (t("20/09/2048"), r#"= "2048-09-20""#),
                (t("20/09/48"), r#"= "1948-09-20""#),
                (t("20/09/38"), r#"= "2038-09-20""#),
                (Cell::Bool(true), "warning date-ignoree"),
                (t(""), "absent"),
                (n(0.0), r#"= "1899-12-30""#),
                (n(1.0), r#"= "1899-12-31""#),
                (n(60.0), r#"= "1900-02-28""#),
                (n(61.0), r#"= "1900-03-01""#),
                (n(35819.0), r#"= "1998-01-24""#),
                (n(44832.0), r#"= "2022-09-28""#),
                (n(45000.75), r#"= "2023-03-15""#),
                (Cell::Date(45000.75), r#"= "2023-03-15""#),
                (n(-1.0), r#"= "1899-12-29""#),
                (n(1e10), "warning date-ignoree"),
                (n(f64::NAN), "warning date-ignoree"),
                (t("20/09/40"), r#"= "2040-09-20""#),
                (t("20/09/41"), r#"= "1941-09-20""#),
                (t("20/09/00"), r#"= "2000-09-20""#),
                // D4: impossible days are errors, never rolled over.
                (t("31/02/2024"), "error date-inexistante"),
                (t("2024-02-30"), "error date-inexistante"),
                (t("31/04/2024"), "error date-inexistante"),
                (t("32/01/2024"), "error date-inexistante"),
                (t("2023-02-29"), "error date-inexistante"),
                (t("29/02/2024"), r#"= "2024-02-29""#),
                // D3: the spellings the upload page drops but CFAs type.
                (t("1/9/2024"), r#"= "2024-09-01""#),
                (t("01-09-2024"), r#"= "2024-09-01""#),
                (t("01.09.2024"), r#"= "2024-09-01""#),
                (t("2024/09/01"), r#"= "2024-09-01""#),
                (t(" 2024-09-01"), r#"= "2024-09-01""#),
                (t("2024-09-01 "), r#"= "2024-09-01""#),
                (t("2024-10-01T12:00"), r#"= "2024-10-01""#),
                (t("2024-10-01 00:00:00"), r#"= "2024-10-01""#),
                (t("2024-10-01T00:00:00+02:00"), r#"= "2024-10-01""#),
                (t("2024-10-01T00:00:00.000Z"), r#"= "2024-10-01""#),
                (t("2024-10-01Z"), r#"= "2024-10-01""#),
                (t("20/09/2048 10:00"), r#"= "2048-09-20""#),
                (t("2024-10-01abc"), "warning date-ignoree"),
                (t("20240101"), "warning date-ignoree"),
                (t("septembre 2024"), "warning date-ignoree"),
                (t("2024-13-01"), "error date-inexistante"),
            ],
        );
    }

    #[test]
    fn required_dates_block_the_line() {
        check(
            Field::DateDeNaissanceApprenant,
            &[
                (t("2000-10-28"), r#"= "2000-10-28""#),
                (t("2000-02-30"), "error date-inexistante"),
                (t("28/10/2000"), r#"= "2000-10-28""#),
                (t("bad"), "error date-invalide"),
                (Cell::Bool(true), "error date-invalide"),
                (Cell::Empty, "absent"),
            ],
        );
    }
}
