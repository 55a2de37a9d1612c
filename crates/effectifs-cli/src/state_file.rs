//! The `--state` file of `effectifs send`: one run at a time, written so that it is never half
//! written, never written through a planted link, and readable by its owner only.
//!
//! - An exclusive lock on `<state>.lock` (an operating-system lock, released when the process ends,
//!   even by a crash) keeps two runs from sending the same batches at once.
//! - Each save writes a temporary file created exclusively beside the state (a name nobody else
//!   uses; creation fails rather than follow an existing file or link), mode 0600, flushes it to
//!   the disk, then renames it over the state and flushes the directory.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use effectifs_send::SendState;

/// A state file, locked for this run.
#[derive(Debug)]
pub struct StateFile {
    path: PathBuf,
    /// Held until the run ends.
    _lock: File,
}

impl StateFile {
    /// Takes the lock of `path`, or says in French why it cannot.
    pub fn lock(path: &Path) -> Result<StateFile, String> {
        let lock_path = suffixed(path, ".lock");
        let lock = private_options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(|error| {
                format!(
                    "impossible d'utiliser l'état d'envoi « {} » : son verrou « {} » ne peut pas être créé ({}).",
                    path.display(),
                    lock_path.display(),
                    io_words(&error)
                )
            })?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(format!(
                    "l'état d'envoi « {} » est déjà utilisé par un autre envoi en cours (effectifs send). Attendez \
                     qu'il finisse : deux envois simultanés enverraient les mêmes lots.",
                    path.display()
                ));
            }
            Err(std::fs::TryLockError::Error(error)) => {
                return Err(format!(
                    "impossible de verrouiller l'état d'envoi « {} » ({}).",
                    path.display(),
                    io_words(&error)
                ));
            }
        }
        Ok(StateFile {
            path: path.to_owned(),
            _lock: lock,
        })
    }

    /// Its text, or `None` when it does not exist yet.
    pub fn read(&self) -> Result<Option<String>, String> {
        read(&self.path)
    }

    /// Replaces the state with `state`, atomically.
    pub fn save(&self, state: &SendState) -> Result<(), String> {
        write_atomically(&self.path, state).map_err(|error| {
            format!(
                "impossible d'écrire l'état d'envoi « {} » ({})",
                self.path.display(),
                io_words(&error)
            )
        })
    }
}

/// The text of a state file, or `None` when it does not exist (no lock: for `--dry-run`, which writes nothing).
pub fn read(path: &Path) -> Result<Option<String>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(format!(
            "impossible de lire l'état d'envoi « {} » ({}).",
            path.display(),
            io_words(&error)
        )),
    }
}

fn write_atomically(path: &Path, state: &SendState) -> std::io::Result<()> {
    let text = serde_json::to_vec_pretty(state).map_err(std::io::Error::other)?;
    let (temporary, mut file) = create_temporary(path)?;
    let written = file
        .write_all(&text)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&temporary, path));
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(error);
    }
    sync_directory(path);
    Ok(())
}

/// A new file beside `path`, created exclusively (`O_CREAT | O_EXCL`: never an existing file, never
/// through a link), with a name of this process.
fn create_temporary(path: &Path) -> std::io::Result<(PathBuf, File)> {
    let mut last = None;
    for attempt in 0..16u32 {
        let temporary = suffixed(
            path,
            &format!(
                ".{}-{:016x}.tmp",
                std::process::id(),
                effectifs_sandbox::random_seed().wrapping_add(u64::from(attempt))
            ),
        );
        match private_options().write(true).create_new(true).open(&temporary) {
            Ok(file) => return Ok((temporary, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => last = Some(error),
            Err(error) => return Err(error),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no temporary name")))
}

/// Flushes the directory entry of a rename (Unix; elsewhere the rename is as durable as it gets).
fn sync_directory(path: &Path) {
    #[cfg(unix)]
    {
        let parent = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        if let Ok(directory) = File::open(parent) {
            let _ = directory.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Options that create files readable and writable by their owner only (mode 0600 on Unix).
fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options
}

fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// An I/O error in French, for the usual cases.
fn io_words(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "dossier introuvable".to_owned(),
        std::io::ErrorKind::PermissionDenied => "accès refusé".to_owned(),
        std::io::ErrorKind::StorageFull => "disque plein".to_owned(),
        std::io::ErrorKind::ReadOnlyFilesystem => "disque en lecture seule".to_owned(),
        _ => error.to_string(),
    }
}
