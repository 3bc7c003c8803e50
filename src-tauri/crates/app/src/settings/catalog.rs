//! Which settings each outside system has: the `hyopps.toml` tables and keys, their
//! labels and kinds for the Settings screen, defaults, and the secret that goes with them.

/// The auto steps of systems without a public API that can be done through a webhook: the
/// step, its label, and the help on its body template (the placeholders it may use).
pub const WEBHOOK_STEPS: &[(&str, &str, &str)] = &[
    (
        "add_user_to_studio_companies",
        "Studio: give a user access to companies",
        "JSON; {{email}} and {{studio_ids}} (a list) are replaced by the step's values.",
    ),
    (
        "create_studio_user_company",
        "Studio: create a user's personal company",
        "JSON; {{email}} and {{name}} (the company's name) are replaced by the step's values.",
    ),
    (
        "send_studio_invite",
        "Studio: invite a user (where Studio does not sign in through Keycloak)",
        "JSON; {{email}}, {{first_name}}, {{last_name}}, {{group_id}} and {{group_name}} are replaced by the step's values.",
    ),
    (
        "remove_studio_access",
        "Studio: take a leaver's access away",
        "JSON; {{email}}, {{studio_ids}} (a list) and {{personal_company_id}} (or null) are replaced by the step's values.",
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A base address that connectors append their paths to: stored without a trailing slash.
    Url,
    /// An address used exactly as entered (a redirect URL another system compares character by
    /// character, a webhook's endpoint): its trailing slash, if any, is kept.
    ExactUrl,
    /// A positive whole number (an id, a port).
    Number,
    /// An address, optionally with a display name: `HyOpps <ops@example.com>`.
    Email,
    /// `Name: value` lines.
    Headers,
    /// A JSON template.
    Template,
    Choice(&'static [&'static str]),
}

#[derive(Debug, Clone)]
pub struct FieldSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub default: Option<&'static str>,
    pub help: &'static str,
}

#[derive(Debug, Clone)]
pub struct SecretSpec {
    pub label: &'static str,
    pub required: bool,
    /// `HYOPPS_…`: wins over the keychain, for headless use.
    pub environment_variable: String,
}

#[derive(Debug, Clone)]
pub struct SystemSpec {
    /// The `hyopps.toml` table: `metabase`, …, `webhooks.<step>`.
    pub id: String,
    pub label: String,
    pub purpose: &'static str,
    pub fields: Vec<FieldSpec>,
    pub secret: SecretSpec,
}

impl SystemSpec {
    pub fn field(&self, key: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.key == key)
    }
}

const fn field(
    key: &'static str,
    label: &'static str,
    kind: Kind,
    required: bool,
    help: &'static str,
) -> FieldSpec {
    FieldSpec {
        key,
        label,
        kind,
        required,
        default: None,
        help,
    }
}

const fn with_default(mut spec: FieldSpec, default: &'static str) -> FieldSpec {
    spec.default = Some(default);
    spec
}

fn secret(label: &'static str, required: bool, variable: &str) -> SecretSpec {
    SecretSpec {
        label,
        required,
        environment_variable: variable.to_string(),
    }
}

/// Every system, in the order the Settings screen shows them.
pub fn systems() -> Vec<SystemSpec> {
    let mut systems = vec![
        SystemSpec {
            id: "metabase".into(),
            label: "Metabase".into(),
            purpose: "Partner collections, groups and data access; user accounts and group memberships.",
            fields: vec![
                field("url", "Metabase URL", Kind::Url, true, "The address people open Metabase at, e.g. https://metabase.example.com."),
                field("database_id", "Database id", Kind::Number, false, "The database partner groups may query (grant_metabase_db_access)."),
                field("template_collection_id", "Template collection id", Kind::Number, false, "The collection copied for every new partner (clone_metabase_collection)."),
            ],
            secret: secret("API key", true, "HYOPPS_METABASE_API_KEY"),
        },
        SystemSpec {
            id: "graph".into(),
            label: "Microsoft Teams".into(),
            purpose: "A channel per partner in the team, and guest invitations for their people (Microsoft Graph).",
            fields: vec![
                with_default(field("login_url", "Sign-in URL", Kind::Url, true, "Microsoft's identity platform."), "https://login.microsoftonline.com"),
                with_default(field("base_url", "Graph URL", Kind::Url, true, "Microsoft Graph."), "https://graph.microsoft.com"),
                field("tenant_id", "Tenant id", Kind::Text, true, "The directory (tenant) id of the app registration."),
                field("client_id", "Client id", Kind::Text, true, "The application (client) id; it needs User.Invite.All, TeamMember.ReadWrite.All, Channel.Create and ChannelMember.ReadWrite.All."),
                field("team_id", "Team id", Kind::Text, true, "The team partner channels are created in."),
                with_default(field("channel_membership", "Channel type", Kind::Choice(&["standard", "private"]), true, "Private channels also need each person added to the channel."), "standard"),
                field("private_channel_owner", "Private channel owner", Kind::Text, false, "For private channels: the Entra object id of the person who owns them (an app cannot create a private channel without an owner)."),
                with_default(field("delete_guests_on_leaving", "Delete a leaver's guest account", Kind::Choice(&["no", "yes"]), false, "yes: offboarding deletes the guest account HyOpps invited (Entra keeps it 30 days among deleted users; needs User.ReadWrite.All). Members of your own directory are never deleted."), "no"),
            ],
            secret: secret("Client secret", true, "HYOPPS_GRAPH_CLIENT_SECRET"),
        },
        SystemSpec {
            id: "slack".into(),
            label: "Slack".into(),
            purpose: "A user group per partner, and its people in it (guests go to its channel).",
            fields: vec![with_default(
                field("base_url", "Slack API URL", Kind::Url, true, "Slack's Web API."),
                "https://slack.com/api",
            )],
            secret: secret("Token", true, "HYOPPS_SLACK_TOKEN"),
        },
        SystemSpec {
            id: "keycloak".into(),
            label: "Keycloak".into(),
            purpose: "Studio sign-in: the user in the realm, their organisation's group, and the invitation email.",
            fields: vec![
                field("url", "Keycloak URL", Kind::Url, true, "e.g. https://sso.example.com"),
                field("realm", "Realm", Kind::Text, true, "The realm Studio's users live in."),
                field("client_id", "Client id", Kind::Text, true, "A confidential client with a service account allowed to manage users and groups."),
                field("invite_client_id", "Invitation client id", Kind::Text, true, "The client the invitation email's link leads to (Studio's)."),
                field("redirect_uri", "Invitation redirect URL", Kind::ExactUrl, true, "Where people land after setting their password."),
            ],
            secret: secret("Client secret", true, "HYOPPS_KEYCLOAK_CLIENT_SECRET"),
        },
        SystemSpec {
            id: "smtp".into(),
            label: "Email (SMTP)".into(),
            purpose: "The documentation email to each new user.",
            fields: vec![
                field("host", "Server", Kind::Text, true, "e.g. smtp.example.com"),
                with_default(field("port", "Port", Kind::Number, true, "587 for STARTTLS, 465 for TLS."), "587"),
                with_default(field("security", "Security", Kind::Choice(&["starttls", "tls", "none"]), true, "none only for a relay on this machine or network."), "starttls"),
                field("user", "User", Kind::Text, false, "Leave empty when the server needs no sign-in."),
                field("from", "From", Kind::Email, true, "e.g. HyOpps <onboarding@example.com>"),
            ],
            secret: secret("Password", false, "HYOPPS_SMTP_PASSWORD"),
        },
    ];
    for (step, label, placeholders) in WEBHOOK_STEPS {
        let purpose = if *step == "send_studio_invite" {
            "Used only while Keycloak is not configured: this step then calls your webhook to invite the person to Studio."
        } else {
            "Studio has no public API: this step calls your webhook; without one it waits for you to do it by hand."
        };
        systems.push(SystemSpec {
            id: format!("webhooks.{step}"),
            label: format!("Webhook — {label}"),
            purpose,
            fields: vec![
                with_default(
                    field(
                        "method",
                        "Method",
                        Kind::Choice(&["POST", "PUT", "PATCH"]),
                        true,
                        "",
                    ),
                    "POST",
                ),
                field("url", "URL", Kind::ExactUrl, true, "The webhook's address."),
                field(
                    "headers",
                    "Headers",
                    Kind::Headers,
                    false,
                    "One `Name: value` per line; {{secret}} is replaced by the secret.",
                ),
                FieldSpec {
                    help: placeholders,
                    ..field("body", "Body template", Kind::Template, true, "")
                },
                field(
                    "id_pointer",
                    "Id in the answer",
                    Kind::Text,
                    false,
                    "JSON pointer to the id the webhook returns, e.g. /data/id.",
                ),
            ],
            secret: secret(
                "Secret",
                false,
                &format!("HYOPPS_WEBHOOK_SECRET_{}", step.to_uppercase()),
            ),
        });
    }
    systems
}
