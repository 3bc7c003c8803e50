//! Webhooks in Settings: "Test connection" prepares the call as the step would and reaches the
//! webhook's host without calling it; a body template that cannot work is refused when saved.

use super::*;
use hyopps_fakes::webhook::FakeWebhook;
use hyopps_fakes::FakeServer;

const WEBHOOK: &str = "webhooks.create_studio_user_company";

fn webhook_request(url: &str, body: &str) -> SaveSystemSettingsRequest {
    SaveSystemSettingsRequest {
        system: WEBHOOK.into(),
        values: BTreeMap::from([
            ("method".to_string(), "POST".to_string()),
            ("url".to_string(), url.to_string()),
            (
                "headers".to_string(),
                "Authorization: Bearer {{secret}}".to_string(),
            ),
            ("body".to_string(), body.to_string()),
            ("id_pointer".to_string(), "/id".to_string()),
        ]),
        secret: SecretChange::Set("whsec_never_shown".into()),
    }
}

const GOOD_BODY: &str = r#"{"email": {{email}}, "company": {{name}}}"#;

#[tokio::test]
async fn test_connection_reaches_the_webhooks_host_and_calls_nothing() {
    let f = fixture().await;
    let receiver = FakeWebhook::new();
    let server = FakeServer::start(receiver.router()).await.unwrap();
    f.app
        .save_system_settings(
            &f.admin,
            webhook_request(&format!("{}/hooks/company", server.url()), GOOD_BODY),
        )
        .await
        .unwrap();

    let check = f.app.test_connection(&f.admin, WEBHOOK).await.unwrap();

    assert!(check.ok, "{}", check.message);
    assert!(
        check
            .message
            .contains(&format!("{} accepts connections", server.address())),
        "says what was reached: {}",
        check.message
    );
    assert!(
        receiver.requests().is_empty(),
        "a webhook call would do the step's work: nothing is sent"
    );
    assert!(!check.message.contains("whsec_never_shown"));

    let address = server.address();
    drop(server);
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let check = f.app.test_connection(&f.admin, WEBHOOK).await.unwrap();
    assert!(
        !check.ok,
        "nothing listens there any more, so the test cannot say OK: {}",
        check.message
    );
    assert!(
        check
            .message
            .contains(&format!("{address} could not be reached")),
        "{}",
        check.message
    );
}

#[tokio::test]
async fn an_https_webhook_must_complete_a_tls_handshake() {
    let f = fixture().await;
    let receiver = FakeWebhook::new();
    let server = FakeServer::start(receiver.router()).await.unwrap();
    let plain_port_as_https = format!("https://{}/hooks/company", server.address());
    f.app
        .save_system_settings(&f.admin, webhook_request(&plain_port_as_https, GOOD_BODY))
        .await
        .unwrap();

    let check = f.app.test_connection(&f.admin, WEBHOOK).await.unwrap();

    assert!(
        !check.ok,
        "a port without TLS is no https endpoint: {}",
        check.message
    );
    assert!(
        check.message.contains("TLS handshake failed"),
        "{}",
        check.message
    );
    assert!(receiver.requests().is_empty(), "no request was sent");
}

#[tokio::test]
async fn a_body_template_that_cannot_work_is_refused_when_saved() {
    let f = fixture().await;
    let before = rows(&f.app, "integration_settings").await;
    for (body, expected) in [
        (r#"{"email": {{mail}}}"#, "{{mail}}"),
        (r#"{"email": "{{email}}"}"#, "not JSON"),
        (r#"{"email": {{email}"#, "without its }}"),
    ] {
        let error = WireError::from(
            f.app
                .save_system_settings(
                    &f.admin,
                    webhook_request("https://studio.example.com/hooks", body),
                )
                .await
                .unwrap_err(),
        );
        assert_eq!(error.code, ErrorCode::Validation, "{body}");
        let problem = error
            .fields
            .get("body")
            .unwrap_or_else(|| panic!("{body}: the body is named: {:?}", error.fields));
        assert!(problem.contains(expected), "{body}: {problem}");
    }
    let mut no_secret = webhook_request("https://studio.example.com/hooks", GOOD_BODY);
    no_secret.secret = SecretChange::Keep;
    let error = WireError::from(
        f.app
            .save_system_settings(&f.admin, no_secret)
            .await
            .unwrap_err(),
    );
    assert!(
        error.fields["headers"].contains("{{secret}}"),
        "a header that needs a secret nobody stored: {:?}",
        error.fields
    );
    assert_eq!(
        rows(&f.app, "integration_settings").await,
        before,
        "a refused save writes nothing"
    );

    f.app
        .save_system_settings(
            &f.admin,
            webhook_request("https://studio.example.com/hooks", GOOD_BODY),
        )
        .await
        .expect("a template the step can fill is saved");
}
