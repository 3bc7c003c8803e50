//! A webhook's "Test connection", and the check of its body template when it is saved.
//!
//! Calling a webhook does its step's work, so no call is harmless. The test goes as far as it can
//! without one: the call is prepared exactly as the step prepares it (method, URL, headers with
//! the secret, the body template filled with sample values of the step), then a TCP connection
//! to the webhook's host is opened and, for https, the TLS handshake is made with the certificate
//! checked against the same roots the calls use. Nothing is sent.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use hyopps_connectors::{Secret, WebhookConnector, WebhookSettings};
use hyopps_contract::{ConnectionCheck, SecretChange};
use tokio::net::TcpStream;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;
use url::{Host, Url};

use super::build;
use super::effective::SystemValues;

/// As long as the connectors wait for a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Stands in for a URL not entered yet, so the body template is checked on its own.
const NO_URL_YET: &str = "https://webhook.invalid/";

pub(crate) async fn test_connection(values: &SystemValues) -> ConnectionCheck {
    let system = values.spec.id.clone();
    let outcome = match (step_of(values), build::webhook(values)) {
        (Some(step), Some(settings)) => check(step, &settings).await,
        _ => Err(values.missing_message()),
    };
    let (ok, message) = match outcome {
        Ok(message) => (true, message),
        Err(message) => (false, message),
    };
    ConnectionCheck {
        system,
        ok,
        message,
    }
}

/// What is wrong with a webhook as it would be saved, by field: the body template (filled with
/// sample values, it must be JSON and use only the step's placeholders), else the headers (a
/// value a header cannot carry, `{{secret}}` without a secret).
pub(crate) fn problem_when_saved(
    current: &SystemValues,
    values: &BTreeMap<String, String>,
    secret: &SecretChange,
) -> Option<(&'static str, String)> {
    let step = step_of(current)?;
    let mut after = current.clone();
    for (key, value) in values {
        after.values.insert(key.clone(), (value.clone(), false));
    }
    match secret {
        SecretChange::Keep => {}
        SecretChange::Set(value) => after.secret = Some(Secret::new(value.clone())),
        SecretChange::Remove => after.secret = None,
    }
    if after.get("url").is_empty() {
        after
            .values
            .insert("url".into(), (NO_URL_YET.into(), false));
    }
    let settings = build::webhook(&after)?;
    let without_headers = WebhookSettings {
        headers: Vec::new(),
        ..settings.clone()
    };
    if let Err(error) = prepared(step, without_headers) {
        return Some(("body", error));
    }
    prepared(step, settings)
        .err()
        .map(|error| ("headers", error))
}

fn step_of(values: &SystemValues) -> Option<&str> {
    values.spec.id.strip_prefix("webhooks.")
}

fn prepared(step: &str, settings: WebhookSettings) -> Result<String, String> {
    WebhookConnector::new(BTreeMap::from([(step.to_string(), settings)]))
        .check(step)
        .map_err(|error| error.to_string())
}

async fn check(step: &str, settings: &WebhookSettings) -> Result<String, String> {
    let ready = prepared(step, settings.clone())?;
    let url = Url::parse(settings.url.trim())
        .map_err(|_| format!("The webhook's URL {} is not a URL.", settings.url))?;
    let reached = reach(&url).await?;
    Ok(format!("{ready} {reached}"))
}

/// Opens a connection to the URL's host (and makes the TLS handshake for https), sends nothing.
async fn reach(url: &Url) -> Result<String, String> {
    let port = url
        .port_or_known_default()
        .ok_or_else(|| format!("The webhook's URL {url} has no port."))?;
    let (host, name) = match url.host() {
        Some(Host::Domain(domain)) => (domain.to_string(), domain.to_string()),
        Some(Host::Ipv4(ip)) => (ip.to_string(), ip.to_string()),
        Some(Host::Ipv6(ip)) => (ip.to_string(), ip.to_string()),
        None => return Err(format!("The webhook's URL {url} has no host.")),
    };
    let shown = format!("{}:{port}", url.host_str().unwrap_or(&host));
    let stream = tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect((host.as_str(), port)))
        .await
        .map_err(|_| {
            format!("{shown} did not answer within {} seconds: check the URL, and that this computer may reach it (proxy, firewall).", CONNECT_TIMEOUT.as_secs())
        })?
        .map_err(|error| {
            format!("{shown} could not be reached ({error}): check the URL, and that the service is running and this computer may reach it.")
        })?;
    if url.scheme() != "https" {
        return Ok(format!(
            "{shown} accepts connections (plain http: nothing sent to it is encrypted)."
        ));
    }
    let server_name = ServerName::try_from(name)
        .map_err(|_| format!("{shown} is not a name a TLS certificate can be checked for."))?;
    tokio::time::timeout(CONNECT_TIMEOUT, tls().connect(server_name, stream))
        .await
        .map_err(|_| format!("{shown} accepts connections, but its TLS handshake did not finish within {} seconds.", CONNECT_TIMEOUT.as_secs()))?
        .map_err(|error| {
            format!("{shown} accepts connections, but the TLS handshake failed ({error}): check that this port speaks https and that the certificate is valid for {}.", url.host_str().unwrap_or(&host))
        })?;
    Ok(format!(
        "{shown} accepts connections and its TLS certificate is valid."
    ))
}

fn tls() -> TlsConnector {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("ring supports the default TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    TlsConnector::from(Arc::new(config))
}
