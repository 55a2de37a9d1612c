//! JavaScript's `new Date(text)` as Node.js (V8) reads a string, for the API's dates
//! (`docs/contract.md#value-types`, P-DATE): the platform turns every string that starts with
//! `AAAA-MM-JJ` into `new Date(text.trim())`, and V8 reads far more than ISO 8601 after that
//! prefix. It first reads the ECMAScript date-time format (`2024-09-01T10:00:00.000+02:00`); what
//! it cannot read that way goes on through its older, lenient reader, which also takes a space
//! before the time, `Z`, `UTC` or `GMT` with an offset, `+00` or `+0200` after a time, American
//! zone names (`EST`, `PDT`…), `AM`/`PM`, words made of letters (`z`, `t`…) and any text between
//! parentheses. This module follows that reader step by step (V8's `src/date/dateparser*`, the
//! engine of the platform's Node.js), so that a posted date is accepted, refused and stored as the
//! API does.

/// A value no component has yet.
const NONE: i32 = i32::MAX;

/// Digits beyond this many in a number are read but not counted, as by V8.
const MAX_SIGNIFICANT_DIGITS: u32 = 9;

/// What V8 makes of a date string: its calendar components (the day may still be past the end of
/// the month: the platform rolls it over), the time of day and the offset from UTC, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Parsed {
    /// The year, as V8 composed it (a two-digit year read by the lenient reader is 19xx or 20xx).
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
    /// The day of the month, 1 to 31.
    pub day: u32,
    /// Milliseconds since the day's midnight (up to `24:00`, the day's end).
    pub millis: i64,
    /// The offset from UTC in seconds; `None` for a local time (the server's zone, UTC).
    pub offset_seconds: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeywordType {
    Invalid,
    MonthName,
    TimeZoneName,
    TimeSeparator,
    AmPm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Invalid,
    Unknown,
    Number { value: i32, length: u32 },
    Symbol(u8),
    WhiteSpace,
    EndOfInput,
    Keyword { kind: KeywordType, value: i32, length: u32 },
}

impl Token {
    fn is_fixed_length_number(self, wanted: u32) -> bool {
        matches!(self, Token::Number { length, .. } if length == wanted)
    }

    fn number(self) -> i32 {
        match self {
            Token::Number { value, .. } => value,
            _ => NONE,
        }
    }

    fn is_symbol(self, symbol: u8) -> bool {
        self == Token::Symbol(symbol)
    }

    fn ascii_sign(self) -> Option<i32> {
        match self {
            Token::Symbol(b'+') => Some(1),
            Token::Symbol(b'-') => Some(-1),
            _ => None,
        }
    }

    fn is_keyword_z(self) -> bool {
        matches!(
            self,
            Token::Keyword {
                kind: KeywordType::TimeZoneName,
                value: 0,
                length: 1
            }
        )
    }
}

/// V8's keywords: the first three letters (lower case) of a word, its type and value.
const KEYWORDS: [([u32; 3], KeywordType, i32); 27] = {
    const fn word(text: &[u8]) -> [u32; 3] {
        let mut out = [0; 3];
        let mut at = 0;
        while at < text.len() {
            out[at] = text[at] as u32;
            at += 1;
        }
        out
    }
    use KeywordType::{AmPm, MonthName, TimeSeparator, TimeZoneName};
    [
        (word(b"jan"), MonthName, 1),
        (word(b"feb"), MonthName, 2),
        (word(b"mar"), MonthName, 3),
        (word(b"apr"), MonthName, 4),
        (word(b"may"), MonthName, 5),
        (word(b"jun"), MonthName, 6),
        (word(b"jul"), MonthName, 7),
        (word(b"aug"), MonthName, 8),
        (word(b"sep"), MonthName, 9),
        (word(b"oct"), MonthName, 10),
        (word(b"nov"), MonthName, 11),
        (word(b"dec"), MonthName, 12),
        (word(b"am"), AmPm, 0),
        (word(b"pm"), AmPm, 12),
        (word(b"ut"), TimeZoneName, 0),
        (word(b"utc"), TimeZoneName, 0),
        (word(b"z"), TimeZoneName, 0),
        (word(b"gmt"), TimeZoneName, 0),
        (word(b"cdt"), TimeZoneName, -5),
        (word(b"cst"), TimeZoneName, -6),
        (word(b"edt"), TimeZoneName, -4),
        (word(b"est"), TimeZoneName, -5),
        (word(b"mdt"), TimeZoneName, -6),
        (word(b"mst"), TimeZoneName, -7),
        (word(b"pdt"), TimeZoneName, -7),
        (word(b"pst"), TimeZoneName, -8),
        (word(b"t"), TimeSeparator, 0),
    ]
};

/// A word's keyword: its first three letters must match, and a longer word is only a month name.
fn keyword(prefix: [u32; 3], length: u32) -> (KeywordType, i32) {
    KEYWORDS
        .iter()
        .find(|(letters, kind, _)| *letters == prefix && (length <= 3 || *kind == KeywordType::MonthName))
        .map_or((KeywordType::Invalid, 0), |(_, kind, value)| (*kind, *value))
}

/// The characters of the string one at a time, `0` at the end (and, as for V8, at a NUL).
struct Reader<'a> {
    rest: std::str::Chars<'a>,
    ch: u32,
}

impl Reader<'_> {
    fn next(&mut self) {
        self.ch = self.rest.next().map_or(0, u32::from);
    }

    fn skip(&mut self, c: u8) -> bool {
        if self.ch == u32::from(c) {
            self.next();
            return true;
        }
        false
    }

    fn is_digit(&self) -> bool {
        (u32::from(b'0')..=u32::from(b'9')).contains(&self.ch)
    }

    fn char(&self) -> char {
        char::from_u32(self.ch).unwrap_or('\0')
    }

    /// A word is made of every character from `A` up but blanks (letters, but also `[`, `_`,
    /// `{`, `~` and every other non-ASCII character, the line separators U+2028 and U+2029
    /// included).
    fn is_word(&self) -> bool {
        self.ch >= u32::from(b'A')
            && (matches!(self.char(), '\u{2028}' | '\u{2029}') || !crate::text::is_js_whitespace(self.char()))
    }

    /// JavaScript's blanks and line ends.
    fn is_white_space(&self) -> bool {
        crate::text::is_js_whitespace(self.char())
    }
}

struct Scanner<'a> {
    input: Reader<'a>,
    next: Token,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        let mut input = Reader {
            rest: text.chars(),
            ch: 0,
        };
        input.next();
        let mut scanner = Scanner {
            input,
            next: Token::EndOfInput,
        };
        scanner.next = scanner.scan();
        scanner
    }

    fn next(&mut self) -> Token {
        let token = self.next;
        self.next = self.scan();
        token
    }

    fn peek(&self) -> Token {
        self.next
    }

    fn skip_symbol(&mut self, symbol: u8) -> bool {
        if self.next.is_symbol(symbol) {
            self.next = self.scan();
            return true;
        }
        false
    }

    fn scan(&mut self) -> Token {
        let input = &mut self.input;
        if input.ch == 0 {
            return Token::EndOfInput;
        }
        if input.is_digit() {
            let (mut value, mut length) = (0_i32, 0_u32);
            // Leading zeros count in the length, not among the significant digits.
            while input.ch == u32::from(b'0') {
                length += 1;
                input.next();
            }
            let mut significant = 0;
            while input.is_digit() {
                if significant < MAX_SIGNIFICANT_DIGITS {
                    significant += 1;
                    #[allow(clippy::cast_possible_wrap, reason = "a decimal digit")]
                    let digit = (input.ch - u32::from(b'0')) as i32;
                    value = value * 10 + digit;
                }
                length += 1;
                input.next();
            }
            return Token::Number { value, length };
        }
        for symbol in [b':', b'-', b'+', b'.', b')'] {
            if input.skip(symbol) {
                return Token::Symbol(symbol);
            }
        }
        if input.is_word() {
            let mut prefix = [0_u32; 3];
            let mut length = 0_u32;
            while input.is_word() {
                if let Some(slot) = prefix.get_mut(length as usize) {
                    *slot = input.ch | 0x20;
                }
                // JavaScript counts UTF-16 units.
                length += if input.ch > 0xFFFF { 2 } else { 1 };
                input.next();
            }
            let (kind, value) = keyword(prefix, length);
            return Token::Keyword { kind, value, length };
        }
        if input.is_white_space() {
            input.next();
            return Token::WhiteSpace;
        }
        if input.ch == u32::from(b'(') {
            let mut balance = 0;
            loop {
                if input.ch == u32::from(b')') {
                    balance -= 1;
                } else if input.ch == u32::from(b'(') {
                    balance += 1;
                }
                input.next();
                if balance <= 0 || input.ch == 0 {
                    break;
                }
            }
            return Token::Unknown;
        }
        input.next();
        Token::Unknown
    }
}

fn between(x: i32, low: i32, high: i32) -> bool {
    (low..=high).contains(&x)
}

fn is_month(x: i32) -> bool {
    between(x, 1, 12)
}

fn is_day(x: i32) -> bool {
    between(x, 1, 31)
}

fn is_hour(x: i32) -> bool {
    between(x, 0, 23)
}

fn is_minute(x: i32) -> bool {
    between(x, 0, 59)
}

/// Components given in order, V8's `comp_` and `index_` of its composers.
struct Slots<const N: usize> {
    values: [i32; N],
    filled: usize,
}

impl<const N: usize> Default for Slots<N> {
    fn default() -> Self {
        Slots {
            values: [0; N],
            filled: 0,
        }
    }
}

impl<const N: usize> Slots<N> {
    /// The next component; `false` when all are given.
    fn add(&mut self, n: i32) -> bool {
        match self.values.get_mut(self.filled) {
            Some(slot) => {
                *slot = n;
                self.filled += 1;
                true
            }
            None => false,
        }
    }

    /// Every component not given yet set to `value`.
    fn fill(&mut self, value: i32) {
        for slot in &mut self.values[self.filled..] {
            *slot = value;
        }
        self.filled = N;
    }
}

#[derive(Default)]
struct DayComposer {
    comp: Slots<3>,
    named_month: Option<i32>,
    is_iso_date: bool,
}

impl DayComposer {
    fn add(&mut self, n: i32) -> bool {
        self.comp.add(n)
    }

    fn write(mut self) -> Option<(i32, u32, u32)> {
        if self.comp.filled < 1 {
            return None;
        }
        self.comp.fill(1);
        let [first, second, third] = self.comp.values;
        let (mut year, month, day) = match self.named_month {
            None if self.is_iso_date || !is_day(first) => (first, second, third),
            None => (third, first, second),
            Some(named) if is_day(first) => (second, named, first),
            Some(named) => (first, named, second),
        };
        if !self.is_iso_date {
            if between(year, 0, 49) {
                year += 2000;
            } else if between(year, 50, 99) {
                year += 1900;
            }
        }
        if !is_month(month) || !is_day(day) {
            return None;
        }
        Some((year, month.unsigned_abs(), day.unsigned_abs()))
    }
}

#[derive(Default)]
struct TimeComposer {
    comp: Slots<4>,
    hour_offset: Option<i32>,
}

impl TimeComposer {
    fn is_empty(&self) -> bool {
        self.comp.filled == 0
    }

    fn is_expecting(&self, n: i32) -> bool {
        match self.comp.filled {
            1 | 2 => is_minute(n),
            3 => between(n, 0, 999),
            _ => false,
        }
    }

    fn add(&mut self, n: i32) -> bool {
        self.comp.add(n)
    }

    fn add_final(&mut self, n: i32) -> bool {
        if !self.add(n) {
            return false;
        }
        self.comp.fill(0);
        true
    }

    fn write(mut self) -> Option<i64> {
        self.comp.fill(0);
        let [mut hour, minute, second, millisecond] = self.comp.values;
        if let Some(offset) = self.hour_offset {
            if !between(hour, 0, 12) {
                return None;
            }
            hour = hour % 12 + offset;
        }
        let in_range = is_hour(hour) && is_minute(minute) && is_minute(second) && between(millisecond, 0, 999);
        // Hour 24 only as 24:00:00.000, the end of the day.
        if !in_range && (hour != 24 || minute != 0 || second != 0 || millisecond != 0) {
            return None;
        }
        Some(((i64::from(hour) * 60 + i64::from(minute)) * 60 + i64::from(second)) * 1000 + i64::from(millisecond))
    }
}

/// A time zone as V8 composed it.
enum Zone {
    /// None given: the server's local time.
    Local,
    /// This many seconds ahead of UTC.
    Offset(i64),
}

struct TimeZoneComposer {
    sign: i32,
    hour: i32,
    minute: i32,
}

impl TimeZoneComposer {
    fn set(&mut self, offset_in_hours: i32) {
        self.sign = if offset_in_hours < 0 { -1 } else { 1 };
        self.hour = offset_in_hours * self.sign;
        self.minute = 0;
    }

    fn is_expecting(&self, n: i32) -> bool {
        self.hour != NONE && self.minute == NONE && is_minute(n)
    }

    fn is_utc(&self) -> bool {
        self.hour == 0 && self.minute == 0
    }

    fn is_empty(&self) -> bool {
        self.hour == NONE
    }

    /// The offset from UTC in seconds (`Zone::Local` without one); `None` where V8 gives up.
    fn write(self) -> Option<Zone> {
        if self.sign == NONE {
            return Some(Zone::Local);
        }
        let hour = if self.hour == NONE { 0 } else { self.hour };
        let minute = if self.minute == NONE { 0 } else { self.minute };
        // V8 adds in unsigned 32 bits and wants a small integer (Node.js: 31 bits).
        let total = hour
            .cast_unsigned()
            .wrapping_mul(3600)
            .wrapping_add(minute.cast_unsigned().wrapping_mul(60));
        if total > i32::MAX.cast_unsigned() {
            return None;
        }
        let total = i64::from(total);
        Some(Zone::Offset(if self.sign < 0 { -total } else { total }))
    }
}

/// V8's milliseconds from a fraction's digits: its first three, padded with zeros.
fn read_milliseconds(token: Token) -> i32 {
    let Token::Number { value, length } = token else {
        return NONE;
    };
    match length {
        1 => value * 100,
        2 => value * 10,
        3 => value,
        _ => value / 10_i32.pow(length.min(MAX_SIGNIFICANT_DIGITS) - 3),
    }
}

/// V8's `ParseES5DateTime`: as far as the ECMAScript format goes. Returns the first token it did
/// not use (for the lenient reader), [`Token::EndOfInput`] when it read everything, or
/// [`Token::Invalid`] when the text can be no date at all.
fn parse_es5(
    scanner: &mut Scanner<'_>,
    day: &mut DayComposer,
    time: &mut TimeComposer,
    tz: &mut TimeZoneComposer,
) -> Token {
    if let Some(sign) = scanner.peek().ascii_sign() {
        let sign_token = scanner.next();
        if !scanner.peek().is_fixed_length_number(6) {
            return sign_token;
        }
        let year = scanner.next().number();
        if sign < 0 && year == 0 {
            return sign_token;
        }
        day.add(sign * year);
    } else if scanner.peek().is_fixed_length_number(4) {
        day.add(scanner.next().number());
    } else {
        return scanner.next();
    }
    if scanner.skip_symbol(b'-') {
        if !scanner.peek().is_fixed_length_number(2) || !is_month(scanner.peek().number()) {
            return scanner.next();
        }
        day.add(scanner.next().number());
        if scanner.skip_symbol(b'-') {
            if !scanner.peek().is_fixed_length_number(2) || !is_day(scanner.peek().number()) {
                return scanner.next();
            }
            day.add(scanner.next().number());
        }
    }
    if matches!(
        scanner.peek(),
        Token::Keyword {
            kind: KeywordType::TimeSeparator,
            ..
        }
    ) {
        scanner.next();
        if parse_es5_time(scanner, time, tz) == Token::Invalid {
            return Token::Invalid;
        }
    } else if scanner.peek() != Token::EndOfInput {
        return scanner.next();
    }
    // A date alone is UTC; a date-time without an offset is local time.
    if tz.is_empty() && time.is_empty() {
        tz.set(0);
    }
    day.is_iso_date = true;
    Token::EndOfInput
}

/// The next token if it is a two-digit number that is `valid` (and zero after hour 24), taken.
fn take_two_digits(scanner: &mut Scanner<'_>, valid: fn(i32) -> bool, hour_is_24: bool) -> Option<i32> {
    let next = scanner.peek();
    if !next.is_fixed_length_number(2) || !valid(next.number()) || (hour_is_24 && next.number() > 0) {
        return None;
    }
    scanner.next();
    Some(next.number())
}

/// The time after `T` in the ECMAScript format: `HH:mm[:ss[.sss]]`, then `Z` or `±hh:mm` (or
/// `±hhmm`), then the end. [`Token::Invalid`] if anything else is there, [`Token::EndOfInput`]
/// otherwise.
fn parse_es5_time(scanner: &mut Scanner<'_>, time: &mut TimeComposer, tz: &mut TimeZoneComposer) -> Token {
    if !scanner.peek().is_fixed_length_number(2) || !between(scanner.peek().number(), 0, 24) {
        return Token::Invalid;
    }
    let hour_is_24 = scanner.peek().number() == 24;
    time.add(scanner.next().number());
    if !scanner.skip_symbol(b':') {
        return Token::Invalid;
    }
    // Minutes, then optional seconds: two digits each, zero after hour 24.
    let Some(minute) = take_two_digits(scanner, is_minute, hour_is_24) else {
        return Token::Invalid;
    };
    time.add(minute);
    if scanner.skip_symbol(b':') {
        let Some(second) = take_two_digits(scanner, is_minute, hour_is_24) else {
            return Token::Invalid;
        };
        time.add(second);
        if scanner.skip_symbol(b'.') {
            if !matches!(scanner.peek(), Token::Number { .. }) || (hour_is_24 && scanner.peek().number() > 0) {
                return Token::Invalid;
            }
            time.add(read_milliseconds(scanner.next()));
        }
    }
    if scanner.peek().is_keyword_z() {
        scanner.next();
        tz.set(0);
    } else if let Some(sign) = scanner.peek().ascii_sign() {
        scanner.next();
        tz.sign = sign;
        if scanner.peek().is_fixed_length_number(4) {
            let hour_minute = scanner.next().number();
            let (hour, minute) = (hour_minute / 100, hour_minute % 100);
            if !is_hour(hour) || !is_minute(minute) {
                return Token::Invalid;
            }
            tz.hour = hour;
            tz.minute = minute;
        } else {
            if !scanner.peek().is_fixed_length_number(2) || !is_hour(scanner.peek().number()) {
                return Token::Invalid;
            }
            tz.hour = scanner.next().number();
            if !scanner.skip_symbol(b':') {
                return Token::Invalid;
            }
            if !scanner.peek().is_fixed_length_number(2) || !is_minute(scanner.peek().number()) {
                return Token::Invalid;
            }
            tz.minute = scanner.next().number();
        }
    }
    if scanner.peek() != Token::EndOfInput {
        return Token::Invalid;
    }
    Token::EndOfInput
}

/// Reads `text` as V8's `Date` parser does; `None` where JavaScript makes an invalid date.
pub(super) fn parse(text: &str) -> Option<Parsed> {
    let mut scanner = Scanner::new(text);
    let mut day = DayComposer::default();
    let mut time = TimeComposer::default();
    let mut tz = TimeZoneComposer {
        sign: NONE,
        hour: NONE,
        minute: NONE,
    };
    let mut token = parse_es5(&mut scanner, &mut day, &mut time, &mut tz);
    if token == Token::Invalid {
        return None;
    }
    let mut has_read_number = day.comp.filled > 0;
    while token != Token::EndOfInput {
        match token {
            Token::Number { value: n, .. } => {
                has_read_number = true;
                if !read_number(n, &mut scanner, &mut day, &mut time, &mut tz) {
                    return None;
                }
            }
            Token::Keyword { kind, value, .. } => {
                if kind == KeywordType::AmPm && !time.is_empty() {
                    time.hour_offset = Some(value);
                } else if kind == KeywordType::MonthName {
                    day.named_month = Some(value);
                    scanner.skip_symbol(b'-');
                } else if kind == KeywordType::TimeZoneName && has_read_number {
                    tz.set(value);
                } else {
                    // A word that means nothing, after a number: not a date.
                    if has_read_number {
                        return None;
                    }
                    if matches!(scanner.peek(), Token::Number { .. }) {
                        return None;
                    }
                }
            }
            Token::Symbol(_) if token.ascii_sign().is_some() && (tz.is_utc() || !time.is_empty()) => {
                tz.sign = token.ascii_sign().unwrap_or(1);
                let (mut n, mut length) = (0, 0);
                if let Token::Number { value, length: digits } = scanner.peek() {
                    scanner.next();
                    (n, length) = (value, digits);
                }
                has_read_number = true;
                if scanner.peek().is_symbol(b':') {
                    tz.hour = n;
                    tz.minute = NONE;
                } else if length == 1 || length == 2 {
                    tz.hour = n;
                    tz.minute = 0;
                } else if length == 3 || length == 4 {
                    tz.hour = n / 100;
                    tz.minute = n % 100;
                } else {
                    return None;
                }
            }
            Token::Symbol(symbol) if (token.ascii_sign().is_some() || symbol == b')') && has_read_number => {
                return None;
            }
            _ => {}
        }
        token = scanner.next();
    }
    let (year, month, day) = day.write()?;
    let millis = time.write()?;
    let offset_seconds = match tz.write()? {
        Zone::Local => None,
        Zone::Offset(seconds) => Some(seconds),
    };
    Some(Parsed {
        year,
        month,
        day,
        millis,
        offset_seconds,
    })
}

/// V8's branch for a number met by the lenient reader: a time's hours or minutes (before `:`),
/// seconds and milliseconds (`ss.sss`), an offset's minutes, a time's last part, or a part of
/// the day. `false` where V8 gives up.
fn read_number(
    n: i32,
    scanner: &mut Scanner<'_>,
    day: &mut DayComposer,
    time: &mut TimeComposer,
    tz: &mut TimeZoneComposer,
) -> bool {
    if scanner.skip_symbol(b':') {
        if scanner.skip_symbol(b':') {
            if !time.is_empty() {
                return false;
            }
            time.add(n);
            time.add(0);
        } else {
            if !time.add(n) {
                return false;
            }
            if scanner.peek().is_symbol(b'.') {
                scanner.next();
            }
        }
    } else if scanner.peek().is_symbol(b'.') && time.is_expecting(n) {
        scanner.next();
        time.add(n);
        if !matches!(scanner.peek(), Token::Number { .. }) {
            return false;
        }
        let millis = read_milliseconds(scanner.next());
        if millis < 0 {
            return false;
        }
        time.add_final(millis);
    } else {
        // V8 skips a dot even after a number that is no time, then reads on: an offset's
        // minutes, a time's last part, or a part of the day.
        scanner.skip_symbol(b'.');
        if tz.is_expecting(n) {
            tz.minute = n;
        } else if time.is_expecting(n) {
            time.add_final(n);
            let peek = scanner.peek();
            if !matches!(peek, Token::EndOfInput | Token::WhiteSpace)
                && !peek.is_keyword_z()
                && peek.ascii_sign().is_none()
            {
                return false;
            }
        } else {
            if !day.add(n) {
                return false;
            }
            scanner.skip_symbol(b'-');
        }
    }
    true
}
