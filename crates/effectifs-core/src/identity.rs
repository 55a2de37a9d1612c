//! The generated learner id (`id_erp_apprenant`, `docs/reading.md#generated-identifier`, decision D7).
//!
//! When a file has no `id_erp_apprenant`, the national upload page makes one from the learner's
//! prénom, nom and birth date, and the national database identifies the learner by it
//! (`docs/reading.md#identity-and-duplicates`). A
//! CFA that uploads the same learner through the official page and through us must get the same
//! id, or the national dashboard counts the learner twice: so this reproduces the page's
//! JavaScript bit for bit (lower-casing, NFD, UTF-16 code units, 32-bit wrapping arithmetic).

use unicode_normalization::UnicodeNormalization;

use crate::text::js_trim;

/// The reference's `cyrb53Hash(input, 0)`: 16 lower-case hex digits.
///
/// It hashes UTF-16 code units, as JavaScript strings are made of them: a character outside the
/// Basic Multilingual Plane (an emoji) counts as its two surrogates.
pub fn cyrb53(input: &str) -> String {
    let mut h1: u32 = 0xdead_beef;
    let mut h2: u32 = 0x41c6_ce57;
    for unit in input.encode_utf16() {
        let unit = u32::from(unit);
        h1 = (h1 ^ unit).wrapping_mul(2_654_435_761);
        h2 = (h2 ^ unit).wrapping_mul(1_597_334_677);
    }
    h1 = (h1 ^ (h1 >> 16)).wrapping_mul(2_246_822_507) ^ (h2 ^ (h2 >> 13)).wrapping_mul(3_266_489_909);
    // h1 is already updated here, as in the reference.
    h2 = (h2 ^ (h2 >> 16)).wrapping_mul(2_246_822_507) ^ (h1 ^ (h1 >> 13)).wrapping_mul(3_266_489_909);
    format!("{h2:08x}{h1:08x}")
}

/// The reference's name `normalize`: JavaScript `toLowerCase()`, then NFD, then every combining
/// diacritic U+0300–U+036F removed (`"Élodie"` → `"elodie"`). Spaces, apostrophes and hyphens stay,
/// and nothing is trimmed.
pub fn normalize_name(raw: &str) -> String {
    // `str::to_lowercase` is JavaScript's full mapping, final sigma included.
    raw.to_lowercase()
        .nfd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .collect()
}

/// The generated `id_erp_apprenant` of a row (D7):
/// `cyrb53(trim(normalize(prenom)) + trim(normalize(nom)) + trim(date))`.
///
/// Pass the raw cell texts (an absent cell as `""`), not the validated values: the reference hashes
/// what the cells hold, before its schema upper-cases or trims anything. The date is the mapped
/// `AAAA-MM-JJ` text. Trimming is JavaScript's (U+FEFF removed, U+0085 kept).
pub fn generated_id(prenom: &str, nom: &str, date_de_naissance_iso: &str) -> String {
    let prenom = normalize_name(prenom);
    let nom = normalize_name(nom);
    let mut input = String::with_capacity(prenom.len() + nom.len() + date_de_naissance_iso.len());
    input.push_str(js_trim(&prenom));
    input.push_str(js_trim(&nom));
    input.push_str(js_trim(date_de_naissance_iso));
    cyrb53(&input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrb53_vectors() {
        let vectors: &[(&str, &str)] = &[
            // The national page's own values (`docs/reading.md#generated-identifier`).
            ("", "488bdcb81aee8d83"),
            ("a", "501c2ba782c97901"),
            ("johndoe2000-10-28", "392679192e7e8e86"),
            ("hello world", "53ab9417d15d1014"),
            // Outside the BMP: two UTF-16 units each. Expected values computed with Node 20 from
            // the description of `docs/reading.md#generated-identifier` (`charCodeAt`, `Math.imul`).
            ("😀", "8fd0ca036ef9b4ae"),
            ("😀a", "84baca336b5e0492"),
            ("\u{10000}", "04ea1b9315ffa2af"),
            ("émoji😀2000-01-01", "5671410fffe740cd"),
        ];
        for (input, expected) in vectors {
            assert_eq!(cyrb53(input), *expected, "cyrb53({input:?})");
        }
    }

    #[test]
    fn normalize_name_vectors() {
        let vectors: &[(&str, &str)] = &[
            ("Élodie", "elodie"),
            ("Lenôtre", "lenotre"),
            ("O'Brien-Müller", "o'brien-muller"),
            (" Jean ", " jean "),
            ("ΟΔΥΣΣΕΥΣ", "οδυσσευς"),
            ("Straße", "straße"),
            ("İsmail", "ismail"),
            ("", ""),
        ];
        for (input, expected) in vectors {
            assert_eq!(normalize_name(input), *expected, "normalize_name({input:?})");
        }
    }

    #[test]
    fn generated_id_vectors() {
        let vectors: &[(&str, &str, &str, &str)] = &[
            // The national page's own values (`docs/reading.md#generated-identifier`).
            ("Élodie", "Lenôtre", "2000-10-28", "975a955e6b95b666"),
            (" Jean ", "DUPONT ", "2001-01-05", "106998afa9613348"),
            ("jean", "dupont", "2001-01-05", "106998afa9613348"),
            ("Zoë", "O'Brien-Müller", "1999-12-31", "24e742ad932876ff"),
            ("", "", "", "488bdcb81aee8d83"),
            // Computed with Node 20 from the description of `docs/reading.md#generated-identifier`: emoji, final
            // sigma, JavaScript trim
            // (U+FEFF removed, U+0085 kept), dotted capital I, blanks around the date.
            ("Jean-😀", "ΟΔΥΣΣΕΥΣ", "2000-01-01", "45d2aa9420c911e9"),
            ("\u{FEFF}Anne\u{85}", "Straße", "2002-02-02", "c32aaa760d72f7ad"),
            ("İsmail", "ÇELİK", " 2003-03-03 ", "42aca997f06b7af0"),
        ];
        for (prenom, nom, date, expected) in vectors {
            assert_eq!(
                generated_id(prenom, nom, date),
                *expected,
                "generated_id({prenom:?}, {nom:?}, {date:?})"
            );
        }
    }
}
