//! Opening a file the admin chose, strictly read-only, and recognising a HyOpps v0.3 database.
//!
//! The file is opened through an SQLite URI with `mode=ro&immutable=1`: SQLite then takes no
//! locks and creates no `-wal`/`-shm`/`-journal` beside it, so the v0.3 installation is left
//! exactly as it was. Because `immutable` also means "ignore a `-wal` or hot `-journal`", a file
//! with one of those beside it is refused: its latest changes would silently be missing.
//!
//! The file is someone else's, so nothing in its schema is trusted: `trusted_schema` is off
//! (functions and virtual tables in views, triggers, defaults or generated columns are not run)
//! and the connection is defensive, both read back before anything is read; a file with a
//! virtual table (which v0.3 never had, and whose module would run code of its own when read) is
//! refused.
//!
//! Every refusal is an [`AppError::Validation`] on the field `file` (wire code `Validation`):
//! the admin chose the wrong file, or the right file in a state that cannot be read, and the
//! message says which and what to do.

use std::collections::HashSet;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use rusqlite::config::DbConfig;
use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::schema::{V03Table, OURS_TABLE, OURS_USERS_COLUMN, TABLES};
use crate::AppError;

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
/// A hot rollback journal starts with these bytes (SQLite's file format, §4.1).
const JOURNAL_MAGIC: [u8; 8] = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];
const CHOOSE_V03: &str = "Choose the hyopps_py.db file of HyOpps v0.3.";

/// Every row of every v0.3 table, read in one go so that the import's write transaction does not
/// depend on the source file any more.
pub(crate) struct Snapshot {
    /// The file as the admin named it, for messages and the report.
    pub source: String,
    tables: Vec<SourceTable>,
}

impl Snapshot {
    pub fn table(&self, name: &str) -> &SourceTable {
        self.tables
            .iter()
            .find(|table| table.name == name)
            .expect("every v0.3 table is read, present or not")
    }
}

pub(crate) struct SourceTable {
    pub name: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Vec<Value>>,
}

impl SourceTable {
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows.iter().map(|values| Row {
            columns: self.columns,
            values,
        })
    }
}

/// One source row; columns are looked up by their v0.3 name.
pub(crate) struct Row<'a> {
    columns: &'static [&'static str],
    values: &'a [Value],
}

impl Row<'_> {
    pub fn value(&self, column: &str) -> &Value {
        let index = self
            .columns
            .iter()
            .position(|name| *name == column)
            .unwrap_or_else(|| panic!("column {column} is not read from v0.3"));
        &self.values[index]
    }
}

/// Reads the file at `path` if it is a HyOpps v0.3 database, or says why it is not.
pub(crate) fn read(path: &Path) -> Result<Snapshot, AppError> {
    let shown = path.display().to_string();
    let refuse = |message: String| AppError::invalid("file", message);

    let canonical = std::fs::canonicalize(path).map_err(|e| {
        refuse(format!(
            "{shown} cannot be read: {e}. Check the path and that you may read the file."
        ))
    })?;
    if canonical.is_dir() {
        return Err(refuse(format!(
            "{shown} is a folder. {CHOOSE_V03} It is usually in the folder HyOpps v0.3 ran from."
        )));
    }
    if !has_sqlite_header(&canonical).map_err(|e| {
        refuse(format!(
            "{shown} cannot be read: {e}. Check that you may read the file."
        ))
    })? {
        return Err(refuse(format!(
            "{shown} is not a SQLite database, so it cannot be a HyOpps v0.3 database. {CHOOSE_V03}"
        )));
    }

    let connection = open_untrusted(&canonical, &shown)?;

    let tables = table_names(&connection).map_err(|e| unreadable(&shown, &e))?;
    if is_ours(&connection, &tables).map_err(|e| unreadable(&shown, &e))? {
        return Err(refuse(format!(
            "{shown} is a database of this HyOpps version (or newer), not v0.3: there is nothing to import from it. {CHOOSE_V03}"
        )));
    }
    refuse_unfinished_writes(&canonical, &shown)?;
    refuse_virtual_tables(&connection, &shown)?;
    check_v03_shape(&connection, &tables, &shown)?;
    check_integrity(&connection).map_err(|detail| damaged(&shown, &detail))?;

    let mut read_tables = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        read_tables.push(
            read_table(&connection, table, tables.contains(table.name))
                .map_err(|e| unreadable(&shown, &e))?,
        );
    }
    Ok(Snapshot {
        source: shown,
        tables: read_tables,
    })
}

/// Opens the file read-only and immutable, trusting nothing in its schema; says so only once the
/// settings are read back as asked.
fn open_untrusted(path: &Path, shown: &str) -> Result<Connection, AppError> {
    let open = || -> rusqlite::Result<(Connection, bool)> {
        let connection = Connection::open_with_flags(
            read_only_uri(path),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
        connection.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        connection.pragma_update(None, "trusted_schema", false)?;
        let trusted: bool =
            connection.pragma_query_value(None, "trusted_schema", |row| row.get(0))?;
        let defensive = connection.db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE)?;
        Ok((connection, !trusted && defensive))
    };
    match open() {
        Ok((connection, true)) => Ok(connection),
        // Only a SQLite built without these settings gets here; reading on would trust the file.
        Ok((_, false)) => Err(AppError::Internal(
            "SQLite would not stop trusting the v0.3 file's schema, so it was not read".into(),
        )),
        Err(error) => Err(unreadable(shown, &error)),
    }
}

/// v0.3 never created a virtual table; reading one runs its module's code on the file's terms.
fn refuse_virtual_tables(connection: &Connection, shown: &str) -> Result<(), AppError> {
    let virtual_tables: Vec<String> = connection
        .prepare(
            "SELECT name FROM sqlite_master
              WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
        )
        .and_then(|mut statement| {
            statement
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(|e| unreadable(shown, &e))?;
    match virtual_tables.first() {
        None => Ok(()),
        Some(name) => Err(AppError::invalid(
            "file",
            format!(
                "{shown} has a virtual table (`{name}`), which HyOpps v0.3 never created: it is not a database v0.3 wrote, or it was changed since, so it is not imported. {CHOOSE_V03}"
            ),
        )),
    }
}

fn has_sqlite_header(path: &Path) -> std::io::Result<bool> {
    let mut header = [0u8; 16];
    let mut file = File::open(path)?;
    let mut filled = 0;
    while filled < header.len() {
        match file.read(&mut header[filled..])? {
            0 => return Ok(false), // shorter than a header: an empty or cut-off file
            n => filled += n,
        }
    }
    Ok(&header == SQLITE_HEADER)
}

/// `file:` URI for SQLite with the path percent-encoded, so `?`, `#` or `%` in a folder name
/// cannot be read as URI syntax.
fn read_only_uri(path: &Path) -> String {
    let mut text = path.to_string_lossy().into_owned();
    if cfg!(windows) {
        // canonicalize gives a verbatim `\\?\C:\…` path; SQLite wants `/C:/…`.
        text = text
            .trim_start_matches(r"\\?\")
            .replace('\\', "/")
            .to_string();
    }
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/:".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    uri
}

fn table_names(connection: &Connection) -> rusqlite::Result<HashSet<String>> {
    let mut statement =
        connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
    let names = statement.query_map([], |row| row.get::<_, String>(0))?;
    names.collect()
}

fn column_names(connection: &Connection, table: &str) -> rusqlite::Result<HashSet<String>> {
    let mut statement = connection.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let names = statement.query_map([table], |row| row.get::<_, String>(0))?;
    names.collect()
}

/// Our own databases have an audit log, an `auth_epoch` per user and a migration version.
fn is_ours(connection: &Connection, tables: &HashSet<String>) -> rusqlite::Result<bool> {
    let version: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    Ok(version > 0
        || tables.contains(OURS_TABLE)
        || (tables.contains("users")
            && column_names(connection, "users")?.contains(OURS_USERS_COLUMN)))
}

/// A `-wal` with content or a hot `-journal` beside the file holds changes that the read-only,
/// immutable open would not see.
fn refuse_unfinished_writes(path: &Path, shown: &str) -> Result<(), AppError> {
    let beside = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        std::path::PathBuf::from(name)
    };
    if std::fs::metadata(beside("-wal")).is_ok_and(|m| m.len() > 0) {
        return Err(AppError::invalid(
            "file",
            format!(
                "{shown} has changes that are not written into it yet (in the -wal file beside it): HyOpps v0.3 is probably still running. Stop HyOpps v0.3, then import again."
            ),
        ));
    }
    let mut magic = [0u8; 8];
    let hot_journal = File::open(beside("-journal"))
        .and_then(|mut journal| journal.read_exact(&mut magic))
        .is_ok()
        && magic == JOURNAL_MAGIC;
    if hot_journal {
        return Err(AppError::invalid(
            "file",
            format!(
                "{shown} was left in the middle of a change (the -journal file beside it). Start and stop HyOpps v0.3 once, or open the file with sqlite3, so that SQLite completes it; then import again."
            ),
        ));
    }
    Ok(())
}

fn check_v03_shape(
    connection: &Connection,
    tables: &HashSet<String>,
    shown: &str,
) -> Result<(), AppError> {
    // `users` first: it is the table people recognise.
    let mut missing: Vec<&str> = TABLES
        .iter()
        .filter(|table| !table.optional && !tables.contains(table.name))
        .map(|table| table.name)
        .collect();
    missing.sort_by_key(|name| *name != "users");
    if !missing.is_empty() {
        let named: Vec<String> = missing.iter().take(3).map(|t| format!("`{t}`")).collect();
        let more = match missing.len().saturating_sub(3) {
            0 => String::new(),
            n => format!(" and {n} more tables v0.3 has"),
        };
        let noun = if missing.len() == 1 {
            "table"
        } else {
            "tables"
        };
        return Err(AppError::invalid(
            "file",
            format!(
                "{shown} is not a HyOpps v0.3 database: it has no {noun} {}{more}. {CHOOSE_V03}",
                named.join(", ")
            ),
        ));
    }
    for table in TABLES.iter().filter(|t| tables.contains(t.name)) {
        let columns = column_names(connection, table.name).map_err(|e| unreadable(shown, &e))?;
        if let Some(column) = table.required.iter().find(|c| !columns.contains(**c)) {
            return Err(AppError::invalid(
                "file",
                format!(
                    "{shown} is not a HyOpps v0.3 database: its table `{}` has no column `{column}`. {CHOOSE_V03}",
                    table.name
                ),
            ));
        }
    }
    Ok(())
}

/// A file cut short or overwritten in places still opens; SQLite's own check finds the damage
/// before the import reads half of it.
fn check_integrity(connection: &Connection) -> Result<(), String> {
    let mut statement = connection
        .prepare("PRAGMA quick_check(1)")
        .map_err(|e| e.to_string())?;
    let verdict: String = statement
        .query_row([], |row| row.get(0))
        .map_err(|e| e.to_string())?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(verdict)
    }
}

fn read_table(
    connection: &Connection,
    table: &V03Table,
    present: bool,
) -> rusqlite::Result<SourceTable> {
    let mut rows = Vec::new();
    if present {
        let existing = column_names(connection, table.name)?;
        // Columns an older v0.3 lacks read as NULL.
        let select: Vec<String> = table
            .columns
            .iter()
            .map(|column| {
                if existing.contains(*column) {
                    format!("\"{column}\"")
                } else {
                    format!("NULL AS \"{column}\"")
                }
            })
            .collect();
        let sql = format!(
            "SELECT {} FROM \"{}\" ORDER BY rowid",
            select.join(", "),
            table.name
        );
        let mut statement = connection.prepare(&sql)?;
        let mut cursor = statement.query([])?;
        while let Some(row) = cursor.next()? {
            let values = (0..table.columns.len())
                .map(|i| row.get::<_, Value>(i))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.push(values);
        }
    }
    Ok(SourceTable {
        name: table.name,
        columns: table.columns,
        rows,
    })
}

/// SQLite refused to read the file: not a database after all, or damaged.
fn unreadable(shown: &str, error: &rusqlite::Error) -> AppError {
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => AppError::invalid(
            "file",
            format!(
                "{shown} is not a SQLite database, so it cannot be a HyOpps v0.3 database. {CHOOSE_V03}"
            ),
        ),
        _ => damaged(shown, &error.to_string()),
    }
}

fn damaged(shown: &str, detail: &str) -> AppError {
    AppError::invalid(
        "file",
        format!(
            "{shown} is a damaged SQLite database and cannot be imported (SQLite says: {detail}). Use an intact copy of the HyOpps v0.3 database."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_opened_without_trusting_its_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hyopps_py.db");
        hyopps_v03_fixture::build(&path, hyopps_v03_fixture::Variant::Latest);
        let connection = open_untrusted(&path, "hyopps_py.db").unwrap();
        let trusted: bool = connection
            .pragma_query_value(None, "trusted_schema", |row| row.get(0))
            .unwrap();
        assert!(
            !trusted,
            "functions and virtual tables in the schema are not run"
        );
        assert!(
            connection
                .db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE)
                .unwrap(),
            "the connection is defensive"
        );
    }

    #[test]
    fn the_uri_escapes_what_sqlite_would_read_as_syntax() {
        if cfg!(windows) {
            return;
        }
        assert_eq!(
            read_only_uri(Path::new("/tmp/a dir?#/50%/hyopps_py.db")),
            "file:///tmp/a%20dir%3F%23/50%25/hyopps_py.db?mode=ro&immutable=1"
        );
    }
}
