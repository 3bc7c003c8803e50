//! The systems an organisation leaves out (`organization_unused_systems`), by their stored
//! names ("slack", "studio", …): what its workflows skip; and whether the organisation was
//! offboarded (all of its access taken back).

use crate::cached::CachedSql;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::StoreError;

/// The systems the organisation does not use, by name.
pub fn unused_systems(conn: &Connection, organization_id: &str) -> Result<Vec<String>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT system FROM organization_unused_systems WHERE organization_id = ?1 ORDER BY system",
    )?;
    let names = statement
        .query_map([organization_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(names)
}

/// Whether the organisation leaves `system` out.
pub fn leaves_out(
    conn: &Connection,
    organization_id: &str,
    system: &str,
) -> Result<bool, StoreError> {
    let found: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM organization_unused_systems
              WHERE organization_id = ?1 AND system = ?2",
        )?
        .query_row(params![organization_id, system], |r| r.get(0))?;
    Ok(found > 0)
}

/// Replaces the systems the organisation leaves out with `unused`.
pub fn set_unused_systems(
    tx: &Transaction<'_>,
    organization_id: &str,
    unused: &[&str],
) -> Result<(), StoreError> {
    tx.execute_cached(
        "DELETE FROM organization_unused_systems WHERE organization_id = ?1",
        [organization_id],
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO organization_unused_systems (organization_id, system) VALUES (?1, ?2)",
    )?;
    for system in unused {
        insert.execute(params![organization_id, system])?;
    }
    Ok(())
}

/// How many of the organisation's people still hold access (not revoked) to any of
/// `resources` (by `resources.name`).
pub fn people_with_access(
    conn: &Connection,
    organization_id: &str,
    resources: &[&str],
) -> Result<u64, StoreError> {
    // A system has one or two resources: a query per name stays simple.
    let mut statement = conn.prepare_cached(
        "SELECT DISTINCT g.user_id FROM access_grants g
           JOIN users u ON u.id = g.user_id
           JOIN resources r ON r.id = g.resource_id
          WHERE u.organization_id = ?1 AND r.name = ?2 AND g.revoked_at IS NULL",
    )?;
    let mut seen = std::collections::HashSet::new();
    for resource in resources {
        let users: Vec<String> = statement
            .query_map(params![organization_id, resource], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        seen.extend(users);
    }
    Ok(seen.len() as u64)
}

/// Marks the organisation offboarded at `now` (kept for its history); an earlier date stays.
pub fn mark_offboarded(
    tx: &Transaction<'_>,
    organization_id: &str,
    now: &str,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE organizations SET offboarded_at = COALESCE(offboarded_at, ?2) WHERE id = ?1",
        params![organization_id, now],
    )?;
    Ok(())
}

/// When the organisation was offboarded, if it was.
pub fn offboarded_at(
    conn: &Connection,
    organization_id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row_cached(
            "SELECT offboarded_at FROM organizations WHERE id = ?1",
            [organization_id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

/// Whether an execution of `workflow` about the organisation is under way: not completed nor
/// cancelled (a failed one waits for an operator, so it is still under way).
pub fn execution_under_way(
    conn: &Connection,
    organization_id: &str,
    workflow: &str,
) -> Result<bool, StoreError> {
    let about = crate::executions::About::Organization(organization_id);
    crate::executions::under_way(conn, about, workflow)
}
