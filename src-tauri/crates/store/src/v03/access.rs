//! Resources (the systems people get access to) and the access grants to them.

use rusqlite::{params, Connection};

use super::{insert, one_id};
use crate::StoreError;

/// Ours with this name without regard to case ("Keycloak" is our "KeyCloak"), the exact
/// spelling first.
pub fn resource_named(conn: &Connection, name: &str) -> Result<Option<String>, StoreError> {
    one_id(
        conn,
        "SELECT id FROM resources WHERE name = ?1 COLLATE NOCASE ORDER BY name = ?1 DESC LIMIT 1",
        [name],
    )
}

pub struct Resource<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub has_api: bool,
    pub created_at: &'a str,
}

pub fn insert_resource(conn: &Connection, row: &Resource<'_>) -> Result<bool, StoreError> {
    insert(
        conn,
        "INSERT INTO resources (id, name, type, has_api, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
        params![row.id, row.name, row.kind, row.has_api, row.created_at],
    )
}

/// `execution_id` is a historical reference without a foreign key, kept as it was.
pub struct Grant<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub resource_id: &'a str,
    pub permission: &'a str,
    pub granted_by: Option<&'a str>,
    pub granted_at: &'a str,
    pub revoked_at: Option<&'a str>,
    pub execution_id: Option<&'a str>,
}

pub fn insert_grant(conn: &Connection, row: &Grant<'_>) -> Result<bool, StoreError> {
    insert(
        conn,
        "INSERT INTO access_grants
             (id, user_id, resource_id, permission, granted_by, granted_at, revoked_at, execution_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
        params![
            row.id,
            row.user_id,
            row.resource_id,
            row.permission,
            row.granted_by,
            row.granted_at,
            row.revoked_at,
            row.execution_id
        ],
    )
}
