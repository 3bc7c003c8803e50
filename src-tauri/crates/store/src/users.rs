//! Users as sign-in sees them: credentials, failed attempts, lockout and password changes; what
//! the workflows record about them. The admin console's reads are in `listing`, its changes
//! (and deleting a user) in `changes`; which existing account a workflow may reuse in `reuse`.

mod changes;
mod leaving;
mod listing;
mod reuse;

pub use changes::*;
pub use leaving::*;
pub use listing::*;
pub use reuse::*;

use crate::cached::CachedSql;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::StoreError;

/// What sign-in needs to know about an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub id: String,
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    pub app_role: String,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    pub password_hash: Option<String>,
    pub must_change_password: bool,
    pub failed_logins: i64,
    pub locked_until: Option<String>,
    pub auth_epoch: i64,
}

const CREDENTIALS_SELECT: &str = "SELECT u.id, u.email, u.firstname, u.lastname, u.app_role, u.organization_id,
        o.name, u.password_hash, u.must_change_password, u.failed_logins, u.locked_until, u.auth_epoch
   FROM users u LEFT JOIN organizations o ON o.id = u.organization_id";

fn credentials_from_row(row: &Row<'_>) -> rusqlite::Result<Credentials> {
    Ok(Credentials {
        id: row.get(0)?,
        email: row.get(1)?,
        firstname: row.get(2)?,
        lastname: row.get(3)?,
        app_role: row.get(4)?,
        organization_id: row.get(5)?,
        organization_name: row.get(6)?,
        password_hash: row.get(7)?,
        must_change_password: row.get(8)?,
        failed_logins: row.get(9)?,
        locked_until: row.get(10)?,
        auth_epoch: row.get(11)?,
    })
}

/// The account with this email, compared without regard to case (the column is NOCASE).
pub fn credentials_by_email(
    conn: &Connection,
    email: &str,
) -> Result<Option<Credentials>, StoreError> {
    let sql = format!("{CREDENTIALS_SELECT} WHERE u.email = ?1");
    Ok(conn
        .query_row_cached(&sql, [email.trim()], credentials_from_row)
        .optional()?)
}

pub fn credentials_by_id(conn: &Connection, id: &str) -> Result<Option<Credentials>, StoreError> {
    let sql = format!("{CREDENTIALS_SELECT} WHERE u.id = ?1");
    Ok(conn
        .query_row_cached(&sql, [id], credentials_from_row)
        .optional()?)
}

/// The outcome of counting one more failed sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedLogin {
    pub failed_logins: i64,
    pub locked_until: Option<String>,
}

/// Counts a failed sign-in; the `max_failures`-th failure in a row locks the account until
/// `lock_until`, and the counter starts again.
pub fn record_failed_login(
    conn: &Connection,
    id: &str,
    max_failures: i64,
    lock_until: &str,
    now: &str,
) -> Result<FailedLogin, StoreError> {
    Ok(conn.query_row_cached(
        "UPDATE users
            SET failed_logins = CASE WHEN failed_logins + 1 >= ?2 THEN 0 ELSE failed_logins + 1 END,
                locked_until  = CASE WHEN failed_logins + 1 >= ?2 THEN ?3 ELSE locked_until END,
                updated_at    = ?4
          WHERE id = ?1
      RETURNING failed_logins, locked_until",
        params![id, max_failures, lock_until, now],
        |row| {
            Ok(FailedLogin {
                failed_logins: row.get(0)?,
                locked_until: row.get(1)?,
            })
        },
    )?)
}

/// Clears the failure count and any expired lock after a successful sign-in; `rehashed` replaces
/// the stored hash when it was upgraded (an imported bcrypt hash, or older argon2 parameters).
pub fn record_successful_login(
    conn: &Connection,
    id: &str,
    rehashed: Option<&str>,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute_cached(
        "UPDATE users
            SET failed_logins = 0,
                locked_until  = NULL,
                password_hash = COALESCE(?2, password_hash),
                updated_at    = CASE WHEN ?2 IS NULL THEN updated_at ELSE ?3 END
          WHERE id = ?1",
        params![id, rehashed, now],
    )?;
    Ok(())
}

/// The account must choose a new password before anything else (a v0.3 password that today's
/// rules refuse was used to sign in).
pub fn require_password_change(conn: &Connection, id: &str, now: &str) -> Result<(), StoreError> {
    conn.execute_cached(
        "UPDATE users SET must_change_password = 1, updated_at = ?2
          WHERE id = ?1 AND must_change_password = 0",
        params![id, now],
    )?;
    Ok(())
}

/// Sets a user's own new password: clears the forced change and ends sessions opened before it.
pub fn set_own_password(
    conn: &Connection,
    id: &str,
    password_hash: &str,
    now: &str,
) -> Result<i64, StoreError> {
    Ok(conn.query_row_cached(
        "UPDATE users
            SET password_hash = ?2, must_change_password = 0, failed_logins = 0, locked_until = NULL,
                auth_epoch = auth_epoch + 1, updated_at = ?3
          WHERE id = ?1
      RETURNING auth_epoch",
        params![id, password_hash, now],
        |row| row.get(0),
    )?)
}

pub fn set_metabase_user_id(
    conn: &Connection,
    id: &str,
    metabase_user_id: i64,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute_cached(
        "UPDATE users SET metabase_user_id = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, metabase_user_id, now],
    )?;
    Ok(())
}

/// Records the user's access to one of their organisation's Studio companies.
pub fn grant_studio_access(
    conn: &Connection,
    user_id: &str,
    studio_company_id: &str,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute_cached(
        "INSERT INTO user_studio_access (id, user_id, studio_company_id, granted_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (user_id, studio_company_id) DO UPDATE SET revoked_at = NULL",
        params![crate::new_id(), user_id, studio_company_id, now],
    )?;
    Ok(())
}

pub fn set_personal_studio_company(
    conn: &Connection,
    user_id: &str,
    studio_id: &str,
    name: &str,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute_cached(
        "INSERT INTO user_studio_companies (id, user_id, studio_id, name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (user_id) DO UPDATE SET studio_id = excluded.studio_id, name = excluded.name, removed_at = NULL",
        params![crate::new_id(), user_id, studio_id, name, now],
    )?;
    Ok(())
}

/// Records that the user was given a resource (by name, e.g. "Metabase") by an execution.
pub fn grant_access(
    conn: &Connection,
    user_id: &str,
    resource_name: &str,
    granted_by: Option<&str>,
    execution_id: &str,
    now: &str,
) -> Result<(), StoreError> {
    conn.execute_cached(
        "INSERT INTO access_grants (id, user_id, resource_id, permission, granted_by, granted_at, execution_id)
         SELECT ?1, ?2, r.id, 'read', ?4, ?5, ?6 FROM resources r WHERE r.name = ?3
         ON CONFLICT (user_id, resource_id)
         DO UPDATE SET revoked_at = NULL, execution_id = excluded.execution_id, granted_at = excluded.granted_at",
        params![crate::new_id(), user_id, resource_name, granted_by, now, execution_id],
    )?;
    Ok(())
}

/// A person of an organisation as its panel lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub id: String,
    pub firstname: String,
    pub lastname: String,
    pub email: String,
    pub app_role: String,
    /// Resource names of the grants that are not revoked, in name order.
    pub access: Vec<String>,
    pub created_at: String,
}

/// The organisation's people, by last name then first name.
pub fn in_organization(
    conn: &Connection,
    organization_id: &str,
) -> Result<Vec<PersonRow>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT u.id, u.firstname, u.lastname, u.email, u.app_role, u.created_at,
                (SELECT group_concat(name, char(31)) FROM (
                    SELECT r.name FROM access_grants g JOIN resources r ON r.id = g.resource_id
                     WHERE g.user_id = u.id AND g.revoked_at IS NULL ORDER BY r.name))
           FROM users u
          WHERE u.organization_id = ?1
          ORDER BY u.lastname COLLATE NOCASE, u.firstname COLLATE NOCASE",
    )?;
    let rows = statement.query_map([organization_id], |r| {
        let access: Option<String> = r.get(6)?;
        Ok(PersonRow {
            id: r.get(0)?,
            firstname: r.get(1)?,
            lastname: r.get(2)?,
            email: r.get(3)?,
            app_role: r.get(4)?,
            created_at: r.get(5)?,
            // Unit separator: resource names never contain it.
            access: access
                .map(|names| names.split('\u{1f}').map(str::to_string).collect())
                .unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
