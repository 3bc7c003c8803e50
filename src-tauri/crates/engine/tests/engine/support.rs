//! The test workflow, its fake remote system, and a fixture over a real SQLite file.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{TimeZone, Utc};
use hyopps_engine::{
    Applied, Clock, CompletedBy, Engine, EngineError, FieldErrors, ManualClock, RetryPolicy,
    StepContext, StepDefinition, StepError, StepFuture, StepKind, UnusedSystems, Workflow,
    WorkflowDefinition,
};
use hyopps_store::{executions, Connection, Store, StoreError, Transaction};
use serde_json::{json, Value};

pub const WORKFLOW: &str = "test_flow";
pub const ADMIN: &str = "95f6adb1-79ba-434a-9faf-d4d303b7d1ab";

/// A remote system: objects are found by name or created; scripted failures come first.
#[derive(Default)]
pub struct FakeRemote {
    pub objects: Mutex<HashMap<String, String>>,
    pub calls: Mutex<usize>,
    pub failures: Mutex<VecDeque<StepError>>,
    /// Panics after creating the object and before answering: a bug in a connector.
    pub panic_after_create: Mutex<bool>,
    /// Never answers after creating the object: the app stops while the call is in flight.
    pub hang_after_create: Mutex<bool>,
    /// How long each call takes, and how many ran at once at most.
    pub latency: Mutex<Duration>,
    pub in_flight: Mutex<(usize, usize)>,
}

impl FakeRemote {
    pub fn find_or_create(&self, name: &str) -> Result<String, StepError> {
        *self.calls.lock().unwrap() += 1;
        if let Some(failure) = self.failures.lock().unwrap().pop_front() {
            return Err(failure);
        }
        let id = {
            let mut objects = self.objects.lock().unwrap();
            let next = format!("remote-{}", objects.len() + 1);
            objects.entry(name.to_string()).or_insert(next).clone()
        };
        if std::mem::take(&mut *self.panic_after_create.lock().unwrap()) {
            panic!("simulated bug after the remote object was created");
        }
        Ok(id)
    }

    pub fn created(&self) -> usize {
        self.objects.lock().unwrap().len()
    }
}

pub struct TestFlow {
    pub remote: Arc<FakeRemote>,
}

/// The test workflow's steps; `define_test_workflow` writes rows with the same ids, as the seed
/// of an older database would.
pub const TEST_FLOW: WorkflowDefinition = WorkflowDefinition {
    id: "wf",
    name: WORKFLOW,
    description: "test",
    steps: &[
        StepDefinition {
            id: "s1",
            name: "ask_name",
            kind: StepKind::Manual,
            label: "Ask",
            description: "",
            system: None,
            completed_by: CompletedBy::AnyAdmin,
            by_hand: None,
        },
        StepDefinition {
            id: "s2",
            name: "call_remote",
            kind: StepKind::Auto,
            label: "Call",
            description: "",
            system: Some("remote"),
            completed_by: CompletedBy::AnyAdmin,
            by_hand: None,
        },
        StepDefinition {
            id: "s3",
            name: "finish",
            kind: StepKind::Auto,
            label: "Finish",
            description: "",
            system: None,
            completed_by: CompletedBy::AnyAdmin,
            by_hand: None,
        },
    ],
    unused_systems: UnusedSystems::Skipped,
};

impl Workflow for TestFlow {
    fn definition(&self) -> &'static WorkflowDefinition {
        &TEST_FLOW
    }

    fn validate_input(
        &self,
        step: &str,
        input: &Value,
        _: &StepContext,
        _: &Connection,
    ) -> Result<Value, FieldErrors> {
        assert_eq!(step, "ask_name");
        let name = input
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim();
        let mut errors = FieldErrors::new();
        if name.is_empty() {
            errors.insert("name".into(), "Enter a name.".into());
        } else if name.len() > 100 {
            errors.insert("name".into(), "Use at most 100 characters.".into());
        }
        if errors.is_empty() {
            Ok(json!({ "name": name }))
        } else {
            Err(errors)
        }
    }

    fn run_auto<'a>(
        &'a self,
        step: &'a str,
        context: &'a StepContext,
        _facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            match step {
                "call_remote" => {
                    let latency = *self.remote.latency.lock().unwrap();
                    if !latency.is_zero() {
                        {
                            let mut counts = self.remote.in_flight.lock().unwrap();
                            counts.0 += 1;
                            counts.1 = counts.1.max(counts.0);
                        }
                        tokio::time::sleep(latency).await;
                        self.remote.in_flight.lock().unwrap().0 -= 1;
                    }
                    let name = context.values["name"].as_str().unwrap();
                    let id = self.remote.find_or_create(name)?;
                    if std::mem::take(&mut *self.remote.hang_after_create.lock().unwrap()) {
                        std::future::pending::<()>().await;
                    }
                    Ok(json!({ "remote_id": id }))
                }
                "finish" => Ok(json!({ "finished": true })),
                other => panic!("unexpected step {other}"),
            }
        })
    }

    fn apply(
        &self,
        step: &str,
        result: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        _now: &str,
    ) -> Result<Applied, EngineError> {
        match step {
            "ask_name" => {
                let id = format!("org-{}", result["name"].as_str().unwrap());
                tx.execute(
                    "INSERT INTO organizations (id, name, created_at) VALUES (?1, ?2, 'now') ON CONFLICT DO NOTHING",
                    [&id, result["name"].as_str().unwrap()],
                )
                .map_err(StoreError::from)?;
                Ok(Applied {
                    organization_id: Some(id),
                    ..Applied::default()
                })
            }
            "call_remote" => {
                tx.execute(
                    "INSERT INTO system_groups (id, organization_id, tool, external_id, created_at)
                     VALUES (?1, ?2, 'slack', ?3, 'now')
                     ON CONFLICT (organization_id, tool) DO UPDATE SET external_id = excluded.external_id",
                    [
                        format!("group-{}", context.execution_id),
                        context.organization_id.clone().unwrap(),
                        result["remote_id"].as_str().unwrap().to_string(),
                    ],
                )
                .map_err(StoreError::from)?;
                Ok(Applied::default())
            }
            _ => Ok(Applied::default()),
        }
    }
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub clock: Arc<ManualClock>,
    pub remote: Arc<FakeRemote>,
    pub engine: Engine,
}

pub fn define_test_workflow(store: &Store) {
    store
        .write_blocking(|tx| -> Result<(), StoreError> {
            tx.execute_batch(
                "INSERT INTO workflow_definitions (id, name, description, created_at) VALUES ('wf', 'test_flow', 'test', 'now');
                 INSERT INTO workflow_step_definitions (id, workflow_definition_id, step_order, name, label, type, description) VALUES
                   ('s1', 'wf', 1, 'ask_name', 'Ask', 'manual', ''),
                   ('s2', 'wf', 2, 'call_remote', 'Call', 'auto', ''),
                   ('s3', 'wf', 3, 'finish', 'Finish', 'auto', '');",
            )?;
            Ok(())
        })
        .unwrap();
}

pub fn policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_secs(10),
        max_delay: Duration::from_secs(60),
    }
}

pub fn engine_for(store: &Store, clock: Arc<dyn Clock>, remote: &Arc<FakeRemote>) -> Engine {
    let flow: Arc<dyn Workflow> = Arc::new(TestFlow {
        remote: Arc::clone(remote),
    });
    Engine::new(store.clone(), clock, policy(), vec![flow])
}

pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("hyopps.db")).unwrap();
    define_test_workflow(&store);
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(),
    ));
    let remote = Arc::new(FakeRemote::default());
    let engine = engine_for(&store, clock.clone(), &remote);
    Fixture {
        dir,
        store,
        clock,
        remote,
        engine,
    }
}

impl Fixture {
    pub async fn execution(&self, id: &str) -> executions::ExecutionRow {
        let id = id.to_string();
        self.store
            .read(move |c| executions::get(c, &id))
            .await
            .unwrap()
            .unwrap()
    }

    pub async fn step_statuses(&self, id: &str) -> Vec<String> {
        let id = id.to_string();
        self.store
            .read(move |c| executions::steps(c, &id))
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.status)
            .collect()
    }

    pub async fn step(&self, id: &str, order: usize) -> executions::StepRow {
        let id = id.to_string();
        self.store
            .read(move |c| executions::steps(c, &id))
            .await
            .unwrap()
            .remove(order - 1)
    }
}

impl Fixture {
    /// How many audit entries of `action` the execution has.
    pub async fn audited(&self, id: &str, action: &str) -> i64 {
        let (id, action) = (id.to_string(), action.to_string());
        self.store
            .read(move |c| -> Result<i64, StoreError> {
                Ok(c.query_row(
                    "SELECT count(*) FROM audit_log WHERE target_id = ?1 AND action = ?2",
                    [&id, &action],
                    |r| r.get(0),
                )?)
            })
            .await
            .unwrap()
    }
}

/// Waits (up to 10 s) until `condition` holds; the test fails saying what never happened.
pub async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(std::time::Instant::now() < deadline, "timed out: {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

impl Fixture {
    /// Waits (up to 10 s) until the execution's step `order` has `status`, and returns it.
    pub async fn step_reaches(&self, id: &str, order: usize, status: &str) -> executions::StepRow {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let step = self.step(id, order).await;
            if step.status == status {
                return step;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "step {order} never became {status}; it is {} ({:?})",
                step.status,
                step.error
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Starts an execution and fills its form, so its auto step `call_remote` is due.
    pub async fn started_with_name(&self, name: &str) -> String {
        let id = self.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
        self.engine
            .submit_input(&id, json!({ "name": name }), ADMIN)
            .await
            .unwrap();
        id
    }
}
