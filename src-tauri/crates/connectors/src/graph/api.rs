//! Authenticated calls to Microsoft Graph and reading its error answers
//! (`{"error":{"code","message"}}`), which the connector acts on by `code`.

use reqwest::{RequestBuilder, Response, StatusCode};
use serde::Deserialize;

use super::token::TokenSource;
use crate::http::Http;
use crate::{ConnectorError, ConnectorResult};

/// Graph's answer when it did not do what was asked.
#[derive(Debug, Clone)]
pub(super) struct GraphError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: ErrorBody,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
}

pub(super) struct GraphApi {
    http: Http,
    base_url: String,
    tokens: TokenSource,
}

impl GraphApi {
    pub(super) fn new(http: Http, base_url: &str, tokens: TokenSource) -> Self {
        Self {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            tokens,
        }
    }

    pub(super) fn http(&self) -> &Http {
        &self.http
    }

    pub(super) fn tokens(&self) -> &TokenSource {
        &self.tokens
    }

    /// `{base_url}/v1.0/<segments>`, each segment percent-encoded (channel ids hold `:` and `@`,
    /// names may hold anything).
    pub(super) fn url(&self, segments: &[&str]) -> ConnectorResult<url::Url> {
        let mut url = url::Url::parse(&self.base_url).map_err(|error| ConnectorError::Permanent {
            message: format!(
                "The Microsoft Graph URL in Settings → Microsoft Teams is not a valid URL ({error})."
            ),
        })?;
        {
            let mut path = url
                .path_segments_mut()
                .map_err(|_| ConnectorError::Permanent {
                    message: "The Microsoft Graph URL in Settings → Microsoft Teams cannot carry a path; use https://graph.microsoft.com.".into(),
                })?;
            path.pop_if_empty().push("v1.0");
            path.extend(segments);
        }
        Ok(url)
    }

    /// Sends the request `build` makes with a valid token. A 401 means the token went stale
    /// (expired or revoked early): the cached one is dropped and the request is sent once more
    /// with a fresh one; a second 401 is permanent. 429/5xx are transient (see [`Http::send`]);
    /// every other answer is returned for the caller to read.
    pub(super) async fn send(
        &self,
        what: &str,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> ConnectorResult<Response> {
        let token = self.tokens.get().await?;
        let request = build(self.http.client()).bearer_auth(token.expose());
        let response = self.http.send(request, what).await?;
        if response.status() != StatusCode::UNAUTHORIZED {
            return Ok(response);
        }
        self.tokens.forget(&token).await;
        let token = self.tokens.get().await?;
        let request = build(self.http.client()).bearer_auth(token.expose());
        let response = self.http.send(request, what).await?;
        if response.status() != StatusCode::UNAUTHORIZED {
            return Ok(response);
        }
        let error = read_error(response).await;
        Err(refusal(
            what,
            &error,
            "Microsoft Graph refused a freshly issued token: check that the tenant id in Settings → Microsoft Teams is the team's tenant.",
        ))
    }

    /// Like [`GraphApi::send`], and reads a 2xx answer's JSON; any other answer is permanent,
    /// quoting Graph's code and message, followed by `advice` (or, for 403/404, the usual cause).
    pub(super) async fn send_for_json<T: serde::de::DeserializeOwned>(
        &self,
        what: &str,
        advice: &str,
        build: impl Fn(&reqwest::Client) -> RequestBuilder,
    ) -> ConnectorResult<T> {
        let response = self.send(what, build).await?;
        if !response.status().is_success() {
            let error = read_error(response).await;
            return Err(refusal(what, &error, advice));
        }
        self.http.json(response, what).await
    }
}

/// Reads Graph's error body; a body of another shape is quoted as it came.
pub(super) async fn read_error(response: Response) -> GraphError {
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    match serde_json::from_str::<ErrorEnvelope>(&body) {
        Ok(envelope) => GraphError {
            status,
            code: envelope.error.code,
            message: envelope.error.message,
        },
        Err(_) => GraphError {
            status,
            code: String::new(),
            message: crate::http::describe_error_body(&body),
        },
    }
}

/// "Microsoft Teams refused to <what>: HTTP 403 — <code>: <message>. <advice>". Without
/// `advice`, a 403 names the missing permission kind and a 404 the setting to check.
pub(super) fn refusal(what: &str, error: &GraphError, advice: &str) -> ConnectorError {
    let detail = match (error.code.is_empty(), error.message.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!(" — {}", error.message),
        (false, true) => format!(" — {}", error.code),
        (false, false) => format!(" — {}: {}", error.code, error.message),
    };
    let advice = if !advice.is_empty() {
        advice
    } else if error.status == StatusCode::FORBIDDEN {
        "Give the HyOpps app the Microsoft Graph application permissions User.Read.All, User.Invite.All, Team.ReadBasic.All, Channel.ReadBasic.All, Channel.Create, TeamMember.ReadWrite.All and ChannelMember.ReadWrite.All in Entra ID, with admin consent."
    } else if error.status == StatusCode::NOT_FOUND {
        "Check the team id in Settings → Microsoft Teams."
    } else {
        ""
    };
    let message = crate::http::end_sentence(&format!(
        "Microsoft Teams refused to {what}: HTTP {}{detail}",
        error.status.as_u16()
    ));
    ConnectorError::Permanent {
        message: if advice.is_empty() {
            message
        } else {
            format!("{message} {advice}")
        },
    }
}
