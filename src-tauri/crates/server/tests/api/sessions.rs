use std::sync::Arc;

use serde_json::{json, Value};

use super::support::*;

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_gives_a_bearer_token_and_the_seeded_admin_must_change_the_password_first() {
    let server = start().await;
    let answer = server
        .call(
            None,
            "sign_in",
            json!({"request": {"email": ADMIN_EMAIL, "password": SEEDED_PASSWORD}}),
        )
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let token = answer.body["token"]
        .as_str()
        .expect("a bearer token")
        .to_owned();
    assert_eq!(
        answer.body["user"]["email"], ADMIN_EMAIL,
        "the session's fields are those of the desktop's sign_in"
    );
    assert_eq!(answer.body["must_change_password"], true);

    let refused = server
        .call(Some(&token), "list_organizations", json!({"request": {}}))
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (403, "Forbidden"),
        "nothing but the password change before it is changed: {refused:?}"
    );
    let session = server
        .call(Some(&token), "current_session", json!({}))
        .await;
    assert_eq!(session.body["must_change_password"], true, "{session:?}");

    let changed = server
        .call(
            Some(&token),
            "change_password",
            json!({"request": {"current_password": SEEDED_PASSWORD, "new_password": ADMIN_PASSWORD}}),
        )
        .await;
    assert_eq!(changed.status, 200, "{changed:?}");
    assert_eq!(changed.body["must_change_password"], false);
    let listed = server
        .call(Some(&token), "list_organizations", json!({"request": {}}))
        .await;
    assert_eq!(
        listed.status, 200,
        "the same token works after the change: {listed:?}"
    );

    let signed_out = server.call(Some(&token), "sign_out", json!({})).await;
    assert_eq!(signed_out.status, 200, "{signed_out:?}");
    let session = server
        .call(Some(&token), "current_session", json!({}))
        .await;
    assert_eq!(
        (session.status, &session.body),
        (200, &Value::Null),
        "a signed-out token has no session, as in the desktop window"
    );
    let refused = server
        .call(Some(&token), "list_organizations", json!({"request": {}}))
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (401, "Unauthorized"),
        "{refused:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_password_or_a_made_up_token_is_401_with_the_cores_message() {
    let server = start().await;
    let wrong = server
        .sign_in(ADMIN_EMAIL, "not the password")
        .await
        .unwrap_err();
    assert_eq!(wrong.status, 401);
    assert_eq!(
        wrong.body,
        json!({"code": "Unauthorized", "message": "Email or password is incorrect."}),
        "the body is the wire error and nothing else"
    );
    for header in ["Bearer made-up", "Basic YWRtaW46YWRtaW4=", "Bearer"] {
        let response = reqwest::Client::new()
            .post(format!("{}/api/v1/list_executions", server.base))
            .header("authorization", header)
            .body(r#"{"request": {}}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 401, "{header}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_of_a_deleted_account_ends() {
    let server = start().await;
    let admin = server.admin().await;
    seed_people(&server).await;
    let partner = server.sign_in(PARTNER.0, PARTNER.1).await.unwrap();
    assert_eq!(
        server
            .call(Some(&partner), "partner_overview", json!({}))
            .await
            .status,
        200
    );
    let deleted = server
        .call(
            Some(&admin),
            "delete_user",
            json!({"request": {"user_id": "pat"}}),
        )
        .await;
    assert_eq!(deleted.status, 200, "{deleted:?}");
    let refused = server
        .call(Some(&partner), "partner_overview", json!({}))
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (401, "Unauthorized"),
        "{refused:?}"
    );
    assert_eq!(
        server
            .call(Some(&admin), "dashboard_summary", json!({}))
            .await
            .status,
        200,
        "other sessions carry on"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_idle_past_the_timeout_is_401_and_stays_ended() {
    let clock = Arc::new(hyopps_app::ManualClock::new(chrono::Utc::now()));
    let server = start_with_clock(clock.clone()).await;
    let admin = server.admin().await;
    clock.advance(chrono::Duration::hours(7));
    let still = server
        .call(Some(&admin), "dashboard_summary", json!({}))
        .await;
    assert_eq!(
        still.status, 200,
        "7 hours idle is within the timeout: {still:?}"
    );
    clock.advance(chrono::Duration::hours(8) + chrono::Duration::minutes(1));
    let expired = server
        .call(Some(&admin), "dashboard_summary", json!({}))
        .await;
    assert_eq!(
        (expired.status, expired.code()),
        (401, "Unauthorized"),
        "{expired:?}"
    );
    assert!(
        expired.body["message"]
            .as_str()
            .unwrap()
            .contains("8 hours"),
        "says why: {expired:?}"
    );
    let session = server
        .call(Some(&admin), "current_session", json!({}))
        .await;
    assert_eq!(
        session.body,
        Value::Null,
        "the session is gone, not just refused once"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_screen_reloading_itself_does_not_keep_an_idle_session_alive() {
    let clock = Arc::new(hyopps_app::ManualClock::new(chrono::Utc::now()));
    let server = start_with_clock(clock.clone()).await;
    let admin = server.admin().await;
    clock.advance(chrono::Duration::hours(7));
    for (command, args) in [
        (
            "list_executions",
            json!({"request": {}, "activity": "refresh"}),
        ),
        ("dashboard_summary", json!({"activity": "refresh"})),
    ] {
        let reloaded = server.call(Some(&admin), command, args).await;
        assert_eq!(reloaded.status, 200, "{command}: {reloaded:?}");
    }
    clock.advance(chrono::Duration::hours(1) + chrono::Duration::minutes(1));
    let expired = server
        .call(Some(&admin), "dashboard_summary", json!({}))
        .await;
    assert_eq!(
        (expired.status, expired.code()),
        (401, "Unauthorized"),
        "8 hours after the person's last action the session ends, reloads or not: {expired:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn sessions_outlive_a_restart_of_the_server_and_the_database_keeps_no_token() {
    let server = start().await;
    let admin = server.admin().await;
    seed_people(&server).await;
    let partner = server.sign_in(PARTNER.0, PARTNER.1).await.unwrap();

    let server = server.restarted().await;
    let dashboard = server
        .call(Some(&admin), "dashboard_summary", json!({}))
        .await;
    assert_eq!(
        dashboard.status, 200,
        "an upgrade or a crash of the server signs nobody out: {dashboard:?}"
    );
    let overview = server
        .call(Some(&partner), "partner_overview", json!({}))
        .await;
    assert_eq!(
        overview.status, 200,
        "the partner admin's session and organisation come back too: {overview:?}"
    );

    let kept: Vec<String> = server
        .store
        .read(|conn| -> Result<Vec<String>, hyopps_store::StoreError> {
            let mut rows = conn.prepare("SELECT token_sha256 || user_id FROM server_sessions")?;
            let kept = rows
                .query_map([], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            Ok(kept)
        })
        .await
        .unwrap();
    assert_eq!(kept.len(), 2, "one row per live session: {kept:?}");
    for token in [&admin, &partner] {
        assert!(
            kept.iter().all(|row| !row.contains(token.as_str())),
            "a copy of the database must not open anyone's session"
        );
    }

    let signed_out = server.call(Some(&partner), "sign_out", json!({})).await;
    assert_eq!(signed_out.status, 200, "{signed_out:?}");
    let server = server.restarted().await;
    let refused = server
        .call(Some(&partner), "partner_overview", json!({}))
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (401, "Unauthorized"),
        "a session signed out after a restart stays ended after the next: {refused:?}"
    );
    assert_eq!(
        server
            .call(Some(&admin), "dashboard_summary", json!({}))
            .await
            .status,
        200,
        "the other session carries on"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn after_a_restart_the_idle_timeout_and_a_password_change_still_end_sessions() {
    let clock = Arc::new(hyopps_app::ManualClock::new(chrono::Utc::now()));
    let server = start_with_clock(clock.clone()).await;
    let admin = server.admin().await;
    let other_desk = server.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let changed = server
        .call(
            Some(&admin),
            "change_password",
            json!({"request": {"current_password": ADMIN_PASSWORD, "new_password": "a newer passphrase"}}),
        )
        .await;
    assert_eq!(changed.status, 200, "{changed:?}");
    clock.advance(chrono::Duration::hours(7));
    let active = server
        .call(Some(&admin), "dashboard_summary", json!({}))
        .await;
    assert_eq!(active.status, 200, "{active:?}");

    let server = server.restarted().await;
    let ended = server
        .call(Some(&other_desk), "dashboard_summary", json!({}))
        .await;
    assert_eq!(
        (ended.status, ended.code()),
        (401, "Unauthorized"),
        "a session opened before the password changed stays ended across a restart: {ended:?}"
    );
    clock.advance(chrono::Duration::hours(7));
    let still = server
        .call(Some(&admin), "dashboard_summary", json!({}))
        .await;
    assert_eq!(
        still.status, 200,
        "the activity written before the restart counts: 7 hours idle is within the timeout: {still:?}"
    );
    clock.advance(chrono::Duration::hours(8) + chrono::Duration::minutes(1));
    let server = server.restarted().await;
    let expired = server
        .call(Some(&admin), "dashboard_summary", json!({}))
        .await;
    assert_eq!(
        (expired.status, expired.code()),
        (401, "Unauthorized"),
        "an idle session brought back from the database still times out: {expired:?}"
    );
}
