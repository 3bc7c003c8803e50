//! Keycloak's client-credentials access token, fetched once and reused until shortly before it
//! expires, so a burst of invitations signs in once instead of once per request.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde::Deserialize;
use tokio::sync::Mutex;

use crate::http::Http;
use crate::token_lifetime::token_lifetime;
use crate::{ConnectorError, ConnectorResult, KeycloakSettings, Secret};

/// A token is given up this long before Keycloak says it expires (a request signed with it
/// must still reach Keycloak in time); tokens shorter-lived than twice this keep half their life.
const EXPIRY_MARGIN: Duration = Duration::from_secs(30);

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    /// Seconds; Keycloak's default for a service account is 300.
    expires_in: u64,
}

struct CachedToken {
    value: Secret,
    renew_at: Instant,
}

#[derive(Default)]
pub(super) struct TokenCache {
    // Held while a token is fetched, so concurrent requests wait for one sign-in.
    cached: Mutex<Option<CachedToken>>,
}

impl TokenCache {
    /// The cached token while it is fresh, otherwise a new one from the token endpoint.
    pub(super) async fn get(
        &self,
        http: &Http,
        settings: &KeycloakSettings,
        token_url: &str,
    ) -> ConnectorResult<Secret> {
        let mut cached = self.cached.lock().await;
        if let Some(token) = cached.as_ref() {
            if Instant::now() < token.renew_at {
                return Ok(token.value.clone());
            }
        }
        let (value, lifetime) = fetch(http, settings, token_url).await?;
        let margin = EXPIRY_MARGIN.min(lifetime / 2);
        *cached = Some(CachedToken {
            value: value.clone(),
            renew_at: Instant::now() + lifetime - margin,
        });
        Ok(value)
    }

    /// Drops `rejected` (Keycloak answered 401 to it: revoked, or the realm's keys rotated) so the
    /// next [`TokenCache::get`] signs in again. A newer token fetched meanwhile is kept.
    pub(super) async fn forget(&self, rejected: &Secret) {
        let mut cached = self.cached.lock().await;
        if cached
            .as_ref()
            .is_some_and(|token| &token.value == rejected)
        {
            *cached = None;
        }
    }
}

async fn fetch(
    http: &Http,
    settings: &KeycloakSettings,
    token_url: &str,
) -> ConnectorResult<(Secret, Duration)> {
    let what = format!("sign in as client {}", settings.client_id);
    let request = http.client().post(token_url).form(&[
        ("grant_type", "client_credentials"),
        ("client_id", settings.client_id.as_str()),
        ("client_secret", settings.client_secret.expose()),
    ]);
    let response = http.send(request, &what).await?;
    let status = response.status();
    if !status.is_success() {
        let advice = if status == StatusCode::NOT_FOUND {
            "Check the URL and the realm in Settings → Keycloak."
        } else {
            "Check the client id and client secret in Settings → Keycloak; the client needs client authentication and service accounts enabled."
        };
        return Err(http.refused(&what, response, advice).await);
    }
    let answer: TokenAnswer = http.json(response, &what).await?;
    if answer.access_token.is_empty() {
        return Err(ConnectorError::Permanent {
            message: format!(
                "{} answered the sign-in of client {} without an access token. Check the URL in Settings → Keycloak.",
                http.system(),
                settings.client_id
            ),
        });
    }
    Ok((
        Secret::new(answer.access_token),
        token_lifetime(answer.expires_in),
    ))
}
