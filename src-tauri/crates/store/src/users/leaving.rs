//! What offboarding a person reads and records: the access HyOpps gave them, taken back grant
//! by grant, and their account closed. Nothing is deleted: the history stays for the audit.

use crate::cached::CachedSql;
use rusqlite::{params, Connection, OptionalExtension};

use crate::StoreError;

/// What HyOpps knows of a person it is about to offboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaver {
    pub id: String,
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    pub app_role: String,
    pub organization_id: Option<String>,
    pub metabase_user_id: Option<i64>,
    /// Resource names of the grants not yet revoked (e.g. "Metabase"), in name order.
    pub granted: Vec<String>,
    /// The Studio ids of the organisation's companies they still have access to.
    pub studio_company_ids: Vec<String>,
    /// The Studio id of their personal company, when they have one.
    pub personal_company_id: Option<String>,
}

/// The person `user_id` as offboarding needs them, or `None` when there is no such account.
pub fn leaver(conn: &Connection, user_id: &str) -> Result<Option<Leaver>, StoreError> {
    let Some(mut leaver) = conn
        .query_row_cached(
            "SELECT u.id, u.email, u.firstname, u.lastname, u.app_role, u.organization_id,
                    u.metabase_user_id,
                    (SELECT studio_id FROM user_studio_companies WHERE user_id = u.id AND removed_at IS NULL)
               FROM users u WHERE u.id = ?1",
            [user_id],
            |r| {
                Ok(Leaver {
                    id: r.get(0)?,
                    email: r.get(1)?,
                    firstname: r.get(2)?,
                    lastname: r.get(3)?,
                    app_role: r.get(4)?,
                    organization_id: r.get(5)?,
                    metabase_user_id: r.get(6)?,
                    granted: Vec::new(),
                    studio_company_ids: Vec::new(),
                    personal_company_id: r.get(7)?,
                })
            },
        )
        .optional()?
    else {
        return Ok(None);
    };
    leaver.granted = conn
        .prepare_cached(
            "SELECT r.name FROM access_grants g JOIN resources r ON r.id = g.resource_id
              WHERE g.user_id = ?1 AND g.revoked_at IS NULL ORDER BY r.name",
        )?
        .query_map([user_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    leaver.studio_company_ids = conn
        .prepare_cached(
            "SELECT c.studio_id FROM user_studio_access a
               JOIN studio_companies c ON c.id = a.studio_company_id
              WHERE a.user_id = ?1 AND a.revoked_at IS NULL ORDER BY c.studio_id",
        )?
        .query_map([user_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(Some(leaver))
}

/// Marks the user's grant of `resource_name` (e.g. "Slack") revoked at `now`; a grant already
/// revoked keeps its first date. Returns whether a grant was revoked now.
pub fn revoke_access(
    conn: &Connection,
    user_id: &str,
    resource_name: &str,
    now: &str,
) -> Result<bool, StoreError> {
    let changed = conn.execute_cached(
        "UPDATE access_grants SET revoked_at = ?3
          WHERE user_id = ?1 AND revoked_at IS NULL
            AND resource_id = (SELECT id FROM resources WHERE name = ?2)",
        params![user_id, resource_name, now],
    )?;
    Ok(changed > 0)
}

/// Records access the user has in a system, which HyOpps did not give, as given: accepted by
/// `accepted_by` for `reason` (from the access check).
pub fn accept_access(
    conn: &Connection,
    user_id: &str,
    resource_name: &str,
    accepted_by: &str,
    reason: &str,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute_cached(
        "INSERT INTO access_grants (id, user_id, resource_id, permission, granted_by, granted_at, accepted_reason)
         SELECT ?1, ?2, r.id, 'read', ?4, ?6, ?5 FROM resources r WHERE r.name = ?3
         ON CONFLICT (user_id, resource_id)
         DO UPDATE SET revoked_at = NULL, execution_id = NULL, granted_by = excluded.granted_by,
                       granted_at = excluded.granted_at, accepted_reason = excluded.accepted_reason",
        params![crate::new_id(), user_id, resource_name, accepted_by, reason, now],
    )?;
    Ok(())
}

/// Marks the user's access to every Studio company revoked at `now`.
pub fn revoke_studio_access(conn: &Connection, user_id: &str, now: &str) -> Result<(), StoreError> {
    conn.execute_cached(
        "UPDATE user_studio_access SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL",
        params![user_id, now],
    )?;
    Ok(())
}

/// Marks the user's personal Studio company removed at `now` (the row stays, for the history).
pub fn remove_personal_company(
    conn: &Connection,
    user_id: &str,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute_cached(
        "UPDATE user_studio_companies SET removed_at = ?2 WHERE user_id = ?1 AND removed_at IS NULL",
        params![user_id, now],
    )?;
    Ok(())
}

/// Closes the account a leaver signed in with: back to the `user` role (which cannot sign
/// in), and every session opened before ends (the epoch moves, the kept sessions go).
pub fn close_account(conn: &Connection, user_id: &str, now: &str) -> Result<(), StoreError> {
    conn.execute_cached(
        "UPDATE users SET app_role = 'user', auth_epoch = auth_epoch + 1, updated_at = ?2
          WHERE id = ?1",
        params![user_id, now],
    )?;
    conn.execute_cached("DELETE FROM server_sessions WHERE user_id = ?1", [user_id])?;
    Ok(())
}

/// Whether an execution of `workflow` about the user is under way: not completed nor
/// cancelled (a failed one waits for an operator, so it is still under way).
pub fn execution_under_way(
    conn: &Connection,
    user_id: &str,
    workflow: &str,
) -> Result<bool, StoreError> {
    crate::executions::under_way(conn, crate::executions::About::User(user_id), workflow)
}

/// Makes the user one of `organization_id`'s people. A partner administrator was one for the
/// old organisation only: back to the `user` role, every session ended. Returns whether they
/// were a partner administrator.
pub fn move_to_organization(
    conn: &Connection,
    user_id: &str,
    organization_id: &str,
    now: &str,
) -> Result<bool, StoreError> {
    let was_partner_admin = conn
        .query_row_cached(
            "SELECT app_role = 'partner_admin' FROM users WHERE id = ?1",
            [user_id],
            |r| r.get::<_, bool>(0),
        )
        .optional()?
        .unwrap_or(false);
    conn.execute_cached(
        "UPDATE users SET organization_id = ?2, updated_at = ?3 WHERE id = ?1",
        params![user_id, organization_id, now],
    )?;
    if was_partner_admin {
        close_account(conn, user_id, now)?;
    }
    Ok(was_partner_admin)
}

/// The organisation's people an offboarding of the whole organisation offboards: everyone of
/// it but administrators of HyOpps, by name.
pub fn people_of(conn: &Connection, organization_id: &str) -> Result<Vec<String>, StoreError> {
    let ids = conn
        .prepare_cached(
            "SELECT id FROM users WHERE organization_id = ?1 AND app_role <> 'admin'
              ORDER BY lastname, firstname, id",
        )?
        .query_map([organization_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}
