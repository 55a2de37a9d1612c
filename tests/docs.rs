//! The repository stands on its own: every `docs/` citation resolves, every decision the code cites
//! exists, nothing points outside the repository, and the field table of `docs/contract.md` is the
//! one `field.rs` declares.
//!
//! Checked over every file of the repository (`git ls-files`, tracked and new, ignored ones left
//! out; a plain walk when git is not there), text files only:
//! - a `docs/<page>.md` path, with its `#anchor` if any, names an existing page and heading (anchors
//!   are GitHub's: lower case, punctuation dropped, spaces turned into `-`);
//! - in Markdown files, every relative link `[…](path#anchor)` resolves the same way;
//! - every `D<n>` names a `## D<n> — …` heading of `docs/decisions.md`, whose headings run from D1
//!   without a gap;
//! - no file mentions the team's material outside the repository or cites a section-sign (U+00A7) section number.
//!
//! `UPDATE_DOCS=1 cargo test -p effectifs-tests --test docs` rewrites the generated field table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use effectifs_core::Field;
use effectifs_core::field::{Presence, ValueType};

/// The repository's root (this crate lives in `tests/`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The directory of the documentation, spelled in two parts so that this file does not cite itself.
const DOCS: &str = concat!("do", "cs/");

/// Strings no file may contain: the team's material outside the repository, and section-sign (U+00A7) citations.
const FORBIDDEN: [&str; 5] = [
    concat!("../", "shared"),
    concat!("/work/", "shared"),
    concat!("shared/", "spec"),
    concat!("shared/", "fixtures"),
    "\u{a7}",
];

/// Directories never part of the repository's own text (build output, vendored or installed files).
const NOT_OURS: [&str; 9] = [
    ".git",
    "target",
    "dist",
    "node_modules",
    "pkg",
    "www/dsfr",
    "fuzz/target",
    "fuzz/corpus",
    "fuzz/artifacts",
];

/// Every file of the repository, relative to the root, in order.
fn repository_files(root: &Path) -> Vec<PathBuf> {
    let listed = Command::new("git")
        .args(["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|output| output.status.success());
    let mut files: Vec<PathBuf> = if let Some(output) = listed {
        output
            .stdout
            .split(|byte| *byte == 0)
            .filter(|name| !name.is_empty())
            .map(|name| PathBuf::from(String::from_utf8_lossy(name).into_owned()))
            .filter(|path| root.join(path).is_file())
            .collect()
    } else {
        let mut found = Vec::new();
        walk(root, Path::new(""), &mut found);
        found
    };
    files.sort();
    files.dedup();
    files
}

fn walk(root: &Path, relative: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root.join(relative)) else {
        return;
    };
    for entry in entries.flatten() {
        let path = relative.join(entry.file_name());
        if NOT_OURS.iter().any(|skipped| path == Path::new(skipped)) {
            continue;
        }
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            walk(root, &path, found);
        } else {
            found.push(path);
        }
    }
}

/// The text files of the repository (UTF-8 content), with their text.
fn text_files() -> Vec<(PathBuf, String)> {
    let root = root();
    repository_files(&root)
        .into_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(root.join(&path)).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            Some((path, text))
        })
        .collect()
}

/// GitHub's anchor for a heading: lower case, only letters, digits, `-`, `_` and spaces kept, each
/// space turned into `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The headings of a Markdown text (outside code blocks), in order.
fn headings(markdown: &str) -> Vec<String> {
    let mut in_code = false;
    let mut found = Vec::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let hashes = line.bytes().take_while(|byte| *byte == b'#').count();
        if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
            found.push(line[hashes..].trim().to_owned());
        }
    }
    found
}

/// The anchors of a Markdown text, with GitHub's `-1`, `-2`… for repeated headings.
fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut anchors = BTreeSet::new();
    for heading in headings(markdown) {
        let base = slug(&heading);
        let count = seen.entry(base.clone()).or_insert(0);
        let anchor = if *count == 0 {
            base.clone()
        } else {
            format!("{base}-{count}")
        };
        *count += 1;
        anchors.insert(anchor);
    }
    anchors
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')
}

fn is_anchor_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_')
}

/// Every `docs/<page>.md#anchor` citation of a text: (line, page file name, anchor).
fn doc_citations(text: &str) -> Vec<(usize, String, Option<String>)> {
    let mut found = Vec::new();
    for (number, line) in (1..).zip(text.lines()) {
        let mut from = 0;
        while let Some(at) = line[from..].find(DOCS).map(|at| at + from) {
            from = at + DOCS.len();
            // `docs/` starts a path (or follows `../`), not the end of another one (`crates/x/docs/`).
            let before = &line[..at];
            let starts_path = match before.chars().next_back() {
                None => true,
                Some('/') => before.ends_with("../"),
                Some(c) => !is_path_char(c),
            };
            if !starts_path {
                continue;
            }
            let rest = &line[from..];
            let name_len = rest.find(|c: char| !is_path_char(c)).unwrap_or(rest.len());
            let name = rest[..name_len].trim_end_matches('.');
            if Path::new(name).extension().is_none_or(|ext| ext != "md") {
                continue;
            }
            let after = &rest[name.len()..];
            let anchor = after.strip_prefix('#').map(|anchor| {
                let len = anchor.find(|c: char| !is_anchor_char(c)).unwrap_or(anchor.len());
                anchor[..len].to_owned()
            });
            found.push((number, name.to_owned(), anchor));
        }
    }
    found
}

/// Every relative link target of a Markdown text, outside code blocks and code spans: (line, target).
fn markdown_links(markdown: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut in_code = false;
    for (number, line) in (1..).zip(markdown.lines()) {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        // Code spans are not links.
        let prose: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        let mut from = 0;
        while let Some(at) = prose[from..].find("](").map(|at| at + from) {
            from = at + 2;
            let Some(len) = prose[from..].find(')') else {
                break;
            };
            let target = &prose[from..from + len];
            if !target.contains("://") && !target.starts_with("mailto:") && !target.is_empty() {
                found.push((number, target.to_owned()));
            }
        }
    }
    found
}

/// The anchors of the Markdown file at `path` (relative to the root), read once.
fn page_anchors<'a>(
    cache: &'a mut BTreeMap<PathBuf, Option<BTreeSet<String>>>,
    path: &Path,
) -> Option<&'a BTreeSet<String>> {
    cache
        .entry(path.to_path_buf())
        .or_insert_with(|| {
            std::fs::read_to_string(root().join(path))
                .ok()
                .map(|text| anchors(&text))
        })
        .as_ref()
}

/// `a/b/../c` → `a/c`.
fn normalise(path: &Path) -> PathBuf {
    let mut parts: Vec<std::path::Component<'_>> = Vec::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir
                if parts
                    .last()
                    .is_some_and(|last| matches!(last, std::path::Component::Normal(_))) =>
            {
                parts.pop();
            }
            std::path::Component::CurDir => {}
            _ => parts.push(part),
        }
    }
    parts.iter().collect()
}

#[test]
fn every_docs_citation_resolves() {
    let files = text_files();
    let mut cache = BTreeMap::new();
    let mut broken = Vec::new();
    let mut count = 0;
    for (path, text) in &files {
        for (line, page, anchor) in doc_citations(text) {
            count += 1;
            let page_path = Path::new(DOCS).join(&page);
            let shown = format!("{}:{line}: {DOCS}{page}", path.display());
            match (page_anchors(&mut cache, &page_path), &anchor) {
                (None, _) => broken.push(format!("{shown}: no such page")),
                (Some(anchors), Some(anchor)) if !anchors.contains(anchor) => {
                    broken.push(format!("{shown}#{anchor}: no such heading"));
                }
                _ => {}
            }
        }
    }
    assert!(broken.is_empty(), "broken citations of {DOCS}:\n{}", broken.join("\n"));
    // The code cites docs/ in many places: finding none means the scan is broken, not the code clean.
    assert!(count > 50, "only {count} citations of {DOCS} found");
}

#[test]
fn every_markdown_link_resolves() {
    let files = text_files();
    let mut cache = BTreeMap::new();
    let mut broken = Vec::new();
    for (path, text) in files
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|ext| ext == "md"))
    {
        let directory = path.parent().unwrap_or(Path::new(""));
        for (line, target) in markdown_links(text) {
            let (file, anchor) = match target.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (target.as_str(), None),
            };
            let linked = if file.is_empty() {
                path.clone()
            } else {
                normalise(&directory.join(file))
            };
            let shown = format!("{}:{line}: ({target})", path.display());
            if !root().join(&linked).exists() {
                broken.push(format!("{shown}: no such file"));
                continue;
            }
            let Some(anchor) = anchor else {
                continue;
            };
            if linked.extension().is_none_or(|ext| ext != "md") {
                continue;
            }
            if !page_anchors(&mut cache, &linked).is_some_and(|anchors| anchors.contains(anchor)) {
                broken.push(format!("{shown}: no such heading"));
            }
        }
    }
    assert!(broken.is_empty(), "broken Markdown links:\n{}", broken.join("\n"));
}

/// The decisions `docs/decisions.md` declares, from its `## D<n> — …` headings.
fn declared_decisions() -> Vec<u32> {
    let text = std::fs::read_to_string(root().join(DOCS).join("decisions.md")).unwrap_or_default();
    text.lines()
        .filter_map(|line| line.strip_prefix("## D"))
        .filter_map(|rest| {
            let (number, title) = rest.split_once(" \u{2014} ")?;
            (!title.trim().is_empty()).then(|| number.parse().ok())?
        })
        .collect()
}

/// Every `D<n>` of a text (a capital D and digits, as a word of its own).
fn decision_citations(text: &str) -> Vec<(usize, u32)> {
    let mut found = Vec::new();
    for (number, line) in (1..).zip(text.lines()) {
        let chars: Vec<char> = line.chars().collect();
        for (at, c) in chars.iter().enumerate() {
            if *c != 'D'
                || at
                    .checked_sub(1)
                    .is_some_and(|before| chars[before].is_alphanumeric() || chars[before] == '_')
            {
                continue;
            }
            let digits: String = chars[at + 1..].iter().take_while(|c| c.is_ascii_digit()).collect();
            let next = chars.get(at + 1 + digits.len());
            if digits.is_empty() || next.is_some_and(|c| c.is_alphanumeric() || *c == '_') {
                continue;
            }
            if let Ok(decision) = digits.parse() {
                found.push((number, decision));
            }
        }
    }
    found
}

#[test]
fn decisions_run_from_d1_and_every_cited_one_exists() {
    let declared = declared_decisions();
    let expected: Vec<u32> = (1..=u32::try_from(declared.len()).unwrap_or(0)).collect();
    assert!(declared.len() >= 16, "decisions.md declares {declared:?}");
    assert_eq!(
        declared, expected,
        "decisions.md: headings `## D<n> \u{2014} …` must run from D1 without a gap"
    );
    let mut unknown = Vec::new();
    let mut count = 0;
    for (path, text) in text_files() {
        for (line, decision) in decision_citations(&text) {
            count += 1;
            if !declared.contains(&decision) {
                unknown.push(format!("{}:{line}: D{decision}", path.display()));
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "decisions cited but not in decisions.md:\n{}",
        unknown.join("\n")
    );
    assert!(count > 50, "only {count} decision citations found");
}

#[test]
fn nothing_points_outside_the_repository() {
    let mut found = Vec::new();
    for (path, text) in text_files() {
        for (number, line) in (1..).zip(text.lines()) {
            for forbidden in FORBIDDEN {
                if line.contains(forbidden) {
                    found.push(format!("{}:{number}: {forbidden:?}", path.display()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "the repository must stand on its own:\n{}",
        found.join("\n")
    );
}

/// The field table of `docs/contract.md`, from the field table of the code.
fn field_table() -> String {
    let presence = |field: Field| match field.spec().presence {
        Presence::Required => ("required", "required"),
        Presence::RequiredForUpload => ("optional", "required"),
        Presence::Optional => ("optional", "optional"),
        Presence::Generated => ("generated if absent", "generated if absent"),
    };
    let value_type = |field: Field| match field.spec().value_type {
        ValueType::Text => "text",
        ValueType::Date => "date",
        ValueType::Boolean => "Oui/Non",
        ValueType::Integer => "whole number",
        ValueType::Code => "code",
    };
    let mut table = String::from(
        "| # | Field | Label | api | televersement | Type | Template | Other headers |\n|---|---|---|---|---|---|---|---|\n",
    );
    for (number, field) in (1..).zip(Field::ALL.iter().copied()) {
        let spec = field.spec();
        let (api, upload) = presence(field);
        let template = spec
            .template_header
            .map_or_else(|| "–".to_owned(), |header| format!("`{header}`"));
        let synonyms = spec.synonyms.join(", ");
        table.push_str(&format!(
            "| {number} | `{}` | {} | {api} | {upload} | {} | {template} | {synonyms} |\n",
            spec.name,
            spec.label,
            value_type(field)
        ));
    }
    table
}

#[test]
fn contract_field_table_is_generated_from_the_code() {
    const BEGIN: &str = "<!-- field-table:begin -->\n";
    const END: &str = "<!-- field-table:end -->";
    let path = root().join(DOCS).join("contract.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (Some(begin), Some(end)) = (text.find(BEGIN), text.find(END)) else {
        panic!("contract.md has no field-table markers");
    };
    let current = &text[begin + BEGIN.len()..end];
    let expected = field_table();
    if current != expected && std::env::var_os("UPDATE_DOCS").is_some() {
        let updated = format!("{}{expected}{}", &text[..begin + BEGIN.len()], &text[end..]);
        std::fs::write(&path, updated).unwrap_or_else(|error| panic!("cannot write contract.md: {error}"));
        return;
    }
    assert!(
        current == expected,
        "contract.md's field table differs from field.rs: run `UPDATE_DOCS=1 cargo test -p effectifs-tests --test docs`"
    );
}

/// The string literals of every function with this `signature` in a Rust source: each body up to the
/// first line that closes it at the function's indentation.
fn literals_of(source: &str, signature: &str) -> Vec<String> {
    let mut literals = Vec::new();
    for (start, _) in source.match_indices(signature) {
        let indent = source[..start].rsplit('\n').next().unwrap_or_default();
        let body = &source[start..];
        let end = body.find(&format!("\n{indent}}}")).unwrap_or(body.len());
        literals.extend(body[..end].split('"').skip(1).step_by(2).map(str::to_owned));
    }
    literals
}

#[test]
fn every_published_code_is_documented() {
    // The stable codes of diagnostics and read warnings, as their `code` functions spell them.
    let sources = [
        (
            "crates/effectifs-core/src/diagnostic.rs",
            "pub fn code(&self) -> &'static str",
        ),
        (
            "crates/effectifs-sheet/src/read.rs",
            "pub fn code(&self) -> &'static str",
        ),
    ];
    let contract = std::fs::read_to_string(root().join(DOCS).join("contract.md")).unwrap_or_default();
    let mut codes = Vec::new();
    for (path, signature) in sources {
        let source = std::fs::read_to_string(root().join(path)).unwrap_or_default();
        let found = literals_of(&source, signature);
        assert!(found.len() > 1, "{path}: no codes found in `{signature}`");
        codes.extend(found);
    }
    let missing: Vec<&String> = codes
        .iter()
        .filter(|code| !contract.contains(&format!("`{code}`")))
        .collect();
    assert!(missing.is_empty(), "codes not documented in contract.md: {missing:?}");
}

#[test]
fn the_scanners_see_what_they_look_for() {
    type Expected<'a> = &'a [(&'a str, Option<&'a str>)];
    // The helpers on known inputs, so that a scan that finds nothing cannot pass for a clean repository.
    let d = DOCS;
    let cases: &[(&str, Expected<'_>)] = &[
        (
            &format!("see `{d}contract.md#dates`."),
            &[("contract.md", Some("dates"))],
        ),
        (
            &format!("[x](../../{d}api.md#the-200-answer)"),
            &[("api.md", Some("the-200-answer"))],
        ),
        (&format!("({d}toolchain.md)."), &[("toolchain.md", None)]),
        (&format!("crates/x/{d}y.md and https://docs.rs/z"), &[]),
    ];
    for (text, expected) in cases {
        let found: Vec<(String, Option<String>)> = doc_citations(text)
            .into_iter()
            .map(|(_, page, anchor)| (page, anchor))
            .collect();
        let expected: Vec<(String, Option<String>)> = expected
            .iter()
            .map(|(page, anchor)| ((*page).to_owned(), anchor.map(str::to_owned)))
            .collect();
        assert_eq!(found, expected, "{text}");
    }
    assert_eq!(slug("D11 \u{2014} Sending"), "d11--sending");
    assert_eq!(slug("What \"source ERP\" implies"), "what-source-erp-implies");
    assert_eq!(slug("Census fields (SIFA)"), "census-fields-sifa");
    let cited: Vec<u32> = decision_citations("D4, (D15) and D7's; not AD5, D5x, SD1 or D_2")
        .into_iter()
        .map(|(_, decision)| decision)
        .collect();
    assert_eq!(cited, [4, 15, 7]);
}
