//! Where each action came from: the workstation a desktop names and its address go into the
//! audit entry of every action of the request, the engine's too; a script without the header
//! is recorded by its address.

use serde_json::{json, Value};

use super::support::*;

async fn entries(server: &Server, token: &str, action: &str) -> Vec<Value> {
    let page = server
        .call(
            Some(token),
            "list_audit_log",
            json!({"request": {"filter": {"action": action}}}),
        )
        .await;
    assert_eq!(page.status, 200, "{page:?}");
    page.body["items"].as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_audit_entry_of_a_request_records_the_workstation_and_its_address() {
    let server = start().await;
    let token = server.admin().await;
    let started = server
        .post_with_header(
            "/api/v1/start_execution",
            &token,
            ("x-hyopps-workstation", "ops-desk-3"),
            json!({"request": {"workflow": "new_partner"}}),
        )
        .await;
    assert_eq!(started.status, 200, "{started:?}");

    let start_entries = entries(&server, &token, "execution_started").await;
    assert_eq!(start_entries.len(), 1, "{start_entries:?}");
    assert_eq!(
        start_entries[0]["client"], "ops-desk-3 (127.0.0.1)",
        "the engine's entry of the request records the desk and its address"
    );

    // The admin's sign-in came without the header: its address only.
    let sign_ins = entries(&server, &token, "signed_in").await;
    assert!(!sign_ins.is_empty());
    assert!(
        sign_ins.iter().all(|entry| entry["client"] == "127.0.0.1"),
        "{sign_ins:?}"
    );

    let forged = server
        .post_with_header(
            "/api/v1/start_execution",
            &token,
            ("x-hyopps-workstation", &"desk".repeat(20)),
            json!({"request": {"workflow": "new_partner"}}),
        )
        .await;
    assert_eq!(forged.status, 200);
    let start_entries = entries(&server, &token, "execution_started").await;
    assert_eq!(
        start_entries[0]["client"], "127.0.0.1",
        "a name too long to be a workstation's is left out, the address stays"
    );
}
