//! The audit log: who did what, when, to what, with a summary that never holds a secret.
//! Recording is here; reading it back filtered (the admin console's audit log) is in `query`.

mod client;
mod query;

pub use client::acting_from;
pub(crate) use client::{of_this_task, writing_for};
pub use query::*;

use crate::cached::CachedSql;
use rusqlite::{params, Connection};
use serde_json::Value;

use crate::{new_id, StoreError};

/// One entry to record. `summary` is a small JSON object (before/after values, counts).
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub at: &'a str,
    pub actor_user_id: Option<&'a str>,
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: Option<&'a str>,
    pub summary: Value,
}

pub fn record(conn: &Connection, entry: &Entry<'_>) -> Result<String, StoreError> {
    let id = new_id();
    conn.execute_cached(
        "INSERT INTO audit_log (id, at, actor_user_id, action, target_type, target_id, summary, client)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            id,
            entry.at,
            entry.actor_user_id,
            entry.action,
            entry.target_type,
            entry.target_id,
            serde_json::to_string(&entry.summary)?,
            client::of_this_write().as_deref()
        ],
    )?;
    Ok(id)
}

/// A recorded entry, newest first when listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub id: String,
    pub at: String,
    pub actor_user_id: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub summary: Value,
}

/// The latest entries about one target, newest first.
pub fn for_target(
    conn: &Connection,
    target_type: &str,
    target_id: &str,
    limit: u32,
) -> Result<Vec<Recorded>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT id, at, actor_user_id, action, target_type, target_id, summary
           FROM audit_log WHERE target_type = ?1 AND target_id = ?2
          ORDER BY at DESC, rowid DESC LIMIT ?3",
    )?;
    let rows = statement.query_map(params![target_type, target_id, limit], |row| {
        Ok((
            Recorded {
                id: row.get(0)?,
                at: row.get(1)?,
                actor_user_id: row.get(2)?,
                action: row.get(3)?,
                target_type: row.get(4)?,
                target_id: row.get(5)?,
                summary: Value::Null,
            },
            row.get::<_, String>(6)?,
        ))
    })?;
    rows.map(|row| {
        let (mut recorded, summary) = row?;
        recorded.summary = serde_json::from_str(&summary)?;
        Ok(recorded)
    })
    .collect()
}
