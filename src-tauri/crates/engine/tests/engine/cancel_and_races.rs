//! Cancelled is final, and the operator's actions check and change in one transaction: a step
//! still running when its execution is cancelled, and two clicks that arrive at once.

use std::time::Duration;

use hyopps_engine::{EngineError, StepError};
use hyopps_store::Store;
use serde_json::{json, Value};

use crate::support::{engine_for, fixture, wait_until, Fixture, ADMIN};

/// Starts an execution whose `call_remote` takes a while, runs it in the background and
/// cancels the execution while the call is in flight; returns when the step has answered.
async fn cancel_while_running(f: &Fixture) -> String {
    *f.remote.latency.lock().unwrap() = Duration::from_millis(200);
    let id = f.started_with_name("Acme").await;
    let engine = f.engine.clone();
    let worker = tokio::spawn(async move { engine.run_due().await });
    wait_until("the call is in flight", || {
        f.remote.in_flight.lock().unwrap().0 == 1
    })
    .await;
    f.engine
        .cancel(&id, ADMIN)
        .await
        .expect("a running execution can be cancelled");
    worker
        .await
        .unwrap()
        .expect("the step's answer is recorded");
    id
}

#[tokio::test]
async fn whatever_a_step_running_at_cancel_returns_leaves_the_execution_cancelled() {
    let answers = [
        StepError::Retryable {
            message: "Slack answered 503".into(),
            retry_after: None,
        },
        StepError::Fatal {
            message: "Slack refused the token".into(),
        },
        StepError::ManualTask {
            message: "Create the group by hand".into(),
        },
    ];
    for answer in answers {
        let f = fixture();
        let said = answer.message().to_string();
        f.remote.failures.lock().unwrap().push_back(answer);
        let id = cancel_while_running(&f).await;

        assert_eq!(
            f.execution(&id).await.status,
            "cancelled",
            "cancelled is final, whatever the step said: {said}"
        );
        let step = f.step(&id, 2).await;
        assert_eq!(step.status, "skipped", "{said}");
        assert!(
            step.error.as_deref().is_some_and(|e| e.contains(&said)),
            "the step's answer is recorded on the step: {:?}",
            step.error
        );
        assert_eq!(f.step(&id, 3).await.status, "skipped");
        f.clock.advance(chrono::Duration::hours(2));
        assert_eq!(
            f.engine.run_due().await.unwrap(),
            0,
            "nothing is scheduled again: {said}"
        );
        assert_eq!(*f.remote.calls.lock().unwrap(), 1, "{said}");
    }
}

#[tokio::test]
async fn a_step_that_succeeds_after_cancel_keeps_its_result_and_goes_no_further() {
    let f = fixture();
    let id = cancel_while_running(&f).await;
    let step = f.step(&id, 2).await;
    assert_eq!(step.status, "completed", "what the system did is recorded");
    assert_eq!(step.output, Some(json!({ "remote_id": "remote-1" })));
    assert_eq!(f.step(&id, 3).await.status, "skipped");
    assert_eq!(f.execution(&id).await.status, "cancelled");
    assert_eq!(f.engine.run_due().await.unwrap(), 0);
}

#[tokio::test]
async fn a_step_in_flight_at_cancel_is_not_run_again_after_a_restart() {
    let f = fixture();
    *f.remote.hang_after_create.lock().unwrap() = true;
    let id = f.started_with_name("Acme").await;
    let engine = f.engine.clone();
    let worker = tokio::spawn(async move { engine.run_due().await });
    wait_until("the remote object is created", || f.remote.created() == 1).await;
    f.engine.cancel(&id, ADMIN).await.unwrap();
    worker.abort(); // the app stops while the call is in flight

    drop(f.engine);
    let store = Store::open(&f.dir.path().join("hyopps.db")).unwrap();
    let engine = engine_for(&store, f.clock.clone(), &f.remote);
    assert_eq!(
        engine.resume().await.unwrap(),
        0,
        "a cancelled execution resumes nothing"
    );
    assert_eq!(engine.run_due().await.unwrap(), 0);
    assert_eq!(
        *f.remote.calls.lock().unwrap(),
        1,
        "the step was not called again"
    );
    let step = {
        let id = id.clone();
        store
            .read(move |c| hyopps_store::executions::steps(c, &id))
            .await
            .unwrap()
            .remove(1)
    };
    assert_eq!(step.status, "skipped");
    assert!(step.error.is_some(), "the step says why it did not finish");
}

/// An execution whose `call_remote` failed for good, waiting for the operator.
async fn failed_execution(f: &Fixture) -> String {
    f.remote
        .failures
        .lock()
        .unwrap()
        .push_back(StepError::Fatal {
            message: "forbidden".into(),
        });
    let id = f.started_with_name("Acme").await;
    f.engine.run_due().await.unwrap();
    assert_eq!(f.execution(&id).await.status, "failed");
    id
}

/// Exactly one of two simultaneous actions went through; the other was refused as a conflict.
fn one_went_through<T: std::fmt::Debug>(
    what: &str,
    a: Result<T, EngineError>,
    b: Result<T, EngineError>,
) {
    let through = [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count();
    assert_eq!(
        through, 1,
        "{what}: exactly one goes through ({a:?}, {b:?})"
    );
    for refused in [a, b].into_iter().filter_map(Result::err) {
        assert!(
            matches!(refused, EngineError::Conflict(_)),
            "{what}: {refused:?}"
        );
    }
}

#[tokio::test]
async fn two_retries_at_once_run_the_step_once() {
    for _ in 0..10 {
        let f = fixture();
        let id = failed_execution(&f).await;
        let (a, b) = tokio::join!(f.engine.retry(&id, ADMIN), f.engine.retry(&id, ADMIN));
        one_went_through("two retries", a, b);
        assert_eq!(f.audited(&id, "step_retried").await, 1);
        assert_eq!(f.engine.run_due().await.unwrap(), 2);
        assert_eq!(
            *f.remote.calls.lock().unwrap(),
            2,
            "one failed call, one retry"
        );
    }
}

#[tokio::test]
async fn two_hand_completions_at_once_complete_the_step_once() {
    for _ in 0..10 {
        let f = fixture();
        let id = failed_execution(&f).await;
        let by_hand = |n: u8| {
            f.engine.complete_by_hand(
                &id,
                json!({ "remote_id": format!("by-hand-{n}") }),
                "made it in Slack",
                ADMIN,
                None,
            )
        };
        let (a, b) = tokio::join!(by_hand(1), by_hand(2));
        one_went_through("two hand completions", a, b);
        assert_eq!(f.audited(&id, "step_completed_by_hand").await, 1);
        let output = f.step(&id, 2).await.output.unwrap();
        assert!(output["remote_id"]
            .as_str()
            .is_some_and(|s| s.starts_with("by-hand-")));
    }
}

#[tokio::test]
async fn two_cancels_at_once_cancel_once() {
    for _ in 0..10 {
        let f = fixture();
        let id = failed_execution(&f).await;
        let (a, b) = tokio::join!(f.engine.cancel(&id, ADMIN), f.engine.cancel(&id, ADMIN));
        one_went_through("two cancels", a, b);
        assert_eq!(f.audited(&id, "execution_cancelled").await, 1);
    }
}

#[tokio::test]
async fn retry_and_cancel_at_once_leave_the_execution_cancelled() {
    for _ in 0..10 {
        let f = fixture();
        let id = failed_execution(&f).await;
        let (retried, cancelled) =
            tokio::join!(f.engine.retry(&id, ADMIN), f.engine.cancel(&id, ADMIN));
        cancelled.expect("cancel wins over a retry that came with it");
        if let Err(refused) = retried {
            assert!(matches!(refused, EngineError::Conflict(_)), "{refused:?}");
        }
        assert_eq!(
            f.execution(&id).await.status,
            "cancelled",
            "cancelled is final"
        );
        assert_eq!(
            f.engine.run_due().await.unwrap(),
            0,
            "the retry runs nothing"
        );
        let statuses: Vec<Value> = f
            .step_statuses(&id)
            .await
            .into_iter()
            .map(Value::from)
            .collect();
        assert_eq!(statuses, ["completed", "skipped", "skipped"]);
    }
}
