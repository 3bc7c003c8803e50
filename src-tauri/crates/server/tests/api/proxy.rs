//! Behind a reverse proxy: the sign-in limit and the audit log use the client a trusted proxy
//! names in `X-Forwarded-For`; from anyone else the header changes nothing.

use std::time::Duration;

use hyopps_server::SignInLimit;
use serde_json::{json, Value};

use super::support::*;

const TWO_TRIES: SignInLimit = SignInLimit {
    attempts: 2,
    window: Duration::from_secs(600),
};

/// `POST /api/v1/<command>` as forwarded for `client`.
async fn forwarded(
    server: &Server,
    client: &str,
    token: Option<&str>,
    command: &str,
    args: Value,
) -> Answer {
    let mut request = reqwest::Client::new()
        .post(format!("{}/api/v1/{command}", server.base))
        .header("x-forwarded-for", client)
        .json(&args);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    answer(request.send().await.expect("the server answers")).await
}

async fn wrong_sign_in(server: &Server, client: &str) -> Answer {
    forwarded(
        server,
        client,
        None,
        "sign_in",
        json!({"request": {"email": ADMIN_EMAIL, "password": "a guess"}}),
    )
    .await
}

async fn last_client(server: &Server, token: &str, action: &str) -> Value {
    let page = server
        .call(
            Some(token),
            "list_audit_log",
            json!({"request": {"filter": {"action": action}}}),
        )
        .await;
    assert_eq!(page.status, 200, "{page:?}");
    page.body["items"][0]["client"].clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn behind_a_trusted_proxy_each_client_has_its_own_sign_in_limit_and_its_address_in_the_audit()
{
    let server = start_behind_proxy(TWO_TRIES).await;
    for _ in 0..2 {
        assert_eq!(wrong_sign_in(&server, "203.0.113.7").await.status, 401);
    }
    let paused = wrong_sign_in(&server, "203.0.113.7").await;
    assert_eq!(
        paused.status, 429,
        "the guessing client is paused: {paused:?}"
    );
    let colleague = wrong_sign_in(&server, "198.51.100.9, 203.0.113.7").await;
    assert_eq!(
        colleague.status, 429,
        "a client's own claim left of the proxy's entry changes nothing: {colleague:?}"
    );
    let colleague = wrong_sign_in(&server, "198.51.100.9").await;
    assert_eq!(
        colleague.status, 401,
        "another client behind the same proxy still may try: {colleague:?}"
    );

    let admin = server.admin().await;
    let started = forwarded(
        &server,
        "2001:db8::7",
        Some(&admin),
        "start_execution",
        json!({"request": {"workflow": "new_partner"}}),
    )
    .await;
    assert_eq!(started.status, 200, "{started:?}");
    assert_eq!(
        last_client(&server, &admin, "execution_started").await,
        "2001:db8::7",
        "the audit log names the client, not the proxy"
    );
    let malformed = forwarded(
        &server,
        "unknown",
        Some(&admin),
        "start_execution",
        json!({"request": {"workflow": "new_partner"}}),
    )
    .await;
    assert_eq!(malformed.status, 200, "{malformed:?}");
    assert_eq!(
        last_client(&server, &admin, "execution_started").await,
        "127.0.0.1",
        "a header that is not an address is not guessed at: the proxy's address stands"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn from_a_client_that_is_not_a_trusted_proxy_the_header_is_ignored() {
    let server = start_with(TWO_TRIES).await;
    // Signed in first: the guessing below pauses this address.
    let admin = server.admin().await;
    assert_eq!(wrong_sign_in(&server, "203.0.113.1").await.status, 401);
    assert_eq!(wrong_sign_in(&server, "203.0.113.2").await.status, 401);
    let paused = wrong_sign_in(&server, "203.0.113.3").await;
    assert_eq!(
        paused.status, 429,
        "a made-up X-Forwarded-For does not buy a guesser new attempts: {paused:?}"
    );

    let started = forwarded(
        &server,
        "203.0.113.4",
        Some(&admin),
        "start_execution",
        json!({"request": {"workflow": "new_partner"}}),
    )
    .await;
    assert_eq!(started.status, 200, "{started:?}");
    assert_eq!(
        last_client(&server, &admin, "execution_started").await,
        "127.0.0.1",
        "nor does it put someone else's address in the audit log"
    );
}
