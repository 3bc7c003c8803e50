//! Users with their password hashes, their Studio access and personal Studio companies, and
//! the seeded admin taking over the v0.3 admin's password.

use rusqlite::{params, Connection};

use super::insert;
use crate::StoreError;

pub struct User<'a> {
    pub id: &'a str,
    pub firstname: &'a str,
    pub lastname: &'a str,
    pub email: &'a str,
    /// JSON lists, as stored.
    pub languages: &'a str,
    pub skills: &'a str,
    pub roles: &'a str,
    pub organization_id: Option<&'a str>,
    pub app_role: &'a str,
    /// v0.3's bcrypt hash, kept only for accounts that sign in.
    pub password_hash: Option<&'a str>,
    pub must_change_password: bool,
    pub metabase_user_id: Option<i64>,
    pub created_at: &'a str,
}

pub fn insert_user(conn: &Connection, row: &User<'_>) -> Result<bool, StoreError> {
    insert(
        conn,
        "INSERT INTO users (id, firstname, lastname, email, languages, skills, roles, organization_id,
                            app_role, password_hash, must_change_password, metabase_user_id,
                            created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)
         ON CONFLICT DO NOTHING",
        params![
            row.id,
            row.firstname,
            row.lastname,
            row.email,
            row.languages,
            row.skills,
            row.roles,
            row.organization_id,
            row.app_role,
            row.password_hash,
            row.must_change_password,
            row.metabase_user_id,
            row.created_at
        ],
    )
}

/// The v0.3 admin's password and names for the seeded admin.
pub struct DefaultAdminTakeover<'a> {
    pub admin_id: &'a str,
    pub password_hash: &'a str,
    /// Blank names keep the seeded ones.
    pub firstname: &'a str,
    pub lastname: &'a str,
    pub must_change_password: bool,
    pub at: &'a str,
}

/// Only while the seeded admin is untouched (it must still change its password); true when it
/// took them. Its sessions end (`auth_epoch`), as after any password change.
pub fn take_over_default_admin(
    conn: &Connection,
    takeover: &DefaultAdminTakeover<'_>,
) -> Result<bool, StoreError> {
    let changed = conn.execute(
        "UPDATE users
            SET password_hash = ?2,
                firstname = COALESCE(NULLIF(TRIM(?3), ''), firstname),
                lastname = COALESCE(NULLIF(TRIM(?4), ''), lastname),
                must_change_password = ?6, failed_logins = 0, locked_until = NULL,
                auth_epoch = auth_epoch + 1, updated_at = ?5
          WHERE id = ?1 AND must_change_password = 1",
        params![
            takeover.admin_id,
            takeover.password_hash,
            takeover.firstname,
            takeover.lastname,
            takeover.at,
            takeover.must_change_password
        ],
    )?;
    Ok(changed > 0)
}

pub struct StudioAccess<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub studio_company_id: &'a str,
    pub granted_at: &'a str,
    pub revoked_at: Option<&'a str>,
}

pub fn insert_studio_access(conn: &Connection, row: &StudioAccess<'_>) -> Result<bool, StoreError> {
    insert(
        conn,
        "INSERT INTO user_studio_access (id, user_id, studio_company_id, granted_at, revoked_at)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
        params![
            row.id,
            row.user_id,
            row.studio_company_id,
            row.granted_at,
            row.revoked_at
        ],
    )
}

/// A user's personal Studio company.
pub struct PersonalCompany<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub studio_id: &'a str,
    pub name: &'a str,
    pub created_at: &'a str,
}

pub fn insert_personal_company(
    conn: &Connection,
    row: &PersonalCompany<'_>,
) -> Result<bool, StoreError> {
    insert(
        conn,
        "INSERT INTO user_studio_companies (id, user_id, studio_id, name, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
        params![row.id, row.user_id, row.studio_id, row.name, row.created_at],
    )
}
