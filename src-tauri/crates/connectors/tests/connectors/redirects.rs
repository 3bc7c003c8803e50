//! Redirects: a request carries a secret (Metabase's API key, a webhook's secret header, an
//! OAuth client secret in a token request's body), so it is never sent on to another host.
//! The error says where the redirect pointed; a redirect within the same server still works.

use std::collections::BTreeMap;

use axum::extract::Path;
use axum::response::Redirect;
use axum::routing::any;
use hyopps_connectors::{
    ConnectorError, KeycloakApi, KeycloakConnector, KeycloakSettings, MetabaseConnector,
    MetabaseSettings, Secret, StudioApi, WebhookConnector, WebhookSettings,
};
use hyopps_fakes::keycloak::FakeKeycloak;
use hyopps_fakes::metabase::FakeMetabase;
use hyopps_fakes::redirect::redirect_router;
use hyopps_fakes::webhook::FakeWebhook;
use hyopps_fakes::FakeServer;

const METABASE_KEY: &str = "mb_RedirectedKey0123456789";
const WEBHOOK_SECRET: &str = "whsec-must-stay-home";
const KEYCLOAK_SECRET: &str = "kc-secret-must-stay-home";

/// The same server under another host name (`localhost` rather than `127.0.0.1`): another
/// host as far as an HTTP client can tell, which is all a test on one machine can offer.
fn elsewhere(server: &FakeServer) -> String {
    format!("http://localhost:{}", server.address().port())
}

/// A proxy on 127.0.0.1 answering every request with `status` to the same path on `target`.
async fn proxy_to(target: &str, status: u16) -> FakeServer {
    FakeServer::start(redirect_router(target, status))
        .await
        .expect("the redirecting proxy starts")
}

fn metabase_settings(url: String) -> MetabaseSettings {
    MetabaseSettings {
        url,
        api_key: Secret::new(METABASE_KEY),
        database_id: None,
        template_collection_id: None,
    }
}

fn permanent(error: ConnectorError) -> String {
    match error {
        ConnectorError::Permanent { message } => message,
        other => panic!("expected a permanent error, got {other:?}"),
    }
}

#[tokio::test]
async fn metabase_s_api_key_is_not_sent_on_to_another_host() {
    let fake = FakeMetabase::new(METABASE_KEY);
    let metabase = FakeServer::start(fake.router()).await.unwrap();
    let proxy = proxy_to(&elsewhere(&metabase), 307).await;

    let message = permanent(
        MetabaseConnector::new(metabase_settings(proxy.url()))
            .test_connection()
            .await
            .unwrap_err(),
    );

    assert_eq!(
        fake.requests("GET /api/user/current"),
        0,
        "the request with the x-api-key never reached the other host"
    );
    let target = format!("{}/api/user/current", elsewhere(&metabase));
    assert!(
        message.contains(&format!("redirected the request (HTTP 307) to {target}")),
        "says where it was redirected: {message}"
    );
    assert!(
        message.contains("enter it in Settings"),
        "says what to do: {message}"
    );
    assert!(!message.contains(METABASE_KEY), "no secret: {message}");
}

#[tokio::test]
async fn a_webhook_s_secret_header_is_not_sent_on_to_another_host() {
    let fake = FakeWebhook::new();
    let receiver = FakeServer::start(fake.router()).await.unwrap();
    let proxy = proxy_to(&elsewhere(&receiver), 308).await;
    let webhook = WebhookSettings {
        method: "POST".into(),
        url: format!("{}/studio/grants?tenant=7", proxy.url()),
        headers: vec![("X-Studio-Key".into(), "{{secret}}".into())],
        body: r#"{"user": {{email}}, "companies": {{studio_ids}}}"#.into(),
        id_pointer: String::new(),
        secret: Secret::new(WEBHOOK_SECRET),
    };
    let studio = WebhookConnector::new(BTreeMap::from([(
        "add_user_to_studio_companies".to_string(),
        webhook,
    )]));

    let message = permanent(
        studio
            .grant_companies("ada@example.com", &["1001".into()])
            .await
            .unwrap_err(),
    );

    assert!(
        fake.requests().is_empty(),
        "the secret header never reached the other host: {:?}",
        fake.requests()
    );
    let target = format!("{}/studio/grants", elsewhere(&receiver));
    assert!(
        message.contains(&format!("to {target},")),
        "says where it was redirected, without the query: {message}"
    );
    assert!(!message.contains(WEBHOOK_SECRET), "no secret: {message}");
}

#[tokio::test]
async fn keycloak_s_client_secret_is_not_resent_to_another_host() {
    let fake = FakeKeycloak::new("partners", "hyopps-admin", KEYCLOAK_SECRET);
    let keycloak = FakeServer::start(fake.router()).await.unwrap();
    // A 307 would make the client post the token request's form, secret and all, again.
    let proxy = proxy_to(&elsewhere(&keycloak), 307).await;
    let connector = KeycloakConnector::new(KeycloakSettings {
        url: proxy.url(),
        realm: "partners".into(),
        client_id: "hyopps-admin".into(),
        client_secret: Secret::new(KEYCLOAK_SECRET),
        invite_client_id: String::new(),
        redirect_uri: String::new(),
    });

    let message = permanent(
        connector
            .invite_user("ada@example.com", "Ada", "Lovelace", None, "ext-acme")
            .await
            .unwrap_err(),
    );

    assert_eq!(
        fake.tokens_issued(),
        0,
        "the client secret never reached the other host"
    );
    assert!(
        message.contains(&elsewhere(&keycloak)),
        "says where it was redirected: {message}"
    );
    assert!(!message.contains(KEYCLOAK_SECRET), "no secret: {message}");
}

#[tokio::test]
async fn a_redirect_within_the_same_server_is_followed() {
    let fake = FakeMetabase::new(METABASE_KEY);
    fake.set_key_is_admin(true);
    // Metabase moved from /old to / on the same server.
    let router = fake.router().route(
        "/old/{*rest}",
        any(|Path(rest): Path<String>| async move { Redirect::permanent(&format!("/{rest}")) }),
    );
    let metabase = FakeServer::start(router).await.unwrap();

    let summary = MetabaseConnector::new(metabase_settings(format!("{}/old", metabase.url())))
        .test_connection()
        .await
        .expect("a redirect to the same host and port carries the key safely");

    assert!(summary.starts_with("Signed in to Metabase"), "{summary}");
}

#[tokio::test]
async fn a_server_that_keeps_redirecting_is_given_up_with_a_clear_message() {
    let fake = FakeMetabase::new(METABASE_KEY);
    let router = fake.router().route(
        "/loop/{*rest}",
        any(
            |Path(rest): Path<String>| async move { Redirect::temporary(&format!("/loop/{rest}")) },
        ),
    );
    let metabase = FakeServer::start(router).await.unwrap();

    let message = permanent(
        MetabaseConnector::new(metabase_settings(format!("{}/loop", metabase.url())))
            .test_connection()
            .await
            .unwrap_err(),
    );

    assert!(
        message.contains("kept redirecting the request"),
        "{message}"
    );
    assert!(message.contains("Check the URL in Settings"), "{message}");
}
