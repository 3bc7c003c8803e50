//! Engine scenarios on a real SQLite file, with a test workflow whose auto step calls a fake
//! remote system (find-or-create, like every real connector) and a clock the tests move.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{TimeZone, Utc};
use hyopps_engine::{
    Applied, Clock, Engine, EngineError, FieldErrors, Limit, ManualClock, RetryPolicy, StepContext,
    StepError, StepFuture, SystemClock, SystemLimits, Workflow,
};
use hyopps_store::{executions, Connection, Store, StoreError, Transaction};
use serde_json::{json, Value};

const WORKFLOW: &str = "test_flow";
const ADMIN: &str = "95f6adb1-79ba-434a-9faf-d4d303b7d1ab";

/// A remote system: objects are found by name or created; scripted failures come first.
#[derive(Default)]
struct FakeRemote {
    objects: Mutex<HashMap<String, String>>,
    calls: Mutex<usize>,
    failures: Mutex<VecDeque<StepError>>,
    /// Panics after creating the object and before answering: a crash between call and commit.
    crash_after_create: Mutex<bool>,
    /// How long each call takes, and how many ran at once at most.
    latency: Mutex<Duration>,
    in_flight: Mutex<(usize, usize)>,
}

impl FakeRemote {
    fn find_or_create(&self, name: &str) -> Result<String, StepError> {
        *self.calls.lock().unwrap() += 1;
        if let Some(failure) = self.failures.lock().unwrap().pop_front() {
            return Err(failure);
        }
        let id = {
            let mut objects = self.objects.lock().unwrap();
            let next = format!("remote-{}", objects.len() + 1);
            objects.entry(name.to_string()).or_insert(next).clone()
        };
        if std::mem::take(&mut *self.crash_after_create.lock().unwrap()) {
            panic!("simulated crash after the remote object was created");
        }
        Ok(id)
    }

    fn created(&self) -> usize {
        self.objects.lock().unwrap().len()
    }
}

struct TestFlow {
    remote: Arc<FakeRemote>,
}

impl Workflow for TestFlow {
    fn name(&self) -> &'static str {
        WORKFLOW
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

    fn system(&self, step: &str) -> Option<&'static str> {
        (step == "call_remote").then_some("remote")
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
                    Ok(json!({ "remote_id": self.remote.find_or_create(name)? }))
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

struct Fixture {
    dir: tempfile::TempDir,
    store: Store,
    clock: Arc<ManualClock>,
    remote: Arc<FakeRemote>,
    engine: Engine,
}

fn define_test_workflow(store: &Store) {
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

fn policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_secs(10),
        max_delay: Duration::from_secs(60),
    }
}

fn engine_for(store: &Store, clock: Arc<dyn Clock>, remote: &Arc<FakeRemote>) -> Engine {
    let flow: Arc<dyn Workflow> = Arc::new(TestFlow {
        remote: Arc::clone(remote),
    });
    Engine::new(store.clone(), clock, policy(), vec![flow])
}

fn fixture() -> Fixture {
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
    async fn execution(&self, id: &str) -> executions::ExecutionRow {
        let id = id.to_string();
        self.store
            .read(move |c| executions::get(c, &id))
            .await
            .unwrap()
            .unwrap()
    }

    async fn step_statuses(&self, id: &str) -> Vec<String> {
        let id = id.to_string();
        self.store
            .read(move |c| executions::steps(c, &id))
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.status)
            .collect()
    }

    async fn step(&self, id: &str, order: usize) -> executions::StepRow {
        let id = id.to_string();
        self.store
            .read(move |c| executions::steps(c, &id))
            .await
            .unwrap()
            .remove(order - 1)
    }
}

#[tokio::test]
async fn the_happy_path_runs_every_step_and_commits_side_effects() {
    let f = fixture();
    let id = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    assert_eq!(
        f.execution(&id).await.status,
        "awaiting_input",
        "the first step is a form"
    );
    assert_eq!(
        f.step_statuses(&id).await,
        ["awaiting_input", "pending", "pending"]
    );

    f.engine
        .submit_input(&id, json!({ "name": " Acme " }), ADMIN)
        .await
        .unwrap();
    let execution = f.execution(&id).await;
    assert_eq!(execution.status, "running");
    assert_eq!(
        execution.organization_id.as_deref(),
        Some("org-Acme"),
        "step 1 linked its organisation"
    );

    assert_eq!(f.engine.run_due().await.unwrap(), 2, "both auto steps ran");
    let execution = f.execution(&id).await;
    assert_eq!(execution.status, "completed");
    assert!(execution.completed_at.is_some());
    assert_eq!(
        f.step_statuses(&id).await,
        ["completed", "completed", "completed"]
    );
    let input_step = f.step(&id, 1).await;
    assert_eq!(
        input_step.manual_input,
        Some(json!({ "name": "Acme" })),
        "the validated input is stored"
    );
    assert_eq!(input_step.completed_by.as_deref(), Some(ADMIN));
    assert_eq!(
        f.step(&id, 2).await.output,
        Some(json!({ "remote_id": "remote-1" }))
    );

    let group: String = f
        .store
        .read(|c| -> Result<String, StoreError> {
            Ok(c.query_row(
                "SELECT external_id FROM system_groups WHERE organization_id = 'org-Acme'",
                [],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(
        group, "remote-1",
        "the auto step's side effect was committed with it"
    );
    let context = f.store.read({
        let id = id.clone();
        move |c| executions::context(c, &id)
    });
    let context = context.await.unwrap();
    assert_eq!(context["name"], "Acme");
    assert_eq!(context["remote_id"], "remote-1");
    assert_eq!(context["finished"], true);
}

#[tokio::test]
async fn invalid_manual_input_changes_nothing() {
    let f = fixture();
    let id = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    let before = f.step_statuses(&id).await;
    for bad in [
        json!({}),
        json!({ "name": "   " }),
        json!({ "name": "x".repeat(101) }),
    ] {
        match f.engine.submit_input(&id, bad.clone(), ADMIN).await {
            Err(EngineError::Invalid(fields)) => {
                assert!(fields.contains_key("name"), "{bad}: {fields:?}")
            }
            other => panic!("{bad} must be refused with field errors, got {other:?}"),
        }
    }
    assert_eq!(f.step_statuses(&id).await, before);
    assert_eq!(f.step(&id, 1).await.manual_input, None);
    let orgs: i64 = f
        .store
        .read(|c| -> Result<i64, StoreError> {
            Ok(c.query_row("SELECT count(*) FROM organizations", [], |r| r.get(0))?)
        })
        .await
        .unwrap();
    assert_eq!(orgs, 0, "no side effect of a refused form");
}

#[tokio::test]
async fn input_is_refused_when_nothing_waits_for_it_and_unknown_ids_are_not_found() {
    let f = fixture();
    let id = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    f.engine
        .submit_input(&id, json!({ "name": "Acme" }), ADMIN)
        .await
        .unwrap();
    let again = f
        .engine
        .submit_input(&id, json!({ "name": "Other" }), ADMIN)
        .await;
    assert!(matches!(again, Err(EngineError::Conflict(_))), "{again:?}");
    let unknown = f
        .engine
        .submit_input("no-such-id", json!({ "name": "x" }), ADMIN)
        .await;
    assert!(
        matches!(unknown, Err(EngineError::NotFound(_))),
        "{unknown:?}"
    );
    let unknown = f.engine.start("no_such_workflow", ADMIN, None).await;
    assert!(
        matches!(unknown, Err(EngineError::NotFound(_))),
        "{unknown:?}"
    );
}

#[tokio::test]
async fn a_transient_failure_is_retried_after_its_retry_after() {
    let f = fixture();
    f.remote
        .failures
        .lock()
        .unwrap()
        .push_back(StepError::Retryable {
            message: "Slack answered 429".into(),
            retry_after: Some(Duration::from_secs(30)),
        });
    let id = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    f.engine
        .submit_input(&id, json!({ "name": "Acme" }), ADMIN)
        .await
        .unwrap();

    assert_eq!(f.engine.run_due().await.unwrap(), 1);
    let step = f.step(&id, 2).await;
    assert_eq!(step.status, "pending");
    assert_eq!(step.attempts, 1);
    assert_eq!(
        step.error.as_deref(),
        Some("Slack answered 429"),
        "the last error is shown while waiting"
    );
    assert_eq!(
        step.next_attempt_at.as_deref(),
        Some("2026-11-25T09:00:30.000Z"),
        "Retry-After (30 s) beats the 5-10 s backoff"
    );
    assert_eq!(
        f.execution(&id).await.status,
        "running",
        "a retry is not a failure"
    );

    f.clock.advance(chrono::Duration::seconds(29));
    assert_eq!(
        f.engine.run_due().await.unwrap(),
        0,
        "not due before Retry-After"
    );
    f.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(f.engine.run_due().await.unwrap(), 2);
    assert_eq!(f.execution(&id).await.status, "completed");
    assert_eq!(f.step(&id, 2).await.attempts, 2);
}

#[tokio::test]
async fn a_fatal_failure_fails_the_step_until_an_operator_retries_it() {
    let f = fixture();
    f.remote
        .failures
        .lock()
        .unwrap()
        .push_back(StepError::Fatal {
            message: "Slack is not configured: open Settings → Slack".into(),
        });
    let id = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    f.engine
        .submit_input(&id, json!({ "name": "Acme" }), ADMIN)
        .await
        .unwrap();
    f.engine.run_due().await.unwrap();
    let execution = f.execution(&id).await;
    assert_eq!(execution.status, "failed");
    assert_eq!(
        execution.error.as_deref(),
        Some("Slack is not configured: open Settings → Slack")
    );
    assert_eq!(
        f.step_statuses(&id).await,
        ["completed", "failed", "pending"]
    );
    assert_eq!(
        f.engine.run_due().await.unwrap(),
        0,
        "a failed step is not retried by itself"
    );

    f.engine.retry(&id, ADMIN).await.unwrap();
    assert_eq!(f.execution(&id).await.status, "running");
    assert_eq!(f.engine.run_due().await.unwrap(), 2);
    assert_eq!(f.execution(&id).await.status, "completed");
    let retry_again = f.engine.retry(&id, ADMIN).await;
    assert!(
        matches!(retry_again, Err(EngineError::Conflict(_))),
        "nothing failed any more"
    );
}

#[tokio::test]
async fn retries_give_up_after_the_last_attempt() {
    let f = fixture();
    for _ in 0..3 {
        f.remote
            .failures
            .lock()
            .unwrap()
            .push_back(StepError::Retryable {
                message: "503".into(),
                retry_after: None,
            });
    }
    let id = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    f.engine
        .submit_input(&id, json!({ "name": "Acme" }), ADMIN)
        .await
        .unwrap();
    for _ in 0..3 {
        f.engine.run_due().await.unwrap();
        f.clock.advance(chrono::Duration::seconds(60));
    }
    let step = f.step(&id, 2).await;
    assert_eq!(step.status, "failed");
    assert_eq!(step.attempts, 3);
    assert_eq!(
        step.error.as_deref(),
        Some("503 (gave up after 3 attempts)")
    );
}

#[tokio::test]
async fn complete_by_hand_records_who_the_id_and_the_note_then_continues() {
    let f = fixture();
    f.remote
        .failures
        .lock()
        .unwrap()
        .push_back(StepError::Fatal {
            message: "forbidden".into(),
        });
    let id = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    f.engine
        .submit_input(&id, json!({ "name": "Acme" }), ADMIN)
        .await
        .unwrap();
    f.engine.run_due().await.unwrap();

    f.engine
        .complete_by_hand(
            &id,
            json!({ "remote_id": "made-by-hand-7" }),
            "created it in the Slack admin",
            ADMIN,
        )
        .await
        .unwrap();
    let step = f.step(&id, 2).await;
    assert_eq!(step.status, "completed");
    assert_eq!(step.completed_by.as_deref(), Some(ADMIN));
    assert_eq!(step.output, Some(json!({ "remote_id": "made-by-hand-7" })));
    assert_eq!(
        step.manual_input.unwrap()["note"],
        "created it in the Slack admin"
    );
    f.engine.run_due().await.unwrap();
    assert_eq!(f.execution(&id).await.status, "completed");
    assert_eq!(
        f.remote.created(),
        0,
        "the remote system was never asked to create it"
    );
}

#[tokio::test]
async fn cancel_skips_what_is_left_and_is_final() {
    let f = fixture();
    let id = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    f.engine.cancel(&id, ADMIN).await.unwrap();
    assert_eq!(f.execution(&id).await.status, "cancelled");
    assert_eq!(
        f.step_statuses(&id).await,
        ["skipped", "skipped", "skipped"]
    );
    let input = f
        .engine
        .submit_input(&id, json!({ "name": "Acme" }), ADMIN)
        .await;
    assert!(matches!(input, Err(EngineError::Conflict(_))), "{input:?}");
    let again = f.engine.cancel(&id, ADMIN).await;
    assert!(matches!(again, Err(EngineError::Conflict(_))), "{again:?}");
}

#[tokio::test]
async fn a_crash_between_the_call_and_its_commit_creates_nothing_twice() {
    let f = fixture();
    let id = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    f.engine
        .submit_input(&id, json!({ "name": "Acme" }), ADMIN)
        .await
        .unwrap();
    *f.remote.crash_after_create.lock().unwrap() = true;
    let engine = f.engine.clone();
    let crashed = tokio::spawn(async move { engine.run_due().await }).await;
    assert!(crashed.is_err(), "the worker died mid-step");
    assert_eq!(
        f.step(&id, 2).await.status,
        "running",
        "the step was in flight when it died"
    );
    assert_eq!(
        f.remote.created(),
        1,
        "the remote object exists, the commit does not"
    );

    // Restart: a new engine over the same database file.
    drop(f.engine);
    let store = Store::open(&f.dir.path().join("hyopps.db")).unwrap();
    let engine = engine_for(&store, f.clock.clone(), &f.remote);
    assert_eq!(engine.resume().await.unwrap(), 1);
    engine.run_due().await.unwrap();
    let execution = {
        let id = id.clone();
        store
            .read(move |c| executions::get(c, &id))
            .await
            .unwrap()
            .unwrap()
    };
    assert_eq!(execution.status, "completed");
    assert_eq!(
        f.remote.created(),
        1,
        "the retry found the object instead of creating another"
    );
    assert_eq!(
        *f.remote.calls.lock().unwrap(),
        2,
        "the step was called again after the restart"
    );
}

#[tokio::test]
async fn after_a_restart_every_execution_continues_from_its_state() {
    let f = fixture();
    let awaiting = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    let due = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    f.engine
        .submit_input(&due, json!({ "name": "Due" }), ADMIN)
        .await
        .unwrap();
    let failed = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    let done = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    let cancelled = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    f.engine.cancel(&cancelled, ADMIN).await.unwrap();
    f.engine
        .submit_input(&done, json!({ "name": "Done" }), ADMIN)
        .await
        .unwrap();
    f.engine.run_due().await.unwrap(); // completes `due` and `done`
    f.engine
        .submit_input(&failed, json!({ "name": "Failed" }), ADMIN)
        .await
        .unwrap();
    f.remote
        .failures
        .lock()
        .unwrap()
        .push_back(StepError::Fatal {
            message: "no".into(),
        });
    f.engine.run_due().await.unwrap();
    let retried = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    f.engine
        .submit_input(&retried, json!({ "name": "Later" }), ADMIN)
        .await
        .unwrap();
    f.remote
        .failures
        .lock()
        .unwrap()
        .push_back(StepError::Retryable {
            message: "503".into(),
            retry_after: None,
        });
    f.engine.run_due().await.unwrap();
    let before: Vec<String> = {
        let mut v = Vec::new();
        for id in [&awaiting, &due, &failed, &done, &cancelled, &retried] {
            v.push(f.execution(id).await.status);
        }
        v
    };
    assert_eq!(
        before,
        [
            "awaiting_input",
            "completed",
            "failed",
            "completed",
            "cancelled",
            "running"
        ]
    );

    drop(f.engine);
    let store = Store::open(&f.dir.path().join("hyopps.db")).unwrap();
    let engine = engine_for(&store, f.clock.clone(), &f.remote);
    assert_eq!(engine.resume().await.unwrap(), 0, "nothing was in flight");
    f.clock.advance(chrono::Duration::minutes(5));
    engine.run_due().await.unwrap();
    engine
        .submit_input(&awaiting, json!({ "name": "Awaiting" }), ADMIN)
        .await
        .unwrap();
    engine.run_due().await.unwrap();
    let status = |id: String| {
        let store = store.clone();
        async move {
            store
                .read(move |c| executions::get(c, &id))
                .await
                .unwrap()
                .unwrap()
                .status
        }
    };
    assert_eq!(
        status(awaiting).await,
        "completed",
        "the form was taken after the restart"
    );
    assert_eq!(
        status(retried).await,
        "completed",
        "the scheduled retry ran after the restart"
    );
    assert_eq!(
        status(failed).await,
        "failed",
        "a failed step waits for an operator, restart or not"
    );
    assert_eq!(status(cancelled).await, "cancelled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_executions_at_once_with_background_workers() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("hyopps.db")).unwrap();
    define_test_workflow(&store);
    let remote = Arc::new(FakeRemote::default());
    let engine = engine_for(&store, Arc::new(SystemClock), &remote);
    let workers = engine.spawn_workers(4);

    let mut submissions = Vec::new();
    for n in 0..50 {
        let engine = engine.clone();
        submissions.push(tokio::spawn(async move {
            let id = engine.start(WORKFLOW, ADMIN, None).await?;
            engine
                .submit_input(&id, json!({ "name": format!("Org {n}") }), ADMIN)
                .await?;
            Ok::<_, EngineError>(id)
        }));
    }
    let mut ids = Vec::new();
    for submission in submissions {
        ids.push(
            submission
                .await
                .unwrap()
                .expect("no lock error, no refusal"),
        );
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let completed: i64 = store
            .read(|c| -> Result<i64, StoreError> {
                Ok(c.query_row(
                    "SELECT count(*) FROM workflow_executions WHERE status = 'completed'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .await
            .unwrap();
        if completed == 50 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "only {completed} of 50 completed in 30 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        remote.created(),
        50,
        "one remote object per organisation, none twice"
    );
    for worker in workers {
        worker.abort();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn calls_to_one_system_respect_its_concurrency_limit() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("hyopps.db")).unwrap();
    define_test_workflow(&store);
    let remote = Arc::new(FakeRemote::default());
    *remote.latency.lock().unwrap() = Duration::from_millis(50);
    let flow: Arc<dyn Workflow> = Arc::new(TestFlow {
        remote: Arc::clone(&remote),
    });
    let limits = SystemLimits {
        per_system: [(
            "remote",
            Limit {
                concurrency: 2,
                min_interval: Duration::ZERO,
            },
        )]
        .into(),
        ..SystemLimits::default()
    };
    let engine = Engine::with_limits(
        store.clone(),
        Arc::new(SystemClock),
        policy(),
        vec![flow],
        limits,
    );
    let workers = engine.spawn_workers(8);
    for n in 0..8 {
        let id = engine.start(WORKFLOW, ADMIN, None).await.unwrap();
        engine
            .submit_input(&id, json!({ "name": format!("Org {n}") }), ADMIN)
            .await
            .unwrap();
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while remote.created() < 8 {
        assert!(
            std::time::Instant::now() < deadline,
            "the calls did not all run"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let max = remote.in_flight.lock().unwrap().1;
    assert_eq!(
        max, 2,
        "8 workers, but never more than 2 calls to the system at once"
    );
    for worker in workers {
        worker.abort();
    }
}
