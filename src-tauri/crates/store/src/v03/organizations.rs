//! Organisations and what belongs to them: Studio companies, system groups, integrations and
//! documentation links.

use rusqlite::{params, Connection};

use super::{insert, one_id};
use crate::StoreError;

/// Ours with exactly this name (names are unique without regard to case).
pub fn organization_named(conn: &Connection, name: &str) -> Result<Option<String>, StoreError> {
    one_id(conn, "SELECT id FROM organizations WHERE name = ?1", [name])
}

/// An organisation's name, for the import's report.
pub fn organization_name(conn: &Connection, id: &str) -> Result<Option<String>, StoreError> {
    one_id(conn, "SELECT name FROM organizations WHERE id = ?1", [id])
}

/// Ours with this Studio id.
pub fn studio_company_with_studio_id(
    conn: &Connection,
    studio_id: &str,
) -> Result<Option<String>, StoreError> {
    one_id(
        conn,
        "SELECT id FROM studio_companies WHERE studio_id = ?1",
        [studio_id],
    )
}

pub struct Organization<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// A JSON list, as stored.
    pub account_types: &'a str,
    pub created_at: &'a str,
}

pub fn insert_organization(conn: &Connection, row: &Organization<'_>) -> Result<bool, StoreError> {
    insert(
        conn,
        "INSERT INTO organizations (id, name, account_types, created_at)
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        params![row.id, row.name, row.account_types, row.created_at],
    )
}

pub struct StudioCompany<'a> {
    pub id: &'a str,
    pub organization_id: &'a str,
    pub studio_id: &'a str,
    pub name: &'a str,
    pub environment: Option<&'a str>,
    pub created_at: &'a str,
}

pub fn insert_studio_company(
    conn: &Connection,
    row: &StudioCompany<'_>,
) -> Result<bool, StoreError> {
    insert(
        conn,
        "INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        params![
            row.id,
            row.organization_id,
            row.studio_id,
            row.name,
            row.environment,
            row.created_at
        ],
    )
}

pub struct SystemGroup<'a> {
    pub id: &'a str,
    pub organization_id: &'a str,
    pub tool: &'a str,
    pub external_name: Option<&'a str>,
    pub external_id: Option<&'a str>,
    pub created_at: &'a str,
}

pub fn insert_system_group(conn: &Connection, row: &SystemGroup<'_>) -> Result<bool, StoreError> {
    insert(
        conn,
        "INSERT INTO system_groups (id, organization_id, tool, external_name, external_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        params![
            row.id,
            row.organization_id,
            row.tool,
            row.external_name,
            row.external_id,
            row.created_at
        ],
    )
}

pub struct Integrations<'a> {
    pub id: &'a str,
    pub organization_id: &'a str,
    pub keycloak_confirmed: bool,
    pub keycloak_cluster: Option<&'a str>,
    pub metabase_collection_id: Option<i64>,
    pub lms_confirmed: bool,
    pub updated_at: &'a str,
}

pub fn insert_integrations(conn: &Connection, row: &Integrations<'_>) -> Result<bool, StoreError> {
    insert(
        conn,
        "INSERT INTO organization_integrations
             (id, organization_id, keycloak_confirmed, keycloak_cluster, metabase_collection_id, lms_confirmed, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
        params![
            row.id,
            row.organization_id,
            row.keycloak_confirmed,
            row.keycloak_cluster,
            row.metabase_collection_id,
            row.lms_confirmed,
            row.updated_at
        ],
    )
}

/// The three documentation links, each empty when there is none.
pub struct Documentation<'a> {
    pub id: &'a str,
    pub organization_id: &'a str,
    pub internal: Option<&'a str>,
    pub generique: Option<&'a str>,
    pub add: Option<&'a str>,
    pub updated_at: &'a str,
}

pub fn insert_documentation(
    conn: &Connection,
    row: &Documentation<'_>,
) -> Result<bool, StoreError> {
    insert(
        conn,
        "INSERT INTO organization_documentation
             (id, organization_id, internal_docu, generique_docu, add_docu, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        params![
            row.id,
            row.organization_id,
            row.internal,
            row.generique,
            row.add,
            row.updated_at
        ],
    )
}
