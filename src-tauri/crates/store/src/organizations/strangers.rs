//! People in an organisation's groups who are none of its people in HyOpps, whom an admin
//! accepted there on purpose (the access check then shows them as accepted).

use crate::cached::CachedSql;
use rusqlite::{params, Connection};

use crate::StoreError;

/// One accepted stranger, with who accepted them (a name while the account exists) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptedStranger {
    pub system: String,
    pub email: String,
    pub reason: String,
    pub accepted_by: Option<String>,
    pub accepted_at: String,
}

/// Records `email` in the organisation's group in `system` as accepted (again: the newer
/// reason replaces the older).
pub fn accept_stranger(
    conn: &Connection,
    organization_id: &str,
    system: &str,
    email: &str,
    accepted_by: &str,
    reason: &str,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute_cached(
        "INSERT INTO accepted_strangers (organization_id, system, email, reason, accepted_by, accepted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (organization_id, system, email)
         DO UPDATE SET reason = excluded.reason, accepted_by = excluded.accepted_by,
                       accepted_at = excluded.accepted_at",
        params![organization_id, system, email, reason, accepted_by, now],
    )?;
    Ok(())
}

/// The organisation's accepted strangers.
pub fn accepted_strangers(
    conn: &Connection,
    organization_id: &str,
) -> Result<Vec<AcceptedStranger>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT a.system, a.email, a.reason,
                CASE WHEN u.id IS NULL THEN a.accepted_by ELSE u.firstname || ' ' || u.lastname END,
                a.accepted_at
           FROM accepted_strangers a LEFT JOIN users u ON u.id = a.accepted_by
          WHERE a.organization_id = ?1 ORDER BY a.system, a.email",
    )?;
    let rows = statement.query_map([organization_id], |r| {
        Ok(AcceptedStranger {
            system: r.get(0)?,
            email: r.get(1)?,
            reason: r.get(2)?,
            accepted_by: r.get(3)?,
            accepted_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
