//! Calendar dates as CFAs type them, and as the contract wants them (`AAAA-MM-JJ`).
//!
//! A date cell may be an Excel serial number, an ISO date, a French `JJ/MM/AAAA` or one of the other
//! spellings of D3. A date that matches a pattern but does not exist (`31/02/2024`) is kept apart
//! from unreadable text, because the reference would silently roll it over to another day (D4).

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
    /// *starts* with `AAAA-MM-JJ` is a date; the rest may be a time of day with an optional `Z` or
    /// `±hh:mm` offset, then blanks. The day is the instant's UTC calendar day, as the platform
    /// stores it (a time without offset is read in UTC, the server's zone). A day or month out of
    /// range is [`DateText::Impossible`] (the API would roll `2024-02-30` over to March, D4); any
    /// other text, including `JJ/MM/AAAA` and leading blanks, is [`DateText::Unreadable`].
    pub fn parse_api(text: &str) -> DateText {
        let bytes = text.as_bytes();
        let prefix = bytes.len() >= 10
            && bytes[..4].iter().all(u8::is_ascii_digit)
            && bytes[4] == b'-'
            && bytes[5..7].iter().all(u8::is_ascii_digit)
            && bytes[7] == b'-'
            && bytes[8..10].iter().all(u8::is_ascii_digit);
        if !prefix {
            return DateText::Unreadable;
        }
        let Some(minutes) = api_time_minutes(text[10..].trim_end_matches(crate::text::is_js_whitespace)) else {
            return DateText::Unreadable;
        };
        #[allow(clippy::cast_possible_wrap, reason = "at most four digits")]
        let day = Date::from_ymd(parse(&text[..4]) as i32, parse(&text[5..7]), parse(&text[8..10]));
        match day.and_then(|day| day.add_days(minutes.div_euclid(24 * 60))) {
            Some(day) => DateText::Valid(day),
            None => DateText::Impossible,
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

/// What follows the date in a string the API reads as a date: nothing, `Z`, or a time of day
/// (`T` or a space, `hh:mm`, optional `:ss` and fraction) with an optional `Z` or `±hh:mm`/`±hhmm`
/// offset. Returns the instant's minutes from the day's UTC midnight (negative or beyond a day when
/// the offset moves it to another day); `None` when JavaScript's date parser would refuse it. Hour
/// 24 is read as JavaScript reads it: `24:00` (seconds and fraction zero, if given) is the midnight
/// that ends the day, the next day's first instant; anything past it is refused.
fn api_time_minutes(rest: &str) -> Option<i64> {
    if rest.is_empty() || rest == "Z" {
        return Some(0);
    }
    let time = rest.strip_prefix(['T', ' '])?;
    let two = |text: &str, at: usize, max: i64| -> Option<i64> {
        let digits = text.get(at..at + 2)?;
        let value = i64::from(u8::try_from(parse_digits(digits)?).ok()?);
        (value <= max).then_some(value)
    };
    let hours = two(time, 0, 24)?;
    if time.as_bytes().get(2) != Some(&b':') {
        return None;
    }
    let minutes = two(time, 3, 59)?;
    // Whether the time is past hh:mm:00.000 (only 24:00 itself may have hour 24).
    let mut past_minute = false;
    let mut at = 5;
    if time.as_bytes().get(at) == Some(&b':') {
        past_minute = two(time, at + 1, 59)? > 0;
        at += 3;
        if time.as_bytes().get(at) == Some(&b'.') {
            let digits = &time.as_bytes()[at + 1..];
            let fraction = digits.iter().take_while(|byte| byte.is_ascii_digit()).count();
            if fraction == 0 {
                return None;
            }
            past_minute |= digits[..fraction].iter().any(|digit| *digit != b'0');
            at += 1 + fraction;
        }
    }
    if hours == 24 && (minutes > 0 || past_minute) {
        return None;
    }
    let local = hours * 60 + minutes;
    let zone = &time[at..];
    let offset = match zone.as_bytes().first() {
        None | Some(b'Z') if zone.len() <= 1 => 0,
        Some(sign @ (b'+' | b'-')) => {
            let digits = &zone[1..];
            let (hours, minutes) = match digits.len() {
                5 if digits.as_bytes()[2] == b':' => (two(digits, 0, 23)?, two(digits, 3, 59)?),
                4 => (two(digits, 0, 23)?, two(digits, 2, 59)?),
                _ => return None,
            };
            let offset = hours * 60 + minutes;
            if *sign == b'-' { -offset } else { offset }
        }
        _ => return None,
    };
    Some(local - offset)
}

/// The value of 1 to 4 ASCII digits, `None` for anything else.
fn parse_digits(digits: &str) -> Option<u32> {
    (!digits.is_empty() && digits.len() <= 4 && digits.bytes().all(|b| b.is_ascii_digit())).then(|| parse(digits))
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
