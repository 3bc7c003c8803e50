//! Every fake at once, seeded the way an installation's real systems would be, with the settings
//! that point HyOpps at them: what the app's integration tests and the end-to-end run configure.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use crate::graph::FakeGraph;
use crate::keycloak::FakeKeycloak;
use crate::metabase::FakeMetabase;
use crate::slack::FakeSlack;
use crate::smtp::{FakeSmtp, SmtpServer};
use crate::webhook::FakeWebhook;
use crate::FakeServer;

/// The secrets the fakes expect (test values; nothing real).
pub const METABASE_API_KEY: &str = "mb_FakeWorldKey0123456789";
pub const GRAPH_CLIENT_SECRET: &str = "graph-fake-world-secret";
pub const SLACK_TOKEN: &str = "xoxb-fake-world-token";
pub const KEYCLOAK_CLIENT_SECRET: &str = "keycloak-fake-world-secret";
pub const STUDIO_WEBHOOK_SECRET: &str = "studio-fake-world-secret";
pub const TEAM_ID: &str = "team-partners";
/// The personal Studio company id the fake Studio webhook answers with.
pub const STUDIO_COMPANY_ID: &str = "studio-company-501";

/// What to enter in Settings for one system.
#[derive(Debug, Clone)]
pub struct SystemConfiguration {
    /// The Settings system id (`metabase`, …, `webhooks.<step>`).
    pub system: String,
    /// Setting key → value.
    pub values: BTreeMap<String, String>,
    pub secret: Option<String>,
}

/// All fakes, serving on 127.0.0.1 for as long as this lives.
pub struct FakeWorld {
    pub metabase: FakeMetabase,
    pub graph: FakeGraph,
    pub slack: FakeSlack,
    pub keycloak: FakeKeycloak,
    pub smtp: FakeSmtp,
    /// `add_user_to_studio_companies`'s webhook.
    pub studio_access: FakeWebhook,
    /// `create_studio_user_company`'s webhook.
    pub studio_company: FakeWebhook,
    /// `remove_studio_access`'s webhook (offboarding).
    pub studio_removal: FakeWebhook,
    pub database_id: i64,
    pub template_collection_id: i64,
    servers: Vec<(String, FakeServer)>,
    smtp_server: SmtpServer,
    requests: Requests,
}

/// HTTP requests answered, by fake.
type Requests = Arc<Mutex<BTreeMap<&'static str, usize>>>;

impl FakeWorld {
    /// Starts every fake on the current tokio runtime: a Metabase with a database and a template
    /// collection (a dashboard and a question), a Teams team, a Slack workspace, a Keycloak
    /// realm with Studio's client, an SMTP server and Studio's three webhooks.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_answering_after(Duration::ZERO).await
    }

    /// [`FakeWorld::start`] with each HTTP answer held back `latency` (a system across the
    /// internet, for benches), every request counted by fake ([`FakeWorld::requests_by_fake`]).
    pub async fn start_answering_after(latency: Duration) -> std::io::Result<Self> {
        let metabase = FakeMetabase::new(METABASE_API_KEY);
        let database_id = metabase.add_database("Partner data");
        let template_collection_id = metabase.add_collection("Partner template");
        metabase.add_dashboard(template_collection_id, "Partner overview");
        metabase.add_card(template_collection_id, "Orders per week");

        let graph = FakeGraph::new("tenant-fake", "hyopps-graph", GRAPH_CLIENT_SECRET);
        graph.add_team(TEAM_ID, "Partners");
        let slack = FakeSlack::new(SLACK_TOKEN, "Fake workspace");
        let keycloak = FakeKeycloak::new("studio", "hyopps", KEYCLOAK_CLIENT_SECRET);
        keycloak.add_client("studio-web");
        let smtp = FakeSmtp::new();
        let studio_access = FakeWebhook::new();
        studio_access.respond_with(200, json!({ "ok": true }));
        studio_access.require_header("Authorization", &format!("Bearer {STUDIO_WEBHOOK_SECRET}"));
        let studio_company = FakeWebhook::new();
        // One company per owner, the first one STUDIO_COMPANY_ID.
        studio_company.respond_per(
            201,
            "owner",
            |n| json!({ "company": { "id": format!("studio-company-{}", 501 + n) } }),
        );
        studio_company.require_header("Authorization", &format!("Bearer {STUDIO_WEBHOOK_SECRET}"));
        let studio_removal = FakeWebhook::new();
        studio_removal.respond_with(200, json!({ "ok": true }));
        studio_removal.require_header("Authorization", &format!("Bearer {STUDIO_WEBHOOK_SECRET}"));

        let requests: Requests = Arc::default();
        let mut servers = Vec::new();
        for (name, router) in [
            ("metabase", metabase.router()),
            ("graph", graph.router()),
            ("slack", slack.router()),
            ("keycloak", keycloak.router()),
            ("studio_access", studio_access.router()),
            ("studio_company", studio_company.router()),
            ("studio_removal", studio_removal.router()),
        ] {
            let counted = Arc::clone(&requests);
            let router = router.layer(axum::middleware::from_fn(
                move |request: axum::extract::Request, next: axum::middleware::Next| {
                    let counted = Arc::clone(&counted);
                    async move {
                        *counted
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .entry(name)
                            .or_default() += 1;
                        if !latency.is_zero() {
                            tokio::time::sleep(latency).await;
                        }
                        next.run(request).await
                    }
                },
            ));
            servers.push((name.to_string(), FakeServer::start(router).await?));
        }
        let smtp_server = smtp.start().await?;
        Ok(Self {
            metabase,
            graph,
            slack,
            keycloak,
            smtp,
            studio_access,
            studio_company,
            studio_removal,
            database_id,
            template_collection_id,
            servers,
            smtp_server,
            requests,
        })
    }

    /// How many HTTP requests each fake answered so far, by name (`metabase`, `graph`, …).
    pub fn requests_by_fake(&self) -> BTreeMap<&'static str, usize> {
        self.requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The base URL of one fake (`metabase`, `graph`, `slack`, `keycloak`, `studio_access`,
    /// `studio_company`, `studio_removal`).
    pub fn url(&self, name: &str) -> String {
        self.servers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, server)| server.url())
            .unwrap_or_else(|| panic!("no fake called {name}"))
    }

    /// A person who already has a Slack account (Slack has no API to create one).
    pub fn add_slack_member(&self, email: &str, name: &str) -> String {
        self.slack.add_user(email, name)
    }

    /// The settings that point HyOpps at these fakes, system by system.
    pub fn configuration(&self) -> Vec<SystemConfiguration> {
        let values = |pairs: &[(&str, String)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect()
        };
        let webhook = |url: String, body: &str, id_pointer: &str| {
            values(&[
                ("method", "POST".to_string()),
                ("url", url),
                ("headers", "Authorization: Bearer {{secret}}".to_string()),
                ("body", body.to_string()),
                ("id_pointer", id_pointer.to_string()),
            ])
        };
        vec![
            SystemConfiguration {
                system: "metabase".into(),
                values: values(&[
                    ("url", self.url("metabase")),
                    ("database_id", self.database_id.to_string()),
                    (
                        "template_collection_id",
                        self.template_collection_id.to_string(),
                    ),
                ]),
                secret: Some(METABASE_API_KEY.into()),
            },
            SystemConfiguration {
                system: "graph".into(),
                values: values(&[
                    ("login_url", self.url("graph")),
                    ("base_url", self.url("graph")),
                    ("tenant_id", "tenant-fake".into()),
                    ("client_id", "hyopps-graph".into()),
                    ("team_id", TEAM_ID.into()),
                    ("channel_membership", "standard".into()),
                ]),
                secret: Some(GRAPH_CLIENT_SECRET.into()),
            },
            SystemConfiguration {
                system: "slack".into(),
                values: values(&[("base_url", self.url("slack"))]),
                secret: Some(SLACK_TOKEN.into()),
            },
            SystemConfiguration {
                system: "keycloak".into(),
                values: values(&[
                    ("url", self.url("keycloak")),
                    ("realm", "studio".into()),
                    ("client_id", "hyopps".into()),
                    ("invite_client_id", "studio-web".into()),
                    ("redirect_uri", "https://studio.example.com/welcome".into()),
                ]),
                secret: Some(KEYCLOAK_CLIENT_SECRET.into()),
            },
            SystemConfiguration {
                system: "smtp".into(),
                values: values(&[
                    ("host", self.smtp_server.host()),
                    ("port", self.smtp_server.port().to_string()),
                    ("security", "none".into()),
                    ("user", String::new()),
                    ("from", "HyOpps <onboarding@hyopps.example>".into()),
                ]),
                secret: None,
            },
            SystemConfiguration {
                system: "webhooks.add_user_to_studio_companies".into(),
                values: webhook(
                    format!("{}/studio/access", self.url("studio_access")),
                    r#"{"email": {{email}}, "companies": {{studio_ids}}}"#,
                    "",
                ),
                secret: Some(STUDIO_WEBHOOK_SECRET.into()),
            },
            SystemConfiguration {
                system: "webhooks.create_studio_user_company".into(),
                values: webhook(
                    format!("{}/studio/companies", self.url("studio_company")),
                    r#"{"owner": {{email}}, "name": {{name}}}"#,
                    "/company/id",
                ),
                secret: Some(STUDIO_WEBHOOK_SECRET.into()),
            },
            SystemConfiguration {
                system: "webhooks.remove_studio_access".into(),
                values: webhook(
                    format!("{}/studio/leavers", self.url("studio_removal")),
                    r#"{"email": {{email}}, "companies": {{studio_ids}}, "personal_company": {{personal_company_id}}}"#,
                    "",
                ),
                secret: Some(STUDIO_WEBHOOK_SECRET.into()),
            },
        ]
    }
}
