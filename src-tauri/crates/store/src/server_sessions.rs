//! A server's sessions, kept across restarts. Rows are found by the SHA-256 of the bearer
//! token (the caller hashes it; the token itself is never stored). Times are the ISO 8601
//! stamps the rest of the store uses, so they compare as text.

use crate::cached::CachedSql;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::StoreError;

/// One kept session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    pub token_sha256: String,
    pub user_id: String,
    pub auth_epoch: i64,
    pub opened_at: String,
    pub last_seen_at: String,
}

/// Keeps a new session, and forgets those idle since before `idle_before` (so the table holds
/// only sessions that could still be used).
pub fn open(
    tx: &Transaction<'_>,
    session: &StoredSession,
    idle_before: &str,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "DELETE FROM server_sessions WHERE last_seen_at < ?1",
        params![idle_before],
    )?;
    tx.execute_cached(
        "INSERT INTO server_sessions (token_sha256, user_id, auth_epoch, opened_at, last_seen_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            session.token_sha256,
            session.user_id,
            session.auth_epoch,
            session.opened_at,
            session.last_seen_at
        ],
    )?;
    Ok(())
}

pub fn find(conn: &Connection, token_sha256: &str) -> Result<Option<StoredSession>, StoreError> {
    Ok(conn
        .query_row_cached(
            "SELECT token_sha256, user_id, auth_epoch, opened_at, last_seen_at
               FROM server_sessions WHERE token_sha256 = ?1",
            params![token_sha256],
            |row| {
                Ok(StoredSession {
                    token_sha256: row.get(0)?,
                    user_id: row.get(1)?,
                    auth_epoch: row.get(2)?,
                    opened_at: row.get(3)?,
                    last_seen_at: row.get(4)?,
                })
            },
        )
        .optional()?)
}

/// Writes down the session's latest activity and the password generation it now belongs to.
pub fn touch(
    tx: &Transaction<'_>,
    token_sha256: &str,
    last_seen_at: &str,
    auth_epoch: i64,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE server_sessions SET last_seen_at = ?2, auth_epoch = ?3 WHERE token_sha256 = ?1",
        params![token_sha256, last_seen_at, auth_epoch],
    )?;
    Ok(())
}

pub fn close(tx: &Transaction<'_>, token_sha256: &str) -> Result<(), StoreError> {
    tx.execute_cached(
        "DELETE FROM server_sessions WHERE token_sha256 = ?1",
        params![token_sha256],
    )?;
    Ok(())
}
