//! How numbers are written in French texts: digits grouped by three (`200 000`), the separator
//! chosen by the caller (a plain space in terminal messages, a narrow no-break space on the page).

/// `value` with its digits grouped by three, `separator` between groups: `1234567` → `1 234 567`.
pub fn group_thousands(value: u64, separator: char) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len_utf8());
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::group_thousands;

    #[test]
    fn grouped_by_three() {
        let cases: &[(u64, char, &str)] = &[
            (0, ' ', "0"),
            (999, ' ', "999"),
            (1000, ' ', "1 000"),
            (74_000, ' ', "74 000"),
            (200_000, ' ', "200 000"),
            (1_234_567, ' ', "1 234 567"),
            (12_000, '\u{202f}', "12\u{202f}000"),
            (u64::MAX, ' ', "18 446 744 073 709 551 615"),
        ];
        for &(value, separator, expected) in cases {
            assert_eq!(group_thousands(value, separator), expected, "{value}");
        }
    }
}
