//! The Studio webhook connector against a recording receiver: the body template, the secret
//! header, the returned id, the manual task when no webhook is set, and status mapping.

use std::collections::BTreeMap;
use std::time::Duration;

use hyopps_connectors::{
    ConnectorError, KeycloakApi, Secret, StudioApi, WebhookConnector, WebhookSettings,
};
use hyopps_fakes::webhook::FakeWebhook;
use hyopps_fakes::FakeServer;
use serde_json::json;

const GRANT: &str = "add_user_to_studio_companies";
const COMPANY: &str = "create_studio_user_company";
const INVITE: &str = "send_studio_invite";
const SECRET: &str = "whsec-studio-0042";

struct Receiver {
    fake: FakeWebhook,
    server: FakeServer,
}

impl Receiver {
    async fn start() -> Self {
        let fake = FakeWebhook::new();
        fake.require_header("authorization", &format!("Bearer {SECRET}"));
        let server = FakeServer::start(fake.router())
            .await
            .expect("the receiver starts");
        Self { fake, server }
    }

    fn webhook(&self, path: &str, body: &str, id_pointer: &str) -> WebhookSettings {
        WebhookSettings {
            method: "POST".into(),
            url: format!("{}{path}", self.server.url()),
            headers: vec![
                ("Authorization".into(), "Bearer {{secret}}".into()),
                ("X-Source".into(), "HyOpps".into()),
            ],
            body: body.into(),
            id_pointer: id_pointer.into(),
            secret: Secret::new(SECRET),
        }
    }

    fn grant_webhook(&self) -> WebhookSettings {
        self.webhook(
            "/studio/grants",
            r#"{"user": {{email}}, "companies": {{ studio_ids }}, "source": "hyopps"}"#,
            "",
        )
    }

    fn company_webhook(&self) -> WebhookSettings {
        self.webhook(
            "/studio/companies",
            r#"{"owner": {{email}}, "company": {"name": {{name}}, "kind": "personal"}}"#,
            "/data/id",
        )
    }
}

fn connector(webhooks: &[(&str, WebhookSettings)]) -> WebhookConnector {
    WebhookConnector::new(
        webhooks
            .iter()
            .map(|(step, webhook)| (step.to_string(), webhook.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
}

fn permanent(error: ConnectorError) -> String {
    match error {
        ConnectorError::Permanent { message } => message,
        other => panic!("expected a permanent error, got {other:?}"),
    }
}

#[tokio::test]
async fn granting_companies_fills_the_template_and_sends_the_secret() {
    let receiver = Receiver::start().await;
    let studio = connector(&[(GRANT, receiver.grant_webhook())]);

    studio
        .grant_companies("ada@example.com", &["1001".into(), "2002".into()])
        .await
        .expect("the webhook accepts");

    let requests = receiver.fake.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/studio/grants")
    );
    assert_eq!(
        request.body,
        json!({"user": "ada@example.com", "companies": ["1001", "2002"], "source": "hyopps"}),
        "strings arrive quoted and the ids as a JSON array"
    );
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {SECRET}").as_str()),
        "{{{{secret}}}} is replaced in header values"
    );
    assert_eq!(request.header("x-source"), Some("HyOpps"));
    assert_eq!(request.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn inserted_values_stay_valid_escaped_json() {
    let receiver = Receiver::start().await;
    receiver
        .fake
        .respond_with(201, json!({"data": {"id": "c-77"}}));
    let studio = connector(&[(COMPANY, receiver.company_webhook())]);
    let name = "Zoë \"The Boss\" O'Brien \\ <x> {{email}}";

    studio
        .create_user_company("zoe@example.com", name)
        .await
        .expect("created");

    assert_eq!(
        receiver.fake.requests()[0].body,
        json!({"owner": "zoe@example.com", "company": {"name": name, "kind": "personal"}}),
        "quotes, backslashes and even a placeholder inside a value arrive unchanged"
    );
}

#[tokio::test]
async fn the_new_company_id_is_read_at_the_pointer() {
    let receiver = Receiver::start().await;
    let studio = connector(&[(COMPANY, receiver.company_webhook())]);

    receiver
        .fake
        .respond_next(201, json!({"data": {"id": "c-77"}}), None);
    let company = studio
        .create_user_company("ada@example.com", "Ada Lovelace")
        .await
        .expect("created");
    assert_eq!(
        (company.id.as_str(), company.name.as_str()),
        ("c-77", "Ada Lovelace")
    );

    receiver
        .fake
        .respond_next(200, json!({"data": {"id": 4711}}), None);
    let company = studio
        .create_user_company("ada@example.com", "Ada Lovelace")
        .await
        .expect("a numeric id");
    assert_eq!(company.id, "4711");
    // The webhook is called again on a retry: whether Studio creates a second company is the
    // receiver's concern (it must be idempotent per owner); HyOpps sends the same body.
    let requests = receiver.fake.requests();
    assert_eq!(
        requests[0].body, requests[1].body,
        "a retry sends the same request"
    );
}

#[tokio::test]
async fn an_answer_without_an_id_is_permanent_and_names_the_pointer() {
    let receiver = Receiver::start().await;
    let studio = connector(&[(COMPANY, receiver.company_webhook())]);

    for answer in [
        json!({"data": {}}),
        json!({"data": {"id": ""}}),
        json!({"data": {"id": null}}),
    ] {
        receiver.fake.respond_next(201, answer.clone(), None);
        let message = permanent(
            studio
                .create_user_company("ada@example.com", "Ada Lovelace")
                .await
                .expect_err("no id"),
        );
        assert!(
            message.contains("/data/id"),
            "the pointer is named for {answer}: {message}"
        );
        assert!(message.contains("Settings → Webhooks"), "{message}");
    }
}

#[tokio::test]
async fn without_a_webhook_each_step_is_a_manual_task_that_says_what_to_do() {
    let studio = connector(&[]);

    let grant = studio
        .grant_companies("ada@example.com", &["1001".into(), "2002".into()])
        .await
        .unwrap_err();
    let ConnectorError::ManualTask { instructions } = grant else {
        panic!("expected a manual task, got {grant:?}");
    };
    for expected in [
        "ada@example.com",
        "1001, 2002",
        "in Studio",
        "complete this step by hand",
    ] {
        assert!(
            instructions.contains(expected),
            "{expected:?} in {instructions}"
        );
    }

    let company = studio
        .create_user_company("ada@example.com", "Ada Lovelace")
        .await
        .unwrap_err();
    let ConnectorError::ManualTask { instructions } = company else {
        panic!("expected a manual task, got {company:?}");
    };
    for expected in [
        "\"Ada Lovelace\"",
        "ada@example.com",
        "Studio id",
        "complete this step by hand",
    ] {
        assert!(
            instructions.contains(expected),
            "{expected:?} in {instructions}"
        );
    }
}

#[tokio::test]
async fn an_unknown_placeholder_is_named_and_nothing_is_sent() {
    let receiver = Receiver::start().await;
    let mut webhook = receiver.grant_webhook();
    webhook.body = r#"{"user": {{email}}, "org": {{organisation}}}"#.into();
    let studio = connector(&[(GRANT, webhook)]);

    let message = permanent(
        studio
            .grant_companies("ada@example.com", &["1".into()])
            .await
            .unwrap_err(),
    );

    assert!(message.contains("{{organisation}}"), "{message}");
    assert!(
        message.contains("email, studio_ids"),
        "the keys it could use: {message}"
    );
    assert!(
        receiver.fake.requests().is_empty(),
        "no call with a broken body"
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_once_filled_is_refused_with_a_hint() {
    let receiver = Receiver::start().await;
    let mut webhook = receiver.grant_webhook();
    webhook.body = r#"{"user": "{{email}}"}"#.into();
    let studio = connector(&[(GRANT, webhook)]);

    let message = permanent(
        studio
            .grant_companies("ada@example.com", &["1".into()])
            .await
            .unwrap_err(),
    );

    assert!(message.contains("not JSON"), "{message}");
    assert!(message.contains("without quotes around it"), "{message}");
    assert!(receiver.fake.requests().is_empty());
}

#[tokio::test]
async fn put_and_patch_are_sent_as_configured_and_get_is_refused() {
    let receiver = Receiver::start().await;
    for method in ["PUT", "patch"] {
        let mut webhook = receiver.grant_webhook();
        webhook.method = method.into();
        connector(&[(GRANT, webhook)])
            .grant_companies("ada@example.com", &["1".into()])
            .await
            .expect("sent");
    }
    let methods: Vec<String> = receiver
        .fake
        .requests()
        .into_iter()
        .map(|r| r.method)
        .collect();
    assert_eq!(methods, ["PUT", "PATCH"]);

    let mut webhook = receiver.grant_webhook();
    webhook.method = "GET".into();
    let message = permanent(
        connector(&[(GRANT, webhook)])
            .grant_companies("ada@example.com", &["1".into()])
            .await
            .unwrap_err(),
    );
    assert!(message.contains("POST, PUT or PATCH"), "{message}");
}

#[tokio::test]
async fn a_4xx_is_permanent_and_quotes_the_answer() {
    let receiver = Receiver::start().await;
    receiver
        .fake
        .respond_next(422, json!({"message": "Company 2002 is archived"}), None);
    let studio = connector(&[(GRANT, receiver.grant_webhook())]);

    let message = permanent(
        studio
            .grant_companies("ada@example.com", &["2002".into()])
            .await
            .unwrap_err(),
    );

    assert!(message.contains("HTTP 422"), "{message}");
    assert!(
        message.contains("Company 2002 is archived"),
        "Studio's own words: {message}"
    );
    assert!(message.contains(GRANT), "the step is named: {message}");
}

#[tokio::test]
async fn a_wrong_secret_is_permanent_and_never_quoted() {
    let receiver = Receiver::start().await;
    let mut webhook = receiver.grant_webhook();
    webhook.secret = Secret::new("stale-secret-9999");
    let studio = connector(&[(GRANT, webhook)]);

    let message = permanent(
        studio
            .grant_companies("ada@example.com", &["1".into()])
            .await
            .unwrap_err(),
    );

    assert!(message.contains("HTTP 401"), "{message}");
    assert!(
        !message.contains("stale-secret-9999"),
        "never the secret: {message}"
    );
}

#[tokio::test]
async fn a_429_or_5xx_is_transient() {
    let receiver = Receiver::start().await;
    receiver
        .fake
        .respond_next(429, json!({"message": "slow down"}), Some(2));
    receiver
        .fake
        .respond_next(503, json!({"message": "maintenance"}), None);
    let studio = connector(&[(GRANT, receiver.grant_webhook())]);

    let throttled = studio
        .grant_companies("ada@example.com", &["1".into()])
        .await
        .unwrap_err();
    assert_eq!(
        throttled,
        ConnectorError::Transient {
            message: throttled.to_string(),
            retry_after: Some(Duration::from_secs(2)),
        },
        "429 with the receiver's Retry-After"
    );
    let unavailable = studio
        .grant_companies("ada@example.com", &["1".into()])
        .await
        .unwrap_err();
    assert!(
        matches!(unavailable, ConnectorError::Transient { .. }),
        "{unavailable:?}"
    );

    studio
        .grant_companies("ada@example.com", &["1".into()])
        .await
        .expect("then it works");
}

#[tokio::test]
async fn a_retry_carries_the_same_idempotency_key_and_another_request_another() {
    let receiver = Receiver::start().await;
    receiver
        .fake
        .respond_next(503, json!({"message": "maintenance"}), None);
    let studio = connector(&[(GRANT, receiver.grant_webhook())]);
    let companies = ["1001".to_string()];
    studio
        .grant_companies("ada@example.com", &companies)
        .await
        .unwrap_err();
    studio
        .grant_companies("ada@example.com", &companies)
        .await
        .expect("the retry goes through");
    studio
        .grant_companies("grace@example.com", &companies)
        .await
        .unwrap();

    let keys: Vec<String> = receiver
        .fake
        .requests()
        .iter()
        .map(|r| r.header("idempotency-key").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(keys.len(), 3);
    assert_eq!(keys[0].len(), 64, "a SHA-256 in hex: {}", keys[0]);
    assert_eq!(keys[0], keys[1], "the retry is recognisable as one");
    assert_ne!(keys[1], keys[2], "another person is another request");

    // A key the admin set in Settings is sent as set.
    let mut webhook = receiver.grant_webhook();
    webhook
        .headers
        .push(("Idempotency-Key".into(), "fixed-by-admin".into()));
    connector(&[(GRANT, webhook)])
        .grant_companies("ada@example.com", &companies)
        .await
        .unwrap();
    let last = receiver.fake.requests().pop().unwrap();
    assert_eq!(last.header("idempotency-key"), Some("fixed-by-admin"));
}

#[tokio::test]
async fn check_validates_without_calling() {
    let receiver = Receiver::start().await;
    let studio = connector(&[(COMPANY, receiver.company_webhook())]);

    let summary = studio.check(COMPANY).expect("the settings are fine");
    assert!(summary.contains("not called"), "{summary}");
    assert!(
        receiver.fake.requests().is_empty(),
        "checking calls nothing"
    );
    assert!(
        matches!(
            studio.check(GRANT),
            Err(ConnectorError::NotConfigured { .. })
        ),
        "no webhook for that step"
    );

    let mut webhook = receiver.company_webhook();
    webhook.secret = Secret::default();
    let message = permanent(connector(&[(COMPANY, webhook)]).check(COMPANY).unwrap_err());
    assert!(message.contains("no secret is stored"), "{message}");
}

#[tokio::test]
async fn without_keycloak_the_invite_webhook_invites_and_answers_the_studio_user_id() {
    let receiver = Receiver::start().await;
    receiver
        .fake
        .respond_with(201, json!({ "user": { "id": "studio-user-9" } }));
    let invite = receiver.webhook(
        "/studio/invitations",
        r#"{"email": {{email}}, "name": [{{first_name}}, {{last_name}}], "team": {{group_name}}, "team_id": {{group_id}}}"#,
        "/user/id",
    );
    let connector = connector(&[(INVITE, invite)]);
    let invited = connector
        .invite_user(
            "ada@acme.example",
            "Ada",
            "Lovelace \"Countess\"",
            None,
            "ext-acme",
        )
        .await
        .expect("the webhook answered with the user's id");
    assert_eq!(invited.user_id, "studio-user-9");
    assert_eq!(invited.group.id, "", "no group id is invented");
    assert_eq!(invited.group.name, "ext-acme");
    let sent = &receiver.fake.requests()[0];
    assert_eq!(
        sent.body,
        json!({ "email": "ada@acme.example", "name": ["Ada", "Lovelace \"Countess\""], "team": "ext-acme", "team_id": null }),
        "every value JSON-encoded, a missing group id as null"
    );
}

#[tokio::test]
async fn an_invite_answer_without_the_id_says_which_pointer_found_nothing() {
    let receiver = Receiver::start().await;
    receiver.fake.respond_with(200, json!({ "ok": true }));
    let invite = receiver.webhook("/studio/invitations", r#"{"email": {{email}}}"#, "/user/id");
    let error = connector(&[(INVITE, invite)])
        .invite_user(
            "ada@acme.example",
            "Ada",
            "Lovelace",
            Some("g-1"),
            "ext-acme",
        )
        .await
        .unwrap_err();
    let message = permanent(error);
    assert!(
        message.contains("/user/id") && message.contains("the invited user's id"),
        "{message}"
    );
}
