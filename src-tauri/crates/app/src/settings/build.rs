//! Turning the settings in effect into the connectors the workflows call: a system with every
//! required value gets its real connector, any other stays "not configured".

use std::collections::BTreeMap;
use std::sync::Arc;

use hyopps_connectors::{
    ChannelMembership, Connectors, GraphConnector, GraphSettings, KeycloakConnector,
    KeycloakSettings, MetabaseConnector, MetabaseSettings, SlackConnector, SlackSettings,
    SmtpConnector, SmtpSecurity, SmtpSettings, WebhookConnector, WebhookSettings,
};

use super::catalog::WEBHOOK_STEPS;
use super::effective::{Effective, SystemValues};
use super::validate::header_pairs;

pub(crate) fn connectors(effective: &Effective) -> Connectors {
    let mut connectors = Connectors::not_configured();
    if let Some(settings) = effective.system("metabase").and_then(metabase) {
        connectors.metabase = Arc::new(MetabaseConnector::new(settings));
    }
    if let Some(settings) = effective.system("graph").and_then(graph) {
        connectors.teams = Arc::new(GraphConnector::new(settings));
    }
    if let Some(settings) = effective.system("slack").and_then(slack) {
        connectors.slack = Arc::new(SlackConnector::new(settings));
    }
    if let Some(settings) = effective.system("keycloak").and_then(keycloak) {
        connectors.keycloak = Arc::new(KeycloakConnector::new(settings));
    }
    if let Some(settings) = effective.system("smtp").and_then(smtp) {
        match SmtpConnector::new(settings) {
            Ok(email) => connectors.email = Arc::new(email),
            // Saving validates the From address, so only a hand-edited database gets here.
            Err(error) => tracing::warn!("email stays unconfigured: {error}"),
        }
    }
    let webhooks = webhooks(effective);
    let invites_by_webhook = webhooks.contains_key("send_studio_invite");
    let studio = Arc::new(WebhookConnector::new(webhooks));
    // Where Studio does not sign in through Keycloak, its invitation goes through the webhook.
    if invites_by_webhook && effective.system("keycloak").and_then(keycloak).is_none() {
        connectors.keycloak = studio.clone();
    }
    connectors.studio = studio;
    connectors
}

pub(crate) fn metabase(values: &SystemValues) -> Option<MetabaseSettings> {
    values.is_configured().then(|| MetabaseSettings {
        url: values.get("url").to_string(),
        api_key: values.secret.clone().unwrap_or_default(),
        database_id: values.number("database_id"),
        template_collection_id: values.number("template_collection_id"),
    })
}

pub(crate) fn graph(values: &SystemValues) -> Option<GraphSettings> {
    values.is_configured().then(|| GraphSettings {
        login_url: values.get("login_url").to_string(),
        base_url: values.get("base_url").to_string(),
        tenant_id: values.get("tenant_id").to_string(),
        client_id: values.get("client_id").to_string(),
        client_secret: values.secret.clone().unwrap_or_default(),
        team_id: values.get("team_id").to_string(),
        channel_membership: match values.get("channel_membership") {
            "private" => ChannelMembership::Private,
            _ => ChannelMembership::Standard,
        },
        private_channel_owner: values.get("private_channel_owner").to_string(),
        delete_guests_on_leaving: values.get("delete_guests_on_leaving") == "yes",
    })
}

pub(crate) fn slack(values: &SystemValues) -> Option<SlackSettings> {
    values.is_configured().then(|| SlackSettings {
        base_url: values.get("base_url").to_string(),
        token: values.secret.clone().unwrap_or_default(),
    })
}

pub(crate) fn keycloak(values: &SystemValues) -> Option<KeycloakSettings> {
    values.is_configured().then(|| KeycloakSettings {
        url: values.get("url").to_string(),
        realm: values.get("realm").to_string(),
        client_id: values.get("client_id").to_string(),
        client_secret: values.secret.clone().unwrap_or_default(),
        invite_client_id: values.get("invite_client_id").to_string(),
        redirect_uri: values.get("redirect_uri").to_string(),
    })
}

pub(crate) fn smtp(values: &SystemValues) -> Option<SmtpSettings> {
    values.is_configured().then(|| SmtpSettings {
        host: values.get("host").to_string(),
        port: values
            .number("port")
            .and_then(|p| u16::try_from(p).ok())
            .unwrap_or(587),
        security: SmtpSecurity::parse(values.get("security")).unwrap_or_default(),
        user: values.get("user").to_string(),
        password: values.secret.clone().unwrap_or_default(),
        from: values.get("from").to_string(),
    })
}

pub(crate) fn webhook(values: &SystemValues) -> Option<WebhookSettings> {
    values.is_configured().then(|| WebhookSettings {
        method: values.get("method").to_string(),
        url: values.get("url").to_string(),
        headers: header_pairs(values.get("headers")),
        body: values.get("body").to_string(),
        id_pointer: values.get("id_pointer").to_string(),
        secret: values.secret.clone().unwrap_or_default(),
    })
}

/// The configured webhooks by step name; a step without one becomes a manual task.
fn webhooks(effective: &Effective) -> BTreeMap<String, WebhookSettings> {
    WEBHOOK_STEPS
        .iter()
        .filter_map(|(step, _, _)| {
            let settings = effective
                .system(&format!("webhooks.{step}"))
                .and_then(webhook)?;
            Some((step.to_string(), settings))
        })
        .collect()
}
