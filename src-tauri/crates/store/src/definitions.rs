//! Workflow definitions as rows: the engine writes them at start-up from the workflows it runs,
//! so executions (and their history) point at a workflow and steps by id.

use crate::cached::CachedSql;
use rusqlite::{params, Connection, Transaction};

use crate::StoreError;

/// One workflow's row.
pub struct WorkflowRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
}

/// One step's row.
pub struct StepRow<'a> {
    pub id: &'a str,
    pub step_order: i64,
    pub name: &'a str,
    pub label: &'a str,
    /// `auto` or `manual`.
    pub kind: &'a str,
    pub description: &'a str,
}

/// Writes a workflow and its steps under their ids: new rows are inserted, existing ones take
/// the definition's names, order, labels and descriptions. Rows no definition names any more
/// are left alone: past executions still point at them.
pub fn upsert(
    tx: &Transaction<'_>,
    workflow: &WorkflowRow<'_>,
    steps: &[StepRow<'_>],
    now: &str,
) -> Result<(), StoreError> {
    tx.execute_cached(
        "INSERT INTO workflow_definitions (id, name, description, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description
          WHERE name IS NOT excluded.name OR description IS NOT excluded.description",
        params![workflow.id, workflow.name, workflow.description, now],
    )?;
    make_room_to_reorder(tx, workflow.id, steps)?;
    let mut upsert_step = tx.prepare_cached(
        "INSERT INTO workflow_step_definitions
                (id, workflow_definition_id, step_order, name, label, type, description)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET
                workflow_definition_id = excluded.workflow_definition_id,
                step_order = excluded.step_order, name = excluded.name, label = excluded.label,
                type = excluded.type, description = excluded.description
          WHERE workflow_definition_id IS NOT excluded.workflow_definition_id
             OR step_order IS NOT excluded.step_order OR name IS NOT excluded.name
             OR label IS NOT excluded.label OR type IS NOT excluded.type
             OR description IS NOT excluded.description",
    )?;
    for step in steps {
        upsert_step.execute(params![
            step.id,
            workflow.id,
            step.step_order,
            step.name,
            step.label,
            step.kind,
            step.description
        ])?;
    }
    Ok(())
}

/// When a step moved (one inserted before it, or two swapped), its new position may still be
/// held by another of the workflow's steps, and `(workflow, step_order)` is unique: the steps
/// the definition names are first moved out of the way, then written at their places.
fn make_room_to_reorder(
    tx: &Transaction<'_>,
    workflow_id: &str,
    steps: &[StepRow<'_>],
) -> Result<(), StoreError> {
    let mut stored_order = tx.prepare_cached(
        "SELECT step_order FROM workflow_step_definitions WHERE id = ?1 AND workflow_definition_id = ?2",
    )?;
    let mut moved = false;
    for step in steps {
        let order: Option<i64> = rusqlite::OptionalExtension::optional(
            stored_order.query_row(params![step.id, workflow_id], |r| r.get(0)),
        )?;
        moved |= order.is_some_and(|order| order != step.step_order);
    }
    if !moved {
        return Ok(());
    }
    let mut park = tx.prepare_cached(
        "UPDATE workflow_step_definitions SET step_order = step_order + 1000000
          WHERE id = ?1 AND workflow_definition_id = ?2",
    )?;
    for step in steps {
        park.execute(params![step.id, workflow_id])?;
    }
    Ok(())
}

/// A workflow's stored steps as `(id, step_order, name, label, type, description)`, in order.
pub type StoredStep = (String, i64, String, String, String, String);

/// The stored row of the workflow named `name` (`id`, `description`) and its steps.
pub fn stored(
    conn: &Connection,
    name: &str,
) -> Result<Option<(String, String, Vec<StoredStep>)>, StoreError> {
    let found: Option<(String, String)> =
        rusqlite::OptionalExtension::optional(conn.query_row_cached(
            "SELECT id, description FROM workflow_definitions WHERE name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ))?;
    let Some((id, description)) = found else {
        return Ok(None);
    };
    let mut query = conn.prepare_cached(
        "SELECT id, step_order, name, label, type, description FROM workflow_step_definitions
          WHERE workflow_definition_id = ?1 ORDER BY step_order",
    )?;
    let steps = query
        .query_map([&id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some((id, description, steps)))
}
