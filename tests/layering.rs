//! The layering of ARCHITECTURE.md, enforced: the pure crates depend on no edge and on no crate that
//! reads files, talks to a network or draws a page, according to `cargo metadata`; and they share one
//! `clippy.toml`, which forbids them the file system, the clock and the environment.
//!
//! The dependency graph of `cargo metadata` is the workspace's, with features unified across its
//! members: a crate is followed if any build of the workspace makes it a normal dependency. That
//! can only see more than a crate's own build, never less, so a failure names the path to look at.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

/// Crates that read or write files, workbooks or archives: the file layer's (`effectifs-sheet`).
const FILE_CRATES: [&str; 6] = ["calamine", "zip", "rust_xlsxwriter", "quick-xml", "csv", "encoding_rs"];
/// Network, runtime, database and interface crates: the edges'.
const EDGE_CRATES: [&str; 12] = [
    "reqwest",
    "hyper",
    "axum",
    "tower",
    "tokio",
    "mio",
    "rusqlite",
    "yew",
    "web-sys",
    "gloo-file",
    "clap",
    "indicatif",
];

/// The workspace as `cargo metadata` resolves it.
struct Graph {
    /// Package id → name.
    names: BTreeMap<String, String>,
    /// Package id → the ids of its normal (not dev, not build) dependencies, on any platform.
    deps: BTreeMap<String, Vec<String>>,
    /// Name → id, for the workspace's own crates.
    members: BTreeMap<String, String>,
    /// The workspace's crates that the crates registry would accept (`publish` not `false`).
    publishable: Vec<String>,
}

fn graph() -> Graph {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata's JSON");
    let text = |value: &Value| value.as_str().expect("a string").to_owned();
    let names: BTreeMap<String, String> = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|package| (text(&package["id"]), text(&package["name"])))
        .collect();
    let publishable = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter(|package| package["source"].is_null() && package["publish"] != serde_json::json!([]))
        .map(|package| text(&package["name"]))
        .collect();
    let members = meta["workspace_members"]
        .as_array()
        .expect("workspace_members")
        .iter()
        .map(|id| (names[&text(id)].clone(), text(id)))
        .collect();
    let deps = meta["resolve"]["nodes"]
        .as_array()
        .expect("resolve.nodes")
        .iter()
        .map(|node| {
            let normal = node["deps"]
                .as_array()
                .expect("deps")
                .iter()
                .filter(|dep| {
                    dep["dep_kinds"]
                        .as_array()
                        .expect("dep_kinds")
                        .iter()
                        .any(|kind| kind["kind"].is_null())
                })
                .map(|dep| text(&dep["pkg"]))
                .collect();
            (text(&node["id"]), normal)
        })
        .collect();
    Graph {
        names,
        deps,
        members,
        publishable,
    }
}

impl Graph {
    /// Every crate `name` is built from, each with the path that leads to it (`a → b → c`).
    fn closure(&self, name: &str) -> BTreeMap<String, String> {
        let start = &self.members[name];
        let mut paths = BTreeMap::new();
        let mut seen = BTreeSet::from([start.clone()]);
        let mut todo = VecDeque::from([(start.clone(), name.to_owned())]);
        while let Some((id, path)) = todo.pop_front() {
            for dep in &self.deps[&id] {
                if seen.insert(dep.clone()) {
                    let dep_name = &self.names[dep];
                    let dep_path = format!("{path} → {dep_name}");
                    paths.entry(dep_name.clone()).or_insert_with(|| dep_path.clone());
                    todo.push_back((dep.clone(), dep_path));
                }
            }
        }
        paths
    }

    /// What is wrong with `name`'s dependencies: a crate of ours outside `ours`, or a forbidden crate.
    fn violations(&self, name: &str, ours: &[&str], forbidden: &[&str]) -> Vec<String> {
        self.closure(name)
            .into_iter()
            .filter(|(dep, _)| {
                (self.members.contains_key(dep) && !ours.contains(&dep.as_str())) || forbidden.contains(&dep.as_str())
            })
            .map(|(_, path)| path)
            .collect()
    }
}

#[test]
fn pure_crates_depend_on_no_edge() {
    let graph = graph();
    let files_and_edges: Vec<&str> = FILE_CRATES.iter().chain(&EDGE_CRATES).copied().collect();
    let mut core_forbidden = files_and_edges.clone();
    // The core knows nothing of serialisation: the report's JSON is effectifs-api's.
    core_forbidden.extend(["serde", "serde_json"]);
    // (crate, the crates of ours it may depend on, the crates it must not depend on)
    let rules: [(&str, &[&str], &[&str]); 4] = [
        ("effectifs-core", &[], &core_forbidden),
        ("effectifs-sheet", &["effectifs-core"], &EDGE_CRATES),
        ("effectifs-api", &["effectifs-core"], &files_and_edges),
        // The payload it sends is effectifs-api's (`dossier_json`), itself pure.
        ("effectifs-send", &["effectifs-core", "effectifs-api"], &files_and_edges),
    ];
    let violations: Vec<String> = rules
        .into_iter()
        .flat_map(|(name, ours, forbidden)| graph.violations(name, ours, forbidden))
        .collect();
    assert!(
        violations.is_empty(),
        "forbidden dependencies (ARCHITECTURE.md, Invariants):\n  {}",
        violations.join("\n  ")
    );
}

#[test]
fn pure_crates_share_the_clippy_rules_that_forbid_io() {
    let crates = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../crates");
    let read = |name: &str| {
        let path = crates.join(name).join("clippy.toml");
        std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    };
    let core = read("effectifs-core");
    for needed in [
        "std::fs::read",
        "std::time::SystemTime::now",
        "std::time::Instant::now",
        "std::env::var",
        "std::fs::File",
    ] {
        assert!(
            core.contains(&format!("\"{needed}\"")),
            "effectifs-core/clippy.toml forbids {needed}"
        );
    }
    for name in ["effectifs-sheet", "effectifs-api", "effectifs-send"] {
        assert!(read(name) == core, "{name}/clippy.toml differs from effectifs-core's");
    }
}

/// No crate of ours goes to the crates registry by accident: the product ships as the binary, the web
/// app and the npm package (published with npm, not cargo).
#[test]
fn no_crate_is_published() {
    assert_eq!(
        graph().publishable,
        Vec::<String>::new(),
        "crates without `publish = false`"
    );
}
