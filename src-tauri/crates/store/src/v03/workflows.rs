//! Workflow definitions and their steps, executions and step executions.

use rusqlite::{params, Connection};

use super::{insert, one_id};
use crate::StoreError;

/// Ours with this name.
pub fn workflow_named(conn: &Connection, name: &str) -> Result<Option<String>, StoreError> {
    one_id(
        conn,
        "SELECT id FROM workflow_definitions WHERE name = ?1",
        [name],
    )
}

/// Our step at this position of the workflow.
pub fn step_at(
    conn: &Connection,
    workflow_id: &str,
    step_order: i64,
) -> Result<Option<String>, StoreError> {
    one_id(
        conn,
        "SELECT id FROM workflow_step_definitions WHERE workflow_definition_id = ?1 AND step_order = ?2",
        params![workflow_id, step_order],
    )
}

/// Our step with this name in the workflow.
pub fn step_named(
    conn: &Connection,
    workflow_id: &str,
    name: &str,
) -> Result<Option<String>, StoreError> {
    one_id(
        conn,
        "SELECT id FROM workflow_step_definitions WHERE workflow_definition_id = ?1 AND name = ?2",
        params![workflow_id, name],
    )
}

pub struct Workflow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub created_at: &'a str,
}

pub fn insert_workflow(conn: &Connection, row: &Workflow<'_>) -> Result<bool, StoreError> {
    insert(
        conn,
        "INSERT INTO workflow_definitions (id, name, description, created_at)
         VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        params![row.id, row.name, row.description, row.created_at],
    )
}

pub struct StepDefinition<'a> {
    pub id: &'a str,
    pub workflow_id: &'a str,
    pub step_order: i64,
    pub name: &'a str,
    pub label: &'a str,
    /// `auto` or `manual`, as v0.3 wrote it.
    pub kind: Option<&'a str>,
    pub description: &'a str,
}

pub fn insert_step_definition(
    conn: &Connection,
    row: &StepDefinition<'_>,
) -> Result<bool, StoreError> {
    insert(
        conn,
        "INSERT INTO workflow_step_definitions
             (id, workflow_definition_id, step_order, name, label, type, description)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
        params![
            row.id,
            row.workflow_id,
            row.step_order,
            row.name,
            row.label,
            row.kind,
            row.description
        ],
    )
}

pub struct Execution<'a> {
    pub id: &'a str,
    pub workflow_id: &'a str,
    pub organization_id: Option<&'a str>,
    pub user_id: Option<&'a str>,
    pub requested_by: Option<&'a str>,
    pub status: &'a str,
    pub current_step_order: i64,
    pub created_at: &'a str,
    pub completed_at: Option<&'a str>,
    pub updated_at: &'a str,
    pub error: Option<&'a str>,
}

pub fn insert_execution(conn: &Connection, row: &Execution<'_>) -> Result<bool, StoreError> {
    insert(
        conn,
        "INSERT INTO workflow_executions
             (id, workflow_definition_id, organization_id, user_id, requested_by, status,
              current_step_order, created_at, completed_at, updated_at, error)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING",
        params![
            row.id,
            row.workflow_id,
            row.organization_id,
            row.user_id,
            row.requested_by,
            row.status,
            row.current_step_order,
            row.created_at,
            row.completed_at,
            row.updated_at,
            row.error
        ],
    )
}

/// Manual input and output are JSON documents as v0.3 wrote them.
pub struct StepExecution<'a> {
    pub id: &'a str,
    pub execution_id: &'a str,
    pub step_definition_id: &'a str,
    pub step_order: i64,
    pub status: &'a str,
    pub manual_input: Option<&'a str>,
    pub output: Option<&'a str>,
    pub error: Option<&'a str>,
    pub completed_by: Option<&'a str>,
    pub started_at: Option<&'a str>,
    pub completed_at: Option<&'a str>,
}

pub fn insert_step_execution(
    conn: &Connection,
    row: &StepExecution<'_>,
) -> Result<bool, StoreError> {
    insert(
        conn,
        "INSERT INTO workflow_step_executions
             (id, execution_id, step_definition_id, step_order, status, manual_input, output,
              error, completed_by, started_at, completed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING",
        params![
            row.id,
            row.execution_id,
            row.step_definition_id,
            row.step_order,
            row.status,
            row.manual_input,
            row.output,
            row.error,
            row.completed_by,
            row.started_at,
            row.completed_at
        ],
    )
}
