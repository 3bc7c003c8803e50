//! Executions started by another one (`parent_execution_id`): the parent does not move on while
//! a child is unfinished, and lists its children; and whether one is under way about someone.

use crate::cached::CachedSql;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{summary_from_row, SummaryRow, SUMMARY_JOINS, SUMMARY_SELECT};
use crate::StoreError;

/// Records that `parent_id` started `child_id`.
pub fn set_parent(tx: &Transaction<'_>, child_id: &str, parent_id: &str) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE workflow_executions SET parent_execution_id = ?2 WHERE id = ?1",
        params![child_id, parent_id],
    )?;
    Ok(())
}

/// The execution that started this one, if one did.
pub fn parent_of(conn: &Connection, execution_id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .query_row_cached(
            "SELECT parent_execution_id FROM workflow_executions WHERE id = ?1",
            [execution_id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

/// How many of the execution's children have not ended (completed or cancelled): a failed one
/// waits for an operator, so it has not ended.
pub fn unfinished_children(conn: &Connection, parent_id: &str) -> Result<u64, StoreError> {
    let count: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM workflow_executions
              WHERE parent_execution_id = ?1 AND status NOT IN ('completed', 'cancelled')",
        )?
        .query_row([parent_id], |r| r.get(0))?;
    Ok(u64::try_from(count).unwrap_or(0))
}

/// The execution's children, oldest first, as lists show them.
pub fn children(conn: &Connection, parent_id: &str) -> Result<Vec<SummaryRow>, StoreError> {
    let sql = format!(
        "{SUMMARY_SELECT} {SUMMARY_JOINS} WHERE e.parent_execution_id = ?1 ORDER BY e.created_at, e.id"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement
        .query_map([parent_id], summary_from_row)?
        .collect::<Result<_, _>>()?;
    Ok(rows)
}

/// Keeps the step pending with no time to run: it is due once the execution's children ended.
pub fn hold(tx: &Transaction<'_>, step_id: &str) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE workflow_step_executions SET status = 'pending', next_attempt_at = NULL WHERE id = ?1",
        [step_id],
    )?;
    Ok(())
}

/// Whom an execution is about, for [`under_way`].
#[derive(Debug, Clone, Copy)]
pub enum About<'a> {
    User(&'a str),
    Organization(&'a str),
}

/// Whether an execution of `workflow` about them is under way: not completed nor cancelled (a
/// failed one waits for an operator, so it is still under way).
pub fn under_way(conn: &Connection, about: About<'_>, workflow: &str) -> Result<bool, StoreError> {
    let (column, id) = match about {
        About::User(id) => ("user_id", id),
        About::Organization(id) => ("organization_id", id),
    };
    let sql = format!(
        "SELECT 1 FROM workflow_executions e
           JOIN workflow_definitions d ON d.id = e.workflow_definition_id
          WHERE e.{column} = ?1 AND d.name = ?2 AND e.status NOT IN ('completed', 'cancelled')
          LIMIT 1"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id, workflow], |_| Ok(()))
        .optional()?
        .is_some())
}
