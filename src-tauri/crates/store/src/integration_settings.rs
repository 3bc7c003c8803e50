//! The non-secret settings of the outside systems, one row per (system, key).

use std::collections::BTreeMap;

use rusqlite::{params, Connection};

use crate::StoreError;

/// Every stored value: system → key → value.
pub fn all(conn: &Connection) -> Result<BTreeMap<String, BTreeMap<String, String>>, StoreError> {
    let mut statement =
        conn.prepare_cached("SELECT system, key, value FROM integration_settings")?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    let mut settings: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for row in rows {
        let (system, key, value) = row?;
        settings.entry(system).or_default().insert(key, value);
    }
    Ok(settings)
}

/// Makes `values` the system's stored settings: an empty value removes its key, keys not
/// named are left alone.
pub fn save(
    conn: &Connection,
    system: &str,
    values: &BTreeMap<String, String>,
    now: &str,
) -> Result<(), StoreError> {
    let mut upsert = conn.prepare_cached(
        "INSERT INTO integration_settings (system, key, value, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (system, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )?;
    let mut remove =
        conn.prepare_cached("DELETE FROM integration_settings WHERE system = ?1 AND key = ?2")?;
    for (key, value) in values {
        if value.is_empty() {
            remove.execute(params![system, key])?;
        } else {
            upsert.execute(params![system, key, value, now])?;
        }
    }
    Ok(())
}
