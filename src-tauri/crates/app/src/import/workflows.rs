//! Workflow definitions and their steps, executions and step executions.

use std::collections::HashMap;

use hyopps_store::v03;

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
        let record = id
            .as_deref()
            .zip(name.as_deref())
            .map(|(id, name)| v03::Workflow {
                id,
                name,
                description: &description,
                created_at: &created_at,
            });
        run.land(
            "workflow_definitions",
            id.as_deref(),
            |conn| match &name {
                Some(name) => v03::workflow_named(conn, name),
                None => Ok(None),
            },
            record.map(|record| move |conn: &_| v03::insert_workflow(conn, &record)),
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
        let record = match (
            id.as_deref(),
            workflow.as_deref(),
            step_order,
            name.as_deref(),
        ) {
            (Some(id), Some(workflow_id), Some(step_order), Some(name)) => {
                Some(v03::StepDefinition {
                    id,
                    workflow_id,
                    step_order,
                    name,
                    label: &label,
                    kind: kind.as_deref(),
                    description: &description,
                })
            }
            _ => None,
        };
        run.land(
            "workflow_step_definitions",
            id.as_deref(),
            |conn| match (workflow.as_deref(), step_order, name.as_deref()) {
                (Some(workflow), Some(order), Some(name)) => {
                    match v03::step_at(conn, workflow, order)? {
                        Some(ours) => Ok(Some(ours)),
                        None => v03::step_named(conn, workflow, name),
                    }
                }
                _ => Ok(None),
            },
            record.map(|record| move |conn: &_| v03::insert_step_definition(conn, &record)),
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
        let record = id
            .as_deref()
            .zip(workflow.as_deref())
            .map(|(id, workflow_id)| v03::Execution {
                id,
                workflow_id,
                organization_id: organization.as_deref(),
                user_id: user.as_deref(),
                requested_by: requested_by.as_deref(),
                status: &status,
                current_step_order,
                created_at: &created_at,
                completed_at: completed_at.as_deref(),
                updated_at: &updated_at,
                error,
            });
        let landing = run.land(
            "workflow_executions",
            id.as_deref(),
            |_| Ok(None),
            record.map(|record| move |conn: &_| v03::insert_execution(conn, &record)),
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
        let record = match (
            id.as_deref(),
            execution.as_deref(),
            step.as_deref(),
            step_order,
        ) {
            (Some(id), Some(execution_id), Some(step_definition_id), Some(step_order)) => {
                Some(v03::StepExecution {
                    id,
                    execution_id,
                    step_definition_id,
                    step_order,
                    status: &status,
                    manual_input: manual_input.as_deref(),
                    output: output.as_deref(),
                    error: error.as_deref(),
                    completed_by: completed_by.as_deref(),
                    started_at: started_at.as_deref(),
                    completed_at: completed_at.as_deref(),
                })
            }
            _ => None,
        };
        let landing = run.land(
            "workflow_step_executions",
            id.as_deref(),
            |_| Ok(None),
            record.map(|record| move |conn: &_| v03::insert_step_execution(conn, &record)),
        )?;
        if interrupted && landing == Landing::Imported {
            run.notes.interrupted_steps += 1;
        }
    }
    Ok(())
}
