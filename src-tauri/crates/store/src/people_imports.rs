//! Files of people onboarded at once and the executions each started: how far a file got is
//! counted from those executions' states, never kept as a number that could drift.

use crate::cached::CachedSql;
use rusqlite::{params, Connection};

use crate::StoreError;

/// How many of an organisation's latest files [`of_organization`] lists.
pub const LISTED: i64 = 10;

/// A file being started, with the lines of the rows that started and their executions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewImport<'a> {
    pub id: &'a str,
    pub organization_id: &'a str,
    pub file_name: &'a str,
    pub started_by: &'a str,
    pub started_at: &'a str,
    pub skipped: i64,
    pub invalid: i64,
    /// (line in the file, execution id).
    pub rows: &'a [(i64, String)],
}

/// A file and where its executions stand now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProgressRow {
    pub id: String,
    pub file_name: String,
    pub started_at: String,
    /// The starter's name while the account exists, else their stored id.
    pub started_by: Option<String>,
    pub skipped: i64,
    pub invalid: i64,
    pub started: i64,
    pub completed: i64,
    pub awaiting_input: i64,
    pub failed: i64,
    pub cancelled: i64,
}

/// Records the file and its started rows (in the transaction that started them).
pub fn record(conn: &Connection, import: &NewImport<'_>) -> Result<(), StoreError> {
    conn.execute_cached(
        "INSERT INTO people_imports
           (id, organization_id, file_name, started_by, started_at, skipped, invalid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            import.id,
            import.organization_id,
            import.file_name,
            import.started_by,
            import.started_at,
            import.skipped,
            import.invalid
        ],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO people_import_rows (import_id, line, execution_id) VALUES (?1, ?2, ?3)",
    )?;
    for (line, execution_id) in import.rows {
        insert.execute(params![import.id, line, execution_id])?;
    }
    Ok(())
}

const PROGRESS: &str = "
    SELECT i.id, i.file_name, i.started_at,
           CASE WHEN i.started_by IS NULL THEN NULL
                WHEN u.id IS NULL THEN i.started_by
                ELSE u.firstname || ' ' || u.lastname END,
           i.skipped, i.invalid,
           COUNT(r.line),
           COALESCE(SUM(e.status = 'completed'), 0),
           COALESCE(SUM(e.status = 'awaiting_input'), 0),
           COALESCE(SUM(e.status = 'failed'), 0),
           COALESCE(SUM(e.status = 'cancelled'), 0)
      FROM people_imports i
      LEFT JOIN users u ON u.id = i.started_by
      LEFT JOIN people_import_rows r ON r.import_id = i.id
      LEFT JOIN workflow_executions e ON e.id = r.execution_id";

/// The organisation's latest files, newest first, each with where its executions stand.
pub fn of_organization(
    conn: &Connection,
    organization_id: &str,
) -> Result<Vec<ImportProgressRow>, StoreError> {
    let mut statement = conn.prepare_cached(&format!(
        "{PROGRESS} WHERE i.organization_id = ?1
          GROUP BY i.id ORDER BY i.started_at DESC, i.id DESC LIMIT ?2"
    ))?;
    let rows = statement.query_map(params![organization_id, LISTED], progress_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn progress_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ImportProgressRow> {
    Ok(ImportProgressRow {
        id: r.get(0)?,
        file_name: r.get(1)?,
        started_at: r.get(2)?,
        started_by: r.get(3)?,
        skipped: r.get(4)?,
        invalid: r.get(5)?,
        started: r.get(6)?,
        completed: r.get(7)?,
        awaiting_input: r.get(8)?,
        failed: r.get(9)?,
        cancelled: r.get(10)?,
    })
}
