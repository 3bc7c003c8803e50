//! The engine: starts executions, takes manual input, runs due auto steps, and the operator
//! actions (retry, complete by hand, cancel). Every transition is one write transaction.

use std::collections::HashMap;
use std::sync::Arc;

use hyopps_contract::PartnerSystem;
use hyopps_store::{audit, executions, organizations, Connection, Store, StoreError, Transaction};
use serde_json::{json, Value};
use tokio::sync::{broadcast, Notify};

use crate::definition::sync as sync_definitions;
use crate::limits::Gates;
use crate::{
    stamp, Applied, Clock, EngineError, ExecutionStatus, HandCompletion, RetryPolicy, StepContext,
    StepStatus, Submitter, SystemLimits, UnusedSystems, Workflow, WorkflowDefinition,
};

mod already_done;
mod batch;
pub use batch::{AnsweredStart, BatchStart};
mod children;
mod commit;
mod operator;
mod panics;
mod preview;
mod running;

/// The workflows by name, shared with the writer thread (steps are loaded where they are claimed).
type Workflows = Arc<HashMap<&'static str, Arc<dyn Workflow>>>;

/// A committed transition, for live screens.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineEvent {
    pub execution_id: String,
    pub step_order: i64,
    pub step_status: StepStatus,
    pub execution_status: ExecutionStatus,
}

/// Cheap to clone: every clone drives the same engine.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    workflows: Workflows,
    clock: Arc<dyn Clock>,
    policy: RetryPolicy,
    wake: Notify,
    events: broadcast::Sender<EngineEvent>,
    gates: Gates,
    /// Why the definitions could not be written at start-up, if they could not.
    definitions_error: Option<String>,
}

impl Engine {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        policy: RetryPolicy,
        workflows: Vec<Arc<dyn Workflow>>,
    ) -> Engine {
        Self::with_limits(store, clock, policy, workflows, SystemLimits::default())
    }

    /// [`Engine::new`] with explicit limits per outside system. Writes the workflows'
    /// definitions to the database first (see [`crate::sync_definitions`]): a workflow whose rows
    /// could not be written cannot be started, and says why.
    pub fn with_limits(
        store: Store,
        clock: Arc<dyn Clock>,
        policy: RetryPolicy,
        workflows: Vec<Arc<dyn Workflow>>,
        limits: SystemLimits,
    ) -> Engine {
        let (events, _) = broadcast::channel(1024);
        let definitions_error = write_definitions(&store, clock.as_ref(), &workflows).err();
        Engine {
            inner: Arc::new(Inner {
                store,
                workflows: Arc::new(
                    workflows
                        .into_iter()
                        .map(|w| (w.definition().name, w))
                        .collect(),
                ),
                definitions_error,
                clock,
                policy,
                wake: Notify::new(),
                events,
                gates: Gates::new(limits),
            }),
        }
    }

    /// Live transitions; a slow listener misses old events rather than slowing the engine.
    pub fn subscribe(&self) -> broadcast::Receiver<EngineEvent> {
        self.inner.events.subscribe()
    }

    /// After a restart: steps that were running when the app stopped are run again.
    pub async fn resume(&self) -> Result<usize, EngineError> {
        let now = stamp(self.inner.clock.now());
        let requeued = self
            .inner
            .store
            .write(move |tx| Ok::<_, EngineError>(executions::requeue_interrupted(tx, &now)?))
            .await?;
        if requeued > 0 {
            tracing::info!(requeued, "resuming interrupted steps");
            self.inner.wake.notify_waiters();
        }
        Ok(requeued)
    }

    /// Starts an execution of `workflow`; its first step waits for input or is due now.
    pub async fn start(
        &self,
        workflow: &str,
        requested_by: &str,
        organization_id: Option<&str>,
    ) -> Result<String, EngineError> {
        let subject = executions::Subject {
            organization_id,
            user_id: None,
        };
        self.start_about(workflow, requested_by, subject).await
    }

    /// [`Engine::start`] for an execution about a known organisation and person from its start
    /// (an offboarding is about its leaver).
    pub async fn start_about(
        &self,
        workflow: &str,
        requested_by: &str,
        subject: executions::Subject<'_>,
    ) -> Result<String, EngineError> {
        let started = self.workflow(workflow)?;
        self.refuse_if_definitions_failed()?;
        let now = stamp(self.inner.clock.now());
        let (name, actor, org, user) = (
            workflow.to_string(),
            requested_by.to_string(),
            subject.organization_id.map(str::to_string),
            subject.user_id.map(str::to_string),
        );
        let (id, event) = self
            .inner
            .store
            .write(move |tx| {
                let subject = executions::Subject {
                    organization_id: org.as_deref(),
                    user_id: user.as_deref(),
                };
                create_execution(tx, &*started, &name, &actor, subject, &now)
            })
            .await?;
        self.announce(event);
        Ok(id)
    }

    /// Completes the step that waits for input with `input`, after the workflow validated it.
    /// Invalid input changes nothing. The operations team's door: any step's form.
    pub async fn submit_input(
        &self,
        execution_id: &str,
        input: Value,
        actor: &str,
    ) -> Result<(), EngineError> {
        self.submit_input_as(execution_id, input, actor, Submitter::Operator, None)
            .await
    }

    /// [`Engine::submit_input`] for `submitter`: a partner admin is refused the steps only
    /// operators complete, judged on the very step the input is then written to.
    /// `expected_step` is the step whose form the person filled in, when their screen said:
    /// if another step waits by now, someone else was quicker, and the answer says who.
    pub async fn submit_input_as(
        &self,
        execution_id: &str,
        input: Value,
        actor: &str,
        submitter: Submitter,
        expected_step: Option<u32>,
    ) -> Result<(), EngineError> {
        let (execution, step) = self
            .awaiting_step(execution_id, expected_step, actor)
            .await?;
        let workflow = self.workflow(&execution.workflow_name)?;
        let operators_only = workflow
            .definition()
            .step(&step.name)
            .is_some_and(|s| s.operators_only());
        if submitter == Submitter::PartnerAdmin && operators_only {
            return Err(EngineError::Forbidden(format!(
                "Only the operations team completes the step \"{}\": it waits for them, and this execution continues once they have.",
                step.label
            )));
        }
        let context = self.context(&execution).await?;
        let accepted = {
            let (workflow, step_name, context) =
                (Arc::clone(&workflow), step.name.clone(), context.clone());
            self.inner
                .store
                .read(move |conn| {
                    Ok::<_, EngineError>(
                        workflow.validate_input(&step_name, &input, &context, conn),
                    )
                })
                .await?
                .map_err(EngineError::Invalid)?
        };
        let now = stamp(self.inner.clock.now());
        let actor = actor.to_string();
        let workflows = Arc::clone(&self.inner.workflows);
        let event = self
            .inner
            .store
            .write(move |tx| {
                let current = executions::step(tx, &step.id)?;
                if current.map(|s| s.status) != Some("awaiting_input".into()) {
                    let order = u32::try_from(step.step_order).ok();
                    return Err(already_done::conflict(
                        tx,
                        &execution.id,
                        order,
                        &actor,
                        "This step no longer waits for input: someone else completed it. Reload the execution.",
                    ));
                }
                let answered = Answered { workflows: &workflows, workflow: &*workflow, actor: &actor, now: &now };
                answered.complete(tx, &execution.id, &step, &accepted, &context)
            })
            .await?;
        self.announce(event);
        Ok(())
    }

    /// The form of the step that waits for input, if one does.
    pub async fn awaiting_form(
        &self,
        execution_id: &str,
    ) -> Result<Option<hyopps_contract::StepForm>, EngineError> {
        let execution = self.execution(execution_id).await?;
        let Some(step) = self
            .steps(execution_id)
            .await?
            .into_iter()
            .find(|s| s.status == "awaiting_input")
        else {
            return Ok(None);
        };
        let workflow = self.workflow(&execution.workflow_name)?;
        let context = self.context(&execution).await?;
        self.inner
            .store
            .read(move |conn| Ok::<_, EngineError>(workflow.form(&step.name, &context, conn)?))
            .await
    }

    /// What an admin enters to complete this auto step by hand: output key, label, kind of id.
    pub fn hand_completion(&self, workflow: &str, step: &str) -> Option<HandCompletion> {
        self.inner
            .workflows
            .get(workflow)?
            .definition()
            .step(step)?
            .by_hand
    }

    /// Nothing starts when the workflow definitions could not be written at start-up.
    fn refuse_if_definitions_failed(&self) -> Result<(), EngineError> {
        match &self.inner.definitions_error {
            Some(error) => Err(EngineError::Conflict(format!(
                "No workflow can start: {error}. Restart HyOpps; if this persists, the database needs attention."
            ))),
            None => Ok(()),
        }
    }

    fn workflow(&self, name: &str) -> Result<Arc<dyn Workflow>, EngineError> {
        workflow_named(&self.inner.workflows, name)
    }

    async fn execution(&self, id: &str) -> Result<executions::ExecutionRow, EngineError> {
        let lookup = id.to_string();
        self.inner
            .store
            .read(move |c| Ok::<_, EngineError>(executions::get(c, &lookup)?))
            .await?
            .ok_or_else(|| EngineError::NotFound("No execution has this id.".into()))
    }

    async fn context(
        &self,
        execution: &executions::ExecutionRow,
    ) -> Result<StepContext, EngineError> {
        let execution = execution.clone();
        self.inner
            .store
            .read(move |c| Ok::<_, EngineError>(step_context(c, &execution)?))
            .await
    }

    async fn steps(&self, execution_id: &str) -> Result<Vec<executions::StepRow>, EngineError> {
        let id = execution_id.to_string();
        self.inner
            .store
            .read(move |c| Ok::<_, EngineError>(executions::steps(c, &id)?))
            .await
    }

    /// The step waiting for input: the one the person's screen showed (`expected_step`), when
    /// it said. None waiting, or another one, is a conflict that says who acted first.
    async fn awaiting_step(
        &self,
        execution_id: &str,
        expected_step: Option<u32>,
        actor: &str,
    ) -> Result<(executions::ExecutionRow, executions::StepRow), EngineError> {
        let execution = self.execution(execution_id).await?;
        let (id, actor) = (execution_id.to_owned(), actor.to_owned());
        let step = self
            .inner
            .store
            .read(move |conn| {
                let waiting = executions::steps(conn, &id)?
                    .into_iter()
                    .find(|s| s.status == "awaiting_input");
                match waiting {
                    Some(step)
                        if expected_step
                            .is_none_or(|order| i64::from(order) == step.step_order) =>
                    {
                        Ok(step)
                    }
                    _ => Err(already_done::conflict(
                        conn,
                        &id,
                        expected_step,
                        &actor,
                        "This execution is not waiting for input.",
                    )),
                }
            })
            .await?;
        Ok((execution, step))
    }

    fn announce(&self, event: EngineEvent) {
        if event.step_status == StepStatus::Pending {
            self.inner.wake.notify_waiters();
            self.inner.wake.notify_one();
        }
        let _ = self.inner.events.send(event); // nobody listening is fine
    }
}

/// Writes every workflow's definition rows in one transaction; logs and returns why not.
fn write_definitions(
    store: &Store,
    clock: &dyn Clock,
    workflows: &[Arc<dyn Workflow>],
) -> Result<(), String> {
    let definitions: Vec<&'static WorkflowDefinition> =
        workflows.iter().map(|w| w.definition()).collect();
    let now = stamp(clock.now());
    store
        .write_blocking(move |tx| sync_definitions(tx, &definitions, &now))
        .map_err(|error| {
            tracing::error!(%error, "the workflow definitions could not be written");
            error.to_string()
        })
}

fn workflow_named(workflows: &Workflows, name: &str) -> Result<Arc<dyn Workflow>, EngineError> {
    workflows
        .get(name)
        .cloned()
        .ok_or_else(|| EngineError::NotFound(format!("No workflow is named {name}.")))
}

/// Creates an execution of `workflow` (named `name`) about `subject` and moves it to its first
/// step, audited as started by `actor`.
fn create_execution(
    tx: &Transaction<'_>,
    workflow: &dyn Workflow,
    name: &str,
    actor: &str,
    subject: executions::Subject<'_>,
    now: &str,
) -> Result<(String, EngineEvent), EngineError> {
    let id = executions::create(tx, name, actor, subject, now)?
        .ok_or_else(|| EngineError::NotFound(format!("No workflow is named {name}.")))?;
    let event = advance(tx, workflow, &id, 0, now)?;
    audit_transition(
        tx,
        now,
        Some(actor),
        "execution_started",
        &id,
        json!({ "workflow": name }),
    )?;
    Ok((id, event))
}

/// Who answers a step's form, in which workflow, when: what completing it needs besides the
/// step and its accepted input.
struct Answered<'a> {
    workflows: &'a Workflows,
    workflow: &'a dyn Workflow,
    actor: &'a str,
    now: &'a str,
}

impl Answered<'_> {
    /// Completes the waiting `step` of `execution_id` with its `accepted` input (validated
    /// already): the step's side effects, the execution's links, the audit, the next step.
    fn complete(
        &self,
        tx: &Transaction<'_>,
        execution_id: &str,
        step: &executions::StepRow,
        accepted: &Value,
        context: &StepContext,
    ) -> Result<EngineEvent, EngineError> {
        let applied = self
            .workflow
            .apply(&step.name, accepted, context, tx, self.now)?;
        executions::complete(
            tx,
            &step.id,
            Some(accepted),
            applied.output.as_ref(),
            Some(self.actor),
            self.now,
        )?;
        link(tx, self.workflows, execution_id, &applied, self.now)?;
        audit_transition(
            tx,
            self.now,
            Some(self.actor),
            "step_completed",
            execution_id,
            json!({ "step": step.name, "by": "input" }),
        )?;
        advance(tx, self.workflow, execution_id, step.step_order, self.now)
    }
}

/// What a step of `execution` sees: the execution's links and every completed step's values.
fn step_context(
    conn: &Connection,
    execution: &executions::ExecutionRow,
) -> Result<StepContext, StoreError> {
    Ok(StepContext {
        execution_id: execution.id.clone(),
        organization_id: execution.organization_id.clone(),
        user_id: execution.user_id.clone(),
        requested_by: execution.requested_by.clone(),
        values: executions::context(conn, &execution.id)?,
    })
}

/// Moves the execution past step `after_order`: the next step waits for input or is due now;
/// with no next step the execution is completed. A step in a system its organisation leaves
/// out, or one the workflow skips in this execution, is skipped with the reason.
fn advance(
    tx: &Transaction<'_>,
    workflow: &dyn Workflow,
    execution_id: &str,
    after_order: i64,
    now: &str,
) -> Result<EngineEvent, EngineError> {
    let definition = workflow.definition();
    let execution = executions::get(tx, execution_id)?;
    let organization = execution.as_ref().and_then(|e| e.organization_id.clone());
    // Read once, and only when a step in a system is reached.
    let mut context: Option<StepContext> = None;
    let mut last = after_order;
    for step in executions::steps(tx, execution_id)?
        .into_iter()
        .filter(|s| s.step_order > after_order)
    {
        let mut reason = not_used(tx, definition, &step.name, organization.as_deref())?;
        let in_a_system = definition
            .step(&step.name)
            .is_some_and(|s| s.system.is_some());
        if reason.is_none() && in_a_system {
            if context.is_none() {
                context = execution
                    .as_ref()
                    .map(|e| step_context(tx, e))
                    .transpose()?;
            }
            reason = context
                .as_ref()
                .and_then(|c| workflow.skipped(&step.name, c));
        }
        let Some(reason) = reason else {
            if executions::unfinished_children(tx, execution_id)? > 0 {
                return children::hold(tx, execution_id, &step, now);
            }
            return enter_step(tx, execution_id, &step, now);
        };
        executions::skip(tx, &step.id, &reason)?;
        audit_transition(
            tx,
            now,
            None,
            "step_skipped",
            execution_id,
            json!({ "step": step.name, "reason": reason }),
        )?;
        last = step.step_order;
    }
    executions::set_execution_state(tx, execution_id, "completed", last, None, now)?;
    audit_transition(
        tx,
        now,
        None,
        "execution_completed",
        execution_id,
        json!({}),
    )?;
    children::resume_parent(tx, execution_id, now)?;
    Ok(EngineEvent {
        execution_id: execution_id.to_string(),
        step_order: last,
        step_status: if last == after_order {
            StepStatus::Completed
        } else {
            StepStatus::Skipped
        },
        execution_status: ExecutionStatus::Completed,
    })
}

/// Why the step named `step` is skipped: it works in a system the execution's organisation
/// leaves out ("Not used by O'Brien & Söhne."); `None` when it runs.
fn not_used(
    tx: &Connection,
    definition: &WorkflowDefinition,
    step: &str,
    organization_id: Option<&str>,
) -> Result<Option<String>, EngineError> {
    let system = definition
        .step(step)
        .and_then(|s| s.system)
        .and_then(PartnerSystem::of_step);
    let (Some(system), Some(organization_id)) = (system, organization_id) else {
        return Ok(None);
    };
    if definition.unused_systems == UnusedSystems::LeftToTheSteps {
        return Ok(None);
    }
    if !organizations::leaves_out(tx, organization_id, system.as_str())? {
        return Ok(None);
    }
    let organization = organizations::name(tx, organization_id)?.unwrap_or_default();
    Ok(Some(format!(
        "{} is not used by {organization}: skipped.",
        system.label()
    )))
}

/// Makes `step` the current one: a manual step waits for its form, an auto step is due now.
fn enter_step(
    tx: &Transaction<'_>,
    execution_id: &str,
    step: &executions::StepRow,
    now: &str,
) -> Result<EngineEvent, EngineError> {
    let (step_status, execution_status) = if step.kind == "manual" {
        executions::await_input(tx, &step.id, None, now)?;
        (StepStatus::AwaitingInput, ExecutionStatus::AwaitingInput)
    } else {
        executions::schedule(tx, &step.id, now, None)?;
        (StepStatus::Pending, ExecutionStatus::Running)
    };
    executions::set_execution_state(
        tx,
        execution_id,
        execution_status.as_str(),
        step.step_order,
        None,
        now,
    )?;
    Ok(EngineEvent {
        execution_id: execution_id.to_string(),
        step_order: step.step_order,
        step_status,
        execution_status,
    })
}

/// What a step's side effects say about its execution: the organisation or person it is now
/// about, and the children it starts.
fn link(
    tx: &Transaction<'_>,
    workflows: &Workflows,
    execution_id: &str,
    applied: &Applied,
    now: &str,
) -> Result<(), EngineError> {
    if applied.organization_id.is_some() || applied.user_id.is_some() {
        executions::link(
            tx,
            execution_id,
            applied.organization_id.as_deref(),
            applied.user_id.as_deref(),
        )?;
    }
    if !applied.children.is_empty() {
        children::start(tx, workflows, execution_id, &applied.children, now)?;
    }
    Ok(())
}

fn current_status(
    tx: &Transaction<'_>,
    execution_id: &str,
) -> Result<ExecutionStatus, EngineError> {
    let row = executions::get(tx, execution_id)?
        .ok_or_else(|| EngineError::NotFound("No execution has this id.".into()))?;
    Ok(status_of(&row.status))
}

fn status_of(stored: &str) -> ExecutionStatus {
    ExecutionStatus::parse(stored).unwrap_or(ExecutionStatus::Failed)
}

/// The step's own output, with what its side effects added.
fn merge_output(output: Value, extra: Option<Value>) -> Value {
    match (output, extra) {
        (Value::Object(mut base), Some(Value::Object(more))) => {
            base.extend(more);
            Value::Object(base)
        }
        (output, _) => output,
    }
}

fn audit_transition(
    tx: &Transaction<'_>,
    at: &str,
    actor: Option<&str>,
    action: &str,
    execution_id: &str,
    summary: Value,
) -> Result<(), EngineError> {
    audit::record(
        tx,
        &audit::Entry {
            at,
            actor_user_id: actor,
            action,
            target_type: "workflow_execution",
            target_id: Some(execution_id),
            summary,
        },
    )?;
    Ok(())
}
