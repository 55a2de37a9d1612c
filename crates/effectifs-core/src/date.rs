//! Calendar dates as CFAs type them, and as the contract wants them (`AAAA-MM-JJ`).
//!
//! A date cell may be an Excel serial number, an ISO date, a French `JJ/MM/AAAA` or one of the other
//! spellings of D3. A date that matches a pattern but does not exist (`31/02/2024`) is kept apart
//! from unreadable text, because the reference would silently roll it over to another day (D4).

mod js_parse;

use chrono::{Datelike, NaiveDate};

/// A calendar day (no time, no time zone: the contract works on UTC calendar days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

/// What a date text turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateText {
    /// A real calendar day.
    Valid(Date),
    /// Shaped like a date, but that day does not exist (`31/02/2024`, month 13, day 0).
    Impossible,
    /// Not a date in any accepted spelling.
    Unreadable,
}

/// Milliseconds in a day, JavaScript's unit of time.
const MILLIS_PER_DAY: i64 = 24 * 60 * 60 * 1000;

/// Days between 0001-01-01 (chrono's day 1) and 1899-12-30 (Excel's day 0).
const EXCEL_EPOCH_FROM_CE: i32 = 693_594;

impl Date {
    /// The day with this year, month and day, if it exists.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }

    /// Reads an ISO `AAAA-MM-JJ` string exactly (used by tests and by command-line options).
    pub fn parse_iso(text: &str) -> Option<Date> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .filter(|_| text.len() == 10)
            .map(Date)
    }

    /// The day of an Excel serial number: 1899-12-30 plus the whole days, fractions (time of day)
    /// dropped, as the reference's `parseExcelDate` does (including its 1900 leap-year quirk).
    pub fn from_excel_serial(serial: f64) -> Option<Date> {
        if !serial.is_finite() {
            return None;
        }
        let days = serial.floor();
        // Keep to four-digit years, the only ones the contract can carry as `AAAA-MM-JJ`.
        if !(-693_593.0..=2_958_465.0).contains(&days) {
            return None;
        }
        #[allow(clippy::cast_possible_truncation, reason = "range checked above")]
        let days = days as i32;
        NaiveDate::from_num_days_from_ce_opt(EXCEL_EPOCH_FROM_CE + days).map(Date)
    }

    /// The Excel serial number of this day (for writing workbooks).
    pub fn to_excel_serial(self) -> f64 {
        f64::from(self.0.num_days_from_ce() - EXCEL_EPOCH_FROM_CE)
    }

    /// Reads a date typed as text, in every spelling of D3: `AAAA-MM-JJ` (optionally followed by a
    /// time, which is dropped), `AAAA/MM/JJ`, `JJ/MM/AAAA`, `J/M/AAAA`, `JJ/MM/AA` (years up to 40
    /// are 20xx), `JJ.MM.AAAA`, `JJ-MM-AAAA`, with surrounding blanks.
    pub fn parse_text(text: &str) -> DateText {
        let text = crate::text::js_trim(text);
        let Some((first, second, third, rest)) = split_three_numbers(text) else {
            return DateText::Unreadable;
        };
        if !rest.is_empty() && !is_time_suffix(rest) {
            return DateText::Unreadable;
        }
        let (year, month, day) = match (first.len(), second.len(), third.len()) {
            (4, 1..=2, 1..=2) => (parse(first), parse(second), parse(third)),
            (1..=2, 1..=2, 4) => (parse(third), parse(second), parse(first)),
            (1..=2, 1..=2, 2) => {
                let short = parse(third);
                (
                    if short <= 40 { 2000 + short } else { 1900 + short },
                    parse(second),
                    parse(first),
                )
            }
            _ => return DateText::Unreadable,
        };
        #[allow(clippy::cast_possible_wrap, reason = "at most four digits")]
        match Date::from_ymd(year as i32, month, day) {
            Some(date) => DateText::Valid(date),
            None => DateText::Impossible,
        }
    }

    /// Reads a date the way the API reads a JSON string (D14, `docs/contract.md`): only text that
    /// *starts* with `AAAA-MM-JJ` is a date, and the whole text (blanks trimmed) must then be what
    /// JavaScript's `Date` parser reads (`date/js_parse.rs`: an ISO 8601 time and offset, but also a
    /// space before the time, `UTC`, `+00`, `+0200` after a time, `PM`…). The day is the instant's
    /// UTC calendar day, as the platform stores it (a time without offset is read in UTC, the
    /// server's zone). A day or month out of range is [`DateText::Impossible`] (the API would roll
    /// `2024-02-30` over to March, D4); any other text, including `JJ/MM/AAAA`, leading blanks, and
    /// the rare text whose `AAAA-MM-JJ` JavaScript reads as another day (`0012-09-01 10:00` is
    /// 9 December 2001 to it), is [`DateText::Unreadable`].
    pub fn parse_api(text: &str) -> DateText {
        match Date::parse_api_instant(text) {
            Ok((day, _)) => DateText::Valid(day),
            Err(other) => other,
        }
    }

    /// The instant the platform stores for a posted date string, as its UTC day and the
    /// milliseconds after that day's midnight (0 for a date alone): what the platform compares
    /// when it checks that the formation does not end before it starts (D6). `None` where
    /// [`Date::parse_api`] gives no day.
    pub fn api_time_of_day(text: &str) -> Option<i64> {
        Date::parse_api_instant(text).ok().map(|(_, millis)| millis)
    }

    /// [`Date::parse_api`] with the instant's milliseconds in its UTC day.
    fn parse_api_instant(text: &str) -> Result<(Date, i64), DateText> {
        let bytes = text.as_bytes();
        let prefix = bytes.len() >= 10
            && bytes[..4].iter().all(u8::is_ascii_digit)
            && bytes[4] == b'-'
            && bytes[5..7].iter().all(u8::is_ascii_digit)
            && bytes[7] == b'-'
            && bytes[8..10].iter().all(u8::is_ascii_digit);
        if !prefix {
            return Err(DateText::Unreadable);
        }
        #[allow(clippy::cast_possible_wrap, reason = "at most four digits")]
        let written = (parse(&text[..4]) as i32, parse(&text[5..7]), parse(&text[8..10]));
        let day = Date::from_ymd(written.0, written.1, written.2);
        let rest = &text[10..];
        let parsed = if rest.is_empty() {
            // The common case, without the parser: a date alone is that day (or rolled over).
            (1..=12)
                .contains(&written.1)
                .then_some(())
                .and((1..=31).contains(&written.2).then_some(()))
                .map(|()| js_parse::Parsed {
                    year: written.0,
                    month: written.1,
                    day: written.2,
                    millis: 0,
                    offset_seconds: Some(0),
                })
        } else {
            js_parse::parse(text.trim_end_matches(crate::text::is_js_whitespace))
        };
        let Some(parsed) = parsed else {
            // Month 13 or day 32 are no day; anything else JavaScript cannot read is no date.
            return Err(if day.is_none() {
                DateText::Impossible
            } else {
                DateText::Unreadable
            });
        };
        if (parsed.year, parsed.month, parsed.day) != written {
            return Err(DateText::Unreadable);
        }
        let Some(day) = day else {
            return Err(DateText::Impossible);
        };
        let instant = parsed.millis - parsed.offset_seconds.unwrap_or(0) * 1000;
        match day.add_days(instant.div_euclid(MILLIS_PER_DAY)) {
            Some(day) => Ok((day, instant.rem_euclid(MILLIS_PER_DAY))),
            None => Err(DateText::Unreadable),
        }
    }

    /// `AAAA-MM-JJ`, the contract's spelling.
    pub fn to_iso(self) -> String {
        match self.iso() {
            IsoDate::Long(text) => text,
            short @ IsoDate::Short(_) => short.as_str().to_owned(),
        }
    }

    /// `JJ/MM/AAAA`, the spelling French users read.
    pub fn to_french(self) -> String {
        match self.iso() {
            // The digits of `AAAA-MM-JJ` moved around, without the formatter's machinery (every
            // date cell of a table or a workbook is spelled this way).
            IsoDate::Short(iso) => {
                let french = [
                    iso[8], iso[9], b'/', iso[5], iso[6], b'/', iso[0], iso[1], iso[2], iso[3],
                ];
                std::str::from_utf8(&french).unwrap_or_default().to_owned()
            }
            IsoDate::Long(_) => format!("{:02}/{:02}/{:04}", self.0.day(), self.0.month(), self.0.year()),
        }
    }

    /// The day `days` later (earlier when negative); `None` past the calendar's range.
    pub fn add_days(self, days: i64) -> Option<Date> {
        self.0.checked_add_signed(chrono::TimeDelta::try_days(days)?).map(Date)
    }

    /// Whole days from `earlier` to `self` (negative when `self` comes first).
    pub fn days_since(self, earlier: Date) -> i64 {
        (self.0 - earlier.0).num_days()
    }

    /// A count of days since 0001-01-01, handy for interval arithmetic.
    pub fn day_number(self) -> i32 {
        self.0.num_days_from_ce()
    }

    /// The day of [`Date::day_number`].
    pub fn from_day_number(number: i32) -> Option<Date> {
        NaiveDate::from_num_days_from_ce_opt(number).map(Date)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u32 {
        self.0.month()
    }

    /// `AAAA-MM-JJ` without allocating (the JSON writers spell a million dates per large file).
    pub fn iso(self) -> IsoDate {
        let (year, month, day) = (self.0.year(), self.0.month(), self.0.day());
        match u32::try_from(year) {
            Ok(year) if year <= 9999 => {
                let mut bytes = [b'-'; 10];
                for (at, (value, width)) in [(0, (year, 4)), (5, (month, 2)), (8, (day, 2))] {
                    let mut rest = value;
                    for slot in bytes[at..at + width].iter_mut().rev() {
                        #[allow(clippy::cast_possible_truncation, reason = "a single decimal digit")]
                        let digit = (rest % 10) as u8;
                        *slot = b'0' + digit;
                        rest /= 10;
                    }
                }
                IsoDate::Short(bytes)
            }
            // Beyond four digits (no file can spell such a day): the formatter's spelling.
            _ => IsoDate::Long(format!("{year:04}-{month:02}-{day:02}")),
        }
    }
}

/// The text of [`Date::iso`]: the same characters as [`Date::to_iso`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IsoDate {
    /// A four-digit year: ten ASCII bytes.
    Short([u8; 10]),
    /// Any other year.
    Long(String),
}

impl IsoDate {
    /// The text.
    pub fn as_str(&self) -> &str {
        match self {
            // Only ASCII digits and dashes are written: never empty in practice.
            IsoDate::Short(bytes) => std::str::from_utf8(bytes).unwrap_or_default(),
            IsoDate::Long(text) => text,
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.to_iso())
    }
}

fn parse(digits: &str) -> u32 {
    // Callers only pass 1 to 4 ASCII digits.
    digits
        .bytes()
        .fold(0, |value, digit| value * 10 + u32::from(digit - b'0'))
}

/// Splits `12/05/2024…` into three digit runs joined by one shared separator (`/`, `-` or `.`),
/// and what follows them.
fn split_three_numbers(text: &str) -> Option<(&str, &str, &str, &str)> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let first_len = digits(text);
    if first_len == 0 || first_len > 4 {
        return None;
    }
    let separator = *text.as_bytes().get(first_len)?;
    if !matches!(separator, b'/' | b'-' | b'.') {
        return None;
    }
    let after_first = &text[first_len + 1..];
    let second_len = digits(after_first);
    if second_len == 0 || second_len > 2 || after_first.as_bytes().get(second_len) != Some(&separator) {
        return None;
    }
    let after_second = &after_first[second_len + 1..];
    let third_len = digits(after_second);
    if third_len == 0 || third_len > 4 {
        return None;
    }
    // `AAAA.MM.JJ` and `AAAA-MM-JJ` are fine, but a four-digit year needs its own position.
    if first_len == 4 && separator == b'.' {
        return None;
    }
    Some((
        &text[..first_len],
        &after_first[..second_len],
        &after_second[..third_len],
        &after_second[third_len..],
    ))
}

/// A time of day after the date: `T10:00`, ` 10:00:00`, `T00:00:00.000Z`, `T10:00+02:00`, or `Z`.
fn is_time_suffix(rest: &str) -> bool {
    let Some(time) = rest.strip_prefix(['T', 't', ' ']) else {
        return rest == "Z";
    };
    let time = crate::text::js_trim(time);
    let bytes = time.as_bytes();
    bytes.len() >= 4
        && bytes[0].is_ascii_digit()
        && time.contains(':')
        && time
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b':' | b'.' | b'+' | b'-' | b'Z' | b'z'))
}

#[cfg(test)]
mod tests {
    use super::Date;

    /// The API's reading of a JSON date string (P-DATE of the contract), its probed vectors.
    #[test]
    fn api_dates() {
        use super::DateText;
        let cases: &[(&str, Option<&str>)] = &[
            ("2000-10-28", Some("2000-10-28")),
            ("2000-10-28T10:00:00+02:00", Some("2000-10-28")),
            ("2024-10-01T00:00:00+02:00", Some("2024-09-30")),
            ("2024-10-01T23:30:00-0100", Some("2024-10-02")),
            ("1998-01-23T23:00:00.000Z", Some("1998-01-23")),
            ("2024-10-01T12:00", Some("2024-10-01")),
            ("2024-10-01 12:00", Some("2024-10-01")),
            ("2024-10-01 00:00:00", Some("2024-10-01")),
            ("2024-10-01Z", Some("2024-10-01")),
            ("2024-10-01 ", Some("2024-10-01")),
            ("0000-01-01", Some("0000-01-01")),
            ("2024-01-01T12:34:56Z", Some("2024-01-01")),
            (" 2000-10-28", None),
            ("28/10/2000", None),
            ("20001028", None),
            ("2024-9-1", None),
            ("", None),
            ("2024-10-01abc", None),
            ("2024-10-01T25:00", None),
            ("2024-10-01T12:00+2", None),
            ("2024-10-01T12:00:00.Z", None),
            // Hour 24 as V8 reads it: 24:00 is the next day's midnight, nothing past it is a time.
            ("2024-10-01T24:00:00Z", Some("2024-10-02")),
            ("2024-10-01T24:00Z", Some("2024-10-02")),
            ("2024-10-01T24:00:00.000Z", Some("2024-10-02")),
            ("2024-10-01T24:00:00.0Z", Some("2024-10-02")),
            ("2024-10-01 24:00:00", Some("2024-10-02")),
            ("2024-12-31T24:00:00Z", Some("2025-01-01")),
            ("2024-02-29T24:00:00Z", Some("2024-03-01")),
            ("2024-10-01T24:00:00+02:00", Some("2024-10-01")),
            ("2024-10-01T24:00:00-05:00", Some("2024-10-02")),
            ("2024-10-01T24:00:01Z", None),
            ("2024-10-01T24:01:00Z", None),
            ("2024-10-01T24:00:00.001Z", None),
            ("2024-10-01T24Z", None),
            ("2024-10-01T10:00:60Z", None),
            ("2024-10-01T10:00:00+24:00", None),
            // What JavaScript's lenient reader takes after the ISO format gave up (V8's legacy
            // parser): ERPs' own spellings of an instant (PostgreSQL, Ruby, `Date.toString`…).
            ("2024-10-01 00:00:00+00", Some("2024-10-01")),
            ("2024-10-01 00:00:00.123456+00", Some("2024-10-01")),
            ("2024-10-01 00:00:00+02", Some("2024-09-30")),
            ("2024-10-01 00:00:00 UTC", Some("2024-10-01")),
            ("2024-10-01 00:30:00 +0200", Some("2024-09-30")),
            ("2024-10-01 23:00:00 -0130", Some("2024-10-02")),
            ("2024-10-01 10:00:00 GMT+0200", Some("2024-10-01")),
            ("2024-10-01 11:00 PM EST", Some("2024-10-02")),
            ("2024-10-01 12:00 am", Some("2024-10-01")),
            ("2024-10-01t10:00:00z", Some("2024-10-01")),
            ("2024-10-01 Z", Some("2024-10-01")),
            ("2024-10-01  10:00", Some("2024-10-01")),
            ("2024-10-01\u{a0}10:00", Some("2024-10-01")),
            ("2024-10-01 10:00:00 (heure de Paris)", Some("2024-10-01")),
            ("2024-10-01 10:00:00 +02:00 (CEST)", Some("2024-10-01")),
            ("2024-10-01 10::", Some("2024-10-01")),
            ("2024-10-01 10:00 CET", None),
            ("2024-10-01 noon", None),
            ("2024-10-01 10", None),
            ("2024-10-01T10", None),
            ("2024-10-01T10:00:00 +02:00", None),
            ("2024-10-01T10:00:00+02", None),
            ("2024-10-01 13:00 PM", None),
            ("2024-10-01 10:00 +12345", None),
            ("2024-10-01 10:00 ++02", None),
            ("2024-10-01 10:00:00)", None),
            // JavaScript reads these as another day than the one written (year 2000, 9 December
            // 2001, 1 September): not the date the user wrote, so no date.
            ("0000-01-01 UTC", None),
            ("0000-01-01Z", None),
            ("0012-09-01 10:00", None),
            ("2024-01-02 Sep", None),
            ("2024-10-011", None),
        ];
        for (text, expected) in cases {
            let actual = match Date::parse_api(text) {
                DateText::Valid(date) => Some(date.to_iso()),
                DateText::Impossible => Some("impossible".to_owned()),
                DateText::Unreadable => None,
            };
            assert_eq!(actual.as_deref(), *expected, "{text:?}");
        }
        for impossible in [
            "2024-02-30",
            "2023-02-29",
            "2024-04-31",
            "2000-13-45",
            "2024-00-10",
            "2024-01-00",
            "2024-02-30T24:00:00Z",
            "2024-02-30 10:00:00 UTC",
            "2024-02-31 Z",
            "2024-13-01 10:00",
        ] {
            assert_eq!(Date::parse_api(impossible), DateText::Impossible, "{impossible}");
        }
    }

    #[test]
    fn iso_spells_like_to_iso() {
        let cases = [
            (2026, 11, 23),
            (2000, 2, 29),
            (1, 1, 1),
            (999, 12, 31),
            (9999, 12, 31),
            (0, 1, 1),
            (-1, 6, 5),
            (10_000, 1, 1),
        ];
        for (year, month, day) in cases {
            let date = Date::from_ymd(year, month, day).expect("a real day");
            assert_eq!(date.iso().as_str(), date.to_iso(), "{year}-{month}-{day}");
            // Both spellings as the formatter gives them, whatever the year.
            assert_eq!(date.to_iso(), format!("{year:04}-{month:02}-{day:02}"));
            assert_eq!(date.to_french(), format!("{day:02}/{month:02}/{year:04}"));
        }
    }
}
