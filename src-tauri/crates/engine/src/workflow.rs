//! What a workflow provides to the engine: its manual forms, its auto steps and their side effects.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use hyopps_contract::{PreviewOutcome, StepForm};
use hyopps_store::{Connection, StoreError, Transaction};
use serde_json::{Map, Value};

use crate::{EngineError, FieldErrors, WorkflowDefinition};

/// What a step sees of its execution.
#[derive(Debug, Clone)]
pub struct StepContext {
    pub execution_id: String,
    pub organization_id: Option<String>,
    pub user_id: Option<String>,
    /// Who started the execution (a user id).
    pub requested_by: Option<String>,
    /// Completed steps' manual input and output merged, later steps winning.
    pub values: Map<String, Value>,
}

/// Who submits a step's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitter {
    /// The operations team (an admin): any step.
    Operator,
    /// A partner admin: not the steps only operators complete.
    PartnerAdmin,
}

/// Why an auto step did not complete.
#[derive(Debug, Clone, PartialEq)]
pub enum StepError {
    /// Worth trying again: a timeout, a 5xx, a 429. `retry_after` is the system's own hint.
    Retryable {
        message: String,
        retry_after: Option<Duration>,
    },
    /// Trying again will not help until someone acts (configuration, a 4xx with a clear cause).
    Fatal { message: String },
    /// There is no API for this: the step waits for a person, who follows `message` and then
    /// submits the step's form.
    ManualTask { message: String },
}

impl StepError {
    pub fn message(&self) -> &str {
        match self {
            StepError::Retryable { message, .. }
            | StepError::Fatal { message }
            | StepError::ManualTask { message } => message,
        }
    }
}

pub type StepFuture<'a> = Pin<Box<dyn Future<Output = Result<Value, StepError>> + Send + 'a>>;

/// What an auto step will do, read from the systems without changing them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub outcome: PreviewOutcome,
    pub says: String,
}

impl Preview {
    /// The step will change something: `says` what.
    pub fn changes(says: impl Into<String>) -> Self {
        Self {
            outcome: PreviewOutcome::Changes,
            says: says.into(),
        }
    }

    /// What the step does is already so.
    pub fn nothing_to_change(says: impl Into<String>) -> Self {
        Self {
            outcome: PreviewOutcome::NothingToChange,
            says: says.into(),
        }
    }

    /// What the step needs to look is not known yet: `says` what is missing.
    pub fn cannot_tell(says: impl Into<String>) -> Self {
        Self {
            outcome: PreviewOutcome::CannotTell,
            says: says.into(),
        }
    }

    /// The step will stop and wait for an operator: `says` why.
    pub fn will_stop(says: impl Into<String>) -> Self {
        Self {
            outcome: PreviewOutcome::WillStop,
            says: says.into(),
        }
    }

    /// Two looks of one step (leaving one group, joining another): it changes something when
    /// either does, and says both.
    pub fn and(self, then: Preview) -> Self {
        let outcome = match (self.outcome, then.outcome) {
            (PreviewOutcome::WillStop, _) | (_, PreviewOutcome::WillStop) => {
                PreviewOutcome::WillStop
            }
            (PreviewOutcome::CannotTell, _) | (_, PreviewOutcome::CannotTell) => {
                PreviewOutcome::CannotTell
            }
            (PreviewOutcome::Changes, _) | (_, PreviewOutcome::Changes) => PreviewOutcome::Changes,
            (first, _) => first,
        };
        Self {
            outcome,
            says: format!("{} {}", self.says, then.says),
        }
    }
}

/// A step's preview: `None` when the step cannot look ahead (its description then says what
/// it does).
pub type PreviewFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<Preview>, StepError>> + Send + 'a>>;

/// What a step's side effects changed about the execution.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Applied {
    /// Extra output to record with the step (e.g. the id of the organisation it created).
    pub output: Option<Value>,
    /// The organisation or user the execution is now about.
    pub organization_id: Option<String>,
    pub user_id: Option<String>,
    /// Executions to start in the same transaction, as this one's children: this one does not
    /// move on until they have ended.
    pub children: Vec<ChildExecution>,
}

/// An execution a step starts as its execution's child.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildExecution {
    pub workflow: &'static str,
    pub organization_id: Option<String>,
    pub user_id: Option<String>,
    /// The input that completes the child's first step (a manual one) at once: an approval
    /// the parent's own covers.
    pub first_step_input: Option<Value>,
}

/// One workflow: its [`WorkflowDefinition`] (steps, kinds, labels, systems, who completes
/// them), from which the engine writes the database rows, and its steps' behaviour.
pub trait Workflow: Send + Sync + 'static {
    /// The workflow's steps and what the engine needs to know of each.
    fn definition(&self) -> &'static WorkflowDefinition;

    /// Checks a manual step's form and returns the input to store, or field errors.
    /// Reads only: nothing may be written before the input is accepted.
    fn validate_input(
        &self,
        step: &str,
        input: &Value,
        context: &StepContext,
        conn: &Connection,
    ) -> Result<Value, FieldErrors>;

    /// Why `step` does not run in this execution although its organisation uses its system
    /// (a repair runs only the systems it was started for); `None`: it runs. Asked of the
    /// steps in a system, with what the steps before it recorded.
    fn skipped(&self, _step: &str, _context: &StepContext) -> Option<String> {
        None
    }

    /// Reads what an auto step needs from the database (the organisation's groups, links…)
    /// before it runs; an error here fails the step like a connector error would.
    fn gather(
        &self,
        _step: &str,
        _context: &StepContext,
        _conn: &Connection,
    ) -> Result<Value, StepError> {
        Ok(Value::Null)
    }

    /// Runs an auto step against the outside systems. Must be idempotent: it may run again after
    /// a crash between the call and the commit, and must then create nothing twice.
    fn run_auto<'a>(
        &'a self,
        step: &'a str,
        context: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a>;

    /// What an auto step would do now, read from the systems without changing anything; `facts`
    /// are what [`Workflow::gather`] read. Earlier steps may not have run: a preview reads
    /// what it needs itself rather than rely on their outputs.
    fn preview<'a>(
        &'a self,
        _step: &'a str,
        _context: &'a StepContext,
        _facts: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async { Ok(None) })
    }

    /// The form of a step that waits for input (a manual step, or an auto step that became a
    /// manual task). Reads only.
    fn form(
        &self,
        _step: &str,
        _context: &StepContext,
        _conn: &Connection,
    ) -> Result<Option<StepForm>, StoreError> {
        Ok(None)
    }

    /// Writes a completed step's side effects, in the transaction that completes the step.
    fn apply(
        &self,
        step: &str,
        result: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError>;
}
