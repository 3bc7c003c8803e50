//! What every Graph API request goes through: injected failures, then the bearer token; and
//! Graph's error body.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::{FakeGraph, Fault, Target};

/// `{"error":{"code","message","innerError":{…}}}` with `status`.
pub(super) fn graph_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({
        "error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": "2026-01-01T00:00:00",
                "request-id": "00000000-0000-0000-0000-000000000000",
            },
        }
    });
    (status, Json(body)).into_response()
}

/// An injected failure as Graph sends it: throttling (429 `TooManyRequests`) or an outage
/// (503 `ServiceNotAvailable`), with `Retry-After` seconds.
pub(super) fn fault_response(fault: &Fault) -> Response {
    let status = StatusCode::from_u16(fault.status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let (code, message) = match fault.status {
        429 => (
            "TooManyRequests",
            "Too many requests, please try again later.",
        ),
        503 => (
            "ServiceNotAvailable",
            "The service is temporarily unavailable. Please retry later.",
        ),
        _ => ("UnknownError", "Injected failure."),
    };
    let mut response = graph_error(status, code, message);
    if let Some(seconds) = fault.retry_after {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_str(&seconds.to_string()).expect("digits are a header value"),
        );
    }
    response
}

pub(super) async fn authenticate(
    State(fake): State<FakeGraph>,
    request: Request,
    next: Next,
) -> Response {
    let refusal = {
        let mut state = fake.lock();
        if let Some(fault) = state.take_fault(Target::Api) {
            return fault_response(&fault);
        }
        let token = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim);
        match token {
            None | Some("") => Some("Access token is empty."),
            Some(token) if !state.valid_tokens.iter().any(|valid| valid == token) => {
                Some("Access token has expired or is not yet valid.")
            }
            Some(_) => None,
        }
    };
    match refusal {
        Some(message) => graph_error(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            message,
        ),
        None => next.run(request).await,
    }
}
