//! The endpoints, answering as Metabase does: plain-text bodies for many errors, JSON
//! `{"errors":{field: message}}` for validation, a 500 for a duplicate membership, 409 for a
//! stale graph revision.

use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{MatchedPath, Request, State as Extract};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::state::{Fault, State};
use super::{content, graphs, people};

pub(super) type Shared = Arc<Mutex<State>>;

pub(super) const NOT_FOUND: &str = "Not found.";

pub(super) fn router(shared: Shared) -> Router {
    Router::new()
        .route("/api/user/current", get(people::current_user))
        .route(
            "/api/user",
            get(people::list_users).post(people::create_user),
        )
        .route(
            "/api/user/{id}",
            get(people::get_user).delete(people::deactivate_user),
        )
        .route(
            "/api/permissions/group",
            get(people::list_groups).post(people::create_group),
        )
        .route(
            "/api/permissions/membership",
            get(people::list_memberships).post(people::add_membership),
        )
        .route(
            "/api/permissions/membership/{id}",
            delete(people::remove_membership),
        )
        .route(
            "/api/permissions/graph",
            get(graphs::data_graph).put(graphs::update_data_graph),
        )
        .route(
            "/api/collection/graph",
            get(graphs::collection_graph).put(graphs::update_collection_graph),
        )
        .route(
            "/api/collection",
            get(content::list_collections).post(content::create_collection),
        )
        .route(
            "/api/collection/{id}",
            get(content::get_collection).put(content::update_collection),
        )
        .route("/api/collection/{id}/items", get(content::collection_items))
        .route("/api/dashboard/{id}/copy", post(content::copy_dashboard))
        .route("/api/card/{id}/copy", post(content::copy_card))
        .route("/api/card/{id}", put(content::update_card))
        .route("/api/database/{id}", get(content::get_database))
        .route_layer(middleware::from_fn_with_state(shared.clone(), gate))
        .fallback(|| async { text(StatusCode::NOT_FOUND, "API endpoint does not exist.") })
        .with_state(shared)
}

pub(super) fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

pub(super) fn text(status: StatusCode, body: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

pub(super) fn json_error(field: &str, message: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({ "errors": { field: message } })),
    )
        .into_response()
}

pub(super) fn ok(value: Value) -> Response {
    Json(value).into_response()
}

/// Counts the request, then answers an injected fault, a wrong key (401 `Unauthenticated`) or
/// a key of a non-administrator (403) before the endpoint runs.
async fn gate(
    Extract(shared): Extract<Shared>,
    matched: MatchedPath,
    request: Request,
    next: Next,
) -> Response {
    let route = format!("{} {}", request.method(), matched.as_str());
    {
        let mut state = lock(&shared);
        *state.requests.entry(route.clone()).or_default() += 1;
        if let Some(fault) = state.faults.pop_front() {
            return match fault {
                Fault::TooManyRequests { retry_after_secs } => (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(header::RETRY_AFTER, retry_after_secs.to_string())],
                    "Too Many Requests",
                )
                    .into_response(),
                Fault::Unavailable => text(StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable"),
            };
        }
        let key = request
            .headers()
            .get("x-api-key")
            .and_then(|value| value.to_str().ok());
        if key != Some(state.api_key.as_str()) {
            return text(StatusCode::UNAUTHORIZED, "Unauthenticated");
        }
        if !state.key_is_admin && route != "GET /api/user/current" {
            return text(
                StatusCode::FORBIDDEN,
                "You don't have permissions to do that.",
            );
        }
    }
    let writes = request.method() != axum::http::Method::GET;
    let answer = next.run(request).await;
    let delay = lock(&shared).answer_delay;
    if let (true, Some(delay)) = (writes, delay) {
        tokio::time::sleep(delay).await;
    }
    answer
}
