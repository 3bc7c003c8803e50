//! Executions a step starts as its execution's children (offboard_partner offboards each person
//! in an execution of their own). They are created in the transaction that completes the step;
//! the parent's next step is held, pending with no time to run, while a child has not ended
//! (completed or cancelled: a failed child waits for an operator, and so does the parent); the
//! child that ends last makes it due.

use hyopps_store::executions::{self, StepRow, Subject};
use hyopps_store::Transaction;
use serde_json::json;

use super::{
    advance, audit_transition, enter_step, link, step_context, workflow_named, EngineEvent,
    Workflows,
};
use crate::{ChildExecution, EngineError, ExecutionStatus, StepStatus};

/// Starts `children` of `parent_id`, each as the parent's requester, with its first step
/// completed by the input given for it.
pub(super) fn start(
    tx: &Transaction<'_>,
    workflows: &Workflows,
    parent_id: &str,
    children: &[ChildExecution],
    now: &str,
) -> Result<(), EngineError> {
    let parent = executions::get(tx, parent_id)?
        .ok_or_else(|| EngineError::NotFound("No execution has this id.".into()))?;
    let requested_by = parent.requested_by.unwrap_or_default();
    for child in children {
        let workflow = workflow_named(workflows, child.workflow)?;
        let subject = Subject {
            organization_id: child.organization_id.as_deref(),
            user_id: child.user_id.as_deref(),
        };
        let id = executions::create(tx, child.workflow, &requested_by, subject, now)?.ok_or_else(
            || EngineError::NotFound(format!("No workflow is named {}.", child.workflow)),
        )?;
        executions::set_parent(tx, &id, parent_id)?;
        audit_transition(
            tx,
            now,
            None,
            "execution_started",
            &id,
            json!({ "workflow": child.workflow, "started_by_execution": parent_id }),
        )?;
        let mut done_up_to = 0;
        if let Some(input) = &child.first_step_input {
            if let Some(first) = executions::steps(tx, &id)?.into_iter().next() {
                // As if its form had been submitted: the step's own side effects included.
                let row = executions::get(tx, &id)?
                    .ok_or_else(|| EngineError::NotFound("No execution has this id.".into()))?;
                let context = step_context(tx, &row)?;
                let applied = workflow.apply(&first.name, input, &context, tx, now)?;
                let by = Some(requested_by.as_str());
                executions::complete(tx, &first.id, Some(input), applied.output.as_ref(), by, now)?;
                link(tx, workflows, &id, &applied, now)?;
                done_up_to = first.step_order;
            }
        }
        advance(tx, &*workflow, &id, done_up_to, now)?;
    }
    Ok(())
}

/// Holds `step`, the execution's next one, until its children have ended.
pub(super) fn hold(
    tx: &Transaction<'_>,
    execution_id: &str,
    step: &StepRow,
    now: &str,
) -> Result<EngineEvent, EngineError> {
    executions::hold(tx, &step.id)?;
    executions::set_execution_state(tx, execution_id, "running", step.step_order, None, now)?;
    Ok(EngineEvent {
        execution_id: execution_id.to_string(),
        step_order: step.step_order,
        step_status: StepStatus::Pending,
        execution_status: ExecutionStatus::Running,
    })
}

/// `child_id` has ended: when it was its parent's last child still under way, the parent's
/// held step becomes due (or waits for its form).
pub(super) fn resume_parent(
    tx: &Transaction<'_>,
    child_id: &str,
    now: &str,
) -> Result<(), EngineError> {
    let Some(parent_id) = executions::parent_of(tx, child_id)? else {
        return Ok(());
    };
    if executions::unfinished_children(tx, &parent_id)? > 0 {
        return Ok(());
    }
    let Some(parent) = executions::get(tx, &parent_id)? else {
        return Ok(());
    };
    let held = executions::steps(tx, &parent_id)?.into_iter().find(|s| {
        s.step_order == parent.current_step_order
            && s.status == "pending"
            && s.next_attempt_at.is_none()
    });
    if let (Some(step), "running") = (held, parent.status.as_str()) {
        enter_step(tx, &parent_id, &step, now)?;
    }
    Ok(())
}
