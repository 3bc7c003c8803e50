//! Many executions of one workflow started at once, each with its first forms already answered:
//! the bulk onboarding from a file. Every answer is checked by the step's own validation (the
//! rule a form submitted by hand follows), and the whole batch is one write transaction: it
//! starts completely or not at all, so a restart never finds half a file started.

use std::sync::Arc;

use hyopps_store::{executions, Connection, StoreError, Transaction};
use serde_json::Value;

use super::{create_execution, step_context, Answered, Engine, EngineEvent};
use crate::{EngineError, FieldErrors, StepContext, StepKind, Workflow};

/// One execution to start: what names it in a message ("Line 12"), and the answers to the
/// workflow's first steps, in their order.
#[derive(Debug, Clone)]
pub struct AnsweredStart {
    pub label: String,
    pub answers: Vec<Value>,
}

/// What became of one [`AnsweredStart`].
#[derive(Debug, Clone, PartialEq)]
pub enum BatchStart {
    Started {
        execution_id: String,
    },
    /// An answer was refused (checked again in the transaction): nothing of it was written.
    Refused(FieldErrors),
}

impl Engine {
    /// Checks each row's answers as the forms of `workflow`'s first steps would be checked for
    /// an execution about `organization_id`, in one read. Nothing is written.
    pub async fn check_answers(
        &self,
        workflow: &str,
        organization_id: &str,
        requested_by: &str,
        rows: Vec<Vec<Value>>,
    ) -> Result<Vec<Result<(), FieldErrors>>, EngineError> {
        let workflow = self.workflow(workflow)?;
        let context = new_context(organization_id, requested_by);
        self.inner
            .store
            .read(move |conn| {
                Ok::<_, EngineError>(
                    rows.iter()
                        .map(|answers| check(&*workflow, &context, answers, conn).map(|_| ()))
                        .collect(),
                )
            })
            .await
    }

    /// Starts one execution of `workflow` about `organization_id` per row, each with its
    /// answers submitted by `requested_by`, then `record`s what started, all in one
    /// transaction. A row whose answers are refused now starts nothing; any other error
    /// starts nothing at all and names the row.
    pub async fn start_answered<T, F>(
        &self,
        workflow: &str,
        requested_by: &str,
        organization_id: &str,
        rows: Vec<AnsweredStart>,
        record: F,
    ) -> Result<(Vec<BatchStart>, T), EngineError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>, &[BatchStart]) -> Result<T, StoreError> + Send + 'static,
    {
        let started = self.workflow(workflow)?;
        self.refuse_if_definitions_failed()?;
        let now = crate::stamp(self.inner.clock.now());
        let (name, actor, organization) = (
            workflow.to_string(),
            requested_by.to_string(),
            organization_id.to_string(),
        );
        let workflows = Arc::clone(&self.inner.workflows);
        let (outcomes, events, recorded) = self
            .inner
            .store
            .write(move |tx| {
                let answered = Answered {
                    workflows: &workflows,
                    workflow: &*started,
                    actor: &actor,
                    now: &now,
                };
                let context = new_context(&organization, &actor);
                let mut outcomes = Vec::with_capacity(rows.len());
                let mut events = Vec::new();
                for row in &rows {
                    let accepted = match check(&*started, &context, &row.answers, tx) {
                        Ok(accepted) => accepted,
                        Err(errors) => {
                            outcomes.push(BatchStart::Refused(errors));
                            continue;
                        }
                    };
                    let (execution_id, event) =
                        start_one(tx, &answered, &name, &organization, &accepted)
                            .map_err(|error| in_row(&row.label, error))?;
                    events.push(event);
                    outcomes.push(BatchStart::Started { execution_id });
                }
                let recorded = record(tx, &outcomes)?;
                Ok::<_, EngineError>((outcomes, events, recorded))
            })
            .await?;
        for event in events {
            self.announce(event);
        }
        Ok((outcomes, recorded))
    }
}

/// An execution about `organization_id` that has not started yet, as its first step sees it.
fn new_context(organization_id: &str, requested_by: &str) -> StepContext {
    StepContext {
        execution_id: String::new(),
        organization_id: Some(organization_id.to_string()),
        user_id: None,
        requested_by: Some(requested_by.to_string()),
        values: serde_json::Map::new(),
    }
}

/// `answers` checked in order as the forms of the workflow's first steps, each seeing what the
/// ones before it accepted: the accepted inputs, or the first refusal's field errors.
fn check(
    workflow: &dyn Workflow,
    context: &StepContext,
    answers: &[Value],
    conn: &Connection,
) -> Result<Vec<Value>, FieldErrors> {
    let steps = workflow.definition().steps;
    let mut context = context.clone();
    let mut accepted = Vec::with_capacity(answers.len());
    for (index, answer) in answers.iter().enumerate() {
        let Some(step) = steps.get(index).filter(|s| s.kind == StepKind::Manual) else {
            return Err(FieldErrors::from([(
                String::new(),
                format!("Step {} of this workflow takes no form.", index + 1),
            )]));
        };
        let value = workflow.validate_input(step.name, answer, &context, conn)?;
        if let Value::Object(values) = &value {
            context
                .values
                .extend(values.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        accepted.push(value);
    }
    Ok(accepted)
}

/// Creates the execution and completes its first steps with the `accepted` answers.
fn start_one(
    tx: &Transaction<'_>,
    answered: &Answered<'_>,
    name: &str,
    organization_id: &str,
    accepted: &[Value],
) -> Result<(String, EngineEvent), EngineError> {
    let subject = executions::Subject {
        organization_id: Some(organization_id),
        user_id: None,
    };
    let (id, mut event) = create_execution(
        tx,
        answered.workflow,
        name,
        answered.actor,
        subject,
        answered.now,
    )?;
    for input in accepted {
        let waiting = executions::steps(tx, &id)?
            .into_iter()
            .find(|s| s.status == "awaiting_input")
            .ok_or_else(|| {
                EngineError::Conflict("the workflow stopped waiting for a form early".into())
            })?;
        let execution = executions::get(tx, &id)?
            .ok_or_else(|| EngineError::NotFound("No execution has this id.".into()))?;
        let context = step_context(tx, &execution)?;
        event = answered.complete(tx, &id, &waiting, input, &context)?;
    }
    Ok((id, event))
}

/// `error` said of the row labelled `label`; a refusal keeps its field errors.
fn in_row(label: &str, error: EngineError) -> EngineError {
    match error {
        EngineError::Invalid(errors) => EngineError::Invalid(errors),
        other => EngineError::Conflict(format!("{label}: {other} Nothing was started.")),
    }
}
