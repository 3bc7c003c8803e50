//! The Admin REST calls that take access away, answering as Keycloak does:
//!
//! - `PUT /users/{id}` updates only what the representation carries (`enabled`, `firstName`,
//!   `lastName`, `email`): a representation without `attributes` keeps the rest; 204;
//! - `POST /users/{id}/logout` ends every session of the user; 204 also when there were none;
//! - `DELETE /users/{id}/groups/{groupId}` answers 204 whether or not the user was a member
//!   (the route is in the parent module, beside joining).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::{answer, error_message, lock, refusal, text, Shared};

fn user_not_found() -> Response {
    answer(StatusCode::NOT_FOUND, json!({"error": "User not found"}))
}

pub(super) async fn update_user(
    State(state): State<Shared>,
    Path((realm, id)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let mut state = lock(&state);
    if let Some(refused) = refusal(&state, &realm, &headers) {
        return refused;
    }
    let Some(index) = state.users.iter().position(|user| user.id == id) else {
        return user_not_found();
    };
    let email = text(&body, "email").map(|email| email.to_lowercase());
    if email.is_some()
        && state
            .users
            .iter()
            .any(|user| user.id != id && user.email == email)
    {
        return error_message(StatusCode::CONFLICT, "User exists with same email");
    }
    state.user_updates.push((id, body.clone()));
    let user = &mut state.users[index];
    if let Some(enabled) = body.get("enabled").and_then(Value::as_bool) {
        user.enabled = enabled;
    }
    if let Some(first_name) = text(&body, "firstName") {
        user.first_name = first_name;
    }
    if let Some(last_name) = text(&body, "lastName") {
        user.last_name = last_name;
    }
    if email.is_some() {
        user.email = email;
    }
    StatusCode::NO_CONTENT.into_response()
}

pub(super) async fn logout(
    State(state): State<Shared>,
    Path((realm, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let mut state = lock(&state);
    if let Some(refused) = refusal(&state, &realm, &headers) {
        return refused;
    }
    if state.user(&id).is_none() {
        return user_not_found();
    }
    state.sessions.remove(&id);
    *state.logouts.entry(id).or_default() += 1;
    StatusCode::NO_CONTENT.into_response()
}
