//! One execution's life: forms, auto steps, transient and fatal failures, and the operator's
//! Retry, Complete by hand and Cancel.

use std::time::Duration;

use hyopps_engine::{EngineError, StepError};
use hyopps_store::{executions, StoreError};
use serde_json::json;

use crate::support::{fixture, ADMIN, WORKFLOW};

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
            None,
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
