//! The app-only access token (OAuth client credentials against Microsoft's sign-in service),
//! cached until shortly before it expires and shared by every call of the connector.

use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio::sync::Mutex;

use crate::http::Http;
use crate::token_lifetime::token_lifetime;
use crate::{ConnectorError, ConnectorResult, Secret};

/// The scope that grants an app-only token every application permission the app was given.
const GRAPH_SCOPE: &str = "https://graph.microsoft.com/.default";

/// A token is renewed this long before Microsoft says it expires, so a request never leaves
/// with a token that dies on the way.
const RENEW_BEFORE_EXPIRY: Duration = Duration::from_secs(120);

/// Where to sign in and as which app.
pub(super) struct TokenSource {
    http: Http,
    token_url: String,
    client_id: String,
    client_secret: Secret,
    /// Held across a fetch, so concurrent callers wait for one fetch instead of each making one.
    cached: Mutex<Option<CachedToken>>,
}

struct CachedToken {
    token: Secret,
    renew_at: Instant,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    /// Seconds; Microsoft sends a number, some proxies a string.
    expires_in: serde_json::Value,
}

#[derive(Deserialize, Default)]
struct TokenRefusal {
    #[serde(default)]
    error: String,
    #[serde(default)]
    error_description: String,
    #[serde(default)]
    error_codes: Vec<u64>,
}

impl TokenSource {
    pub(super) fn new(
        login_url: &str,
        tenant_id: &str,
        client_id: &str,
        client_secret: Secret,
    ) -> Self {
        Self {
            http: Http::new("Microsoft sign-in"),
            token_url: format!(
                "{}/{}/oauth2/v2.0/token",
                login_url.trim_end_matches('/'),
                tenant_id.trim()
            ),
            client_id: client_id.trim().to_string(),
            client_secret,
            cached: Mutex::new(None),
        }
    }

    /// A valid token: the cached one, or a fresh one (one fetch at a time).
    pub(super) async fn get(&self) -> ConnectorResult<Secret> {
        let mut cached = self.cached.lock().await;
        if let Some(token) = cached.as_ref() {
            if Instant::now() < token.renew_at {
                return Ok(token.token.clone());
            }
        }
        let fresh = self.fetch().await?;
        let token = fresh.token.clone();
        *cached = Some(fresh);
        Ok(token)
    }

    /// Graph refused `used` (401): drop it unless another call has already replaced it.
    pub(super) async fn forget(&self, used: &Secret) {
        let mut cached = self.cached.lock().await;
        if cached.as_ref().is_some_and(|token| token.token == *used) {
            *cached = None;
        }
    }

    async fn fetch(&self) -> ConnectorResult<CachedToken> {
        let what = "issue an access token for Microsoft Graph";
        let request = self.http.client().post(&self.token_url).form(&[
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.client_secret.expose()),
            ("scope", GRAPH_SCOPE),
        ]);
        let started = Instant::now();
        let response = self.http.send(request, what).await?;
        let status = response.status();
        if !status.is_success() {
            let body = response.text().await.unwrap_or_default();
            return Err(self.refusal(status.as_u16(), &body));
        }
        let answer: TokenAnswer = self.http.json(response, what).await?;
        let lifetime = token_lifetime(seconds(&answer.expires_in).unwrap_or(0));
        Ok(CachedToken {
            token: Secret::new(answer.access_token),
            // Counted from before the request left, so the estimate errs on the early side.
            renew_at: started + lifetime.saturating_sub(RENEW_BEFORE_EXPIRY),
        })
    }

    /// Microsoft's OAuth refusal (`{"error","error_description":"AADSTS…"}`) with what to change
    /// in Settings. The description is cut to its first line (the rest is trace ids) and never
    /// repeats the secret.
    fn refusal(&self, status: u16, body: &str) -> ConnectorError {
        let refusal: TokenRefusal = serde_json::from_str(body).unwrap_or_default();
        let description = refusal
            .error_description
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_string();
        let description = scrub(&description, self.client_secret.expose());
        let aadsts = refusal
            .error_codes
            .first()
            .copied()
            .or_else(|| aadsts_code(&description));
        let advice = match aadsts {
            // Invalid client secret / expired client secret.
            Some(7_000_215 | 7_000_222 | 7_000_216) => {
                "Check the client secret in Settings → Microsoft Teams: it must be the secret's Value (not its ID) and not expired."
            }
            // Application not found in the directory.
            Some(700_016) => {
                "Check the client (application) id in Settings → Microsoft Teams, and that the app is registered in this tenant."
            }
            // Tenant not found / invalid tenant name.
            Some(90_002 | 900_023) => "Check the tenant id in Settings → Microsoft Teams.",
            _ => "Check the tenant id, client id and client secret in Settings → Microsoft Teams.",
        };
        let detail = match (refusal.error.is_empty(), description.is_empty()) {
            (true, _) => format!("HTTP {status}"),
            (false, true) => format!("HTTP {status} — {}", refusal.error),
            (false, false) => format!("HTTP {status} — {}: {description}", refusal.error),
        };
        ConnectorError::Permanent {
            message: format!(
                "Microsoft sign-in refused HyOpps's app credentials ({detail}). {advice}"
            ),
        }
    }
}

fn seconds(value: &serde_json::Value) -> Option<u64> {
    value
        .as_u64()
        .or_else(|| value.as_str().and_then(|text| text.trim().parse().ok()))
}

/// The number of the first `AADSTS<digits>` in a description.
fn aadsts_code(description: &str) -> Option<u64> {
    let start = description.find("AADSTS")? + "AADSTS".len();
    let digits: String = description[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// A service should never echo the secret, but if it did, it stops here.
fn scrub(text: &str, secret: &str) -> String {
    if secret.trim().is_empty() {
        text.to_string()
    } else {
        text.replace(secret, "[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_aadsts_code_in_a_description() {
        assert_eq!(
            aadsts_code("AADSTS7000215: Invalid client secret provided."),
            Some(7_000_215)
        );
        assert_eq!(aadsts_code("no code here"), None);
    }

    #[test]
    fn expires_in_is_read_as_number_or_string() {
        assert_eq!(seconds(&serde_json::json!(3599)), Some(3599));
        assert_eq!(seconds(&serde_json::json!("3599")), Some(3599));
        assert_eq!(seconds(&serde_json::json!(null)), None);
    }
}
