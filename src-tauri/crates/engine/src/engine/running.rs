//! Running auto steps: the background workers, and one step's life from claim to commit.
//!
//! Round trips are what limit a durable engine, so a step costs two write transactions and
//! nothing else: the claim, which also reads everything the step needs (its execution, the
//! context, the workflow's facts), and the result, which also writes the side effects, moves
//! the execution on and — when the next step is an auto step due now — claims and loads that
//! one too, so the same worker carries on without another claim.

use std::sync::Arc;
use std::time::Duration;

use hyopps_store::{executions, Connection, Transaction};
use serde_json::{json, Value};

use super::{
    advance, audit_transition, current_status, link, merge_output, Engine, EngineEvent, Workflows,
};
use crate::retry::random_jitter;
use crate::{
    retry_delay, stamp, EngineError, ExecutionStatus, RetryPolicy, StepContext, StepError,
    StepStatus, Workflow,
};

/// The longest a worker sleeps without looking for due work, in case a wake-up was missed.
const IDLE_POLL: Duration = Duration::from_secs(5);
/// How long a worker pauses after an error, so a persistent one cannot spin a core.
const ERROR_PAUSE: Duration = Duration::from_secs(1);

/// A claimed step and everything needed to run it, read in the transaction that claimed it.
struct Work {
    step: executions::StepRow,
    execution: executions::ExecutionRow,
    workflow: Arc<dyn Workflow>,
    context: StepContext,
    /// What the workflow looked up for this step, or why it could not.
    facts: Result<Value, StepError>,
}

/// What committing a step's result led to.
struct Committed {
    event: Option<EngineEvent>,
    next: Option<Work>,
}

impl Engine {
    /// Runs every auto step that is due now, one after another; returns how many ran.
    /// The background workers call this in a loop; tests call it with a controlled clock.
    pub async fn run_due(&self) -> Result<usize, EngineError> {
        let mut ran = 0;
        loop {
            match self.run_one().await? {
                0 => return Ok(ran),
                steps => ran += steps,
            }
        }
    }

    /// Runs due steps until the runtime stops: `workers` loops, each claiming one step at a time.
    pub fn spawn_workers(&self, workers: usize) -> Vec<tokio::task::JoinHandle<()>> {
        (0..workers)
            .map(|_| {
                let engine = self.clone();
                tokio::spawn(async move { engine.work_forever().await })
            })
            .collect()
    }

    async fn work_forever(&self) {
        loop {
            match self.run_one().await {
                Ok(0) => {}
                Ok(_) => continue,
                Err(error) => {
                    tracing::error!(%error, "a workflow worker hit an error");
                    tokio::time::sleep(ERROR_PAUSE).await;
                }
            }
            let wait = self
                .time_until_next_due()
                .await
                .unwrap_or(IDLE_POLL)
                .min(IDLE_POLL);
            tokio::select! {
                _ = self.inner.wake.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    async fn time_until_next_due(&self) -> Option<Duration> {
        let next = self
            .inner
            .store
            .read(executions::next_due_at)
            .await
            .ok()??;
        let due = chrono::DateTime::parse_from_rfc3339(&next).ok()?;
        (due.with_timezone(&chrono::Utc) - self.inner.clock.now())
            .to_std()
            .ok()
            .or(Some(Duration::ZERO))
    }

    /// Claims a due step and runs it, then the execution's following auto steps while they are
    /// due at once; returns how many steps ran (0: nothing was due).
    async fn run_one(&self) -> Result<usize, EngineError> {
        let now = stamp(self.inner.clock.now());
        let workflows = Arc::clone(&self.inner.workflows);
        let claimed = self
            .inner
            .store
            .write(move |tx| -> Result<Option<Work>, EngineError> {
                match executions::claim_due(tx, &now)? {
                    Some(step) => load_or_fail(tx, &workflows, step, &now),
                    None => Ok(None),
                }
            })
            .await?;
        let mut ran = 0;
        let mut next = claimed;
        while let Some(work) = next {
            ran += 1;
            next = self.run_claimed(work).await?;
        }
        Ok(ran)
    }

    /// Runs one claimed step and commits its outcome; returns the next step if it was claimed
    /// in the same transaction.
    async fn run_claimed(&self, work: Work) -> Result<Option<Work>, EngineError> {
        let outcome = match &work.facts {
            Ok(facts) => {
                let _pass = match work.workflow.system(&work.step.name) {
                    Some(system) => Some(self.inner.gates.enter(system).await),
                    None => None,
                };
                work.workflow
                    .run_auto(&work.step.name, &work.context, facts)
                    .await
            }
            Err(error) => Err(error.clone()),
        };
        let now_time = self.inner.clock.now();
        let policy = self.inner.policy.clone();
        let workflows = Arc::clone(&self.inner.workflows);
        let committed = self
            .inner
            .store
            .write(move |tx| commit(tx, &workflows, &policy, work, outcome, now_time))
            .await?;
        if let Some(event) = committed.event {
            self.announce(event);
        }
        Ok(committed.next)
    }
}

/// Loads a claimed step's work; a step that cannot even be loaded (its workflow is gone) fails
/// with the reason instead of being claimed again and again.
fn load_or_fail(
    tx: &Transaction<'_>,
    workflows: &Workflows,
    step: executions::StepRow,
    now: &str,
) -> Result<Option<Work>, EngineError> {
    match load(tx, workflows, step.clone()) {
        Ok(work) => Ok(Some(work)),
        Err(EngineError::Store(error)) => Err(EngineError::Store(error)),
        Err(error) => {
            let message = error.to_string();
            executions::fail(tx, &step.id, &message, now)?;
            executions::set_execution_state(
                tx,
                &step.execution_id,
                "failed",
                step.step_order,
                Some(&message),
                now,
            )?;
            Ok(None)
        }
    }
}

fn load(
    conn: &Connection,
    workflows: &Workflows,
    step: executions::StepRow,
) -> Result<Work, EngineError> {
    let execution = executions::get(conn, &step.execution_id)?
        .ok_or_else(|| EngineError::NotFound("No execution has this id.".into()))?;
    let workflow = workflows
        .get(execution.workflow_name.as_str())
        .cloned()
        .ok_or_else(|| {
            EngineError::NotFound(format!("No workflow is named {}.", execution.workflow_name))
        })?;
    let context = StepContext {
        execution_id: execution.id.clone(),
        organization_id: execution.organization_id.clone(),
        user_id: execution.user_id.clone(),
        requested_by: execution.requested_by.clone(),
        values: executions::context(conn, &execution.id)?,
    };
    let facts = workflow.gather(&step.name, &context, conn);
    Ok(Work {
        step,
        execution,
        workflow,
        context,
        facts,
    })
}

/// The step's outcome, its side effects and the execution's next state, in one transaction.
fn commit(
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
    let attempts = u32::try_from(step.attempts).unwrap_or(u32::MAX);
    let event = match outcome {
        Ok(output) => {
            let applied = workflow.apply(&step.name, &output, &context, tx, &now)?;
            let output = merge_output(output, applied.output.clone());
            executions::complete(tx, &step.id, None, Some(&output), None, &now)?;
            link(tx, &execution.id, &applied)?;
            audit_transition(
                tx,
                &now,
                None,
                "step_completed",
                &execution.id,
                json!({ "step": step.name, "attempt": attempts }),
            )?;
            if current_status(tx, &execution.id)? == ExecutionStatus::Cancelled {
                // The result is kept, but a cancelled execution goes no further.
                return Ok(Committed {
                    event: None,
                    next: None,
                });
            }
            let event = advance(tx, &execution.id, step.step_order, &now)?;
            if event.step_status == StepStatus::Pending {
                return claim_next(tx, workflows, event, &now);
            }
            Some(event)
        }
        Err(StepError::Retryable {
            message,
            retry_after,
        }) if attempts < policy.max_attempts => {
            let delay = retry_delay(policy, attempts, retry_after, random_jitter());
            let due = stamp(now_time + chrono::Duration::from_std(delay).unwrap_or_default());
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
            executions::fail(tx, &step.id, &message, &now)?;
            executions::set_execution_state(
                tx,
                &execution.id,
                "failed",
                step.step_order,
                Some(&message),
                &now,
            )?;
            audit_transition(
                tx,
                &now,
                None,
                "step_failed",
                &execution.id,
                json!({ "step": step.name, "attempt": attempts, "error": message }),
            )?;
            Some(EngineEvent {
                execution_id: execution.id.clone(),
                step_order: step.step_order,
                step_status: StepStatus::Failed,
                execution_status: ExecutionStatus::Failed,
            })
        }
    };
    Ok(Committed { event, next: None })
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
