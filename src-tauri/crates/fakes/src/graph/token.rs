//! Microsoft's OAuth 2.0 token endpoint, client-credentials grant only, with its refusals
//! (`{"error","error_description":"AADSTS…","error_codes":[…]}`).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::api::fault_response;
use super::{FakeGraph, Target};

const GRAPH_SCOPE: &str = "https://graph.microsoft.com/.default";

pub(super) async fn issue(
    State(fake): State<FakeGraph>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut state = fake.lock();
    state.token_requests += 1;
    if let Some(fault) = state.take_fault(Target::Token) {
        return fault_response(&fault);
    }
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    let form: Vec<(String, String)> = if is_form {
        url::form_urlencoded::parse(&body).into_owned().collect()
    } else {
        Vec::new()
    };
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .unwrap_or_default()
    };
    if tenant != state.tenant_id {
        return refusal(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            90002,
            &format!("Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."),
        );
    }
    if field("grant_type").is_empty() {
        return refusal(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'grant_type'.",
        );
    }
    if field("grant_type") != "client_credentials" {
        return refusal(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            70003,
            "The app requested an unsupported grant type.",
        );
    }
    if field("client_id") != state.client_id {
        return refusal(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            700016,
            &format!(
                "Application with identifier '{}' was not found in the directory '{tenant}'.",
                field("client_id")
            ),
        );
    }
    if field("client_secret") != state.client_secret {
        return refusal(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            7000215,
            &format!(
                "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{}'.",
                state.client_id
            ),
        );
    }
    if field("scope") != GRAPH_SCOPE {
        return refusal(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            1002012,
            &format!(
                "The provided value for scope {} is not valid.",
                field("scope")
            ),
        );
    }
    let token = format!("fake-graph-token-{}", state.next_id());
    state.valid_tokens.push(token.clone());
    Json(json!({
        "token_type": "Bearer",
        "expires_in": state.token_lifetime,
        "ext_expires_in": state.token_lifetime,
        "access_token": token,
    }))
    .into_response()
}

fn refusal(status: StatusCode, error: &str, code: u64, description: &str) -> Response {
    let body = json!({
        "error": error,
        "error_description": format!(
            "AADSTS{code}: {description}\r\nTrace ID: 00000000-0000-0000-0000-000000000000\r\nCorrelation ID: 00000000-0000-0000-0000-000000000000\r\nTimestamp: 2026-01-01 00:00:00Z"
        ),
        "error_codes": [code],
        "timestamp": "2026-01-01 00:00:00Z",
        "trace_id": "00000000-0000-0000-0000-000000000000",
        "correlation_id": "00000000-0000-0000-0000-000000000000",
    });
    (status, Json(body)).into_response()
}
