//! Workflow definitions and their steps, executions and step executions.

use std::collections::HashMap;

use rusqlite::params;

use super::run::{Landing, Run};
use super::source::Snapshot;
use super::values::{integer, json_document, key, text, timestamp, timestamp_or, word};
use crate::AppError;

/// Why a step v0.3 was running is failed here: HyOpps resumes running steps at start-up, which
/// for a v0.3 step would do its work a second time, or for the first time long after anyone
/// expected it. The admin looks, then decides.
const INTERRUPTED: &str = "Interrupted: this step was running in HyOpps v0.3 when its database was imported, so whether it was done is unknown. Check in the system, then Retry the step or complete it by hand.";

/// v0.3 execution id → the order of the step it was running.
fn interrupted_steps(source: &Snapshot) -> HashMap<String, i64> {
    source
        .table("workflow_step_executions")
        .rows()
        .filter(|row| word(row.value("status")).as_deref() == Some("running"))
        .filter_map(|row| {
            Some((
                key(row.value("execution_id"))?,
                integer(row.value("step_order"))?,
            ))
        })
        .collect()
}

/// Our workflows are seeded with ids of their own: v0.3's are mapped onto them by name. A
/// workflow we do not know is imported with its id, so its executions keep their history.
pub(crate) fn definitions(run: &mut Run<'_>, source: &Snapshot) -> Result<(), AppError> {
    run.count("workflow_definitions");
    for row in source.table("workflow_definitions").rows() {
        let id = key(row.value("id"));
        let name = key(row.value("name"));
        let description = text(row.value("description")).unwrap_or_default();
        let created_at = timestamp_or(row.value("created_at"), &run.now);
        run.land(
            "workflow_definitions",
            id.as_deref(),
            |run| match &name {
                Some(name) => run.find_id(
                    "SELECT id FROM workflow_definitions WHERE name = ?1",
                    [name],
                ),
                None => Ok(None),
            },
            name.is_some(),
            |run| {
                run.insert(
                    "workflow_definitions",
                    id.as_deref().unwrap_or_default(),
                    "INSERT INTO workflow_definitions (id, name, description, created_at)
                     VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                    params![id, name, description, created_at],
                )
            },
        )?;
    }
    Ok(())
}

/// A step is the same as ours when it has the same workflow and position (or, failing that, the
/// same name in that workflow); steps we do not have are imported with their ids.
pub(crate) fn steps(run: &mut Run<'_>, source: &Snapshot) -> Result<(), AppError> {
    run.count("workflow_step_definitions");
    for row in source.table("workflow_step_definitions").rows() {
        let id = key(row.value("id"));
        let workflow = run.our_id(
            "workflow_definitions",
            key(row.value("workflow_definition_id")).as_deref(),
        );
        let step_order = integer(row.value("step_order"));
        let name = key(row.value("name"));
        let label = text(row.value("label"))
            .or_else(|| name.clone())
            .unwrap_or_default();
        let kind = word(row.value("type"));
        let description = text(row.value("description")).unwrap_or_default();
        let complete = workflow.is_some() && step_order.is_some() && name.is_some();
        run.land(
            "workflow_step_definitions",
            id.as_deref(),
            |run| {
                if !complete {
                    return Ok(None);
                }
                let same_place = run.find_id(
                    "SELECT id FROM workflow_step_definitions WHERE workflow_definition_id = ?1 AND step_order = ?2",
                    params![workflow, step_order],
                )?;
                match same_place {
                    Some(ours) => Ok(Some(ours)),
                    None => run.find_id(
                        "SELECT id FROM workflow_step_definitions WHERE workflow_definition_id = ?1 AND name = ?2",
                        params![workflow, name],
                    ),
                }
            },
            complete,
            |run| {
                run.insert(
                    "workflow_step_definitions",
                    id.as_deref().unwrap_or_default(),
                    "INSERT INTO workflow_step_definitions
                         (id, workflow_definition_id, step_order, name, label, type, description)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                    params![id, workflow, step_order, name, label, kind, description],
                )
            },
        )?;
    }
    Ok(())
}

/// Executions keep their id and status (v0.3's statuses are ours; it had no `cancelled`), except
/// one that was running a step: it has failed at that step, [`INTERRUPTED`].
/// `updated_at`, which v0.3 did not have, is when it last changed as far as v0.3 tells:
/// its completion, else its creation.
pub(crate) fn executions(run: &mut Run<'_>, source: &Snapshot) -> Result<(), AppError> {
    run.count("workflow_executions");
    let interrupted = interrupted_steps(source);
    for row in source.table("workflow_executions").rows() {
        let id = key(row.value("id"));
        let workflow = run.our_id(
            "workflow_definitions",
            key(row.value("workflow_definition_id")).as_deref(),
        );
        let v03_organization = key(row.value("organization_id"));
        let organization = run.our_id("organizations", v03_organization.as_deref());
        let v03_user = key(row.value("user_id"));
        let user = run.our_id("users", v03_user.as_deref());
        let requested_by = run.actor_ref(key(row.value("requested_by")));
        let mut status = word(row.value("status")).unwrap_or_else(|| "pending".into());
        let mut current_step_order = integer(row.value("current_step_order")).unwrap_or(1);
        let mut error = None;
        if let Some(order) = id.as_ref().and_then(|id| interrupted.get(id)) {
            (status, current_step_order, error) = ("failed".into(), *order, Some(INTERRUPTED));
        }
        let created_at = timestamp_or(row.value("created_at"), &run.now);
        let completed_at = timestamp(row.value("completed_at"));
        let updated_at = completed_at.clone().unwrap_or_else(|| created_at.clone());
        let landing = run.land(
            "workflow_executions",
            id.as_deref(),
            |_| Ok(None),
            workflow.is_some(),
            |run| {
                run.insert(
                    "workflow_executions",
                    id.as_deref().unwrap_or_default(),
                    "INSERT INTO workflow_executions
                         (id, workflow_definition_id, organization_id, user_id, requested_by, status,
                          current_step_order, created_at, completed_at, updated_at, error)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING",
                    params![
                        id, workflow, organization, user, requested_by, status, current_step_order,
                        created_at, completed_at, updated_at, error
                    ],
                )
            },
        )?;
        if landing == Landing::Imported {
            let cleared = usize::from(v03_organization.is_some() && organization.is_none())
                + usize::from(v03_user.is_some() && user.is_none());
            run.notes.cleared_references += cleared as u64;
        }
    }
    Ok(())
}

/// Step executions keep their manual input and output as v0.3 wrote them (its field names
/// included), so imported executions read the same. A step v0.3 was running is failed,
/// [`INTERRUPTED`], so that the next start of HyOpps does not run it again by itself.
pub(crate) fn step_executions(run: &mut Run<'_>, source: &Snapshot) -> Result<(), AppError> {
    run.count("workflow_step_executions");
    for row in source.table("workflow_step_executions").rows() {
        let id = key(row.value("id"));
        let execution = run.our_id(
            "workflow_executions",
            key(row.value("execution_id")).as_deref(),
        );
        let step = run.our_id(
            "workflow_step_definitions",
            key(row.value("step_definition_id")).as_deref(),
        );
        let step_order = integer(row.value("step_order"));
        let mut status = word(row.value("status")).unwrap_or_else(|| "pending".into());
        let mut error = text(row.value("error"));
        let interrupted = status == "running";
        if interrupted {
            (status, error) = ("failed".into(), Some(INTERRUPTED.into()));
        }
        let manual_input = json_document(row.value("manual_input"));
        let output = json_document(row.value("output"));
        let completed_by = run.actor_ref(key(row.value("completed_by")));
        let started_at = timestamp(row.value("started_at"));
        let completed_at = timestamp(row.value("completed_at"));
        let landing = run.land(
            "workflow_step_executions",
            id.as_deref(),
            |_| Ok(None),
            execution.is_some() && step.is_some() && step_order.is_some(),
            |run| {
                run.insert(
                    "workflow_step_executions",
                    id.as_deref().unwrap_or_default(),
                    "INSERT INTO workflow_step_executions
                         (id, execution_id, step_definition_id, step_order, status, manual_input, output,
                          error, completed_by, started_at, completed_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING",
                    params![
                        id, execution, step, step_order, status, manual_input, output, error,
                        completed_by, started_at, completed_at
                    ],
                )
            },
        )?;
        if interrupted && landing == Landing::Imported {
            run.notes.interrupted_steps += 1;
        }
    }
    Ok(())
}
