//! Differential corpus of the telephone check: `phone_corpus.txt` holds thousands of inputs with the
//! outcome [`normalize`] gave for each when the file was written, and every run must give them
//! again, to the byte.
//!
//! The outcomes are a record, not a specification: they were produced by the implementation of the
//! time (first by the one reading the `phonenumber` crate's database at run time), so that a change
//! meant to be invisible (another metadata representation, another regex engine, a refactoring)
//! is proven invisible. A change meant to be visible (a metadata update) shows here as a diff to
//! review, then to accept with `UPDATE_EXPECT=1 cargo test -p effectifs-core --test phone_corpus`,
//! which rewrites the outcome column and keeps the inputs.
//!
//! File format: one case a line, `input<TAB>outcome`; `#` starts a comment line. Inputs are escaped
//! (`\\`, `\t`, `\n`, `\r`, `\u{…}` for every character outside printable ASCII) so that invisible
//! and look-alike characters stay visible. Outcomes: the normalised number, `(absent)` for an
//! accepted empty cell, or the [`PhoneProblem`] variant.
//!
//! The inputs come from [`generate_inputs`] (ignored; it needs the `phonenumber` crate for the
//! example number of every type of every plan).

#![expect(
    clippy::disallowed_methods,
    reason = "the corpus is a file: this test rewrites it on request (UPDATE_EXPECT)"
)]

use std::fmt::Write as _;
use std::path::PathBuf;

use effectifs_core::phone::normalize;

const CORPUS: &str = include_str!("phone_corpus.txt");

fn corpus_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/phone_corpus.txt")
}

fn outcome(input: &str) -> String {
    match normalize(input) {
        Ok(None) => "(absent)".to_owned(),
        Ok(Some(number)) => number,
        Err(problem) => format!("{problem:?}"),
    }
}

fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for (index, c) in input.char_indices() {
        match c {
            // Not to be read as a comment line.
            '#' if index == 0 => out.push_str("\\u{23}"),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            ' '..='~' => out.push(c),
            _ => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
        }
    }
    out
}

fn unescape(escaped: &str) -> Result<String, String> {
    let mut out = String::with_capacity(escaped.len());
    let mut chars = escaped.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('u') => {
                let rest = chars.as_str();
                let hex = rest
                    .strip_prefix('{')
                    .and_then(|r| r.split_once('}'))
                    .map(|(hex, _)| hex)
                    .ok_or_else(|| format!("bad \\u escape in {escaped:?}"))?;
                let code = u32::from_str_radix(hex, 16).map_err(|e| format!("{e} in {escaped:?}"))?;
                out.push(char::from_u32(code).ok_or_else(|| format!("bad code point in {escaped:?}"))?);
                chars = rest[hex.len() + 2..].chars();
            }
            other => return Err(format!("bad escape {other:?} in {escaped:?}")),
        }
    }
    Ok(out)
}

/// The corpus's cases: (line number, input, recorded outcome); comment lines are skipped.
fn cases(corpus: &str) -> Vec<(usize, String, &str)> {
    corpus
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'))
        .map(|(index, line)| {
            let (escaped, expected) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("line {}: no tab in {line:?}", index + 1));
            let input = unescape(escaped).unwrap_or_else(|error| panic!("line {}: {error}", index + 1));
            (index + 1, input, expected)
        })
        .collect()
}

#[test]
fn escaping_round_trips() {
    for input in [
        "",
        "#1",
        "a\\b\tc\nd\re",
        "0612345678",
        "\u{FEFF}０６\u{A0}\u{10FFFF}\u{0}",
        "\\u{41}",
    ] {
        assert_eq!(unescape(&escape(input)).as_deref(), Ok(input));
    }
}

#[test]
fn corpus_outcomes_are_unchanged() {
    let cases = cases(CORPUS);
    assert!(cases.len() > 10_000, "the corpus lost its cases: {}", cases.len());
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        let mut updated = String::with_capacity(CORPUS.len());
        for line in CORPUS.lines() {
            match line.split_once('\t') {
                Some((escaped, _)) if !line.starts_with('#') => {
                    let input = unescape(escaped).unwrap_or_else(|error| panic!("{error}"));
                    let _ = writeln!(updated, "{escaped}\t{}", outcome(&input));
                }
                _ => {
                    let _ = writeln!(updated, "{line}");
                }
            }
        }
        std::fs::write(corpus_path(), updated).expect("cannot write the corpus");
        return;
    }
    let mismatches: Vec<String> = cases
        .iter()
        .filter_map(|(line, input, expected)| {
            let got = outcome(input);
            (got != *expected).then(|| format!("line {line}: {input:?}: recorded {expected}, now {got}"))
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} outcomes changed (UPDATE_EXPECT=1 accepts them):\n{}",
        mismatches.len(),
        cases.len(),
        mismatches.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// The inputs.

/// Writes `phone_corpus.txt` anew from the generated inputs, with the outcomes of the current
/// implementation: `cargo test -p effectifs-core --test phone_corpus -- --ignored`. Only for
/// changing the inputs; a metadata update keeps them (see the module doc).
#[test]
#[ignore = "rewrites the corpus"]
fn generate_inputs() {
    let mut out = String::new();
    let mut seen = std::collections::HashSet::new();
    for (section, inputs) in sections() {
        let _ = writeln!(out, "# {section}");
        for input in inputs {
            if seen.insert(input.clone()) {
                let _ = writeln!(out, "{}\t{}", escape(&input), outcome(&input));
            }
        }
    }
    std::fs::write(corpus_path(), out).expect("cannot write the corpus");
}

fn sections() -> Vec<(&'static str, Vec<String>)> {
    vec![
        ("French numbers, written every way", french()),
        ("Extensions, separators and other scripts", decorated()),
        (
            "Every 0X and 0XY prefix, lengths 8 to 12, nationally and after +33",
            prefix_sweep(),
        ),
        (
            "Example numbers of every type of every plan, in several forms",
            examples(),
        ),
        (
            "Every calling code from 1 to 999 with a few national numbers",
            calling_code_sweep(),
        ),
        ("Junk", junk()),
    ]
}

/// French national significant numbers (9 digits) of every kind, and a few impossible ones.
const FRENCH: &[&str] = &[
    "612345678",
    "698765432",
    "700000000",
    "712345678",
    "756789012",
    "780000000",
    "123456789",
    "212345678",
    "312345678",
    "412345678",
    "512345678",
    "987654321",
    "912345678",
    "970123456",
    "800123456",
    "805123456",
    "809123456",
    "810123456",
    "812345678",
    "821123456",
    "825123456",
    "836123456",
    "860123456",
    "884123456",
    "890123456",
    "899123456",
    "939123456",
    "000000000",
    "600000000",
    "999999999",
    "690123456",
    "590123456",
    "262123456",
    "269601234",
    "639123456",
    "694123456",
    "696123456",
];

fn french() -> Vec<String> {
    let mut inputs = Vec::new();
    for nsn in FRENCH {
        let pairs = |sep: &str| {
            let national = format!("0{nsn}");
            national
                .as_bytes()
                .chunks(2)
                .map(|pair| String::from_utf8_lossy(pair).into_owned())
                .collect::<Vec<_>>()
                .join(sep)
        };
        let (head, tail) = nsn.split_at(1);
        inputs.extend([
            format!("0{nsn}"),
            (*nsn).to_owned(),
            pairs(" "),
            pairs("."),
            pairs("-"),
            pairs("/"),
            pairs("\u{A0}"),
            format!("+33{nsn}"),
            format!("+33 {head} {tail}"),
            format!("+33 (0){nsn}"),
            format!("+330{nsn}"),
            format!("(+33){nsn}"),
            format!("0033{nsn}"),
            format!("00 33 {nsn}"),
            format!("00330{nsn}"),
            format!("33{nsn}"),
            format!("330{nsn}"),
            format!("0{nsn}0"),
            format!("0{}", &nsn[..8]),
            format!("+33{nsn}0"),
            format!("+33{}", &nsn[..8]),
            format!("  0{nsn}  "),
            format!("\t0{nsn}\n"),
        ]);
    }
    inputs
}

fn decorated() -> Vec<String> {
    let bases = [
        "0612345678",
        "+33612345678",
        "0590123456",
        "+590690123456",
        "+16502530000",
        "+447911123456",
    ];
    let suffixes = [
        "x12",
        " x 12",
        " ext. 12",
        " ext 12",
        "ext.12",
        " extension 12",
        " Ext: 12",
        ";ext=12",
        ";ext=123456789012345678901",
        ",,12",
        ",12",
        ";12",
        " #12",
        " - 12#",
        "#",
        "#12",
        " int 12",
        " anexo 12",
        " \u{434}\u{43E}\u{431} 12",
        "\u{FF58}12",
        " ~12",
        ";isub=12",
        ";isub=",
        ";phone-context=+33",
        " (portable)",
        " / 0712345678",
        "?",
        "*",
        "\u{0}",
        "\u{85}",
        "\u{2028}",
        "\u{200B}",
        "\u{FEFF}",
        "\u{3000}",
    ];
    let mut inputs = Vec::new();
    for base in bases {
        for suffix in suffixes {
            inputs.push(format!("{base}{suffix}"));
        }
        for prefix in [
            "\u{FEFF}",
            "\u{200B}",
            "Tel: ",
            "tel:",
            "T\u{E9}l ",
            "\u{1F4DE}",
            "\u{E9}",
            "*",
            "#",
        ] {
            inputs.push(format!("{prefix}{base}"));
        }
        // The same number in other scripts' digits, and with the full-width plus.
        for (zero, plus) in [('\u{FF10}', "\u{FF0B}"), ('\u{0660}', "+"), ('\u{06F0}', "+")] {
            let converted: String = base
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => char::from_u32(u32::from(zero) + d).unwrap_or(c),
                    None if c == '+' => plus.chars().next().unwrap_or(c),
                    None => c,
                })
                .collect();
            inputs.push(converted);
        }
        // Every separator libphonenumber-js knows, between every digit.
        for separator in [
            "\u{2010}", "\u{2015}", "\u{2212}", "\u{30FC}", "\u{FF0D}", "\u{FF0F}", "\u{FF0E}", "\u{AD}", "\u{2060}",
            "\u{FF08}", "\u{FF3B}", "[", "]", "~", "\u{2053}", "\u{223C}", "\u{FF5E}", "_", ",", ";", ":", "'",
        ] {
            let joined: Vec<String> = base.chars().map(String::from).collect();
            inputs.push(joined.join(separator));
        }
    }
    inputs
}

fn prefix_sweep() -> Vec<String> {
    const FILLS: [&str; 4] = ["1234567890123", "0000000000000", "9999999999999", "5050505050505"];
    let mut inputs = Vec::new();
    for x in 0..10 {
        for length in 8..=12 {
            for fill in FILLS {
                let national = format!("0{x}{}", &fill[..length - 2]);
                inputs.push(format!("+33{}", &national[1..]));
                inputs.push(national);
            }
        }
    }
    for xy in 0..100 {
        for fill in FILLS {
            let national = format!("0{xy:02}{}", &fill[..7]);
            inputs.push(format!("+33{}", &national[1..]));
            inputs.push(format!("33{}", &national[1..]));
            inputs.push(national);
        }
    }
    inputs
}

/// Every plan of the `phonenumber` crate, in calling-code order then its order within a code.
fn plans() -> Vec<&'static phonenumber::metadata::Metadata> {
    (1..=999u16)
        .filter_map(|code| phonenumber::metadata::DATABASE.by_code(&code))
        .flatten()
        .collect()
}

fn examples() -> Vec<String> {
    let mut inputs = Vec::new();
    for plan in plans() {
        let d = plan.descriptors();
        let code = plan.country_code();
        let national_prefix = plan.national_prefix().unwrap_or("");
        let descriptors = [
            Some(d.general()),
            d.fixed_line(),
            d.mobile(),
            d.toll_free(),
            d.premium_rate(),
            d.shared_cost(),
            d.personal_number(),
            d.voip(),
            d.pager(),
            d.uan(),
            d.emergency(),
            d.voicemail(),
            d.short_code(),
            d.standard_rate(),
            d.carrier(),
            d.no_international(),
        ];
        for example in descriptors.into_iter().flatten().filter_map(|desc| desc.example()) {
            let shorter = &example[..example.len().saturating_sub(1)];
            inputs.extend([
                format!("+{code}{example}"),
                format!("+{code} {example}"),
                format!("00{code}{example}"),
                format!("{code}{example}"),
                format!("{national_prefix}{example}"),
                format!("0{example}"),
                (*example).to_owned(),
                format!("+{code}{shorter}"),
                format!("+{code}{example}0"),
                format!("+{code}{example}9"),
                format!("+{code}{national_prefix}{example}"),
            ]);
        }
    }
    inputs
}

fn calling_code_sweep() -> Vec<String> {
    const NATIONAL: [&str; 8] = [
        "612345678",
        "212345678",
        "12345678",
        "1234567",
        "123456789012",
        "912345",
        "5012345678",
        "30123456",
    ];
    let mut inputs = Vec::new();
    for code in 1..=999 {
        for (index, national) in NATIONAL.iter().enumerate() {
            inputs.push(format!("+{code}{national}"));
            if index < 3 {
                inputs.push(format!("00{code}{national}"));
                inputs.push(format!("{code}{national}"));
            }
        }
    }
    inputs
}

fn junk() -> Vec<String> {
    let mut inputs: Vec<String> = [
        "",
        " ",
        "   ",
        "\t",
        "\u{A0}",
        "-",
        ".",
        "()",
        "-.()",
        "+",
        "++",
        "0",
        "00",
        "1",
        "12",
        "123",
        "+1",
        "+33",
        "+333",
        "0033",
        "00+33612345678",
        "++33612345678",
        "+-33612345678",
        "+0612345678",
        "+00612345678",
        "+999123456789",
        "abc",
        "ABC",
        "n/a",
        "NC",
        "inconnu",
        "0612345678 0712345678",
        "06 12 34 56 78 (portable)",
        "06123456780612345678",
        "1e10",
        "6.12345678E8",
        "612345678.0",
        "-612345678",
        "0612345678-",
        "0\u{301}612345678",
        "+3\u{301}3612345678",
        "\u{0}\u{FFFF}\u{10FFFF}",
        "$1$2",
        "$1$2;isub=1",
        "\\d",
        ".*",
        "(?x)",
        "0-6-1-2-3-4-5-6-7-8",
        "0.6.1.2.3.4.5.6.7.8",
        "(06) 12 34 56 78",
        "06)12(34)56(78",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    inputs.extend([
        "0".repeat(250),
        "0".repeat(251),
        "6".repeat(250),
        "6".repeat(251),
        format!("+33{}", "6".repeat(246)),
        format!("+33{}", "6".repeat(247)),
        "06 ".repeat(100),
        "\u{FF10}".repeat(251),
    ]);
    for length in 1..=20 {
        inputs.push("6".repeat(length));
        inputs.push(format!("0{}", "6".repeat(length)));
        inputs.push(format!("+33{}", "6".repeat(length)));
    }
    inputs
}
