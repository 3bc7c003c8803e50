//! Workflow executions and their steps as persisted state machines. The engine decides the
//! transitions; this module stores them, one verb per transition, each in the caller's
//! transaction so that a step's result and its side effects commit together.

use crate::cached::CachedSql;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde_json::{Map, Value};

use crate::{new_id, StoreError};

mod cancelled;
mod children;
pub use cancelled::{skip, skip_unfinished};
pub use children::{children, hold, parent_of, set_parent, under_way, unfinished_children, About};

/// An execution as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionRow {
    pub id: String,
    pub workflow_name: String,
    pub organization_id: Option<String>,
    pub user_id: Option<String>,
    pub requested_by: Option<String>,
    pub status: String,
    pub current_step_order: i64,
    pub created_at: String,
    pub updated_at: String,
    pub completed_at: Option<String>,
    pub error: Option<String>,
}

/// A step execution with its definition's name and type.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRow {
    pub id: String,
    pub execution_id: String,
    pub step_order: i64,
    pub name: String,
    pub label: String,
    /// `auto` or `manual`.
    pub kind: String,
    pub status: String,
    pub manual_input: Option<Value>,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub completed_by: Option<String>,
    pub started_at: Option<String>,
    pub completed_at: Option<String>,
    pub attempts: i64,
    pub next_attempt_at: Option<String>,
}

const EXECUTION_SELECT: &str =
    "SELECT e.id, d.name, e.organization_id, e.user_id, e.requested_by, e.status,
        e.current_step_order, e.created_at, e.updated_at, e.completed_at, e.error
   FROM workflow_executions e JOIN workflow_definitions d ON d.id = e.workflow_definition_id";

const STEP_SELECT: &str =
    "SELECT s.id, s.execution_id, s.step_order, d.name, d.label, d.type, s.status,
        s.manual_input, s.output, s.error, s.completed_by, s.started_at, s.completed_at, s.attempts,
        s.next_attempt_at
   FROM workflow_step_executions s JOIN workflow_step_definitions d ON d.id = s.step_definition_id";

fn execution_from_row(row: &Row<'_>) -> rusqlite::Result<ExecutionRow> {
    Ok(ExecutionRow {
        id: row.get(0)?,
        workflow_name: row.get(1)?,
        organization_id: row.get(2)?,
        user_id: row.get(3)?,
        requested_by: row.get(4)?,
        status: row.get(5)?,
        current_step_order: row.get(6)?,
        created_at: row.get(7)?,
        updated_at: row.get(8)?,
        completed_at: row.get(9)?,
        error: row.get(10)?,
    })
}

fn json_column(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<Value>> {
    let text: Option<String> = row.get(index)?;
    text.map(|t| {
        serde_json::from_str(&t).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                index,
                rusqlite::types::Type::Text,
                Box::new(e),
            )
        })
    })
    .transpose()
}

fn step_from_row(row: &Row<'_>) -> rusqlite::Result<StepRow> {
    Ok(StepRow {
        id: row.get(0)?,
        execution_id: row.get(1)?,
        step_order: row.get(2)?,
        name: row.get(3)?,
        label: row.get(4)?,
        kind: row.get(5)?,
        status: row.get(6)?,
        manual_input: json_column(row, 7)?,
        output: json_column(row, 8)?,
        error: row.get(9)?,
        completed_by: row.get(10)?,
        started_at: row.get(11)?,
        completed_at: row.get(12)?,
        attempts: row.get(13)?,
        next_attempt_at: row.get(14)?,
    })
}

/// What a new execution is about from its start: an organisation (a partner admin's own), a
/// person (the leaver of an offboarding), or neither yet (its steps will say).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Subject<'a> {
    pub organization_id: Option<&'a str>,
    pub user_id: Option<&'a str>,
}

/// Creates an execution of the named workflow with one pending step per step definition.
/// Returns `None` when no workflow has that name.
pub fn create(
    tx: &Transaction<'_>,
    workflow_name: &str,
    requested_by: &str,
    subject: Subject<'_>,
    now: &str,
) -> Result<Option<String>, StoreError> {
    let definition: Option<String> = tx
        .query_row_cached(
            "SELECT id FROM workflow_definitions WHERE name = ?1",
            [workflow_name],
            |r| r.get(0),
        )
        .optional()?;
    let Some(definition) = definition else {
        return Ok(None);
    };
    let id = new_id();
    tx.execute_cached(
        "INSERT INTO workflow_executions (id, workflow_definition_id, organization_id, user_id,
                                          requested_by, status, current_step_order, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'pending', 1, ?6, ?6)",
        params![id, definition, subject.organization_id, subject.user_id, requested_by, now],
    )?;
    let mut steps = tx.prepare_cached(
        "SELECT id, step_order FROM workflow_step_definitions
          WHERE workflow_definition_id = ?1 ORDER BY step_order",
    )?;
    let definitions: Vec<(String, i64)> = steps
        .query_map([&definition], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO workflow_step_executions (id, execution_id, step_definition_id, step_order, status)
         VALUES (?1, ?2, ?3, ?4, 'pending')",
    )?;
    for (step_definition, order) in definitions {
        insert.execute(params![new_id(), id, step_definition, order])?;
    }
    Ok(Some(id))
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<ExecutionRow>, StoreError> {
    let sql = format!("{EXECUTION_SELECT} WHERE e.id = ?1");
    Ok(conn
        .query_row_cached(&sql, [id], execution_from_row)
        .optional()?)
}

pub fn steps(conn: &Connection, execution_id: &str) -> Result<Vec<StepRow>, StoreError> {
    let sql = format!("{STEP_SELECT} WHERE s.execution_id = ?1 ORDER BY s.step_order");
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([execution_id], step_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn step(conn: &Connection, step_id: &str) -> Result<Option<StepRow>, StoreError> {
    let sql = format!("{STEP_SELECT} WHERE s.id = ?1");
    Ok(conn
        .query_row_cached(&sql, [step_id], step_from_row)
        .optional()?)
}

/// The execution's context: every completed step's manual input and output merged in step
/// order, later keys winning.
pub fn context(conn: &Connection, execution_id: &str) -> Result<Map<String, Value>, StoreError> {
    let mut context = Map::new();
    for step in steps(conn, execution_id)? {
        if step.status != "completed" {
            continue;
        }
        for value in [step.manual_input, step.output].into_iter().flatten() {
            if let Value::Object(fields) = value {
                context.extend(fields);
            }
        }
    }
    Ok(context)
}

/// The time an execution's change is stamped with: `?5` (now), or a millisecond past its last
/// stamp when the clock has not moved past it (two changes in one millisecond, a clock set back).
macro_rules! next_stamp {
    () => {
        "CASE WHEN ?5 > updated_at THEN ?5
              ELSE COALESCE(strftime('%Y-%m-%dT%H:%M:%fZ', updated_at, '+0.001 seconds'), ?5) END"
    };
}

/// Sets the execution's status and current step.
///
/// Every such change moves `updated_at` forward (`next_stamp!`), so that it orders the states
/// of the execution a screen may hold: of two answers, the later one is shown. The completion
/// time is that same stamp.
pub fn set_execution_state(
    tx: &Transaction<'_>,
    execution_id: &str,
    status: &str,
    current_step_order: i64,
    error: Option<&str>,
    now: &str,
) -> Result<(), StoreError> {
    tx.execute_cached(
        concat!(
            "UPDATE workflow_executions
                SET status = ?2, current_step_order = ?3, error = ?4,
                    updated_at = ",
            next_stamp!(),
            ",
                    completed_at = CASE WHEN ?2 IN ('completed', 'cancelled') THEN ",
            next_stamp!(),
            " ELSE completed_at END
              WHERE id = ?1"
        ),
        params![execution_id, status, current_step_order, error, now],
    )?;
    Ok(())
}

/// Links the execution to the organisation or user a step created or chose.
pub fn link(
    tx: &Transaction<'_>,
    execution_id: &str,
    organization_id: Option<&str>,
    user_id: Option<&str>,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE workflow_executions
            SET organization_id = COALESCE(?2, organization_id), user_id = COALESCE(?3, user_id)
          WHERE id = ?1",
        params![execution_id, organization_id, user_id],
    )?;
    Ok(())
}

/// A step now waits for its form; `instructions` say what to do when an auto step became a
/// manual task (no API to call).
pub fn await_input(
    tx: &Transaction<'_>,
    step_id: &str,
    instructions: Option<&str>,
    now: &str,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE workflow_step_executions
            SET status = 'awaiting_input', started_at = COALESCE(started_at, ?2), error = ?3,
                next_attempt_at = NULL
          WHERE id = ?1",
        params![step_id, now, instructions],
    )?;
    Ok(())
}

/// An auto step is due at `due_at` (now, or later after a transient failure).
pub fn schedule(
    tx: &Transaction<'_>,
    step_id: &str,
    due_at: &str,
    error: Option<&str>,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE workflow_step_executions SET status = 'pending', next_attempt_at = ?2, error = ?3 WHERE id = ?1",
        params![step_id, due_at, error],
    )?;
    Ok(())
}

/// Claims the auto step that is due first, marking it running and counting the attempt.
pub fn claim_due(tx: &Transaction<'_>, now: &str) -> Result<Option<StepRow>, StoreError> {
    let claimed: Option<String> = tx
        .query_row_cached(
            "UPDATE workflow_step_executions
                SET status = 'running', attempts = attempts + 1, started_at = COALESCE(started_at, ?1)
              WHERE id = (SELECT id FROM workflow_step_executions
                           WHERE status = 'pending' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?1
                           ORDER BY next_attempt_at LIMIT 1)
          RETURNING id",
            [now],
            |r| r.get(0),
        )
        .optional()?;
    match claimed {
        Some(id) => step(tx, &id),
        None => Ok(None),
    }
}

/// Claims the execution's step at `step_order` if it is pending (the step that just became
/// due, run by the worker that made it due).
pub fn claim_pending_step(
    tx: &Transaction<'_>,
    execution_id: &str,
    step_order: i64,
    now: &str,
) -> Result<Option<StepRow>, StoreError> {
    let claimed: Option<String> = tx
        .query_row_cached(
            "UPDATE workflow_step_executions
                SET status = 'running', attempts = attempts + 1, started_at = COALESCE(started_at, ?3)
              WHERE execution_id = ?1 AND step_order = ?2 AND status = 'pending'
                AND next_attempt_at IS NOT NULL
          RETURNING id",
            params![execution_id, step_order, now],
            |r| r.get(0),
        )
        .optional()?;
    match claimed {
        Some(id) => step(tx, &id),
        None => Ok(None),
    }
}

/// When the next scheduled auto step is due, if any.
pub fn next_due_at(conn: &Connection) -> Result<Option<String>, StoreError> {
    Ok(conn.query_row_cached(
        "SELECT min(next_attempt_at) FROM workflow_step_executions WHERE status = 'pending'",
        [],
        |r| r.get(0),
    )?)
}

/// Records a step's result; the caller writes its side effects in the same transaction.
pub fn complete(
    tx: &Transaction<'_>,
    step_id: &str,
    manual_input: Option<&Value>,
    output: Option<&Value>,
    completed_by: Option<&str>,
    now: &str,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE workflow_step_executions
            SET status = 'completed', manual_input = COALESCE(?2, manual_input), output = ?3,
                completed_by = ?4, completed_at = ?5, started_at = COALESCE(started_at, ?5),
                error = NULL, next_attempt_at = NULL
          WHERE id = ?1",
        params![
            step_id,
            manual_input.map(Value::to_string),
            output.map(Value::to_string),
            completed_by,
            now
        ],
    )?;
    Ok(())
}

/// A step failed for good (until an operator retries it).
pub fn fail(tx: &Transaction<'_>, step_id: &str, error: &str, now: &str) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE workflow_step_executions
            SET status = 'failed', error = ?2, next_attempt_at = NULL, completed_at = NULL,
                started_at = COALESCE(started_at, ?3)
          WHERE id = ?1",
        params![step_id, error, now],
    )?;
    Ok(())
}

/// After a crash, steps that were running are run again (every auto step is idempotent),
/// except in executions cancelled meanwhile: cancelled is final, so those are skipped.
pub fn requeue_interrupted(tx: &Transaction<'_>, now: &str) -> Result<usize, StoreError> {
    cancelled::skip_interrupted_of_cancelled(tx)?;
    Ok(tx.execute_cached(
        "UPDATE workflow_step_executions SET status = 'pending', next_attempt_at = ?1 WHERE status = 'running'",
        [now],
    )?)
}

/// An execution as lists show it, with the names it refers to.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    pub id: String,
    pub workflow_name: String,
    pub status: String,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub current_step_order: i64,
    pub current_step_label: Option<String>,
    pub step_count: i64,
    pub requested_by_name: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub completed_at: Option<String>,
    pub error: Option<String>,
}

/// Which executions a list shows; `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub status: Option<String>,
    pub workflow: Option<String>,
    /// When set, only executions of these workflows (a partner admin's).
    pub workflows_allowed: Option<Vec<String>>,
    pub organization_id: Option<String>,
    /// Part of the organisation's name, the user's name or email; or a whole execution id.
    pub search: Option<String>,
}

/// The columns and joins of a [`SummaryRow`], shared by the list and the single lookup.
const SUMMARY_SELECT: &str = "SELECT e.id, d.name, e.status, e.organization_id, o.name, e.user_id,
        CASE WHEN u.id IS NULL THEN NULL ELSE trim(u.firstname || ' ' || u.lastname) END,
        e.current_step_order, sd.label,
        (SELECT count(*) FROM workflow_step_definitions x WHERE x.workflow_definition_id = d.id),
        CASE WHEN r.id IS NULL THEN e.requested_by ELSE trim(r.firstname || ' ' || r.lastname) END,
        e.created_at, e.updated_at, e.completed_at, e.error";

const SUMMARY_JOINS: &str = "FROM workflow_executions e
   JOIN workflow_definitions d ON d.id = e.workflow_definition_id
   LEFT JOIN organizations o ON o.id = e.organization_id
   LEFT JOIN users u ON u.id = e.user_id
   LEFT JOIN users r ON r.id = e.requested_by
   LEFT JOIN workflow_step_definitions sd
          ON sd.workflow_definition_id = d.id AND sd.step_order = e.current_step_order";

const LIST_FILTER: &str = "WHERE (?1 IS NULL OR e.status = ?1) AND (?2 IS NULL OR d.name = ?2)
    AND (?3 IS NULL OR e.organization_id = ?3)
    AND (?6 IS NULL OR d.name IN (SELECT value FROM json_each(?6)))
    AND (?4 IS NULL OR o.name LIKE ?4 ESCAPE '\\' OR u.email LIKE ?4 ESCAPE '\\'
         OR (u.firstname || ' ' || u.lastname) LIKE ?4 ESCAPE '\\' OR e.id = ?5)";

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<SummaryRow> {
    Ok(SummaryRow {
        id: row.get(0)?,
        workflow_name: row.get(1)?,
        status: row.get(2)?,
        organization_id: row.get(3)?,
        organization_name: row.get(4)?,
        user_id: row.get(5)?,
        user_name: row.get(6)?,
        current_step_order: row.get(7)?,
        current_step_label: row.get(8)?,
        step_count: row.get(9)?,
        requested_by_name: row.get(10)?,
        created_at: row.get(11)?,
        updated_at: row.get(12)?,
        completed_at: row.get(13)?,
        error: row.get(14)?,
    })
}

/// One execution as lists show it, by its id (a primary-key lookup).
pub fn summary(conn: &Connection, id: &str) -> Result<Option<SummaryRow>, StoreError> {
    let sql = format!("{SUMMARY_SELECT} {SUMMARY_JOINS} WHERE e.id = ?1");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], summary_from_row)
        .optional()?)
}

/// One page of executions, most recently changed first, and how many match in all.
pub fn list(
    conn: &Connection,
    filter: &ListFilter,
    limit: u32,
    offset: i64,
) -> Result<(Vec<SummaryRow>, i64), StoreError> {
    let pattern = filter.search.as_deref().map(|s| {
        let escaped = s
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        format!("%{escaped}%")
    });
    let allowed = filter
        .workflows_allowed
        .as_ref()
        .map(|names| serde_json::Value::from(names.clone()).to_string());
    let total: i64 = conn
        .prepare_cached(&format!("SELECT count(*) {SUMMARY_JOINS} {LIST_FILTER}"))?
        .query_row(
            params![
                filter.status,
                filter.workflow,
                filter.organization_id,
                pattern,
                filter.search,
                allowed
            ],
            |r| r.get(0),
        )?;
    let sql = format!(
        "{SUMMARY_SELECT} {SUMMARY_JOINS} {LIST_FILTER} ORDER BY e.updated_at DESC, e.id LIMIT ?7 OFFSET ?8"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(
        params![
            filter.status,
            filter.workflow,
            filter.organization_id,
            pattern,
            filter.search,
            allowed,
            limit,
            offset
        ],
        summary_from_row,
    )?;
    Ok((rows.collect::<Result<_, _>>()?, total))
}

/// Step descriptions by order, for the timeline.
pub fn step_descriptions(
    conn: &Connection,
    execution_id: &str,
) -> Result<Vec<(i64, String)>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT d.step_order, d.description FROM workflow_step_executions s
           JOIN workflow_step_definitions d ON d.id = s.step_definition_id
          WHERE s.execution_id = ?1 ORDER BY d.step_order",
    )?;
    let rows = statement.query_map([execution_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The display name of each user id given (for "completed by").
pub fn user_names(conn: &Connection, ids: &[String]) -> Result<Vec<(String, String)>, StoreError> {
    let mut statement = conn
        .prepare_cached("SELECT id, trim(firstname || ' ' || lastname) FROM users WHERE id = ?1")?;
    let mut names = Vec::new();
    for id in ids {
        if let Some(found) = statement
            .query_row([id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?
        {
            names.push(found);
        }
    }
    Ok(names)
}

/// A workflow's step, for "start a workflow".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkflowStepRow {
    pub workflow: String,
    pub description: String,
    pub step_order: i64,
    pub name: String,
    pub label: String,
    /// `auto` or `manual`.
    pub kind: String,
}

/// The workflows and their steps, by workflow name and step order.
pub fn workflow_steps(conn: &Connection) -> Result<Vec<WorkflowStepRow>, StoreError> {
    let mut statement = conn.prepare_cached(
        "SELECT d.name, d.description, s.step_order, s.name, s.label, s.type
           FROM workflow_definitions d JOIN workflow_step_definitions s ON s.workflow_definition_id = d.id
          ORDER BY d.name, s.step_order",
    )?;
    let rows = statement.query_map([], |r| {
        Ok(WorkflowStepRow {
            workflow: r.get(0)?,
            description: r.get(1)?,
            step_order: r.get(2)?,
            name: r.get(3)?,
            label: r.get(4)?,
            kind: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
