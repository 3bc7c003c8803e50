//! What each connector needs to reach its system: the non-secret settings (editable in
//! Settings, or managed by `hyopps.toml`) together with the secret from the keychain.
//! Field names follow the `hyopps.toml` keys.

use crate::Secret;

/// `[metabase]` + `HYOPPS_METABASE_API_KEY`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetabaseSettings {
    /// Base URL, e.g. `https://metabase.example.com` (no trailing `/api`).
    pub url: String,
    /// Sent as `x-api-key`; Metabase keys start with `mb_`.
    pub api_key: Secret,
    /// The database partner groups get data access to (step `grant_metabase_db_access`).
    pub database_id: Option<i64>,
    /// The collection copied for each partner (step `clone_metabase_collection`).
    pub template_collection_id: Option<i64>,
}

/// Whether new Teams channels are standard (everyone in the team) or private.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChannelMembership {
    #[default]
    Standard,
    Private,
}

impl ChannelMembership {
    /// The `membershipType` Graph expects.
    pub fn as_graph(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Private => "private",
        }
    }
}

/// `[graph]` + `HYOPPS_GRAPH_CLIENT_SECRET`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphSettings {
    /// Default `https://login.microsoftonline.com`.
    pub login_url: String,
    /// Default `https://graph.microsoft.com`; requests go to `{base_url}/v1.0/...`.
    pub base_url: String,
    pub tenant_id: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// The team partner channels are created in.
    pub team_id: String,
    pub channel_membership: ChannelMembership,
    /// The directory (Entra) object id of the person who owns new private channels: an app
    /// cannot create a private channel without naming its owner. Unused for standard channels.
    pub private_channel_owner: String,
    /// Whether offboarding deletes the leaver's guest account (off by default).
    pub delete_guests_on_leaving: bool,
}

/// `[slack]` + `HYOPPS_SLACK_TOKEN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlackSettings {
    /// Default `https://slack.com/api`; methods go to `{base_url}/<method>`.
    pub base_url: String,
    /// Bot or user token, sent as `Authorization: Bearer`.
    pub token: Secret,
}

/// `[keycloak]` + `HYOPPS_KEYCLOAK_CLIENT_SECRET`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeycloakSettings {
    /// Base URL, e.g. `https://sso.example.com` (token at `{url}/realms/{realm}/protocol/openid-connect/token`).
    pub url: String,
    pub realm: String,
    /// The service-account client HyOpps authenticates as.
    pub client_id: String,
    pub client_secret: Secret,
    /// The client the invitation email's link leads to (`execute-actions-email?client_id=`).
    pub invite_client_id: String,
    /// Where the invitation email's link returns to (`redirect_uri=`).
    pub redirect_uri: String,
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SmtpSecurity {
    /// STARTTLS, usually port 587.
    #[default]
    StartTls,
    /// Implicit TLS, usually port 465.
    Tls,
    /// Plain, for a local relay only.
    None,
}

impl SmtpSecurity {
    /// The `hyopps.toml` spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::StartTls => "starttls",
            Self::Tls => "tls",
            Self::None => "none",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "starttls" => Some(Self::StartTls),
            "tls" => Some(Self::Tls),
            "none" => Some(Self::None),
            _ => None,
        }
    }
}

/// `[smtp]` + `HYOPPS_SMTP_PASSWORD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: SmtpSecurity,
    /// Empty: no authentication (a local relay).
    pub user: String,
    pub password: Secret,
    /// The From address, e.g. `HyOpps <onboarding@example.com>`.
    pub from: String,
}

/// `[webhooks.<step>]` + `HYOPPS_WEBHOOK_SECRET_<STEP>`: how an auto step of a system without a
/// public API (Studio, Infrabot, LMS) is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookSettings {
    /// `POST`, `PUT` or `PATCH`.
    pub method: String,
    pub url: String,
    /// Header name → value; `{{secret}}` in a value is replaced by the secret when sending.
    pub headers: Vec<(String, String)>,
    /// JSON body template; `{{name}}` placeholders are replaced by the JSON-escaped value of that
    /// context key.
    pub body: String,
    /// JSON pointer (RFC 6901, e.g. `/data/id`) to the id in the response; empty when the step
    /// returns no id.
    pub id_pointer: String,
    pub secret: Secret,
}
