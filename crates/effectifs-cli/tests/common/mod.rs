//! What the CLI's send and hardening tests share: the test key, repository paths and scratch directories.

use std::path::{Path, PathBuf};

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
