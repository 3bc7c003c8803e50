//! One Slack Web API method call: form-encoded, `Authorization: Bearer`, and Slack's way of
//! failing — HTTP 200 with `{"ok":false,"error":code}` — turned into errors an admin can act on.

use serde_json::Value;

use super::SlackConnector;
use crate::http::{retry_after, Http};
use crate::{ConnectorError, ConnectorResult};

/// Slack's `ok:false` answer.
#[derive(Debug, Clone)]
pub(super) struct Refusal {
    pub code: String,
    /// The scope missing (`missing_scope`).
    pub needed: Option<String>,
    /// The scopes the token has (`missing_scope`).
    pub provided: Option<String>,
    retry_after: Option<std::time::Duration>,
}

impl SlackConnector {
    /// Calls `method` with form parameters. `Ok(Ok(answer))` when Slack says `ok:true`,
    /// `Ok(Err(refusal))` when it says `ok:false` (the caller handles the codes it expects and
    /// hands the rest to [`Refusal::into_error`]); network trouble, 429 and 5xx are transient.
    pub(super) async fn call(
        &self,
        method: &str,
        params: &[(&str, &str)],
        what: &str,
    ) -> ConnectorResult<Result<Value, Refusal>> {
        let url = format!("{}/{method}", self.base_url);
        let request = self
            .http
            .client()
            .post(url)
            .bearer_auth(self.token.expose())
            .form(params);
        let response = self
            .http
            .send_expecting_success(
                request,
                what,
                "Check the Slack API URL in Settings → Slack (normally https://slack.com/api).",
            )
            .await?;
        let hint = retry_after(response.headers());
        let answer: Value = self.http.json(response, what).await?;
        if answer.get("ok").and_then(Value::as_bool) == Some(true) {
            return Ok(Ok(answer));
        }
        let text = |key: &str| answer.get(key).and_then(Value::as_str).map(str::to_string);
        Ok(Err(Refusal {
            code: text("error").unwrap_or_else(|| "unknown_error".into()),
            needed: text("needed"),
            provided: text("provided"),
            retry_after: hint,
        }))
    }

    /// Like [`SlackConnector::call`], with every `ok:false` an error.
    pub(super) async fn call_ok(
        &self,
        method: &str,
        params: &[(&str, &str)],
        what: &str,
    ) -> ConnectorResult<Value> {
        match self.call(method, params, what).await? {
            Ok(answer) => Ok(answer),
            Err(refusal) => Err(refusal.into_error(&self.http, what)),
        }
    }
}

impl Refusal {
    /// "Slack refused to <what>: <code>. <advice>"; Slack's own rate-limit and outage codes
    /// are transient.
    pub(super) fn into_error(self, http: &Http, what: &str) -> ConnectorError {
        let system = http.system();
        let code = self.code.as_str();
        if matches!(
            code,
            "ratelimited"
                | "internal_error"
                | "fatal_error"
                | "service_unavailable"
                | "request_timeout"
        ) {
            return ConnectorError::Transient {
                message: format!(
                    "{system} could not {what} just now: {code}. HyOpps will try again."
                ),
                retry_after: self.retry_after,
            };
        }
        let advice = match code {
            "not_authed" => "No token reached Slack: set the Slack token in Settings → Slack.".to_string(),
            "invalid_auth" => {
                "Slack did not accept the token: check the Slack token in Settings → Slack (a bot token starts with xoxb-, a user token with xoxp-).".to_string()
            }
            "account_inactive" | "token_revoked" | "token_expired" => {
                "The token's app or user was removed or deactivated: reinstall the Slack app and store its new token in Settings → Slack.".to_string()
            }
            "missing_scope" => format!(
                "The token lacks the scope {} (it has: {}): add it to the Slack app under OAuth & Permissions, reinstall the app and store the new token in Settings → Slack.",
                self.needed.as_deref().unwrap_or("named by Slack"),
                self.provided.as_deref().unwrap_or("not said")
            ),
            "paid_teams_only" => {
                "User groups need a paid Slack plan: upgrade the workspace, or leave Slack out for this partner (complete the step by hand with a note).".to_string()
            }
            "not_allowed_token_type" => {
                "This method does not take this kind of token: use the token type the Slack app's documentation names (user groups usually need a user token, xoxp-) in Settings → Slack.".to_string()
            }
            "permission_denied" | "no_permission" | "restricted_action" => {
                "The workspace does not let this token's user manage user groups or invite to channels: change who may do so in Slack's workspace settings, or use an admin's token.".to_string()
            }
            "team_access_not_granted" => {
                "The token has no access to this workspace: install the Slack app in it.".to_string()
            }
            _ => String::new(),
        };
        let message = format!("{system} refused to {what}: {code}.");
        ConnectorError::Permanent {
            message: if advice.is_empty() {
                message
            } else {
                format!("{message} {advice}")
            },
        }
    }
}
