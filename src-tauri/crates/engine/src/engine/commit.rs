//! Committing a step's outcome: its result and side effects, the execution's next state and —
//! when the next step is an auto step due now — the claim of that one, in one transaction.
//!
//! Cancelled is final: a step still running when its execution was cancelled has its answer
//! recorded on the step, and nothing it says moves the execution again.

use hyopps_store::{executions, Transaction};
use serde_json::{json, Value};

use super::running::{load_or_fail, Work};
use super::{
    advance, audit_transition, current_status, link, merge_output, EngineEvent, Workflows,
};
use crate::retry::random_jitter;
use crate::{retry_delay, stamp, EngineError, ExecutionStatus, RetryPolicy, StepError, StepStatus};

/// What committing a step's result led to.
pub(super) struct Committed {
    pub(super) event: Option<EngineEvent>,
    pub(super) next: Option<Work>,
}

/// The step's outcome, its side effects and the execution's next state, in one transaction.
pub(super) fn commit(
    tx: &Transaction<'_>,
    workflows: &Workflows,
    policy: &RetryPolicy,
    work: Work,
    outcome: Result<Value, StepError>,
    now_time: chrono::DateTime<chrono::Utc>,
) -> Result<Committed, EngineError> {
    let now = stamp(now_time);
    let Work {
        step,
        execution,
        workflow,
        context,
        ..
    } = work;
    let cancelled = current_status(tx, &execution.id)? == ExecutionStatus::Cancelled;
    let attempts = u32::try_from(step.attempts).unwrap_or(u32::MAX);
    let event = match outcome {
        Ok(output) => {
            // Even after a cancel: what the system now holds is recorded.
            let applied = workflow.apply(&step.name, &output, &context, tx, &now)?;
            let output = merge_output(output, applied.output.clone());
            executions::complete(tx, &step.id, None, Some(&output), None, &now)?;
            link(tx, workflows, &execution.id, &applied, &now)?;
            audit_transition(
                tx,
                &now,
                None,
                "step_completed",
                &execution.id,
                json!({ "step": step.name, "attempt": attempts }),
            )?;
            if cancelled {
                return Ok(Committed {
                    event: Some(EngineEvent {
                        execution_id: execution.id.clone(),
                        step_order: step.step_order,
                        step_status: StepStatus::Completed,
                        execution_status: ExecutionStatus::Cancelled,
                    }),
                    next: None,
                });
            }
            let event = advance(tx, &*workflow, &execution.id, step.step_order, &now)?;
            if event.step_status == StepStatus::Pending {
                return claim_next(tx, workflows, event, &now);
            }
            Some(event)
        }
        Err(error) if cancelled => Some(skip_after_cancel(tx, &step, error.message(), &now)?),
        Err(StepError::Retryable {
            message,
            retry_after,
        }) if attempts < policy.max_attempts => {
            let delay = retry_delay(policy, attempts, retry_after, random_jitter());
            // retry_delay is bounded, so this cannot overflow; if it could, retry now.
            let delay = chrono::Duration::from_std(delay).unwrap_or_default();
            let due = stamp(now_time.checked_add_signed(delay).unwrap_or(now_time));
            executions::schedule(tx, &step.id, &due, Some(&message))?;
            audit_transition(
                tx,
                &now,
                None,
                "step_retry_scheduled",
                &execution.id,
                json!({ "step": step.name, "attempt": attempts, "due": due, "error": message }),
            )?;
            None
        }
        Err(StepError::ManualTask { message }) => {
            executions::await_input(tx, &step.id, Some(&message), &now)?;
            executions::set_execution_state(
                tx,
                &execution.id,
                "awaiting_input",
                step.step_order,
                None,
                &now,
            )?;
            audit_transition(
                tx,
                &now,
                None,
                "step_became_manual_task",
                &execution.id,
                json!({ "step": step.name }),
            )?;
            Some(EngineEvent {
                execution_id: execution.id.clone(),
                step_order: step.step_order,
                step_status: StepStatus::AwaitingInput,
                execution_status: ExecutionStatus::AwaitingInput,
            })
        }
        Err(error) => {
            let message = match &error {
                StepError::Retryable { message, .. } => {
                    format!("{message} (gave up after {attempts} attempts)")
                }
                other => other.message().to_string(),
            };
            Some(fail_step(tx, &step, &message, &now)?)
        }
    };
    Ok(Committed { event, next: None })
}

/// The step this worker held could not be committed (or its code panicked): it fails with
/// `reason`, so an operator sees why and can Retry or Complete by hand — unless something else
/// recorded it meanwhile, or its execution was cancelled.
pub(super) fn fail_unsaved(
    tx: &Transaction<'_>,
    step: &executions::StepRow,
    reason: &str,
    now: &str,
) -> Result<Option<EngineEvent>, EngineError> {
    let still_running = executions::step(tx, &step.id)?.is_some_and(|s| s.status == "running");
    if !still_running {
        return Ok(None);
    }
    let event = if current_status(tx, &step.execution_id)? == ExecutionStatus::Cancelled {
        skip_after_cancel(tx, step, reason, now)?
    } else {
        fail_step(tx, step, reason, now)?
    };
    Ok(Some(event))
}

/// The step failed for good: it and its execution wait for an operator.
fn fail_step(
    tx: &Transaction<'_>,
    step: &executions::StepRow,
    message: &str,
    now: &str,
) -> Result<EngineEvent, EngineError> {
    executions::fail(tx, &step.id, message, now)?;
    executions::set_execution_state(
        tx,
        &step.execution_id,
        "failed",
        step.step_order,
        Some(message),
        now,
    )?;
    audit_transition(
        tx,
        now,
        None,
        "step_failed",
        &step.execution_id,
        json!({ "step": step.name, "attempt": step.attempts, "error": message }),
    )?;
    Ok(EngineEvent {
        execution_id: step.execution_id.clone(),
        step_order: step.step_order,
        step_status: StepStatus::Failed,
        execution_status: ExecutionStatus::Failed,
    })
}

/// A step of a cancelled execution answered with something other than a result: the answer
/// is kept on the skipped step; it is not retried, and the execution stays cancelled.
fn skip_after_cancel(
    tx: &Transaction<'_>,
    step: &executions::StepRow,
    answer: &str,
    now: &str,
) -> Result<EngineEvent, EngineError> {
    executions::skip(tx, &step.id, answer)?;
    audit_transition(
        tx,
        now,
        None,
        "step_ended_after_cancel",
        &step.execution_id,
        json!({ "step": step.name, "attempt": step.attempts, "answer": answer }),
    )?;
    Ok(EngineEvent {
        execution_id: step.execution_id.clone(),
        step_order: step.step_order,
        step_status: StepStatus::Skipped,
        execution_status: ExecutionStatus::Cancelled,
    })
}

/// The execution moved on to an auto step that is due now: claim it here, so this worker runs
/// it next without another transaction; the screens hear that it is running.
fn claim_next(
    tx: &Transaction<'_>,
    workflows: &Workflows,
    event: EngineEvent,
    now: &str,
) -> Result<Committed, EngineError> {
    let Some(step) =
        executions::claim_pending_step(tx, &event.execution_id, event.step_order, now)?
    else {
        return Ok(Committed {
            event: Some(event),
            next: None,
        });
    };
    let next = load_or_fail(tx, workflows, step, now)?;
    Ok(Committed {
        event: Some(EngineEvent {
            step_status: if next.is_some() {
                StepStatus::Running
            } else {
                StepStatus::Failed
            },
            execution_status: if next.is_some() {
                event.execution_status
            } else {
                ExecutionStatus::Failed
            },
            ..event
        }),
        next,
    })
}
