//! What an admin changes on a user: details, organisation and role, a password they set, and
//! deleting the account; an administrator created from the server's command line. Each verb
//! runs in the caller's transaction, beside its audit entry.

use crate::cached::CachedSql;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::StoreError;

/// The account (other than `except_id`) that has this email in any case, as (id, display name).
pub fn email_owner(
    conn: &Connection,
    email: &str,
    except_id: Option<&str>,
) -> Result<Option<(String, String)>, StoreError> {
    Ok(conn
        .prepare_cached(
            "SELECT id, trim(firstname || ' ' || lastname) FROM users WHERE email = ?1 AND id IS NOT ?2",
        )?
        .query_row(params![email, except_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// A user's details as an admin sets them (all at once, as the form sends them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileUpdate<'a> {
    pub firstname: &'a str,
    pub lastname: &'a str,
    pub email: &'a str,
    pub languages: &'a [String],
    pub skills: &'a [String],
    pub roles: &'a [String],
    pub organization_id: Option<&'a str>,
    pub app_role: &'a str,
}

pub fn update_profile(
    tx: &Transaction<'_>,
    id: &str,
    update: &ProfileUpdate<'_>,
    now: &str,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE users SET firstname = ?2, lastname = ?3, email = ?4, languages = ?5, skills = ?6,
                roles = ?7, organization_id = ?8, app_role = ?9, updated_at = ?10
          WHERE id = ?1",
        params![
            id,
            update.firstname,
            update.lastname,
            update.email,
            serde_json::to_string(update.languages)?,
            serde_json::to_string(update.skills)?,
            serde_json::to_string(update.roles)?,
            update.organization_id,
            update.app_role,
            now
        ],
    )?;
    Ok(())
}

/// Sets a password an admin chose for someone else. The account must change it at its next
/// sign-in (the admin knows it), the lockout is lifted, and sessions opened before it end.
pub fn set_password_by_admin(
    tx: &Transaction<'_>,
    id: &str,
    password_hash: &str,
    now: &str,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE users
            SET password_hash = ?2, must_change_password = 1, failed_logins = 0, locked_until = NULL,
                auth_epoch = auth_epoch + 1, updated_at = ?3
          WHERE id = ?1",
        params![id, password_hash, now],
    )?;
    Ok(())
}

/// Creates an administrator (no organisation) whose password must be changed at the first
/// sign-in. The caller has checked that the email has no account ([`email_owner`]).
pub fn create_admin(
    tx: &Transaction<'_>,
    id: &str,
    firstname: &str,
    email: &str,
    password_hash: &str,
    now: &str,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "INSERT INTO users (id, firstname, lastname, email, app_role, password_hash,
                            must_change_password, created_at, updated_at)
         VALUES (?1, ?2, '', ?3, 'admin', ?4, 1, ?5, ?5)",
        params![id, firstname, email, password_hash, now],
    )?;
    Ok(())
}

/// What deleting a user takes along.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserDeletionImpact {
    pub access_grants: i64,
    pub studio_access: i64,
    pub has_personal_company: bool,
    /// Executions about this user: they stay as history, detached.
    pub executions: i64,
    /// Of those, the ones neither completed nor cancelled: the engine may still act on them.
    pub executions_in_progress: i64,
}

pub fn deletion_impact(conn: &Connection, id: &str) -> Result<UserDeletionImpact, StoreError> {
    let count = |sql: &str| -> Result<i64, StoreError> {
        Ok(conn.prepare_cached(sql)?.query_row([id], |r| r.get(0))?)
    };
    Ok(UserDeletionImpact {
        access_grants: count("SELECT count(*) FROM access_grants WHERE user_id = ?1")?,
        studio_access: count("SELECT count(*) FROM user_studio_access WHERE user_id = ?1")?,
        has_personal_company: count(
            "SELECT count(*) FROM user_studio_companies WHERE user_id = ?1",
        )? > 0,
        executions: count("SELECT count(*) FROM workflow_executions WHERE user_id = ?1")?,
        executions_in_progress: count(
            "SELECT count(*) FROM workflow_executions
              WHERE user_id = ?1 AND status NOT IN ('completed', 'cancelled')",
        )?,
    })
}

/// Deletes the user: their grants, Studio access and personal company go with them (the
/// foreign keys cascade); executions about them stay as history with `user_id` detached; audit
/// entries keep the ids they name.
pub fn delete(tx: &Transaction<'_>, id: &str) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE workflow_executions SET user_id = NULL WHERE user_id = ?1",
        [id],
    )?;
    tx.execute_cached("DELETE FROM users WHERE id = ?1", [id])?;
    Ok(())
}
