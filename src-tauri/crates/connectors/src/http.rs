//! What every HTTP connector shares: a client with timeouts, and turning an answer that is not a
//! success into a [`ConnectorError`] the engine can act on (retry or stop), carrying the system's
//! own code and message, never a secret.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, LOCATION, RETRY_AFTER};
use reqwest::redirect::{Attempt, Policy};
use reqwest::{RequestBuilder, Response, StatusCode};
use url::Url;

use crate::{ConnectorError, ConnectorResult};

/// Longest slice of a system's error body quoted in a message.
const QUOTED_BODY_LIMIT: usize = 300;
/// Redirects followed within one origin before giving up (reqwest's own default).
const MAX_REDIRECTS: usize = 10;

/// One system's HTTP client.
#[derive(Clone)]
pub(crate) struct Http {
    client: reqwest::Client,
    system: &'static str,
}

impl Http {
    pub(crate) fn new(system: &'static str) -> Self {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("HyOpps/", env!("CARGO_PKG_VERSION")))
            .redirect(Policy::custom(follow_within_origin))
            .build()
            // Building fails only if the TLS backend cannot initialise, which is a broken build.
            .expect("the HTTP client (rustls) initialises");
        Self { client, system }
    }

    pub(crate) fn client(&self) -> &reqwest::Client {
        &self.client
    }

    pub(crate) fn system(&self) -> &'static str {
        self.system
    }

    /// Sends the request. A network failure, a timeout, 429 and any 5xx become
    /// [`ConnectorError::Transient`] (with the system's `Retry-After`); a redirect to another
    /// host, which is not followed, is [`ConnectorError::Permanent`] naming where it pointed;
    /// every other answer, success or not, is returned for the caller to read. `what` says what was being done
    /// ("create the group ext-acme"), for the message.
    pub(crate) async fn send(
        &self,
        request: RequestBuilder,
        what: &str,
    ) -> ConnectorResult<Response> {
        let response = request
            .send()
            .await
            .map_err(|error| self.unreachable(what, error))?;
        let status = response.status();
        if status.is_redirection() {
            return Err(self.redirected(what, &response));
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            let retry_after = retry_after(response.headers());
            let body = response.text().await.unwrap_or_default();
            return Err(ConnectorError::Transient {
                message: format!(
                    "{} HyOpps will try again.",
                    end_sentence(&format!(
                        "{} could not {what} just now: HTTP {}{}",
                        self.system,
                        status.as_u16(),
                        detail_suffix(&body)
                    ))
                ),
                retry_after,
            });
        }
        Ok(response)
    }

    /// A redirect the client did not follow (see [`follow_within_origin`]): the request carried
    /// a key, a token or a webhook's secret header, which must not reach another address. Says
    /// where it pointed (without query or credentials, which may be secret) so an admin can
    /// judge it and correct the URL in Settings.
    fn redirected(&self, what: &str, response: &Response) -> ConnectorError {
        let status = response.status().as_u16();
        let target = response
            .headers()
            .get(LOCATION)
            .and_then(|location| location.to_str().ok())
            .and_then(|location| response.url().join(location).ok());
        let message = match target {
            Some(target) if same_origin_or_upgrade(response.url(), &target) => format!(
                "{} did not {what}: it kept redirecting the request (more than {MAX_REDIRECTS} times, last with HTTP {status} to {}). Check the URL in Settings.",
                self.system,
                shown_address(&target)
            ),
            Some(target) => {
                let target = shown_address(&target);
                format!(
                    "{} did not {what}: it redirected the request (HTTP {status}) to {target}, another address than the one in Settings, and HyOpps does not send its credentials anywhere else. If {target} is the right address, enter it in Settings.",
                    self.system
                )
            }
            None => format!(
                "{} did not {what}: it answered HTTP {status} (a redirect) without saying where to. Check the URL in Settings.",
                self.system
            ),
        };
        ConnectorError::Permanent { message }
    }

    /// Sends the request and insists on a 2xx answer: any other is a
    /// [`ConnectorError::Permanent`] quoting the system's message, followed by `advice`.
    pub(crate) async fn send_expecting_success(
        &self,
        request: RequestBuilder,
        what: &str,
        advice: &str,
    ) -> ConnectorResult<Response> {
        let response = self.send(request, what).await?;
        if response.status().is_success() {
            return Ok(response);
        }
        Err(self.refused(what, response, advice).await)
    }

    /// A non-success answer as a permanent error: "<System> refused to <what>: HTTP 403 — <its
    /// message>. <advice>"
    pub(crate) async fn refused(
        &self,
        what: &str,
        response: Response,
        advice: &str,
    ) -> ConnectorError {
        let status = response.status().as_u16();
        let body = response.text().await.unwrap_or_default();
        ConnectorError::Permanent {
            message: join_advice(
                end_sentence(&format!(
                    "{} refused to {what}: HTTP {status}{}",
                    self.system,
                    detail_suffix(&body)
                )),
                advice,
            ),
        }
    }

    /// Like [`Http::refused`] for a caller that has already read the body (to look for a
    /// known answer in it first): "<System> refused to <what>: HTTP 400 — <its message>. <advice>"
    pub(crate) fn refused_with_body(
        &self,
        what: &str,
        status: StatusCode,
        body: &str,
        advice: &str,
    ) -> ConnectorError {
        ConnectorError::Permanent {
            message: join_advice(
                end_sentence(&format!(
                    "{} refused to {what}: HTTP {}{}",
                    self.system,
                    status.as_u16(),
                    detail_suffix(body)
                )),
                advice,
            ),
        }
    }

    /// Reads a success answer's JSON body into `T`; a body that does not parse is permanent
    /// (retrying will not change what the system sends).
    pub(crate) async fn json<T: serde::de::DeserializeOwned>(
        &self,
        response: Response,
        what: &str,
    ) -> ConnectorResult<T> {
        let body = response
            .text()
            .await
            .map_err(|error| self.unreachable(what, error))?;
        serde_json::from_str(&body).map_err(|error| ConnectorError::Permanent {
            message: format!(
                "{} answered in an unexpected form when asked to {what} ({error}). Check that the URL in Settings points at {} itself.",
                self.system, self.system
            ),
        })
    }

    fn unreachable(&self, what: &str, error: reqwest::Error) -> ConnectorError {
        // `without_url`: a URL can carry query parameters; the message names the system instead.
        let kind = if error.is_timeout() {
            "the request timed out"
        } else if error.is_connect() {
            "the connection failed"
        } else {
            "the request failed"
        };
        ConnectorError::Transient {
            message: format!(
                "{} could not be reached to {what}: {kind} ({}). HyOpps will try again; check the URL in Settings if this persists.",
                self.system,
                error.without_url()
            ),
            retry_after: None,
        }
    }
}

/// The client's redirect rule. Secrets travel in headers reqwest does not know are secret
/// (`x-api-key`, a webhook's own headers) and, for token requests, in the body that a 307/308
/// resends: so a redirect is followed only to the same scheme, host and port, or from http to
/// https on the same host. Any other is handed back unfollowed, and [`Http::send`] says where
/// it pointed.
fn follow_within_origin(attempt: Attempt<'_>) -> reqwest::redirect::Action {
    let followable = attempt.previous().len() <= MAX_REDIRECTS
        && attempt
            .previous()
            .last()
            .is_some_and(|from| same_origin_or_upgrade(from, attempt.url()));
    if followable {
        attempt.follow()
    } else {
        attempt.stop()
    }
}

/// Whether `to` is the same scheme, host and port as `from`, or its https on the same host.
fn same_origin_or_upgrade(from: &Url, to: &Url) -> bool {
    let same_host =
        from.host_str().map(str::to_ascii_lowercase) == to.host_str().map(str::to_ascii_lowercase);
    let same_origin =
        from.scheme() == to.scheme() && from.port_or_known_default() == to.port_or_known_default();
    let upgrade = from.scheme() == "http"
        && to.scheme() == "https"
        && from.port().is_none()
        && to.port().is_none();
    same_host && (same_origin || upgrade)
}

/// A URL as a message may show it: scheme, host, port and path, without user, password,
/// query or fragment.
fn shown_address(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.set_fragment(None);
    shown.to_string()
}

/// `text` ending as a sentence: a full stop is added unless it already ends with one (or
/// with `!`, `?` or the `…` of a shortened quote), so a system's own "Invalid redirect uri."
/// does not become "uri..".
pub(crate) fn end_sentence(text: &str) -> String {
    let trimmed = text.trim_end();
    if trimmed.ends_with(['.', '!', '?', '…']) {
        trimmed.to_string()
    } else {
        format!("{trimmed}.")
    }
}

/// The longest `Retry-After` taken from a system: the value comes from outside, and a step that
/// would wait longer is better left to an operator.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(60 * 60);

/// The `Retry-After` header, in seconds or as an HTTP date (a date in the past means now), at
/// most [`MAX_RETRY_AFTER`]; anything else is ignored.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    retry_after_at(headers, SystemTime::now())
}

fn retry_after_at(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    let wait = match value.parse::<u64>() {
        Ok(seconds) => Duration::from_secs(seconds),
        Err(_) => httpdate::parse_http_date(value)
            .ok()?
            .duration_since(now)
            .unwrap_or_default(),
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

/// The system's own words from an error body, JSON or plain text: Graph's
/// `{"error":{"code","message"}}`, Keycloak's `{"errorMessage"}` and OAuth's
/// `{"error","error_description"}`, Metabase's `{"errors":{field:msg}}` / `{"message"}` or a plain
/// sentence, Slack's `{"error": code}`.
pub(crate) fn describe_error_body(body: &str) -> String {
    let trimmed = body.trim();
    if let Ok(json) = serde_json::from_str::<serde_json::Value>(trimmed) {
        if let Some(found) = describe_json_error(&json) {
            return shorten(&found);
        }
    }
    shorten(trimmed)
}

fn describe_json_error(json: &serde_json::Value) -> Option<String> {
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    if let Some(error) = json.get("error") {
        if let Some(code) = error.get("code").and_then(text) {
            let message = error.get("message").and_then(text).unwrap_or_default();
            return Some(
                format!("{code}: {message}")
                    .trim_end_matches(": ")
                    .to_string(),
            );
        }
        if let Some(code) = text(error) {
            return Some(match json.get("error_description").and_then(text) {
                Some(description) => format!("{code}: {description}"),
                None => code,
            });
        }
    }
    if let Some(message) = json.get("errorMessage").and_then(text) {
        return Some(message);
    }
    if let Some(errors) = json.get("errors").and_then(|e| e.as_object()) {
        let joined: Vec<String> = errors
            .iter()
            .map(|(field, message)| match message.as_str() {
                Some(message) => format!("{field}: {message}"),
                None => format!("{field}: {message}"),
            })
            .collect();
        return Some(joined.join("; "));
    }
    json.get("message").and_then(text)
}

fn detail_suffix(body: &str) -> String {
    let detail = describe_error_body(body);
    if detail.is_empty() {
        String::new()
    } else {
        format!(" — {detail}")
    }
}

fn join_advice(message: String, advice: &str) -> String {
    if advice.is_empty() {
        message
    } else {
        format!("{message} {advice}")
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= QUOTED_BODY_LIMIT {
        return text.to_string();
    }
    let cut: String = text.chars().take(QUOTED_BODY_LIMIT).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_systems_error_shape() {
        let cases = [
            (
                r#"{"error":{"code":"Request_ResourceNotFound","message":"Team not found"}}"#,
                "Request_ResourceNotFound: Team not found",
            ),
            (
                r#"{"errorMessage":"User exists with same email"}"#,
                "User exists with same email",
            ),
            (
                r#"{"error":"unauthorized_client","error_description":"Invalid client secret"}"#,
                "unauthorized_client: Invalid client secret",
            ),
            (
                r#"{"errors":{"email":"Email address already in use."}}"#,
                "email: Email address already in use.",
            ),
            (
                "A group with that name already exists.",
                "A group with that name already exists.",
            ),
            (r#"{"ok":false,"error":"invalid_auth"}"#, "invalid_auth"),
            ("", ""),
        ];
        for (body, expected) in cases {
            assert_eq!(describe_error_body(body), expected, "body {body:?}");
        }
    }

    #[test]
    fn a_sentence_ends_with_one_full_stop() {
        assert_eq!(
            end_sentence("HTTP 400 — Invalid redirect uri."),
            "HTTP 400 — Invalid redirect uri."
        );
        assert_eq!(
            end_sentence("HTTP 400 — invalid characters"),
            "HTTP 400 — invalid characters."
        );
        assert_eq!(
            end_sentence("cut…"),
            "cut…",
            "a shortened quote ends with its ellipsis"
        );
    }

    #[test]
    fn long_bodies_are_cut() {
        let body = "x".repeat(1000);
        assert_eq!(
            describe_error_body(&body).chars().count(),
            QUOTED_BODY_LIMIT + 1
        );
    }

    fn with_retry_after(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, value.parse().unwrap());
        headers
    }

    #[test]
    fn retry_after_reads_seconds() {
        assert_eq!(
            retry_after(&with_retry_after("7")),
            Some(Duration::from_secs(7))
        );
        assert_eq!(retry_after(&with_retry_after("soon")), None);
        assert_eq!(retry_after(&HeaderMap::new()), None);
    }

    #[test]
    fn retry_after_reads_an_http_date() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2026 07:28:00 GMT").unwrap();
        let at = |value: &str| retry_after_at(&with_retry_after(value), now);
        assert_eq!(
            at("Wed, 21 Oct 2026 07:29:30 GMT"),
            Some(Duration::from_secs(90)),
            "a date is a wait until then"
        );
        assert_eq!(
            at("Wednesday, 21-Oct-26 07:28:10 GMT"),
            Some(Duration::from_secs(10)),
            "the obsolete RFC 850 form too"
        );
        assert_eq!(
            at("Wed, 21 Oct 2026 07:00:00 GMT"),
            Some(Duration::ZERO),
            "a date already past means: try again now"
        );
    }

    #[test]
    fn an_enormous_retry_after_is_capped_at_an_hour() {
        assert_eq!(
            retry_after(&with_retry_after("18446744073709551615")),
            Some(MAX_RETRY_AFTER)
        );
        let now = httpdate::parse_http_date("Wed, 21 Oct 2026 07:28:00 GMT").unwrap();
        assert_eq!(
            retry_after_at(&with_retry_after("Fri, 31 Dec 9999 23:59:59 GMT"), now),
            Some(MAX_RETRY_AFTER)
        );
    }
}
