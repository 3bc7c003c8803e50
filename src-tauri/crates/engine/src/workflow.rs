//! What a workflow provides to the engine: its manual forms, its auto steps and their side effects.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use hyopps_store::{Connection, Transaction};
use serde_json::{Map, Value};

use crate::{EngineError, FieldErrors};

/// What a step sees of its execution.
#[derive(Debug, Clone)]
pub struct StepContext {
    pub execution_id: String,
    pub organization_id: Option<String>,
    pub user_id: Option<String>,
    /// Completed steps' manual input and output merged, later steps winning.
    pub values: Map<String, Value>,
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
}

impl StepError {
    pub fn message(&self) -> &str {
        match self {
            StepError::Retryable { message, .. } | StepError::Fatal { message } => message,
        }
    }
}

pub type StepFuture<'a> = Pin<Box<dyn Future<Output = Result<Value, StepError>> + Send + 'a>>;

/// What a step's side effects changed about the execution.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Applied {
    /// Extra output to record with the step (e.g. the id of the organisation it created).
    pub output: Option<Value>,
    /// The organisation or user the execution is now about.
    pub organization_id: Option<String>,
    pub user_id: Option<String>,
}

/// One workflow: its steps are named in `workflow_step_definitions`, their behaviour here.
pub trait Workflow: Send + Sync + 'static {
    /// The `workflow_definitions.name` this implements.
    fn name(&self) -> &'static str;

    /// Checks a manual step's form and returns the input to store, or field errors.
    /// Reads only: nothing may be written before the input is accepted.
    fn validate_input(
        &self,
        step: &str,
        input: &Value,
        context: &StepContext,
        conn: &Connection,
    ) -> Result<Value, FieldErrors>;

    /// Runs an auto step against the outside systems. Must be idempotent: it may run again after
    /// a crash between the call and the commit, and must then create nothing twice.
    fn run_auto<'a>(&'a self, step: &'a str, context: &'a StepContext) -> StepFuture<'a>;

    /// Writes a completed step's side effects, in the transaction that completes the step.
    fn apply(
        &self,
        step: &str,
        result: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
    ) -> Result<Applied, EngineError>;
}
