//! The embedded `SQLite` store: every batch received, and every dossier the sandbox accepted
//! (valid ones: invalid items are answered, never stored), each with its batch and time.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, params};

/// A store failure, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> StoreError {
        StoreError(error.to_string())
    }
}

/// One accepted dossier to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDossier {
    /// Its `_id`.
    pub id: String,
    /// Its position in the request's array, from 0.
    pub index: usize,
    /// The item exactly as received (its JSON text).
    pub received: String,
    /// The stored document, as answered (JSON text).
    pub document: String,
}

/// One received batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Its id (24 hexadecimal digits).
    pub id: String,
    /// When it was received (ISO 8601, UTC).
    pub received_at: String,
    /// The organisme of the key that sent it.
    pub organisme_id: String,
    /// How many items it held.
    pub items: usize,
    /// How many were invalid (answered, not stored).
    pub invalid: usize,
    /// The valid ones, stored.
    pub dossiers: Vec<StoredDossier>,
}

/// A shared handle on the database.
#[derive(Debug, Clone)]
pub struct Store {
    connection: Arc<Mutex<Connection>>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS batches (
    id TEXT PRIMARY KEY,
    received_at TEXT NOT NULL,
    organisme_id TEXT NOT NULL,
    items INTEGER NOT NULL,
    invalid INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS dossiers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    batch_id TEXT NOT NULL REFERENCES batches(id),
    item_index INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    organisme_id TEXT NOT NULL,
    received TEXT NOT NULL,
    document TEXT NOT NULL
);
";

impl Store {
    /// Opens (or creates) the database file. It holds learners' personal data: it is made readable
    /// by its owner only (mode 0600 on Unix, which `SQLite` gives its journal files too).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        restrict(path).map_err(|error| StoreError(error.to_string()))?;
        Store::with(Connection::open(path)?)
    }

    /// A database in memory, gone with the process (tests).
    pub fn in_memory() -> Result<Store, StoreError> {
        Store::with(Connection::open_in_memory()?)
    }

    fn with(connection: Connection) -> Result<Store, StoreError> {
        connection.execute_batch(SCHEMA)?;
        Ok(Store {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Connection>, StoreError> {
        self.connection
            .lock()
            .map_err(|_| StoreError("base de données inutilisable après une erreur".to_owned()))
    }

    /// Records a batch and its valid dossiers, all or nothing.
    pub fn record(&self, batch: &Batch) -> Result<(), StoreError> {
        let mut connection = self.lock()?;
        let transaction = connection.transaction()?;
        transaction.execute(
            "INSERT INTO batches (id, received_at, organisme_id, items, invalid) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                batch.id,
                batch.received_at,
                batch.organisme_id,
                i64::try_from(batch.items).unwrap_or(i64::MAX),
                i64::try_from(batch.invalid).unwrap_or(i64::MAX)
            ],
        )?;
        {
            let mut insert = transaction.prepare(
                "INSERT INTO dossiers (id, batch_id, item_index, received_at, organisme_id, received, document) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for dossier in &batch.dossiers {
                insert.execute(params![
                    dossier.id,
                    batch.id,
                    i64::try_from(dossier.index).unwrap_or(i64::MAX),
                    batch.received_at,
                    batch.organisme_id,
                    dossier.received,
                    dossier.document
                ])?;
            }
        }
        transaction.commit()?;
        Ok(())
    }

    /// Every stored dossier as received (JSON text), in arrival order.
    pub fn received(&self) -> Result<Vec<String>, StoreError> {
        let connection = self.lock()?;
        let mut select = connection.prepare("SELECT received FROM dossiers ORDER BY seq")?;
        let rows = select.query_map([], |row| row.get::<_, String>(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// How many batches were received (accepted requests, valid items or not).
    pub fn batch_count(&self) -> Result<u64, StoreError> {
        let connection = self.lock()?;
        let count: i64 = connection.query_row("SELECT COUNT(*) FROM batches", [], |row| row.get(0))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}

/// Creates `path` if needed, and makes it readable and writable by its owner only.
#[cfg(unix)]
fn restrict(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(path)?;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))
}

/// Elsewhere the user's profile directory is private already.
#[cfg(not(unix))]
fn restrict(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_and_lists() {
        let store = Store::in_memory().expect("an in-memory database");
        let batch = Batch {
            id: "b1".to_owned(),
            received_at: "2025-03-06T10:00:00.000Z".to_owned(),
            organisme_id: "o1".to_owned(),
            items: 3,
            invalid: 1,
            dossiers: vec![
                StoredDossier {
                    id: "d1".to_owned(),
                    index: 0,
                    received: r#"{"nom_apprenant":"Doe"}"#.to_owned(),
                    document: "{}".to_owned(),
                },
                StoredDossier {
                    id: "d2".to_owned(),
                    index: 2,
                    received: r#"{"nom_apprenant":"Roe"}"#.to_owned(),
                    document: "{}".to_owned(),
                },
            ],
        };
        store.record(&batch).expect("recorded");
        assert_eq!(
            store.received().expect("listed"),
            [r#"{"nom_apprenant":"Doe"}"#, r#"{"nom_apprenant":"Roe"}"#]
        );
        assert_eq!(store.batch_count().expect("counted"), 1);
        // The same batch twice is refused as a whole: nothing is half-stored.
        assert!(store.record(&batch).is_err());
        assert_eq!(store.received().expect("listed").len(), 2);
    }

    /// The file holds personal data: owner only, even when it existed with wider permissions.
    #[cfg(unix)]
    #[test]
    fn the_database_file_is_private() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = std::env::temp_dir().join(format!("effectifs-store-mode-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a directory");
        let mode = |path: &Path| std::fs::metadata(path).expect("exists").permissions().mode() & 0o777;
        let fresh = dir.join("neuve.sqlite");
        drop(Store::open(&fresh).expect("created"));
        assert_eq!(mode(&fresh), 0o600);
        let old = dir.join("ancienne.sqlite");
        std::fs::write(&old, b"").expect("written");
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).expect("widened");
        drop(Store::open(&old).expect("opened"));
        assert_eq!(mode(&old), 0o600);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
