//! JavaScript string and number semantics the national contract depends on.
//!
//! The reference is written in TypeScript: its `trim`, `String(number)` and `parseInt` decide what
//! a cell becomes. Rust's own functions differ at the edges (`str::trim` keeps U+FEFF and removes
//! U+0085), so the engine uses these helpers wherever the reference trims or converts.

/// Is `c` in JavaScript's `String.prototype.trim` set (Unicode `White_Space` minus U+0085, plus U+FEFF)?
pub fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{0009}'..='\u{000D}'
            | '\u{0020}'
            | '\u{00A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
            | '\u{FEFF}'
    )
}

/// JavaScript `s.trim()`.
pub fn js_trim(text: &str) -> &str {
    // Most cells have no surrounding blanks: two byte checks answer without walking characters.
    if let (Some(first), Some(last)) = (text.as_bytes().first(), text.as_bytes().last())
        && first.is_ascii_graphic()
        && last.is_ascii_graphic()
    {
        return text;
    }
    text.trim_matches(is_js_whitespace)
}

/// JavaScript `String(n)`: integers print without a decimal point (`75001`, `77937827200016`),
/// every number in its shortest round-trip digits, in the exponent form from 1e21 and below 1e-6.
pub fn js_number_to_string(number: f64) -> String {
    if number.is_nan() {
        return "NaN".to_owned();
    }
    if number.is_infinite() {
        return if number > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if number == 0.0 {
        return "0".to_owned();
    }
    if number.fract() == 0.0 && number.abs() < 9_007_199_254_740_992.0 {
        // Below 2^53 the integer is exact as an `i64`, whose digits are far cheaper to write than
        // the float formatter's (a code postal or a SIRET posted as a number, on every line).
        #[allow(clippy::cast_possible_truncation, reason = "a whole number below 2^53 in magnitude")]
        return (number as i64).to_string();
    }
    if number.abs() >= 1e21 || number.abs() < 1e-6 {
        // JavaScript's exponent form (`1e+308`, `1.5e-7`), the shortest digits that read back the
        // same: Rust's plain form would spell 1e308 with 309 digits in a message.
        let text = format!("{number:e}");
        return match text.split_once('e') {
            Some((digits, exponent)) if !exponent.starts_with('-') => format!("{digits}e+{exponent}"),
            _ => text,
        };
    }
    // JavaScript's plain form: the shortest digits that read back the same, zeros after them up to
    // the point (`2 ** 60` is `1152921504606847000`, not its exact `1152921504606846976`).
    format!("{number}")
}

/// JavaScript `parseInt(text, 10)`: leading blanks skipped, optional sign, then the longest run of
/// ASCII digits; `None` where JavaScript gives `NaN`.
pub fn js_parse_int(text: &str) -> Option<i64> {
    let rest = text.trim_start_matches(is_js_whitespace);
    let (negative, digits) = match rest.as_bytes().first() {
        Some(b'-') => (true, &rest[1..]),
        Some(b'+') => (false, &rest[1..]),
        _ => (false, rest),
    };
    let end = digits.bytes().take_while(u8::is_ascii_digit).count();
    if end == 0 {
        return None;
    }
    // Values beyond i64 are far outside every code list: saturate rather than fail.
    let value = digits[..end].parse::<i64>().unwrap_or(i64::MAX);
    Some(if negative { -value } else { value })
}

/// JavaScript `Number(text)` for a string: blanks trimmed, empty → 0, decimal or `0x`/`0o`/`0b`
/// integers, exponents, `Infinity`; `None` where JavaScript gives `NaN`.
pub fn js_number_from_str(text: &str) -> Option<f64> {
    let trimmed = js_trim(text);
    if trimmed.is_empty() {
        return Some(0.0);
    }
    let lower = trimmed.to_ascii_lowercase();
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(digits) = lower.strip_prefix(prefix) {
            #[allow(clippy::cast_precision_loss, reason = "JavaScript numbers are f64 too")]
            return u64::from_str_radix(digits, radix).ok().map(|n| n as f64);
        }
    }
    match trimmed {
        "Infinity" | "+Infinity" => return Some(f64::INFINITY),
        "-Infinity" => return Some(f64::NEG_INFINITY),
        _ => {}
    }
    // JavaScript's grammar: digits with an optional dot and exponent; Rust's parser also accepts
    // "inf", "nan" and "infinity", which JavaScript does not.
    let valid = trimmed
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && trimmed.bytes().any(|b| b.is_ascii_digit());
    if !valid {
        return None;
    }
    trimmed.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_semantics() {
        let trims: &[(&str, &str)] = &[
            (" x ", "x"),
            ("\u{FEFF}x\u{00A0}", "x"),
            ("\u{0085}x", "\u{0085}x"),
            ("\t\n x \r", "x"),
        ];
        for (input, expected) in trims {
            assert_eq!(js_trim(input), *expected, "trim {input:?}");
        }
        let numbers: &[(f64, &str)] = &[
            (75001.0, "75001"),
            (77_937_827_200_016.0, "77937827200016"),
            (2.5, "2.5"),
            (-1.0, "-1"),
            (0.0, "0"),
            (45000.75, "45000.75"),
            (-0.0, "0"),
            // Either side of 2^53 (exact integers, then the float formatter's digits).
            (9_007_199_254_740_991.0, "9007199254740991"),
            (-9_007_199_254_740_991.0, "-9007199254740991"),
            (9_007_199_254_740_992.0, "9007199254740992"),
            (9_007_199_254_740_994.0, "9007199254740994"),
            (1e20, "100000000000000000000"),
            // Past 2^53, JavaScript's shortest digits then zeros, not the exact integer.
            (2f64.powi(60), "1152921504606847000"),
            (-(2f64.powi(63)), "-9223372036854776000"),
            (123_456_789_012_345_680_000.0, "123456789012345680000"),
            (99_999_999_999_999_980_000.0, "99999999999999980000"),
            (999_999_999_999_999_900_000.0, "999999999999999900000"),
            // Beyond 1e21 and below 1e-6, JavaScript's exponent form, never hundreds of digits.
            (1e308, "1e+308"),
            (-1.5e300, "-1.5e+300"),
            (1e21, "1e+21"),
            (1.5e-7, "1.5e-7"),
            (5e-324, "5e-324"),
        ];
        for (input, expected) in numbers {
            assert_eq!(js_number_to_string(*input), *expected, "String({input})");
        }
        let ints: &[(&str, Option<i64>)] = &[
            ("3 ", Some(3)),
            ("3abc", Some(3)),
            (" 2", Some(2)),
            ("2.9", Some(2)),
            ("abc", None),
            ("", None),
            ("-4", Some(-4)),
        ];
        for (input, expected) in ints {
            assert_eq!(js_parse_int(input), *expected, "parseInt({input:?})");
        }
        let nums: &[(&str, Option<f64>)] = &[
            (" 3 ", Some(3.0)),
            ("  ", Some(0.0)),
            ("0x10", Some(16.0)),
            ("1e1", Some(10.0)),
            ("abc", None),
            ("2.5", Some(2.5)),
            ("inf", None),
        ];
        for (input, expected) in nums {
            assert_eq!(js_number_from_str(input), *expected, "Number({input:?})");
        }
    }
}
