use hyopps_contract::COMMANDS;
use hyopps_server::MAX_BODY_BYTES;
use serde_json::json;

use super::support::*;

/// A refusal is `{code, message}` (and `fields` for validation) and nothing else: no stack
/// trace, no database message.
fn assert_plain_wire_error(answer: &Answer, status: u16, code: &str) {
    assert_eq!((answer.status, answer.code()), (status, code), "{answer:?}");
    let keys: Vec<&String> = answer.body.as_object().unwrap().keys().collect();
    assert!(
        keys.iter()
            .all(|k| ["code", "message", "fields"].contains(&k.as_str())),
        "only the wire error's fields: {answer:?}"
    );
    let message = answer.body["message"].as_str().unwrap();
    for leak in ["panicked", "SQLITE", "sqlite", "rusqlite", "src/", ".rs:"] {
        assert!(!message.contains(leak), "{leak} in {message}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_command_or_path_is_404_and_desktop_only_commands_are_not_served() {
    let server = start().await;
    let admin = server.admin().await;
    let unknown = server
        .call(Some(&admin), "drop_all_tables", json!({}))
        .await;
    assert_plain_wire_error(&unknown, 404, "NotFound");
    assert!(unknown.body["message"]
        .as_str()
        .unwrap()
        .contains("drop_all_tables"));

    for command in [
        "import_v03_database",
        "export_users_csv",
        "export_audit_log_csv",
        "remembered_email",
    ] {
        let answer = server
            .call(
                Some(&admin),
                command,
                json!({"request": {"path": "/etc/passwd"}}),
            )
            .await;
        assert_plain_wire_error(&answer, 404, "NotFound");
        assert!(
            answer.body["message"]
                .as_str()
                .unwrap()
                .contains("desktop app"),
            "{command}: says where it works: {answer:?}"
        );
    }
    assert_plain_wire_error(&server.get("/api/v2/anything").await, 404, "NotFound");
    assert_plain_wire_error(
        &server.get("/api/v1/list_executions").await,
        405,
        "NotFound",
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_server_command_of_the_table_is_routed() {
    let server = start().await;
    for spec in COMMANDS.iter().filter(|spec| spec.on_server()) {
        // Signed out, with arguments of no command: refused at the door or by the core, never
        // "not served".
        let answer = server.call(None, spec.name, json!({"request": 1})).await;
        assert!(
            [200, 400, 401].contains(&answer.status),
            "{}: {answer:?}",
            spec.name
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_that_is_not_the_commands_json_is_400_and_changes_nothing() {
    let server = start().await;
    let admin = server.admin().await;
    seed_people(&server).await;
    for body in [
        b"{not json".to_vec(),
        b"[1, 2]".to_vec(),
        br#"{"organization_id": "org-b", "name": "Renamed"}"#.to_vec(),
        br#"{"request": {"organization_id": "org-b", "name": 7, "account_types": []}}"#.to_vec(),
        vec![0xff, 0xfe, 0x00],
    ] {
        let answer = server
            .post("/api/v1/update_organization", Some(&admin), body.clone())
            .await;
        assert_plain_wire_error(&answer, 400, "Validation");
        assert!(
            answer.body["message"]
                .as_str()
                .unwrap()
                .contains("update_organization"),
            "names the command: {answer:?}"
        );
    }
    let organization = server
        .call(
            Some(&admin),
            "get_organization",
            json!({"request": {"organization_id": "org-b"}}),
        )
        .await;
    assert_eq!(
        organization.body["name"], "Org B",
        "nothing was renamed: {organization:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_over_one_mebibyte_is_413() {
    let server = start().await;
    let admin = server.admin().await;
    let padding = "x".repeat(MAX_BODY_BYTES);
    let body = serde_json::to_vec(&json!({"request": {"search": padding}})).unwrap();
    let answer = server.post("/api/v1/list_users", Some(&admin), body).await;
    assert_plain_wire_error(&answer, 413, "Validation");
    let signed_out = server
        .post("/api/v1/sign_in", None, vec![b' '; MAX_BODY_BYTES + 1])
        .await;
    assert_plain_wire_error(&signed_out, 413, "Validation");
}

#[tokio::test(flavor = "multi_thread")]
async fn validation_by_the_core_is_422_with_its_fields() {
    let server = start().await;
    let admin = server.admin().await;
    let answer = server
        .call(
            Some(&admin),
            "set_user_password",
            json!({"request": {"user_id": "nobody", "new_password": "short"}}),
        )
        .await;
    assert!(
        [404, 422].contains(&answer.status),
        "refused as unknown or invalid: {answer:?}"
    );
    let answer = server
        .call(
            None,
            "sign_in",
            json!({"request": {"email": "", "password": ""}}),
        )
        .await;
    assert_plain_wire_error(&answer, 422, "Validation");
    assert!(answer.body["fields"]["email"].is_string(), "{answer:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn health_answers_without_a_session() {
    let server = start().await;
    let health = server.get("/health").await;
    assert_eq!((health.status, &health.body["status"]), (200, &json!("ok")));
}
