//! Running auto steps: the background workers, and one step's life from claim to commit.
//!
//! Round trips are what limit a durable engine, so a step costs two write transactions and
//! nothing else: the claim, which also reads everything the step needs (its execution, the
//! context, the workflow's facts), and the result, which also writes the side effects, moves
//! the execution on and — when the next step is an auto step due now — claims and loads that
//! one too, so the same worker carries on without another claim.

use std::sync::Arc;
use std::time::Duration;

use hyopps_store::{executions, Connection, StoreError, Transaction};
use serde_json::Value;

use super::commit::{commit, fail_unsaved};
use super::panics::{catch_panic, catch_panic_now, INTERNAL_ERROR};
use super::{step_context, workflow_named, Engine, Workflows};
use crate::{stamp, EngineError, StepContext, StepError, Workflow};

/// The longest a worker sleeps without looking for due work, in case a wake-up was missed.
const IDLE_POLL: Duration = Duration::from_secs(5);
/// How long a worker pauses after an error, so a persistent one cannot spin a core.
const ERROR_PAUSE: Duration = Duration::from_secs(1);

/// A claimed step and everything needed to run it, read in the transaction that claimed it.
pub(super) struct Work {
    pub(super) step: executions::StepRow,
    pub(super) execution: executions::ExecutionRow,
    pub(super) workflow: Arc<dyn Workflow>,
    pub(super) context: StepContext,
    /// What the workflow looked up for this step, or why it could not.
    pub(super) facts: Result<Value, StepError>,
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

    /// A worker's loop. A panic that escapes a step (each step already turns its own into a
    /// failed step) starts the loop over instead of ending the worker.
    async fn work_forever(&self) {
        loop {
            match catch_panic(self.run_one()).await {
                Ok(Ok(0)) => {}
                Ok(Ok(_)) => continue,
                Ok(Err(error)) => {
                    tracing::error!(%error, "a workflow worker hit an error");
                    tokio::time::sleep(ERROR_PAUSE).await;
                }
                Err(panic) => {
                    tracing::error!(%panic, "a workflow worker panicked; it starts over");
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
    /// in the same transaction. Whatever happens, the step does not stay `running`: a result
    /// that cannot be saved, or a panic, fails it with the reason for the operator to act on.
    async fn run_claimed(&self, work: Work) -> Result<Option<Work>, EngineError> {
        let held = work.step.clone();
        let error = match catch_panic(self.run_and_commit(work)).await {
            Ok(Ok(next)) => return Ok(next),
            Ok(Err(error)) => error,
            Err(panic) => {
                tracing::error!(step = %held.name, %panic, "a workflow step panicked");
                self.fail_held(held, INTERNAL_ERROR.to_string()).await?;
                return Ok(None);
            }
        };
        tracing::error!(step = %held.name, %error, "a step's result could not be saved");
        if let Err(also) = self.fail_held(held, unsaved(&error)).await {
            tracing::error!(error = %also, "nor could the step be marked failed");
            return Err(error);
        }
        Ok(None)
    }

    async fn run_and_commit(&self, work: Work) -> Result<Option<Work>, EngineError> {
        let outcome = match &work.facts {
            Ok(facts) => {
                let system = work
                    .workflow
                    .definition()
                    .step(&work.step.name)
                    .and_then(|s| s.system);
                let _pass = match system {
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

    /// Records `reason` on the step this worker held, in a transaction of its own.
    async fn fail_held(
        &self,
        step: executions::StepRow,
        reason: String,
    ) -> Result<(), EngineError> {
        let now = stamp(self.inner.clock.now());
        let event = self
            .inner
            .store
            .write(move |tx| fail_unsaved(tx, &step, &reason, &now))
            .await?;
        if let Some(event) = event {
            self.announce(event);
        }
        Ok(())
    }
}

/// Why a step's result could not be saved, for the operator.
fn unsaved(error: &EngineError) -> String {
    match error {
        // The write job panicked (the writer survives it and drops the reply).
        EngineError::Store(StoreError::WorkerGone(_)) => INTERNAL_ERROR.to_string(),
        other => format!(
            "The step ran, but its result could not be saved: {}. Retry it, or complete it by hand.",
            other.to_string().trim_end_matches('.')
        ),
    }
}

/// Loads a claimed step's work; a step that cannot even be loaded (its workflow is gone) fails
/// with the reason instead of being claimed again and again.
pub(super) fn load_or_fail(
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
    let workflow = workflow_named(workflows, &execution.workflow_name)?;
    let context = step_context(conn, &execution)?;
    let facts =
        catch_panic_now(|| workflow.gather(&step.name, &context, conn)).unwrap_or_else(|panic| {
            tracing::error!(step = %step.name, %panic, "a workflow's lookup panicked");
            Err(StepError::Fatal {
                message: INTERNAL_ERROR.into(),
            })
        });
    Ok(Work {
        step,
        execution,
        workflow,
        context,
        facts,
    })
}
