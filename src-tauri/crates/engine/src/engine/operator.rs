//! The operator's actions on an execution: Retry, Complete by hand and Cancel. Each reads the
//! state it acts on inside the write transaction that changes it, so of two clicks that arrive
//! together the second finds the state already changed and is refused, and a running step's
//! answer cannot slip between the check and the change.

use std::sync::Arc;

use hyopps_store::{executions, Transaction};
use serde_json::{json, Value};

use super::{
    advance, already_done, audit_transition, enter_step, link, merge_output, status_of,
    step_context, workflow_named, Engine, EngineEvent,
};
use crate::{stamp, EngineError, ExecutionStatus, StepStatus};

/// Said when an operator acts on a failed step that is not there (any more).
const NO_FAILED_STEP: &str =
    "This execution has no failed step (someone may have just acted on it): reload it.";

impl Engine {
    /// Operator action: run a failed step again (an auto step now, a manual one waits for input).
    pub async fn retry(&self, execution_id: &str, actor: &str) -> Result<(), EngineError> {
        let now = stamp(self.inner.clock.now());
        let (id, actor) = (execution_id.to_string(), actor.to_string());
        let event = self
            .inner
            .store
            .write(move |tx| {
                let (execution, step) = failed_step(tx, &id)?;
                audit_transition(
                    tx,
                    &now,
                    Some(&actor),
                    "step_retried",
                    &execution.id,
                    json!({ "step": step.name }),
                )?;
                enter_step(tx, &execution.id, &step, &now)
            })
            .await?;
        self.announce(event);
        Ok(())
    }

    /// Operator action: the admin did a failed step's work in the system itself; `output` holds
    /// what it produced (e.g. the group id), recorded with who, when and the note.
    /// The refusal for an operator's action on a failed step that is no longer there: who
    /// completed it meanwhile, when the database knows.
    pub async fn no_failed_step(
        &self,
        execution_id: &str,
        expected_step: Option<u32>,
        actor: &str,
    ) -> EngineError {
        let (id, actor) = (execution_id.to_owned(), actor.to_owned());
        // The refusal is the answer either way: the explanation's, or the read's own error.
        self.inner
            .store
            .read(move |conn| {
                Ok::<_, EngineError>(already_done::conflict(
                    conn,
                    &id,
                    expected_step,
                    &actor,
                    NO_FAILED_STEP,
                ))
            })
            .await
            .unwrap_or_else(|error| error)
    }

    /// `expected_step` is the failed step the operator's screen showed, when it said.
    pub async fn complete_by_hand(
        &self,
        execution_id: &str,
        output: Value,
        note: &str,
        actor: &str,
        expected_step: Option<u32>,
    ) -> Result<(), EngineError> {
        let now = stamp(self.inner.clock.now());
        let (id, actor, note) = (
            execution_id.to_string(),
            actor.to_string(),
            note.to_string(),
        );
        let workflows = Arc::clone(&self.inner.workflows);
        let event = self
            .inner
            .store
            .write(move |tx| {
                // Nothing failed any more: someone else may have just completed it.
                let (execution, step) = failed_step(tx, &id).map_err(|error| match error {
                    EngineError::Conflict(_) => {
                        already_done::conflict(tx, &id, expected_step, &actor, NO_FAILED_STEP)
                    }
                    other => other,
                })?;
                if expected_step.is_some_and(|order| i64::from(order) != step.step_order) {
                    return Err(already_done::conflict(
                        tx,
                        &id,
                        expected_step,
                        &actor,
                        NO_FAILED_STEP,
                    ));
                }
                let workflow = workflow_named(&workflows, &execution.workflow_name)?;
                let context = step_context(tx, &execution)?;
                let applied = workflow.apply(&step.name, &output, &context, tx, &now)?;
                let output = merge_output(output, applied.output.clone());
                let record = json!({ "completed_by_hand": true, "note": note });
                executions::complete(
                    tx,
                    &step.id,
                    Some(&record),
                    Some(&output),
                    Some(&actor),
                    &now,
                )?;
                link(tx, &workflows, &execution.id, &applied, &now)?;
                audit_transition(
                    tx,
                    &now,
                    Some(&actor),
                    "step_completed_by_hand",
                    &execution.id,
                    json!({ "step": step.name, "note": note }),
                )?;
                advance(tx, &*workflow, &execution.id, step.step_order, &now)
            })
            .await?;
        self.announce(event);
        Ok(())
    }

    /// Operator action: stop an execution. Its unfinished steps are skipped; a step that is
    /// running finishes, and its answer is recorded on it without moving the execution.
    pub async fn cancel(&self, execution_id: &str, actor: &str) -> Result<(), EngineError> {
        let now = stamp(self.inner.clock.now());
        let (id, actor) = (execution_id.to_string(), actor.to_string());
        let event = self
            .inner
            .store
            .write(move |tx| {
                let execution = executions::get(tx, &id)?
                    .ok_or_else(|| EngineError::NotFound("No execution has this id.".into()))?;
                if status_of(&execution.status).is_terminal() {
                    return Err(EngineError::Conflict(format!(
                        "This execution is already {}; it cannot be cancelled.",
                        execution.status.replace('_', " ")
                    )));
                }
                executions::skip_unfinished(tx, &execution.id)?;
                executions::set_execution_state(
                    tx,
                    &execution.id,
                    "cancelled",
                    execution.current_step_order,
                    None,
                    &now,
                )?;
                super::children::resume_parent(tx, &execution.id, &now)?;
                audit_transition(
                    tx,
                    &now,
                    Some(&actor),
                    "execution_cancelled",
                    &execution.id,
                    json!({}),
                )?;
                Ok::<_, EngineError>(EngineEvent {
                    execution_id: execution.id.clone(),
                    step_order: execution.current_step_order,
                    step_status: StepStatus::Skipped,
                    execution_status: ExecutionStatus::Cancelled,
                })
            })
            .await?;
        self.announce(event);
        Ok(())
    }
}

/// The failed execution and its failed step, as they are now in this transaction.
fn failed_step(
    tx: &Transaction<'_>,
    execution_id: &str,
) -> Result<(executions::ExecutionRow, executions::StepRow), EngineError> {
    let execution = executions::get(tx, execution_id)?
        .ok_or_else(|| EngineError::NotFound("No execution has this id.".into()))?;
    let failed = executions::steps(tx, execution_id)?
        .into_iter()
        .find(|s| s.status == "failed");
    match failed {
        Some(step) if status_of(&execution.status) == ExecutionStatus::Failed => {
            Ok((execution, step))
        }
        _ => Err(EngineError::Conflict(NO_FAILED_STEP.into())),
    }
}
