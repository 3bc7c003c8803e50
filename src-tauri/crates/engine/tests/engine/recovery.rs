//! Stopping and starting again: a step in flight when the app stops, and every state an
//! execution can be in, carried over a restart.

use hyopps_engine::StepError;
use hyopps_store::{executions, Store};
use serde_json::json;

use crate::support::{engine_for, fixture, wait_until, ADMIN, WORKFLOW};

#[tokio::test]
async fn a_crash_between_the_call_and_its_commit_creates_nothing_twice() {
    let f = fixture();
    let id = f.engine.start(WORKFLOW, ADMIN, None).await.unwrap();
    f.engine
        .submit_input(&id, json!({ "name": "Acme" }), ADMIN)
        .await
        .unwrap();
    *f.remote.hang_after_create.lock().unwrap() = true;
    let engine = f.engine.clone();
    let worker = tokio::spawn(async move { engine.run_due().await });
    wait_until("the remote object is created", || f.remote.created() == 1).await;
    worker.abort(); // the app stops while the call is in flight
    assert!(worker.await.unwrap_err().is_cancelled());
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
