//! Background workers: many executions at once, and the limits per outside system.

use std::sync::Arc;
use std::time::Duration;

use hyopps_engine::{Engine, EngineError, Limit, SystemClock, SystemLimits, Workflow};
use hyopps_store::{Store, StoreError};
use serde_json::json;

use crate::support::{
    define_test_workflow, engine_for, policy, FakeRemote, TestFlow, ADMIN, WORKFLOW,
};

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
