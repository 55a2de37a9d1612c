//! What the CLI's send and hardening tests share: the test key, repository paths and scratch directories.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::ChildStdout;

/// The exchange key of these tests: it must never appear in any output or file.
pub const KEY: &str = "7c0ffee0-5ec2-4e7a-9d1b-c1e5ec2e7a9d";

/// A path of the repository, from this crate's directory.
pub fn repo(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
        .display()
        .to_string()
}

/// A fresh directory for one test, removed at its end.
pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh directory named after the test file (`suite`) and the test (`name`).
pub fn scratch(suite: &str, name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("effectifs-{suite}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    Scratch(dir)
}

/// The banner a server prints at start-up (at most 20 lines, up to the one saying how to stop it); the rest of
/// its output is drained in the background so that it never blocks on a full pipe.
pub fn banner(stdout: ChildStdout) -> Vec<String> {
    let mut reader = BufReader::new(stdout);
    let mut lines = Vec::new();
    for _ in 0..20 {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        let done = line.starts_with("Arrêt");
        lines.push(line.trim_end().to_owned());
        if done {
            break;
        }
    }
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut reader, &mut std::io::sink());
    });
    lines
}
