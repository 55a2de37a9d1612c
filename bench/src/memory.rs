//! `--memory`: the peak memory of the real `effectifs check` command on a generated file, measured
//! on a child process (the release binary next to this one), as a user running it would see it.
//!
//! The peak comes from GNU time's "maximum resident set size" when `/usr/bin/time` exists, else
//! from the child's `VmHWM` (Linux `/proc`), read every millisecond while it runs (the peak only
//! grows, so the last reading misses at most the final millisecond).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How a peak was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    GnuTime,
    ProcStatus,
}

/// One child run.
#[derive(Debug, Clone, Copy)]
pub struct Peak {
    /// Peak resident memory, in bytes.
    pub bytes: u64,
    /// Wall time of the run.
    pub wall: Duration,
    /// The command's exit code (0 all valid, 1 some invalid, 2 unreadable).
    pub exit: Option<i32>,
    pub source: Source,
}

/// The release `effectifs` binary built next to this benchmark.
pub fn effectifs_binary() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|error| format!("chemin du banc d'essai introuvable : {error}"))?;
    let dir = exe.parent().ok_or("dossier du banc d'essai introuvable")?;
    let binary = dir.join(format!("effectifs{}", std::env::consts::EXE_SUFFIX));
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!(
            "{} introuvable : construisez d'abord la commande avec `cargo build --release -p effectifs-cli`",
            binary.display()
        ))
    }
}

/// Runs `effectifs check FILE --format human|json --today AAAA-MM-JJ` (report discarded) and
/// measures its peak memory.
pub fn check_peak(binary: &Path, file: &Path, today: &str, format: &str) -> Result<Peak, String> {
    let args = [
        "check".as_ref(),
        file.as_os_str(),
        "--format".as_ref(),
        format.as_ref(),
        "--today".as_ref(),
        today.as_ref(),
    ];
    let time = Path::new("/usr/bin/time");
    if time.is_file() {
        let out = file.with_extension("time");
        let started = Instant::now();
        let status = Command::new(time)
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&out)
            .arg(binary)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|error| format!("{} : {error}", binary.display()))?;
        let wall = started.elapsed();
        let text = std::fs::read_to_string(&out).map_err(|error| format!("{} : {error}", out.display()))?;
        // GNU time may write a "Command exited with non-zero status" line first.
        let kib: u64 = text
            .lines()
            .filter_map(|line| line.trim().parse().ok())
            .next_back()
            .ok_or_else(|| format!("sortie de /usr/bin/time illisible : {text:?}"))?;
        return Ok(Peak {
            bytes: kib * 1024,
            wall,
            exit: status.code(),
            source: Source::GnuTime,
        });
    }
    let started = Instant::now();
    let mut child = Command::new(binary)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("{} : {error}", binary.display()))?;
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    let status = loop {
        if let Some(bytes) = std::fs::read_to_string(&status_path)
            .ok()
            .and_then(|status| crate::measure::status_value(&status, "VmHWM:"))
        {
            peak = peak.max(bytes);
        }
        if let Some(status) = child.try_wait().map_err(|error| error.to_string())? {
            break status;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    Ok(Peak {
        bytes: peak,
        wall: started.elapsed(),
        exit: status.code(),
        source: Source::ProcStatus,
    })
}
