//! HyOpps's durable workflow engine.
//!
//! An execution is an ordered chain of steps persisted in SQLite; the engine moves them through
//! explicit state machines ([`ExecutionStatus`], [`StepStatus`]). Manual steps wait for a form
//! ([`Engine::submit_input`]); auto steps are claimed by background workers and run through the
//! [`Workflow`] trait, which calls the connectors. Rules: a step's result, its side effects and
//! the move to the next step commit in **one transaction**; every auto step is idempotent, so a
//! step that was running when the app died is simply run again ([`Engine::resume`]); a step
//! error is [`StepError::Retryable`] (retried with backoff and jitter, honouring `Retry-After`,
//! see [`retry_delay`]) or [`StepError::Fatal`] (the step fails and waits for an operator);
//! time comes from a [`Clock`], so tests control it. Each workflow is one typed
//! [`WorkflowDefinition`] (see [`workflows`]); the engine writes its database rows at start-up.

mod clock;
mod definition;
mod engine;
mod error;
mod limits;
mod retry;
mod workflow;
pub mod workflows;

pub use clock::{stamp, Clock, ManualClock, SystemClock};
pub use definition::{
    sync as sync_definitions, CompletedBy, StepDefinition, StepKind, SyncError, UnusedSystems,
    WorkflowDefinition,
};
pub use engine::{AnsweredStart, BatchStart, Engine, EngineEvent};
pub use error::{EngineError, FieldErrors};
/// The state machines' states are the contract's, so the screens see exactly what is stored.
pub use hyopps_contract::{ExecutionStatus, StepStatus};
pub use limits::{Limit, SystemLimits};
pub use retry::{retry_delay, RetryPolicy, MAX_RETRY_AFTER};
pub use workflow::{
    Applied, ChildExecution, Preview, PreviewFuture, StepContext, StepError, StepFuture, Submitter,
    Workflow,
};
pub use workflows::{HandCompletion, IdKind, MetabaseId};
