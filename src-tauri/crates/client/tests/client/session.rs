use std::time::Duration;

use hyopps_client::{ServerClient, ServerEvent};
use hyopps_contract::commands::{self as c, NoArgs, RequestArgs};
use hyopps_contract::{ChangePasswordRequest, ErrorCode, StartExecutionRequest};
use serde_json::json;

use crate::server::*;

#[tokio::test(flavor = "multi_thread")]
async fn a_client_checks_the_server_signs_in_and_calls_the_table_s_commands() {
    let server = start(false).await;
    let client = ServerClient::new(&server.address, Some("ops-desk-3")).unwrap();
    let version = client
        .check()
        .await
        .expect("hyopps-server answers its health check");
    assert_eq!(version, env!("CARGO_PKG_VERSION"));

    let (token, session) = client
        .sign_in(&sign_in_request(ADMIN, SEEDED_PASSWORD))
        .await
        .unwrap();
    assert!(
        session.must_change_password,
        "the seeded admin must choose a password"
    );
    assert!(
        !format!("{token:?}").contains(|c: char| c.is_ascii_digit()),
        "the token is never printed"
    );
    let changed = client
        .command::<c::ChangePassword>(
            Some(&token),
            &RequestArgs {
                request: ChangePasswordRequest {
                    current_password: SEEDED_PASSWORD.into(),
                    new_password: ADMIN_PASSWORD.into(),
                },
            },
        )
        .await
        .unwrap();
    assert!(!changed.must_change_password);

    let workflows = client
        .command::<c::ListWorkflows>(Some(&token), &NoArgs {})
        .await
        .unwrap();
    assert!(
        workflows.iter().any(|w| w.name == "new_partner"),
        "the admin's workflows come from the server: {workflows:?}"
    );
    let by_name = client
        .call(Some(&token), "list_executions", &json!({"request": {}}))
        .await
        .unwrap();
    assert_eq!(
        by_name["total"], 0,
        "a command by name answers the server's JSON"
    );

    let refused = client
        .command::<c::ListWorkflows>(None, &NoArgs {})
        .await
        .unwrap_err();
    assert_eq!(
        refused.code,
        ErrorCode::Unauthorized,
        "the server's own refusal passes through unchanged: {refused:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_event_stream_carries_the_session_s_executions_and_ends_with_it() {
    let server = start(false).await;
    let client = ServerClient::new(&server.address, None).unwrap();
    let (token, _) = client
        .sign_in(&sign_in_request(ADMIN, SEEDED_PASSWORD))
        .await
        .unwrap();
    client
        .command::<c::ChangePassword>(
            Some(&token),
            &RequestArgs {
                request: ChangePasswordRequest {
                    current_password: SEEDED_PASSWORD.into(),
                    new_password: ADMIN_PASSWORD.into(),
                },
            },
        )
        .await
        .unwrap();
    let mut events = client.events(&token).await.unwrap();
    let started = client
        .command::<c::StartExecution>(
            Some(&token),
            &RequestArgs {
                request: StartExecutionRequest {
                    workflow: "new_partner".into(),
                },
            },
        )
        .await
        .unwrap();
    let event = tokio::time::timeout(Duration::from_secs(10), events.next())
        .await
        .expect("an event within 10 s")
        .unwrap();
    match event {
        Some(ServerEvent::ExecutionChanged(change)) => {
            assert_eq!(
                change.execution_id, started.summary.id,
                "the event names the execution"
            )
        }
        other => panic!("the new execution's event, got {other:?}"),
    }

    client
        .command::<c::SignOut>(Some(&token), &NoArgs {})
        .await
        .unwrap();
    let ended = loop {
        match tokio::time::timeout(Duration::from_secs(10), events.next())
            .await
            .expect("the stream ends within 10 s of signing out")
        {
            Ok(Some(ServerEvent::ExecutionChanged(_))) => continue,
            other => break other,
        }
    };
    assert!(
        matches!(ended, Ok(Some(ServerEvent::SessionEnded(ref e))) if e.code == ErrorCode::Unauthorized)
            || matches!(ended, Ok(None)),
        "signing out ends the stream: {ended:?}"
    );
}
