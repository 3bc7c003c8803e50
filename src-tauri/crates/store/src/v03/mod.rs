//! What an import of a HyOpps v0.3 database writes into ours, and how it finds what we
//! already have. Each row lands with its v0.3 id through `INSERT … ON CONFLICT DO NOTHING`:
//! the functions answer true when the row was written, false when another unique key of ours
//! already holds it. A row the schema refuses (a CHECK, a missing required value) is a
//! [`StoreError::Sql`] with SQLite's constraint code, for the import to name the row.
//!
//! The rules of the import (which v0.3 row is ours under another id, what is skipped) live in
//! the app; this module only reads and writes. A user is found by email with
//! [`crate::users::email_owner`], like everywhere else.

mod access;
mod organizations;
mod users;
mod workflows;

pub use access::{insert_grant, insert_resource, resource_named, Grant, Resource};
pub use organizations::{
    insert_documentation, insert_integrations, insert_organization, insert_studio_company,
    insert_system_group, organization_name, organization_named, studio_company_with_studio_id,
    Documentation, Integrations, Organization, StudioCompany, SystemGroup,
};
pub use users::{
    insert_personal_company, insert_studio_access, insert_user, take_over_default_admin,
    DefaultAdminTakeover, PersonalCompany, StudioAccess, User,
};
pub use workflows::{
    insert_execution, insert_step_definition, insert_step_execution, insert_workflow, step_at,
    step_named, workflow_named, Execution, StepDefinition, StepExecution, Workflow,
};

use rusqlite::{Connection, OptionalExtension, Params};

use crate::cached::CachedSql;
use crate::StoreError;

/// The tables an import writes, each with the query that says whether an id is there.
const HAS_ROW: [(&str, &str); 14] = [
    ("organizations", "SELECT 1 FROM organizations WHERE id = ?1"),
    ("users", "SELECT 1 FROM users WHERE id = ?1"),
    (
        "studio_companies",
        "SELECT 1 FROM studio_companies WHERE id = ?1",
    ),
    (
        "user_studio_access",
        "SELECT 1 FROM user_studio_access WHERE id = ?1",
    ),
    (
        "user_studio_companies",
        "SELECT 1 FROM user_studio_companies WHERE id = ?1",
    ),
    ("system_groups", "SELECT 1 FROM system_groups WHERE id = ?1"),
    (
        "organization_integrations",
        "SELECT 1 FROM organization_integrations WHERE id = ?1",
    ),
    (
        "organization_documentation",
        "SELECT 1 FROM organization_documentation WHERE id = ?1",
    ),
    ("resources", "SELECT 1 FROM resources WHERE id = ?1"),
    ("access_grants", "SELECT 1 FROM access_grants WHERE id = ?1"),
    (
        "workflow_definitions",
        "SELECT 1 FROM workflow_definitions WHERE id = ?1",
    ),
    (
        "workflow_step_definitions",
        "SELECT 1 FROM workflow_step_definitions WHERE id = ?1",
    ),
    (
        "workflow_executions",
        "SELECT 1 FROM workflow_executions WHERE id = ?1",
    ),
    (
        "workflow_step_executions",
        "SELECT 1 FROM workflow_step_executions WHERE id = ?1",
    ),
];

/// Whether `table` (one of the tables an import writes) has a row with this id.
///
/// # Panics
/// For a table an import does not write: a programming error, not an input.
pub fn has_row(conn: &Connection, table: &str, id: &str) -> Result<bool, StoreError> {
    let (_, sql) = HAS_ROW
        .iter()
        .find(|(name, _)| *name == table)
        .unwrap_or_else(|| panic!("an import does not write the table {table}"));
    Ok(conn.prepare_cached(sql)?.exists([id])?)
}

/// The first column of the one row `sql` finds, if any.
fn one_id(conn: &Connection, sql: &str, params: impl Params) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row_cached(sql, params, |row| row.get(0))
        .optional()?)
}

/// Runs one `INSERT … ON CONFLICT DO NOTHING`; true when it wrote the row.
fn insert(conn: &Connection, sql: &str, params: impl Params) -> Result<bool, StoreError> {
    Ok(conn.execute_cached(sql, params)? > 0)
}
