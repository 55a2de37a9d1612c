//! Telephone numbers (`docs/contract.md#telephone`): the checks and the normalised form the national API applies.
//!
//! A CFA's `tel_apprenant` and `tel_responsable_*` cells must be judged exactly as the national API
//! judges them: a number it rejects blocks the row, and a number it accepts is stored in its own
//! normalised form (`0612345678` for France, E.164 `+590690123456` elsewhere), which is what we must
//! send and show.
//!
//! The reference parses with libphonenumber-js (`/max` metadata). The `phonenumber` crate carries
//! the same Google metadata but parses differently (national-prefix handling, "possible" check,
//! partial-match regexes, letters), so this module ports the few libphonenumber-js steps that decide
//! the outcome (`parse` with `extract: false`, `isPossible`, `isValid`, `getType`) and uses the crate
//! only as the metadata source. Results on unusual numbers depend on the metadata version, so the
//! metadata is the reference's own: Google's libphonenumber 9.0.23, the version libphonenumber-js
//! 1.12.36 carries (`data/PhoneNumberMetadata.xml`, read by the crate's loader in `build.rs`), not
//! the later one the crate ships.
//!
//! The crate is read at build time, not at run time: `build.rs` copies the part of its database this
//! module uses into static tables (`PlanData`). Loading the crate's database deserialises it whole
//! and prepares every region's regular expressions, which made the first number of a process cost
//! tens of milliseconds natively and hundreds in WebAssembly; the static tables cost nothing to
//! load, and a plan's expressions are compiled when a number first needs that plan (France's only,
//! for a French number). `tests/phone_corpus.rs` holds the outcomes of the crate-reading version
//! for thousands of inputs, which every run must give again.

use std::sync::{LazyLock, OnceLock};

use crate::text::is_js_whitespace;

/// Why the national API refuses a telephone number.
///
/// All three are reported by the API as `custom` issues on the telephone field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneProblem {
    /// Not a number of a plausible length for its country (`Format invalide`).
    FormatInvalide,
    /// Plausible length, but no number range of the country matches (`Numéro de téléphone invalide`).
    NumeroInvalide,
    /// A premium-rate, shared-cost, pager or voicemail number
    /// (`Numéro de téléphone est un numéro spécial`).
    NumeroSpecial,
}

impl PhoneProblem {
    /// The reference's French message for this problem, word for word.
    pub fn message(self) -> &'static str {
        match self {
            PhoneProblem::FormatInvalide => "Format invalide",
            PhoneProblem::NumeroInvalide => "Numéro de téléphone invalide",
            PhoneProblem::NumeroSpecial => "Numéro de téléphone est un numéro spécial",
        }
    }
}

/// Validates and normalises a telephone cell as the national API does (P-PHONE).
///
/// `raw` is the cell as text; numeric cells must already be converted to their digits
/// (`612345678` → `"612345678"`). Returns `Ok(None)` for an empty string (accepted, value absent),
/// `Ok(Some(normalised))` for an accepted number: `"0"` + the national number for France, E.164
/// (`+…`) for every other country, including the overseas departments.
///
/// A blank but non-empty cell (`"  "`) is not empty for the reference: it is `Format invalide`.
pub fn normalize(raw: &str) -> Result<Option<String>, PhoneProblem> {
    if raw.is_empty() {
        return Ok(None);
    }
    // `v.trim().replace(/[-.()\s]/g, "")`: removing every `\s` also does the trim.
    let cleaned: String = raw
        .chars()
        .filter(|&c| !is_js_whitespace(c) && !matches!(c, '-' | '.' | '(' | ')'))
        .collect();
    let parsed = parse(&cleaned, default_region(&cleaned)).ok_or(PhoneProblem::FormatInvalide)?;
    let plan = parsed
        .country
        .or_else(|| region_by_code(parsed.calling_code))
        .ok_or(PhoneProblem::FormatInvalide)?;
    // `isPossible()`: a pure length check against the country's possible lengths.
    if check_length(parsed.national.len(), plan.lengths) != Length::Possible {
        return Err(PhoneProblem::FormatInvalide);
    }
    // `isValid()` with the `/max` metadata: the number has a type.
    let kind = if plan.has_types {
        number_type(&parsed.national, plan).ok_or(PhoneProblem::NumeroInvalide)?
    } else if full_match(plan.general.as_ref(), &parsed.national) {
        Kind::Other
    } else {
        return Err(PhoneProblem::NumeroInvalide);
    };
    if matches!(
        kind,
        Kind::PremiumRate | Kind::Pager | Kind::Voicemail | Kind::SharedCost
    ) {
        return Err(PhoneProblem::NumeroSpecial);
    }
    Ok(Some(match &parsed.country {
        Some(country) if country.id == "FR" => format!("0{}", parsed.national),
        _ => format!("+{}{}", parsed.calling_code, parsed.national),
    }))
}

/// Compiles the regular expressions of the French and overseas numbering plans, and those every
/// number goes through.
///
/// Never required: [`normalize`] compiles what a number needs on first use. That first use costs a
/// few milliseconds (more in WebAssembly), against well under a microsecond per number afterwards;
/// a server or an interactive front end can call this at start-up, e.g. on a background thread, so
/// that the first file does not pay it.
pub fn warm_up() {
    LazyLock::force(&VIABLE);
    LazyLock::force(&EXTENSION);
    for id in ["FR", "GP", "GF", "MQ", "RE"] {
        let _ = region_by_id(id);
    }
}

/// `getDomTomISOCountryCodeFromPhoneNumber`: the default region, so that overseas numbers written
/// nationally (`0690…`) are read in their own numbering plan instead of France's.
fn default_region(cleaned: &str) -> &'static str {
    let without_prefix = cleaned.strip_prefix('0').unwrap_or(cleaned);
    match without_prefix.as_bytes().get(..3) {
        Some(b"690" | b"590") => "GP",
        Some(b"694" | b"594") => "GF",
        Some(b"696" | b"596") => "MQ",
        Some(b"692" | b"693" | b"262" | b"269") => "RE",
        _ => "FR",
    }
}

// ---------------------------------------------------------------------------------------------
// Regular expressions.
//
// The crate's own matching is not the reference's: its descriptors match a prefix of the number
// where libphonenumber-js requires the whole number (`^(?:…)$`). Each expression is compiled
// once, when its metadata is first used, and kept.
//
// Metadata patterns are only ever matched against ASCII digits (from `digits_and_plus`, and from
// transform rules, which are digits): `build.rs` relies on it to spell their `\d` `[0-9]`, which
// compiles about ten times faster than Unicode's hundreds of digits and matches the same there.

/// Byte spans of a match's groups (group 0 first), `None` for a group that did not participate.
type Spans = Vec<Option<(usize, usize)>>;

/// One compiled regular expression.
struct Pattern {
    regex: regex::Regex,
    /// A metadata pattern, for texts of ASCII digits only.
    digits_only: bool,
}

impl Pattern {
    /// `None` when the source does not compile: the caller then treats it as matching nothing.
    fn compile(source: &str) -> Option<Self> {
        regex::Regex::new(source).ok().map(|regex| Pattern {
            regex,
            digits_only: false,
        })
    }

    fn is_match(&self, text: &str) -> bool {
        self.check(text);
        self.regex.is_match(text)
    }

    fn captures(&self, text: &str) -> Option<Spans> {
        self.check(text);
        self.regex
            .captures(text)
            .map(|found| found.iter().map(|group| group.map(|m| (m.start(), m.end()))).collect())
    }

    fn check(&self, text: &str) {
        debug_assert!(
            !self.digits_only || text.bytes().all(|b| b.is_ascii_digit()),
            "metadata pattern matched against {text:?}"
        );
    }

    /// A metadata pattern that must match the whole text (`matchesEntirely`). `(?x)`: the
    /// metadata's patterns are written with layout whitespace (`build.rs` removes it where the
    /// regex parser proves it insignificant).
    fn whole(source: &str) -> Option<Self> {
        Self::metadata(&format!("(?x)^(?:{source})$"))
    }

    /// A metadata pattern that must match at the start of the text (`^(?:…)`, or a JavaScript
    /// `search(…) === 0`, which is the same test).
    fn prefix(source: &str) -> Option<Self> {
        Self::metadata(&format!("(?x)^(?:{source})"))
    }

    fn metadata(source: &str) -> Option<Self> {
        Self::compile(source).map(|pattern| Pattern {
            digits_only: true,
            ..pattern
        })
    }
}

fn full_match(pattern: Option<&Pattern>, text: &str) -> bool {
    pattern.is_some_and(|p| p.is_match(text))
}

/// libphonenumber-js `VALID_DIGITS`: ASCII, full-width, Arabic-Indic and Eastern Arabic digits.
const DIGITS: &str = r"0-9\x{FF10}-\x{FF19}\x{0660}-\x{0669}\x{06F0}-\x{06F9}";
/// libphonenumber-js `VALID_PUNCTUATION` (dashes, slashes, dots, blanks, brackets, tildes).
const PUNCTUATION: &str = r"\-\x{2010}-\x{2015}\x{2212}\x{30FC}\x{FF0D}\x{FF0F}/\x{FF0E}.\x{20}\x{A0}\x{AD}\x{200B}\x{2060}\x{3000}()\x{FF08}\x{FF09}\x{FF3B}\x{FF3D}\[\]~\x{2053}\x{223C}\x{FF5E}";

/// libphonenumber-js `createExtensionPattern()`: the ways an extension may follow a number.
fn extension_alternatives() -> String {
    let digits = |max: u8| format!("([{DIGITS}]{{1,{max}}})");
    let before_label = r"[ \x{A0}\t,]*";
    let after_label = r"[:\.\x{FF0E}]?[ \x{A0}\t,\-]*";
    let no_comma = r"[ \x{A0}\t]*";
    let explicit_labels =
        r"(?:e?xt(?:ensi(?:o\x{301}?|\x{F3}))?n?|\x{FF45}?\x{FF58}\x{FF54}\x{FF4E}?|\x{434}\x{43E}\x{431}|anexo)";
    let ambiguous_labels = r"(?:[x\x{FF58}#\x{FF03}~\x{FF5E}]|int|\x{FF49}\x{FF4E}\x{FF54})";
    [
        format!(";ext={}", digits(20)),
        format!("{before_label}{explicit_labels}{after_label}{}#?", digits(20)),
        format!("{before_label}{ambiguous_labels}{after_label}{}#?", digits(9)),
        format!(r"[\- ]+{}#", digits(6)),
        format!("{no_comma}(?:,{{2}}|;){after_label}{}#?", digits(15)),
        format!("{no_comma}(?:,)+{after_label}{}#?", digits(9)),
    ]
    .join("|")
}

/// libphonenumber-js `VALID_PHONE_NUMBER_PATTERN` (`isViablePhoneNumber`), case-insensitive.
static VIABLE: LazyLock<Option<Pattern>> = LazyLock::new(|| {
    Pattern::compile(&format!(
        "(?i)^[{DIGITS}]{{2}}$|^[+\\x{{FF0B}}]?(?:[{PUNCTUATION}]*[{DIGITS}]){{3,}}[{PUNCTUATION}{DIGITS}]*(?:{})?$",
        extension_alternatives()
    ))
});

/// libphonenumber-js `EXTN_PATTERN` (`extractExtension`): an extension ending the text.
static EXTENSION: LazyLock<Option<Pattern>> =
    LazyLock::new(|| Pattern::compile(&format!("(?i)(?:{})$", extension_alternatives())));

// ---------------------------------------------------------------------------------------------
// Numbering plans.

/// Number types, in the terms of libphonenumber-js `getNumberType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    FixedLine,
    FixedLineOrMobile,
    Mobile,
    PremiumRate,
    TollFree,
    SharedCost,
    Voip,
    PersonalNumber,
    Pager,
    Uan,
    Voicemail,
    /// Valid in a plan that has no type data (never the case with the bundled metadata).
    Other,
}

/// One type of a plan's metadata, as `build.rs` copies it from the crate.
struct TypeData {
    /// Possible lengths, bit `n` set for length `n` (0: none listed).
    lengths: u64,
    pattern: &'static str,
}

/// A numbering plan's metadata (one country, or one non-geographic calling code), as `build.rs`
/// copies it from the crate: the pattern sources, compiled by [`Region::build`].
struct PlanData {
    id: &'static str,
    calling_code: u16,
    /// The general national number pattern.
    general: &'static str,
    /// The types of [`TYPE_KINDS`], in its order, `None` where the plan lacks one.
    types: [Option<TypeData>; 10],
    national_prefix: Option<&'static str>,
    national_prefix_for_parsing: Option<&'static str>,
    national_prefix_transform_rule: Option<&'static str>,
    international_prefix: Option<&'static str>,
    leading_digits: Option<&'static str>,
}

/// The types of [`PlanData::types`]: fixed line first, then mobile and the others in
/// libphonenumber-js's order.
const TYPE_KINDS: [Kind; 10] = [
    Kind::FixedLine,
    Kind::Mobile,
    Kind::PremiumRate,
    Kind::TollFree,
    Kind::SharedCost,
    Kind::Voip,
    Kind::PersonalNumber,
    Kind::Pager,
    Kind::Uan,
    Kind::Voicemail,
];

/// A bit mask of possible lengths (bit `n` set = length `n`), for the generated tables.
const fn lengths(list: &[u16]) -> u64 {
    let mut mask = 0;
    let mut index = 0;
    while index < list.len() {
        if list[index] < 64 {
            mask |= 1 << list[index];
        }
        index += 1;
    }
    mask
}

/// The generated tables: `PLANS` (by calling code, then in the crate's order for the code),
/// `CALLING_CODES` (sorted; each code's plans, main country first, as indices into `PLANS`) and
/// `IDS` (sorted; the plan the crate gives for each id: the non-geographic plans share `001`).
mod metadata {
    use super::{PlanData, TypeData, lengths};

    include!(concat!(env!("OUT_DIR"), "/phone_metadata.rs"));
}

/// One type description of a plan: its possible lengths (bit `n` set = length `n`) and pattern.
struct TypeDesc {
    lengths: u64,
    pattern: Option<Pattern>,
}

/// A numbering plan (one country, or one non-geographic calling code), compiled once.
struct Region {
    id: &'static str,
    calling_code: u16,
    /// Union of the national possible lengths of all types: libphonenumber's general lengths.
    lengths: u64,
    general: Option<Pattern>,
    national_prefix: Option<&'static str>,
    national_prefix_for_parsing: Option<Pattern>,
    national_prefix_transform_rule: Option<&'static str>,
    international_prefix: Option<Pattern>,
    leading_digits: Option<Pattern>,
    has_types: bool,
    fixed_line: Option<TypeDesc>,
    /// libphonenumber-js stores a mobile pattern equal to the fixed-line one as empty, which makes
    /// every fixed-line match "fixed line or mobile" and never matches as mobile alone.
    mobile_same_as_fixed: bool,
    /// `MOBILE` then the other non-fixed types, in libphonenumber-js's order.
    others: Vec<(Kind, TypeDesc)>,
}

impl Region {
    fn build(plan: &'static PlanData) -> Region {
        let lengths = plan.types.iter().flatten().fold(0, |acc, data| acc | data.lengths);
        let type_desc = |data: &TypeData| TypeDesc {
            // A type without its own lengths takes the general ones (`type[1] || possibleLengths()`).
            lengths: match data.lengths {
                0 => lengths,
                own => own,
            },
            pattern: Pattern::whole(data.pattern),
        };
        let [fixed_line, mobile, ..] = &plan.types;
        let fixed_source = fixed_line.as_ref().map(|d| d.pattern);
        let mobile_same_as_fixed = fixed_source.is_some() && mobile.as_ref().map(|d| d.pattern) == fixed_source;
        Region {
            id: plan.id,
            calling_code: plan.calling_code,
            lengths,
            general: Pattern::whole(plan.general),
            national_prefix: plan.national_prefix,
            national_prefix_for_parsing: plan.national_prefix_for_parsing.and_then(Pattern::prefix),
            national_prefix_transform_rule: plan.national_prefix_transform_rule,
            international_prefix: plan.international_prefix.and_then(Pattern::prefix),
            leading_digits: plan.leading_digits.and_then(Pattern::prefix),
            has_types: plan.types.iter().any(Option::is_some),
            fixed_line: fixed_line.as_ref().map(type_desc),
            mobile_same_as_fixed,
            others: TYPE_KINDS
                .iter()
                .zip(&plan.types)
                .skip(1)
                .filter(|(kind, _)| !(**kind == Kind::Mobile && mobile_same_as_fixed))
                .filter_map(|(kind, data)| data.as_ref().map(|d| (*kind, type_desc(d))))
                .collect(),
        }
    }
}

/// The compiled plans, by index into `metadata::PLANS`: each is compiled when first needed.
static REGIONS: [OnceLock<Region>; metadata::PLAN_COUNT] = [const { OnceLock::new() }; metadata::PLAN_COUNT];

/// The compiled plan of `metadata::PLANS[index]` (`None` only for an index out of the table).
fn region(index: u16) -> Option<&'static Region> {
    let index = usize::from(index);
    let plan = metadata::PLANS.get(index)?;
    let cell = REGIONS.get(index)?;
    Some(cell.get_or_init(|| Region::build(plan)))
}

fn region_by_id(id: &str) -> Option<&'static Region> {
    let found = metadata::IDS
        .binary_search_by(|(candidate, _)| (*candidate).cmp(id))
        .ok()?;
    region(metadata::IDS[found].1)
}

/// The plans of a calling code, as indices into `metadata::PLANS`, main country first.
fn plans_by_code(calling_code: u16) -> Option<&'static [u16]> {
    let found = metadata::CALLING_CODES
        .binary_search_by_key(&calling_code, |(code, _)| *code)
        .ok()?;
    Some(metadata::CALLING_CODES[found].1)
}

/// The plan libphonenumber-js selects for a calling code: its main country, or the
/// non-geographic plan.
fn region_by_code(calling_code: u16) -> Option<&'static Region> {
    plans_by_code(calling_code)?.first().copied().and_then(region)
}

/// Result of libphonenumber-js `checkNumberLength`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Length {
    Possible,
    TooShort,
    TooLong,
    Invalid,
}

fn check_length(length: usize, lengths: u64) -> Length {
    if lengths == 0 {
        return Length::Possible;
    }
    let minimum = lengths.trailing_zeros() as usize;
    let maximum = 63 - lengths.leading_zeros() as usize;
    if length == minimum {
        Length::Possible
    } else if length < minimum {
        Length::TooShort
    } else if length > maximum {
        Length::TooLong
    } else if lengths & (1 << length) != 0 {
        Length::Possible
    } else {
        Length::Invalid
    }
}

/// `isNumberTypeEqualTo`: the type's lengths admit the number and its pattern matches all of it.
fn is_type(national: &str, desc: &TypeDesc) -> bool {
    national.len() < 64 && desc.lengths & (1 << national.len()) != 0 && full_match(desc.pattern.as_ref(), national)
}

/// libphonenumber-js `getNumberType`: `None` means "not a valid number of this plan".
fn number_type(national: &str, plan: &Region) -> Option<Kind> {
    if !full_match(plan.general.as_ref(), national) {
        return None;
    }
    if let Some(fixed) = &plan.fixed_line
        && is_type(national, fixed)
    {
        let mobile = plan.others.iter().find(|(kind, _)| *kind == Kind::Mobile);
        return Some(match mobile {
            _ if plan.mobile_same_as_fixed => Kind::FixedLineOrMobile,
            None => Kind::FixedLineOrMobile,
            Some((_, mobile)) if is_type(national, mobile) => Kind::FixedLineOrMobile,
            Some(_) => Kind::FixedLine,
        });
    }
    plan.others
        .iter()
        .find(|(_, desc)| is_type(national, desc))
        .map(|(kind, _)| *kind)
}

/// libphonenumber-js `getCountryByCallingCode`: which country of a shared calling code the
/// national number belongs to (by leading digits, else by being valid there).
fn country_by_calling_code(calling_code: u16, national: &str) -> Option<&'static Region> {
    let plans = plans_by_code(calling_code)?;
    match plans {
        // Non-geographic codes (`001`) have no country.
        [plan] if metadata::PLANS.get(usize::from(*plan)).is_some_and(|p| p.id.len() == 3) => None,
        [plan] => region(*plan),
        _ => plans
            .iter()
            .filter_map(|plan| region(*plan))
            .find(|candidate| match &candidate.leading_digits {
                Some(leading) => leading.is_match(national),
                None => number_type(national, candidate).is_some(),
            }),
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing (libphonenumber-js `parse` with `v2: true, extract: false`).

/// A parsed number: its country when known, its calling code and national significant number.
struct Parsed {
    country: Option<&'static Region>,
    calling_code: u16,
    national: String,
}

/// libphonenumber-js `MAX_INPUT_STRING_LENGTH`, in UTF-16 code units.
const MAX_INPUT_LENGTH: usize = 250;
/// libphonenumber-js `MIN_LENGTH_FOR_NSN` / `MAX_LENGTH_FOR_NSN`.
const MIN_NATIONAL_LENGTH: usize = 2;
const MAX_NATIONAL_LENGTH: usize = 17;

fn parse(text: &str, default_country: &str) -> Option<Parsed> {
    let formatted = formatted_number(text)?;
    let default = region_by_id(default_country)?;
    let digits = digits_and_plus(formatted);
    let (calling_code, number) = extract_calling_code(&digits, default);
    let (plan, mut country, calling_code) = match calling_code {
        Some(code) => (region_by_code(code)?, None, code),
        None if number.as_deref().is_some_and(|n| !n.is_empty()) => (default, Some(default), default.calling_code),
        None => return None,
    };
    let number = number.filter(|n| !n.is_empty())?;
    let national = extract_national_number(&number, country, plan);
    if let Some(exact) = country_by_calling_code(calling_code, &national) {
        country = Some(exact);
    }
    if !(MIN_NATIONAL_LENGTH..=MAX_NATIONAL_LENGTH).contains(&national.len()) {
        return None;
    }
    Some(Parsed {
        country,
        calling_code,
        national,
    })
}

/// The text to parse, or `None` where libphonenumber-js finds no number: the RFC 3966 `;isub=`
/// cut, the 250-unit limit, the viability check, and the extension removal. (`;phone-context=`
/// cannot occur: the `-` was removed before.)
fn formatted_number(text: &str) -> Option<&str> {
    if text.is_empty() || text.encode_utf16().count() > MAX_INPUT_LENGTH {
        return None;
    }
    let text = match text.find(";isub=") {
        Some(index) if index > 0 => &text[..index],
        _ => text,
    };
    if text.encode_utf16().count() < 2 {
        return None;
    }
    // Most numbers, once cleaned: ASCII digits (three or more) after an optional `+`. Such a text is
    // viable (`[+＋]?(?:…[digits]){3,}…`), and no extension can end it (each form of extension has
    // a label, `#`, `;` or `,` before its digits): both patterns would give it back as it is.
    let digits = text.strip_prefix('+').unwrap_or(text);
    if digits.len() >= 3 && digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(text);
    }
    if !full_match(VIABLE.as_ref(), text) {
        return None;
    }
    let without_extension = match EXTENSION.as_ref().and_then(|p| p.captures(text)) {
        Some(spans) => spans
            .first()
            .copied()
            .flatten()
            .map_or(text, |(start, _)| &text[..start]),
        None => text,
    };
    (!without_extension.is_empty()).then_some(without_extension)
}

/// libphonenumber-js `parseIncompletePhoneNumber`: the digits (any script, as ASCII) and a leading
/// ASCII `+`; everything else, including later `+` signs and the full-width plus, is dropped.
fn digits_and_plus(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '+' {
            if out.is_empty() {
                out.push('+');
            }
            continue;
        }
        let digit = match c {
            '0'..='9' => Some(c as u32 - '0' as u32),
            '\u{FF10}'..='\u{FF19}' => Some(c as u32 - 0xFF10),
            '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
            '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
            _ => None,
        };
        if let Some(d) = digit.and_then(|d| char::from_digit(d, 10)) {
            out.push(d);
        }
    }
    out
}

/// libphonenumber-js `extractCountryCallingCode` with a default country: `(calling code, rest)`;
/// `(None, None)` is its `{}` (nothing usable), `(None, Some(number))` means "no code found".
fn extract_calling_code(number: &str, default: &Region) -> (Option<u16>, Option<String>) {
    if number.is_empty() {
        return (None, None);
    }
    let international = if number.starts_with('+') {
        number.to_owned()
    } else {
        match strip_international_prefix(number, default) {
            Some(rest) if !rest.is_empty() && rest != number => format!("+{rest}"),
            _ => {
                if let Some((code, shorter)) = calling_code_without_plus(number, default) {
                    return (Some(code), Some(shorter.to_owned()));
                }
                return (None, Some(number.to_owned()));
            }
        }
    };
    // Everything after the `+` is ASCII digits (see `digits_and_plus`).
    let digits = &international[1..];
    if digits.starts_with('0') {
        return (None, None);
    }
    for length in 1..=3.min(digits.len()) {
        if let Ok(code) = digits[..length].parse::<u16>()
            && plans_by_code(code).is_some()
        {
            return (Some(code), Some(digits[length..].to_owned()));
        }
    }
    (None, None)
}

/// libphonenumber-js `stripIddPrefix`: `00336…` → `336…`; `None` when the text does not start with
/// the plan's international prefix or when a `0` follows it.
fn strip_international_prefix<'a>(number: &'a str, plan: &Region) -> Option<&'a str> {
    let spans = plan.international_prefix.as_ref()?.captures(number)?;
    let (_, end) = spans.first().copied().flatten()?;
    let rest = &number[end..];
    (!rest.starts_with('0')).then_some(rest)
}

/// libphonenumber-js `extractCountryCallingCodeFromInternationalNumberWithoutPlusSign`:
/// `33612345678` with default FR is `+33 612345678`, because `33612345678` is no valid French
/// national number while `612345678` is (or because it is too long).
fn calling_code_without_plus<'a>(number: &'a str, default: &Region) -> Option<(u16, &'a str)> {
    let code = default.calling_code.to_string();
    let shorter = number.strip_prefix(code.as_str())?;
    let shorter_national = extract_national_number(shorter, None, default);
    let national = extract_national_number(number, None, default);
    let general = default.general.as_ref();
    let switch = (!full_match(general, &national) && full_match(general, &shorter_national))
        || check_length(national.len(), default.lengths) == Length::TooLong;
    switch.then_some((default.calling_code, shorter))
}

/// libphonenumber-js `extractNationalNumber`: removes the national prefix (`0612…` → `612…`)
/// unless doing so would turn a valid number into an invalid one or leave an impossible length.
fn extract_national_number(number: &str, country: Option<&Region>, plan: &Region) -> String {
    let Some(national) = strip_national_prefix(number, plan) else {
        return number.to_owned();
    };
    if national == number {
        return national;
    }
    let general = plan.general.as_ref();
    if full_match(general, number) && !full_match(general, &national) {
        return number.to_owned();
    }
    if plan.lengths != 0 {
        // Lengths of the given country, else of the country the number belongs to, else the plan's.
        let exact = country
            .is_none()
            .then(|| country_by_calling_code(plan.calling_code, &national))
            .flatten();
        let lengths_plan = country.or(exact).unwrap_or(plan);
        if matches!(
            check_length(national.len(), lengths_plan.lengths),
            Length::TooShort | Length::Invalid
        ) {
            return number.to_owned();
        }
    }
    national
}

/// libphonenumber-js `extractNationalNumberFromPossiblyIncompleteNumber`: applies the plan's
/// national-prefix-for-parsing (or plain national prefix) and transform rule; `None` when the
/// prefix is absent.
fn strip_national_prefix(number: &str, plan: &Region) -> Option<String> {
    if number.is_empty() {
        return None;
    }
    let spans = if let Some(pattern) = &plan.national_prefix_for_parsing {
        pattern.captures(number)?
    } else {
        // The plain national prefix is a digit string, used as a literal pattern.
        let prefix = plan.national_prefix.filter(|p| !p.is_empty())?;
        number.starts_with(prefix).then(|| vec![Some((0, prefix.len()))])?
    };
    let (_, end) = spans.first().copied().flatten()?;
    let groups = spans.len() - 1;
    let has_groups = groups > 0 && spans[groups].is_some_and(|(start, stop)| stop > start);
    let rest = &number[end..];
    match plan.national_prefix_transform_rule {
        Some(rule) if has_groups => Some(expand_rule(rule, number, &spans) + rest),
        _ => Some(rest.to_owned()),
    }
}

/// Expands a JavaScript replacement string (`$1`, `9$1`) with the captured groups.
fn expand_rule(rule: &str, number: &str, spans: &Spans) -> String {
    let mut out = String::new();
    let mut chars = rule.chars().peekable();
    while let Some(c) = chars.next() {
        let group = match (c, chars.peek().and_then(|d| d.to_digit(10))) {
            ('$', Some(group)) if group >= 1 && (group as usize) < spans.len() => group as usize,
            _ => {
                out.push(c);
                continue;
            }
        };
        chars.next();
        if let Some((start, end)) = spans[group] {
            out.push_str(&number[start..end]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use PhoneProblem::{FormatInvalide, NumeroInvalide, NumeroSpecial};

    type Expected = Result<Option<&'static str>, PhoneProblem>;

    fn check(input: &str, expected: Expected) {
        let got = normalize(input);
        assert_eq!(
            got.as_ref().map(Option::as_deref).map_err(|e| *e),
            expected,
            "normalize({input:?})"
        );
    }

    /// Every example of `docs/contract.md#telephone`, in its order.
    #[test]
    fn reference_vectors() {
        let vectors: &[(&str, Expected)] = &[
            ("0612345678", Ok(Some("0612345678"))),
            ("06 12 34 56 78", Ok(Some("0612345678"))),
            ("06.12.34.56.78", Ok(Some("0612345678"))),
            ("+33612345678", Ok(Some("0612345678"))),
            ("(+33)612345678", Ok(Some("0612345678"))),
            ("33612345678", Ok(Some("0612345678"))),
            ("0033612345678", Ok(Some("0612345678"))),
            ("612345678", Ok(Some("0612345678"))),
            // The numeric cells 612345678 and 33612345678, as their callers convert them.
            ("612345678", Ok(Some("0612345678"))),
            ("33612345678", Ok(Some("0612345678"))),
            ("0123456789", Ok(Some("0123456789"))),
            ("0800123456", Ok(Some("0800123456"))),
            ("0912345678", Ok(Some("0912345678"))),
            ("0590123456", Ok(Some("+590590123456"))),
            ("0690123456", Ok(Some("+590690123456"))),
            ("0262123456", Ok(Some("+262262123456"))),
            ("0692123456", Ok(Some("+262692123456"))),
            ("0594123456", Ok(Some("+594594123456"))),
            ("0696123456", Ok(Some("+596696123456"))),
            ("+596696123456", Ok(Some("+596696123456"))),
            ("+32470123456", Ok(Some("+32470123456"))),
            ("+447911123456", Ok(Some("+447911123456"))),
            ("", Ok(None)),
            ("0899123456", Err(NumeroSpecial)),
            ("0812345678", Err(NumeroSpecial)),
            ("0712345678", Err(NumeroInvalide)),
            ("0612", Err(FormatInvalide)),
            ("abc", Err(FormatInvalide)),
            ("061234567890", Err(FormatInvalide)),
        ];
        assert_eq!(vectors.len(), 29);
        for (input, expected) in vectors {
            check(input, *expected);
        }
    }

    /// Further inputs, each checked against libphonenumber-js 1.12.36 running the reference's
    /// transform, plus hostile inputs that must simply not panic.
    #[test]
    fn other_inputs() {
        let long_zeros = "0".repeat(10_000);
        let long_digits = "6".repeat(251);
        let long_separated = "06 ".repeat(200);
        let vectors: &[(&str, Expected)] = &[
            // Blank is not empty for the reference.
            ("   ", Err(FormatInvalide)),
            ("-.()", Err(FormatInvalide)),
            ("+", Err(FormatInvalide)),
            ("12", Err(FormatInvalide)),
            ("++33612345678", Err(FormatInvalide)),
            ("+0612345678", Err(FormatInvalide)),
            ("+999123456789", Err(FormatInvalide)),
            ("06123456789", Err(FormatInvalide)),
            ("060000000", Err(NumeroInvalide)),
            ("0000000000", Err(NumeroInvalide)),
            ("+88212345678", Err(NumeroInvalide)),
            // Separators the reference keeps but libphonenumber ignores; BOM is `\s` in JS.
            ("06/12/34/56/78", Ok(Some("0612345678"))),
            ("\u{FEFF}0612345678\u{3000}", Ok(Some("0612345678"))),
            ("0612345678\u{85}", Err(FormatInvalide)),
            ("0033 6 12 34 56 78", Ok(Some("0612345678"))),
            ("00 33 6 12 34 56 78", Ok(Some("0612345678"))),
            ("+33 (0)6 12 34 56 78", Ok(Some("0612345678"))),
            ("33 6 12 34 56 78", Ok(Some("0612345678"))),
            // Extensions are dropped, other words make it unreadable.
            ("0612345678x12", Ok(Some("0612345678"))),
            ("0612345678 ext. 12", Ok(Some("0612345678"))),
            ("0612345678;ext=5", Ok(Some("0612345678"))),
            ("0612345678,,5", Ok(Some("0612345678"))),
            ("0612345678#", Err(FormatInvalide)),
            ("06 12 34 56 78 (portable)", Err(FormatInvalide)),
            ("Tel: 06 12 34 56 78", Err(FormatInvalide)),
            ("tel:+33612345678", Err(FormatInvalide)),
            ("06.12.34.56.78 / 07.12.34.56.78", Err(FormatInvalide)),
            // Other scripts' digits; the full-width plus is dropped, the digits then read as 33….
            ("０６１２３４５６７８", Ok(Some("0612345678"))),
            ("＋33612345678", Ok(Some("0612345678"))),
            ("📞0612345678", Err(FormatInvalide)),
            // Overseas and foreign numbers.
            ("0694 12 34 56", Ok(Some("+594694123456"))),
            ("0269601234", Ok(Some("+262269601234"))),
            ("+262269601234", Ok(Some("+262269601234"))),
            ("00590690123456", Ok(Some("+590690123456"))),
            ("+590690123456", Ok(Some("+590690123456"))),
            ("+800 1234 5678", Ok(Some("+80012345678"))),
            ("+1 650 253 0000", Ok(Some("+16502530000"))),
            // Hostile inputs.
            (&long_zeros, Err(FormatInvalide)),
            (&long_digits, Err(FormatInvalide)),
            (&long_separated, Err(FormatInvalide)),
            ("\u{0}\u{FFFF}\u{10FFFF}", Err(FormatInvalide)),
            ("é+33612345678", Err(FormatInvalide)),
            ("$1$2;isub=1", Err(FormatInvalide)),
            ("0612345678;isub=12", Ok(Some("0612345678"))),
            ("+3\u{301}3612345678", Err(FormatInvalide)),
        ];
        for (input, expected) in vectors {
            check(input, *expected);
        }
    }

    #[test]
    fn messages() {
        assert_eq!(FormatInvalide.message(), "Format invalide");
        assert_eq!(NumeroInvalide.message(), "Numéro de téléphone invalide");
        assert_eq!(NumeroSpecial.message(), "Numéro de téléphone est un numéro spécial");
    }
}
