//! One report shape: the keys `serde` writes for a report (the Rust definition in effectifs-api) are
//! the keys the npm package's TypeScript types declare (`crates/effectifs-wasm/src/types.d.ts`) and
//! the shapes its tape builds objects from (`tape.rs`, `tape.js`), in the same order.
//!
//! A fully populated report (valid and invalid lines, diagnostics with and without a hint, statuts
//! with their timeline, a read warning, the indicators by formation) is serialised and walked: every
//! object found at a place of the report must match the interface that place has in `types.d.ts`
//! (every key declared, the optional ones exactly those some objects lack), and every shape of the
//! tape must be a key order some object really has.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use effectifs_api::report::DiagnosticJson;
use effectifs_api::{FileWarning, JsonReport};
use effectifs_core::{Date, Profile};
use effectifs_sheet::{ReadOptions, read};
use regex::Regex;
use serde_json::Value;

/// Each place of a report that holds an object, and the interface of `types.d.ts` that describes it.
const INTERFACES: [(&str, &str); 15] = [
    ("", "Report"),
    ("file", "FileDescription"),
    ("fixes", "Fixes"),
    // An object type written inline in its interface: `Fixes.by_rule`.
    ("fixes.by_rule", "Fixes.by_rule"),
    ("fixes.cells[]", "Fix"),
    ("columns[]", "Column"),
    ("read_warnings[]", "ReadWarning"),
    ("lines[]", "Line"),
    ("lines[].errors[]", "Diagnostic"),
    ("lines[].warnings[]", "Diagnostic"),
    ("lines[].statut", "Statut"),
    ("lines[].statut.parcours[]", "Etape"),
    ("summary", "Summary"),
    ("summary.indicateurs", "Indicateurs"),
    ("summary.indicateurs.par_formation[]", "FormationIndicateurs"),
];

/// Places whose objects are maps of any keys (`Record<…>` in `types.d.ts`), not shapes.
const RECORDS: [&str; 2] = ["lines[].dossier", "summary.statuts"];

const DIAGNOSTICS: &[&str] = &["lines[].errors[]", "lines[].warnings[]"];

/// A shape of the tape: its struct name, the places of its objects, and a key they all have (`true`)
/// or all lack (`false`), if that tells them apart from another struct's at the same places.
type TapeShape = (&'static str, &'static [&'static str], Option<(&'static str, bool)>);

/// The struct each shape of the tape stands for (`suggestion`: a diagnostic with one is another struct).
const TAPE_SHAPES: [TapeShape; 5] = [
    ("LineJson", &["lines[]"], None),
    ("StatutJson", &["lines[].statut"], None),
    ("EtapeJson", &["lines[].statut.parcours[]"], None),
    ("DiagnosticJson", DIAGNOSTICS, Some(("suggestion", false))),
    ("SuggestedDiagnosticJson", DIAGNOSTICS, Some(("suggestion", true))),
];

/// The objects found at each place: every key order seen.
type Seen = BTreeMap<String, BTreeSet<Vec<String>>>;

fn walk(value: &Value, place: &str, seen: &mut Seen) {
    match value {
        Value::Object(object) => {
            if RECORDS.contains(&place) {
                return;
            }
            seen.entry(place.to_owned())
                .or_default()
                .insert(object.keys().cloned().collect());
            for (key, value) in object {
                let inner = if place.is_empty() {
                    key.clone()
                } else {
                    format!("{place}.{key}")
                };
                walk(value, &inner, seen);
            }
        }
        Value::Array(items) => {
            for item in items {
                walk(item, &format!("{place}[]"), seen);
            }
        }
        _ => {}
    }
}

/// Reports of a real CFA export: one with every part populated — a cell changed as a recipe does
/// (`fixes`), a read warning, and the four kinds of diagnostic (with or without a hint, with or
/// without a suggestion) among the errors and the warnings of its first line — and the plain one.
fn reports() -> [Value; 2] {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let name = "effectifs-cp1252.csv";
    let bytes = std::fs::read(root.join("data").join(name)).expect("the fixture");
    let sheet = read(&bytes, name, &ReadOptions::default()).expect("readable");
    let mut table = sheet.table.clone();
    let first = table.rows[0].cells[0].display();
    let changes = effectifs_core::recipe::replace(&mut table, 0, &first, "Autre");
    let today = Date::from_ymd(2025, 12, 1).expect("a day");
    let report = effectifs_core::validate(&table, Profile::Televersement, today);
    let warning = FileWarning {
        line: Some(3),
        code: "en-tete-repetee",
        message: "Ligne 3".to_owned(),
    };
    let plain = JsonReport::new(sheet.file_description(), &table, &report);
    let mut full = plain
        .clone()
        .with_read_warnings(vec![warning])
        .with_fixes(&table, &changes);
    let text = |text: &str| Some(text.to_owned());
    for (hint, suggestion) in [
        (None, None),
        (text("h"), None),
        (None, text("s")),
        (text("h"), text("s")),
    ] {
        let diagnostic = DiagnosticJson {
            field: None,
            code: "code",
            message: "message".to_owned(),
            hint,
            suggestion,
        };
        full.lines[0].errors.push(diagnostic.clone());
        full.lines[0].warnings.push(diagnostic);
    }
    [full, plain].map(|report| serde_json::to_value(&report).expect("a report serialises"))
}

fn source(path: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The interfaces of `types.d.ts`: name → (key → optional), with the keys of what each extends.
fn interfaces(text: &str) -> BTreeMap<String, BTreeMap<String, bool>> {
    let comments = Regex::new(r"(?s)/\*.*?\*/").expect("a regex");
    let text = comments.replace_all(text, "");
    let interface = Regex::new(r"(?s)export interface (\w+)(?: extends (\w+))? \{(.*?)\n\}").expect("a regex");
    let member = Regex::new(r"(?m)^\s*(\w+)(\?)?:").expect("a regex");
    // A member whose type is an object written inline: `name: { a: number; b: number };`.
    let inline = Regex::new(r"(?m)^\s*(\w+)\??: \{([^}]*)\}").expect("a regex");
    let inline_member = Regex::new(r"(\w+)(\?)?:").expect("a regex");
    let mut found: BTreeMap<String, (Option<String>, BTreeMap<String, bool>)> = BTreeMap::new();
    for capture in interface.captures_iter(&text) {
        let keys = member
            .captures_iter(&capture[3])
            .map(|member| (member[1].to_owned(), member.get(2).is_some()))
            .collect();
        found.insert(
            capture[1].to_owned(),
            (capture.get(2).map(|base| base.as_str().to_owned()), keys),
        );
        for object in inline.captures_iter(&capture[3]) {
            let keys = inline_member
                .captures_iter(&object[2])
                .map(|member| (member[1].to_owned(), member.get(2).is_some()))
                .collect();
            found.insert(format!("{}.{}", &capture[1], &object[1]), (None, keys));
        }
    }
    let mut resolved = BTreeMap::new();
    for name in found.keys() {
        let mut keys = BTreeMap::new();
        let mut next = Some(name.clone());
        while let Some(current) = next.take() {
            let (base, own) = &found[&current];
            keys.extend(own.clone());
            next.clone_from(base);
        }
        resolved.insert(name.clone(), keys);
    }
    resolved
}

/// The shapes of `tape.rs`: (struct name, keys), in order.
fn rust_shapes(text: &str) -> Vec<(String, Vec<String>)> {
    let shape = Regex::new(r#"name: "(\w+)",\s*keys: &\[([^\]]*)\]"#).expect("a regex");
    let quoted = Regex::new(r#""(\w+)""#).expect("a regex");
    shape
        .captures_iter(text)
        .map(|capture| {
            let keys = quoted.captures_iter(&capture[2]).map(|key| key[1].to_owned()).collect();
            (capture[1].to_owned(), keys)
        })
        .collect()
}

/// The keys of the object literals of `tape.js`'s `SHAPES`, in order.
fn js_shapes(text: &str) -> Vec<Vec<String>> {
    let start = text.find("const SHAPES = [").expect("tape.js has SHAPES");
    let end = start + text[start..].find("\n];").expect("SHAPES ends");
    let literal = Regex::new(r"return \{ ([^}]*) \};|\(\) => \(\{ ([^}]*) \}\)").expect("a regex");
    let key = Regex::new(r"(\w+)(?::[^,]*)?(?:,|$)").expect("a regex");
    literal
        .captures_iter(&text[start..end])
        .map(|capture| {
            let entries = capture.get(1).or_else(|| capture.get(2)).expect("a literal").as_str();
            key.captures_iter(entries.trim()).map(|key| key[1].to_owned()).collect()
        })
        .collect()
}

#[test]
fn types_and_tape_shapes_are_the_serialised_keys() {
    let mut seen = Seen::new();
    for report in reports() {
        walk(&report, "", &mut seen);
    }
    let mut problems = Vec::new();

    // Every place holding objects has its interface, and the report populates every interface.
    let places: BTreeSet<&str> = INTERFACES.iter().map(|(place, _)| *place).collect();
    for place in seen.keys().filter(|place| !places.contains(place.as_str())) {
        problems.push(format!(
            "{place:?}: objects with no interface in types.d.ts (add it to INTERFACES)"
        ));
    }
    let declared = interfaces(&source("crates/effectifs-wasm/src/types.d.ts"));
    for (place, name) in INTERFACES {
        let Some(objects) = seen.get(place) else {
            problems.push(format!("{place:?}: the test's report has no such object"));
            continue;
        };
        let Some(keys) = declared.get(name) else {
            problems.push(format!("types.d.ts has no interface {name}"));
            continue;
        };
        let all: BTreeSet<&String> = objects.iter().flatten().collect();
        let always: BTreeSet<&String> = all
            .iter()
            .copied()
            .filter(|key| objects.iter().all(|object| object.contains(key)))
            .collect();
        for key in &all {
            match keys.get(*key) {
                None => problems.push(format!("{name}: {key} is serialised, not declared")),
                Some(true) if always.contains(key) => {
                    problems.push(format!("{name}: {key} is always serialised, declared optional"));
                }
                Some(false) if !always.contains(key) => {
                    problems.push(format!("{name}: {key} is sometimes left out, declared required"));
                }
                Some(_) => {}
            }
        }
        for key in keys.keys().filter(|key| !all.contains(key)) {
            problems.push(format!("{name}: {key} is declared, never serialised"));
        }
    }

    // The tape's shapes (tape.rs) are the key orders of the objects they stand for, and tape.js
    // builds the same shapes, in the same order.
    let shapes = rust_shapes(&source("crates/effectifs-wasm/src/tape.rs"));
    for (name, places, marked) in TAPE_SHAPES {
        let orders: BTreeSet<Vec<String>> = places
            .iter()
            .flat_map(|place| seen[*place].clone())
            .filter(|keys| marked.is_none_or(|(key, has)| keys.iter().any(|known| known == key) == has))
            .collect();
        let declared: BTreeSet<Vec<String>> = shapes
            .iter()
            .filter(|(shape, _)| shape == name)
            .map(|(_, keys)| keys.clone())
            .collect();
        if orders != declared {
            problems.push(format!("tape.rs {name}: shapes {declared:?}, serialised {orders:?}"));
        }
    }
    let named: BTreeSet<&str> = TAPE_SHAPES.iter().map(|(name, _, _)| *name).collect();
    for (name, _) in shapes.iter().filter(|(name, _)| !named.contains(name.as_str())) {
        problems.push(format!(
            "tape.rs {name}: a shape this test does not know (add it to TAPE_SHAPES)"
        ));
    }
    let js = js_shapes(&source("crates/effectifs-wasm/src/tape.js"));
    let rust: Vec<Vec<String>> = shapes.into_iter().map(|(_, keys)| keys).collect();
    if js != rust {
        problems.push(format!("tape.js SHAPES {js:?} differ from tape.rs {rust:?}"));
    }

    assert!(problems.is_empty(), "one report shape:\n  {}", problems.join("\n  "));
}
