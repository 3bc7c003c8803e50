//! HyOpps's connectors: one trait per outside system, with the idempotent verbs the workflows
//! need, and [`Connectors`] bundling one implementation of each.
//!
//! Rules: a connector either does the real call or returns a [`ConnectorError`] that says why it
//! could not — never an invented id or a success without the call. Every verb is idempotent
//! (find-or-create; "already a member" is success), so a retried step creates nothing twice.
//! Connectors never touch SQLite. Until a system is configured its connector is
//! [`NotConfigured`], whose every call fails with the Settings page to open.

mod email;
mod error;
mod graph;
mod http;
#[cfg(feature = "in-memory")]
pub mod in_memory;
mod keycloak;
mod live;
mod metabase;
mod not_configured;
mod presence;
mod secret;
mod settings;
mod slack;
mod systems;
mod token_lifetime;
mod webhook;

use std::sync::Arc;

pub use email::SmtpConnector;
pub use error::{ConnectorError, ConnectorResult};
pub use graph::GraphConnector;
pub use keycloak::KeycloakConnector;
pub use live::LiveConnectors;
pub use metabase::MetabaseConnector;
pub use not_configured::NotConfigured;
pub use presence::{GroupRoster, KeycloakPresence, RosterMember, SlackPresence, TeamsPresence};
pub use secret::Secret;
pub use settings::{
    ChannelMembership, GraphSettings, KeycloakSettings, MetabaseSettings, SlackSettings,
    SmtpSecurity, SmtpSettings, WebhookSettings,
};
pub use slack::SlackConnector;
pub use systems::{
    BoxFuture, ChannelRef, DocumentationEmail, EmailApi, GroupEmptied, GroupRef, GuestDeletion,
    KeycloakApi, KeycloakInvite, KeycloakLeave, MetabaseApi, MetabaseGroup, MetabaseMembership,
    Removal, SlackApi, StudioApi, TeamsApi,
};
pub use webhook::WebhookConnector;

/// One implementation of each system's API, as the workflows use them.
#[derive(Clone)]
pub struct Connectors {
    pub metabase: Arc<dyn MetabaseApi>,
    pub teams: Arc<dyn TeamsApi>,
    pub slack: Arc<dyn SlackApi>,
    pub keycloak: Arc<dyn KeycloakApi>,
    pub studio: Arc<dyn StudioApi>,
    pub email: Arc<dyn EmailApi>,
}

impl Connectors {
    /// Nothing configured: every auto step fails with the Settings page to open, or (Studio)
    /// becomes a manual task.
    pub fn not_configured() -> Self {
        Self {
            metabase: Arc::new(NotConfigured::system("Metabase")),
            teams: Arc::new(NotConfigured::system("Microsoft Teams")),
            slack: Arc::new(NotConfigured::system("Slack")),
            keycloak: Arc::new(NotConfigured::system("Keycloak")),
            studio: Arc::new(NotConfigured::webhook()),
            email: Arc::new(NotConfigured::system("Email (SMTP)")),
        }
    }
}
