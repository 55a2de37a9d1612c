//! How numbers are written in French texts: digits grouped by three (`200 000`), the separator
//! chosen by the caller (a plain space in terminal messages, a narrow no-break space on the page),
//! and a count with its noun (`0 erreur`, `1 erreur`, `2 erreurs`). Every edge writes its counts
//! with these.

/// The narrow no-break space the web page groups digits with (`12 000`).
pub const NARROW_NO_BREAK_SPACE: char = '\u{202f}';

/// `count` and its noun, digits grouped by a plain space: `1 erreur`, `12 000 lignes`.
pub fn plural(count: impl TryInto<u64>, singular: &str, plural: &str) -> String {
    counted(count, singular, plural, ' ')
}

/// `count` and its noun, digits grouped by `separator`. The noun is singular for 0 and 1, as French
/// has it (`0 erreur`), plural from 2.
pub fn counted(count: impl TryInto<u64>, singular: &str, plural: &str, separator: char) -> String {
    let count = count.try_into().unwrap_or(u64::MAX);
    let noun = if count <= 1 { singular } else { plural };
    format!("{} {noun}", group_thousands(count, separator))
}

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
    use super::{NARROW_NO_BREAK_SPACE, counted, group_thousands, plural};

    #[test]
    fn a_count_with_its_noun() {
        let cases: &[(u64, &str)] = &[
            (0, "0 erreur"),
            (1, "1 erreur"),
            (2, "2 erreurs"),
            (999, "999 erreurs"),
            (1000, "1 000 erreurs"),
            (20_000, "20 000 erreurs"),
        ];
        for &(count, expected) in cases {
            assert_eq!(plural(count, "erreur", "erreurs"), expected, "{count}");
        }
        // Any unsigned count the edges hold.
        assert_eq!(plural(3_usize, "lot", "lots"), "3 lots");
        assert_eq!(plural(1_u32, "ligne valide", "lignes valides"), "1 ligne valide");
        assert_eq!(
            counted(12_000_u32, "ligne", "lignes", NARROW_NO_BREAK_SPACE),
            "12\u{202f}000 lignes"
        );
    }

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
