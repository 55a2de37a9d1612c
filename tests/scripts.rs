//! The one command that runs the app, `scripts/run.sh`: it builds the web app exactly when `dist/` is
//! missing or older than one of its sources, checked on a copy of the repository with `--dry-run`.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

/// Directories never copied: build output, dependencies, version control.
const SKIPPED: [&str; 6] = [".git", "target", "dist", "node_modules", "pkg", "tmp"];

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create the copy's directory");
    for entry in fs::read_dir(from).expect("read a repository directory") {
        let entry = entry.expect("read a repository entry");
        let name = entry.file_name();
        let kind = entry.file_type().expect("an entry's type");
        if kind.is_dir() {
            if !SKIPPED.iter().any(|skipped| name == *skipped) {
                copy_tree(&entry.path(), &to.join(&name));
            }
        } else if kind.is_file() {
            fs::copy(entry.path(), to.join(&name)).expect("copy a repository file");
        }
    }
}

fn set_mtime(path: &Path, time: SystemTime) {
    File::options()
        .write(true)
        .open(path)
        .and_then(|file| file.set_modified(time))
        .unwrap_or_else(|error| panic!("set the time of {}: {error}", path.display()));
}

/// What `scripts/run.sh --dry-run` says in `repo`.
fn decision(repo: &Path) -> String {
    let out = Command::new("bash")
        .arg(repo.join("scripts/run.sh"))
        .arg("--dry-run")
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "run.sh --dry-run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("French text in UTF-8")
        .trim()
        .to_owned()
}

const UP_TO_DATE: &str = "Application web à jour (dist/).";

/// A file of the copy changed after the last build, and whether that makes `dist/` stale.
fn check(repo: &Path, built: SystemTime, touched: &str, rebuilds: bool) {
    let path = repo.join(touched);
    set_mtime(&path, built + Duration::from_secs(60));
    let said = decision(repo);
    // Back to before the build, for the next case.
    set_mtime(&path, built - Duration::from_secs(60));
    let expected = if rebuilds {
        format!("Application web à construire : {touched} a changé depuis la dernière construction.")
    } else {
        UP_TO_DATE.to_owned()
    };
    assert_eq!(said, expected, "after a change to {touched}");
}

#[test]
fn run_builds_the_web_app_when_dist_is_missing_or_older_than_its_sources() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let copy = tempfile::tempdir().expect("a temporary directory");
    let repo = copy.path();
    copy_tree(&root, repo);
    // The vendored design system is written by the build itself: present here so the case below can touch it.
    fs::create_dir_all(repo.join("www/dsfr")).expect("create www/dsfr");
    fs::write(repo.join("www/dsfr/dsfr.min.css"), "").expect("write www/dsfr");

    assert_eq!(
        decision(repo),
        "Application web à construire : dist/ n'est pas encore construit."
    );

    // A complete build: the stamp scripts/build-web.sh leaves, after every file of the copy.
    let built = SystemTime::now() + Duration::from_secs(3600);
    fs::create_dir_all(repo.join("dist")).expect("create dist");
    fs::write(repo.join("dist/.built"), "").expect("write the stamp");
    set_mtime(&repo.join("dist/.built"), built);
    assert_eq!(decision(repo), UP_TO_DATE);

    // (file changed after the build, does dist/ have to be built again?)
    let cases = [
        // The web app's crate and every crate it is built from, build scripts included.
        ("crates/effectifs-web/src/lib.rs", true),
        ("crates/effectifs-web/Cargo.toml", true),
        ("crates/effectifs-core/src/lib.rs", true),
        ("crates/effectifs-core/build.rs", true),
        ("crates/effectifs-sheet/src/lib.rs", true),
        ("crates/effectifs-api/src/lib.rs", true),
        ("crates/effectifs-send/src/lib.rs", true),
        // The page, its assets, Trunk's and cargo's settings, the build scripts.
        ("index.html", true),
        ("www/app.css", true),
        ("www/exemple-effectifs.xlsx", true),
        ("Trunk.toml", true),
        ("Cargo.toml", true),
        ("Cargo.lock", true),
        ("scripts/build-web.sh", true),
        ("scripts/tools.sh", true),
        ("scripts/vendor-dsfr.sh", true),
        // Not sources of the web app: other edges, tests, docs, the vendored design system.
        ("www/dsfr/dsfr.min.css", false),
        ("crates/effectifs-cli/src/main.rs", false),
        ("crates/effectifs-sandbox/src/lib.rs", false),
        ("crates/effectifs-wasm/src/lib.rs", false),
        ("tests/scripts.rs", false),
        ("scripts/test.sh", false),
        ("README.md", false),
    ];
    for (touched, rebuilds) in cases {
        check(repo, built, touched, rebuilds);
    }
}
