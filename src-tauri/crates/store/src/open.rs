//! The one place a database connection is opened and configured.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::StoreError;

/// How long a connection waits for another one's lock. With one writer only a reader's WAL
/// checkpoint can make it wait at all, so this is a safety margin, not a mechanism.
pub const EXPECTED_BUSY_TIMEOUT_MS: i64 = 5_000;

/// The write-ahead log's size, in pages (4 KiB), at which the writer copies it into the database.
const WAL_CHECKPOINT_PAGES: i64 = 4_000;

/// Creates the database file readable and writable by its owner only (0600 on Unix), or makes an
/// existing one so: it holds password hashes and people's data. SQLite gives the `-wal` and
/// `-shm` files it creates next to it the same permissions.
pub(crate) fn keep_private(path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let failed = |source| StoreError::Permissions {
            path: path.display().to_string(),
            source,
        };
        // An empty file is an empty database to SQLite.
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)
            .map_err(failed)?;
        let private = std::fs::Permissions::from_mode(0o600);
        std::fs::set_permissions(path, private.clone()).map_err(failed)?;
        // Left behind by an older version, which did not make them private.
        for suffix in ["-wal", "-shm"] {
            let mut companion = path.as_os_str().to_owned();
            companion.push(suffix);
            let companion = std::path::PathBuf::from(companion);
            if companion.exists() {
                std::fs::set_permissions(&companion, private.clone()).map_err(failed)?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path; // Windows: the per-user app-data folder already keeps other accounts out.
    Ok(())
}

/// Opens a read-write connection with HyOpps's settings, verified.
pub(crate) fn open_connection(path: &Path) -> Result<Connection, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let connection =
        Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.display().to_string(),
            source,
        })?;
    configure(&connection)?;
    connection.set_prepared_statement_cache_capacity(crate::cached::STATEMENTS_KEPT);
    Ok(connection)
}

/// Opens a connection that refuses writes: readers can never take the write lock by accident.
pub(crate) fn open_reader(path: &Path) -> Result<Connection, StoreError> {
    let connection = open_connection(path)?;
    connection.pragma_update(None, "query_only", true)?;
    expect_pragma(&connection, "query_only", 1)?;
    Ok(connection)
}

/// What every connection of the store is set to (and reads back). Public so that a benchmark's
/// bare connection can be set up like the store's, to compare like with like.
pub fn configure(connection: &Connection) -> Result<(), StoreError> {
    connection.busy_timeout(Duration::from_millis(EXPECTED_BUSY_TIMEOUT_MS as u64))?;
    let mode: String =
        connection.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::PragmaNotApplied {
            pragma: "journal_mode",
            expected: "wal".into(),
            actual: mode,
        });
    }
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.pragma_update(None, "foreign_keys", true)?;
    // Savepoints' journals and sorts stay in memory: on disk, every transaction of the writer
    // created and deleted a temporary file.
    connection.pragma_update(None, "temp_store", "MEMORY")?;
    // The log is copied into the database (with two fsyncs) when it reaches this many pages:
    // less often than SQLite's 1,000, so a page rewritten by many transactions is copied once.
    connection.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)?;
    // NORMAL is 1; foreign_keys is 0/1; MEMORY is 2.
    expect_pragma(connection, "synchronous", 1)?;
    expect_pragma(connection, "foreign_keys", 1)?;
    expect_pragma(connection, "temp_store", 2)?;
    expect_pragma(connection, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)?;
    expect_pragma(connection, "busy_timeout", EXPECTED_BUSY_TIMEOUT_MS)?;
    Ok(())
}

fn expect_pragma(
    connection: &Connection,
    pragma: &'static str,
    expected: i64,
) -> Result<(), StoreError> {
    let actual: i64 = connection.pragma_query_value(None, pragma, |row| row.get(0))?;
    if actual == expected {
        Ok(())
    } else {
        Err(StoreError::PragmaNotApplied {
            pragma,
            expected: expected.to_string(),
            actual: actual.to_string(),
        })
    }
}
