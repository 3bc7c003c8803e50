//! A step whose result cannot be saved, a step that panics, and a system that asks for an
//! absurd wait: each ends as a step the operator can see and act on, never a step left running.

use std::time::Duration;

use hyopps_engine::StepError;
use hyopps_store::StoreError;
use serde_json::json;

use crate::support::{fixture, Fixture, ADMIN};

/// Another record already holds the id that `call_remote`'s side effect writes, so saving the
/// step's result hits a UNIQUE constraint; returns the execution and a way to lift the clash.
async fn clash_at_commit(f: &Fixture) -> String {
    let id = f.started_with_name("Acme").await;
    let group = format!("group-{id}");
    f.store
        .write(move |tx| -> Result<(), StoreError> {
            tx.execute(
                "INSERT INTO organizations (id, name, created_at) VALUES ('org-Other', 'Other', 'now')",
                [],
            )?;
            tx.execute(
                "INSERT INTO system_groups (id, organization_id, tool, external_id, created_at)
                 VALUES (?1, 'org-Other', 'slack', 'theirs', 'now')",
                [&group],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    id
}

async fn lift_clash(f: &Fixture) {
    f.store
        .write(|tx| -> Result<(), StoreError> {
            tx.execute(
                "DELETE FROM system_groups WHERE organization_id = 'org-Other'",
                [],
            )?;
            Ok(())
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn a_result_that_cannot_be_saved_fails_the_step_with_the_reason() {
    let f = fixture();
    let id = clash_at_commit(&f).await;

    let ran = f.engine.run_due().await;
    assert!(
        ran.is_ok(),
        "a result that cannot be saved is the step's failure, not the worker's: {ran:?}"
    );
    let step = f.step(&id, 2).await;
    assert_eq!(
        step.status, "failed",
        "the step must not stay running for ever"
    );
    let reason = step.error.expect("the step says why it failed");
    assert!(
        reason.contains("could not be saved") && reason.contains("UNIQUE constraint failed"),
        "the reason names what went wrong: {reason}"
    );
    let execution = f.execution(&id).await;
    assert_eq!(
        execution.status, "failed",
        "Retry and Complete by hand need a failed execution"
    );
    assert_eq!(
        execution.error.as_deref(),
        Some(reason.as_str()),
        "the window shows the reason"
    );
    assert_eq!(f.audited(&id, "step_failed").await, 1);

    lift_clash(&f).await;
    f.engine.retry(&id, ADMIN).await.expect("Retry is offered");
    assert_eq!(f.engine.run_due().await.unwrap(), 2);
    assert_eq!(f.execution(&id).await.status, "completed");
    assert_eq!(
        f.remote.created(),
        1,
        "the retry found the object the first run made"
    );
}

#[tokio::test]
async fn a_result_that_cannot_be_saved_can_be_completed_by_hand() {
    let f = fixture();
    let id = clash_at_commit(&f).await;
    f.engine.run_due().await.unwrap();
    assert_eq!(f.step(&id, 2).await.status, "failed");

    lift_clash(&f).await;
    f.engine
        .complete_by_hand(
            &id,
            json!({ "remote_id": "remote-1" }),
            "checked it in Slack",
            ADMIN,
            None,
        )
        .await
        .expect("Complete by hand is offered");
    assert_eq!(f.step(&id, 2).await.status, "completed");
    f.engine.run_due().await.unwrap();
    assert_eq!(f.execution(&id).await.status, "completed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_step_fails_with_internal_error_and_the_worker_carries_on() {
    let f = fixture();
    let workers = f.engine.spawn_workers(1);
    *f.remote.panic_after_create.lock().unwrap() = true;
    let first = f.started_with_name("First").await;

    let step = f.step_reaches(&first, 2, "failed").await;
    let reason = step.error.unwrap();
    assert!(
        reason.contains("internal error"),
        "the step says what happened: {reason}"
    );
    assert_eq!(f.execution(&first).await.status, "failed");

    let second = f.started_with_name("Second").await;
    f.step_reaches(&second, 3, "completed").await;
    assert_eq!(
        f.execution(&second).await.status,
        "completed",
        "the only worker went on to run the next execution"
    );

    f.engine
        .retry(&first, ADMIN)
        .await
        .expect("Retry is offered");
    f.step_reaches(&first, 3, "completed").await;
    assert_eq!(
        f.remote.created(),
        2,
        "the retry found the object made before the panic"
    );
    for worker in workers {
        worker.abort();
    }
}

#[tokio::test]
async fn an_enormous_retry_after_waits_an_hour_at_most() {
    let f = fixture();
    f.remote
        .failures
        .lock()
        .unwrap()
        .push_back(StepError::Retryable {
            message: "Slack answered 429".into(),
            retry_after: Some(Duration::from_secs(10_000_000_000_000)),
        });
    let id = f.started_with_name("Acme").await;

    let ran = f.engine.run_due().await;
    assert!(
        ran.is_ok(),
        "an absurd Retry-After must not break the worker: {ran:?}"
    );
    let step = f.step(&id, 2).await;
    assert_eq!(step.status, "pending", "the step waits for its retry");
    assert_eq!(
        step.next_attempt_at.as_deref(),
        Some("2026-11-25T10:00:00.000Z"),
        "a Retry-After is honoured up to one hour"
    );
}
