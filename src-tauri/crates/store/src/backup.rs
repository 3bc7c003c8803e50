//! Copies of a database file: made while HyOpps runs with SQLite's online backup API (from a
//! read connection, so the writer never waits and the copy is one consistent moment), and
//! checked before one is put back in place of the live database.

use std::path::Path;
use std::thread;
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use crate::migrations::migration_file_names;
use crate::{open, Store, StoreError};

/// Tables every HyOpps database has had since its first version: a file without them is
/// something else (a v0.3 database has some of these names too, but no schema version).
const HYOPPS_TABLES: [&str; 4] = ["organizations", "users", "workflow_executions", "audit_log"];

/// What a checked file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatabaseFile {
    /// How many of `migrations/` it has had applied; never more than this HyOpps knows.
    pub schema_version: u32,
}

/// Why a file cannot be put back as HyOpps's database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotARestorableDatabase {
    /// It could not be opened at all (missing, unreadable).
    Unreadable(String),
    /// It is not an SQLite database.
    NotSqlite,
    /// An SQLite database, but not HyOpps's (another program's, or HyOpps v0.3's).
    NotHyOpps,
    /// HyOpps's, from a newer version than this one.
    Newer { found: u32, known: u32 },
    /// HyOpps's, but SQLite finds it damaged.
    Damaged(String),
}

impl Store {
    /// Copies the database as it is now into a new file at `destination` (which must not
    /// exist), readable by its owner only.
    pub async fn copy_to(&self, destination: &Path) -> Result<(), StoreError> {
        let destination = destination.to_path_buf();
        self.read(move |connection| copy_into(connection, &destination))
            .await
    }
}

/// Copies the database file at `source` into a new file at `destination`, only reading the
/// source (what its write-ahead log holds, if it has one beside it, is in the copy).
pub fn copy_file(source: &Path, destination: &Path) -> Result<(), StoreError> {
    let connection = open_read_only(source).map_err(|error| StoreError::Open {
        path: source.display().to_string(),
        source: error,
    })?;
    copy_into(&connection, destination)
}

fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(path, flags)
}

/// Checks that the file at `path` is a HyOpps database this version can open: SQLite, with
/// HyOpps's tables and schema version, not newer, and undamaged. Only reads it.
pub fn check_file(path: &Path) -> Result<DatabaseFile, NotARestorableDatabase> {
    let connection = open_read_only(path)
        .map_err(|error| NotARestorableDatabase::Unreadable(error.to_string()))?;
    let version: u32 = connection
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|error| match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => NotARestorableDatabase::NotSqlite,
            _ => NotARestorableDatabase::Unreadable(error.to_string()),
        })?;
    let tables_present = |connection: &Connection| -> rusqlite::Result<u32> {
        let mut found = 0;
        for table in HYOPPS_TABLES {
            found += connection.query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |row| row.get::<_, u32>(0),
            )?;
        }
        Ok(found)
    };
    let found = tables_present(&connection).map_err(|error| match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => NotARestorableDatabase::NotSqlite,
        _ => NotARestorableDatabase::Damaged(error.to_string()),
    })?;
    if version == 0 || (found as usize) < HYOPPS_TABLES.len() {
        return Err(NotARestorableDatabase::NotHyOpps);
    }
    let known = migration_file_names().count() as u32;
    if version > known {
        return Err(NotARestorableDatabase::Newer {
            found: version,
            known,
        });
    }
    let verdict: String = connection
        .query_row("PRAGMA quick_check", [], |row| row.get(0))
        .map_err(|error| NotARestorableDatabase::Damaged(error.to_string()))?;
    if verdict != "ok" {
        return Err(NotARestorableDatabase::Damaged(verdict));
    }
    Ok(DatabaseFile {
        schema_version: version,
    })
}

/// How long one copy waits for a lock another connection briefly holds, between attempts.
const RETRY_PAUSE: Duration = Duration::from_millis(50);
const ATTEMPTS: u32 = 100;

fn copy_into(source: &Connection, destination: &Path) -> Result<(), StoreError> {
    open::keep_private(destination)?;
    let mut copy = Connection::open(destination).map_err(|source| StoreError::Open {
        path: destination.display().to_string(),
        source,
    })?;
    let backup = Backup::new(source, &mut copy)?;
    // Every page in one step: the copy reads one snapshot, and the writer goes on meanwhile.
    for _ in 0..ATTEMPTS {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            // Busy or locked for a moment (or, in principle, more to copy): once more.
            _ => thread::sleep(RETRY_PAUSE),
        }
    }
    Err(StoreError::WorkerGone(format!(
        "the copy into {} could not get a moment when the database was not locked",
        destination.display()
    )))
}
