//! Directory users (found by `mail`, or read by id or user principal name) and guest
//! invitations.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::api::graph_error;
use super::{FakeGraph, FakeInvitation, FakeUser};

fn user_json(user: &FakeUser) -> Value {
    json!({
        "id": user.id,
        "displayName": user.display_name,
        "mail": user.mail,
        "userPrincipalName": if user.user_type == "Guest" {
            format!("{}#EXT#@tenant.onmicrosoft.com", user.mail.replace('@', "_"))
        } else {
            user.mail.clone()
        },
        "userType": user.user_type,
    })
}

/// `mail eq '<address>'` (quotes doubled inside), the one filter this fake understands.
fn mail_filter(filter: &str) -> Option<String> {
    let literal = filter
        .trim()
        .strip_prefix("mail eq '")?
        .strip_suffix('\'')?;
    Some(literal.replace("''", "'"))
}

pub(super) async fn find_users(
    State(fake): State<FakeGraph>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(mail) = query.get("$filter").and_then(|filter| mail_filter(filter)) else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "Request_UnsupportedQuery",
            "Unsupported Query.",
        );
    };
    let state = fake.lock();
    // Graph compares mail without regard to case.
    let value: Vec<Value> = state
        .users
        .iter()
        .filter(|user| user.mail.eq_ignore_ascii_case(&mail))
        .map(user_json)
        .collect();
    Json(json!({ "value": value })).into_response()
}

/// `GET /users/{id | userPrincipalName}`: 404 `Request_ResourceNotFound` for no such user.
pub(super) async fn get_user(State(fake): State<FakeGraph>, Path(key): Path<String>) -> Response {
    let state = fake.lock();
    match state
        .users
        .iter()
        .map(user_json)
        .find(|user| user["id"] == key.as_str() || user["userPrincipalName"] == key.as_str())
    {
        Some(user) => Json(user).into_response(),
        None => graph_error(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            &format!("Resource '{key}' does not exist or one of its queried reference-property objects are not present."),
        ),
    }
}

/// `DELETE /users/{id}`: the user leaves the directory and every team and channel roster;
/// 404 for no such user.
pub(super) async fn delete_user(State(fake): State<FakeGraph>, Path(id): Path<String>) -> Response {
    let mut state = fake.lock();
    let Some(index) = state.users.iter().position(|user| user.id == id) else {
        return graph_error(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            &format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."),
        );
    };
    state.users.remove(index);
    state.forget_memberships_of(&id);
    StatusCode::NO_CONTENT.into_response()
}

/// Creates a guest for an address new to the tenant; for a known address, returns that user.
pub(super) async fn invite(State(fake): State<FakeGraph>, body: Bytes) -> Response {
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "Invalid request body.",
        );
    };
    let text = |key: &str| {
        body.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let email = text("invitedUserEmailAddress");
    let redirect_url = text("inviteRedirectUrl");
    if !email.contains('@') {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "The invitedUserEmailAddress is required and must be a valid email address.",
        );
    }
    if redirect_url.is_empty() {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "The inviteRedirectUrl is required.",
        );
    }
    let display_name = text("invitedUserDisplayName");
    let send_message = body
        .get("sendInvitationMessage")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let mut state = fake.lock();
    let existing = state
        .users
        .iter()
        .find(|user| user.mail.eq_ignore_ascii_case(&email))
        .map(|user| user.id.clone());
    let user_id = match existing {
        Some(id) => id,
        None => {
            let id = state.new_guid();
            state.users.push(FakeUser {
                id: id.clone(),
                mail: email.clone(),
                display_name: display_name.clone(),
                user_type: "Guest".into(),
            });
            id
        }
    };
    state.invitations.push(FakeInvitation {
        email: email.clone(),
        display_name: display_name.clone(),
        redirect_url: redirect_url.clone(),
        send_message,
        user_id: user_id.clone(),
    });
    let invitation_id = state.new_guid();
    let answer = json!({
        "id": invitation_id,
        "inviteRedeemUrl": format!("https://login.microsoftonline.com/redeem?id={invitation_id}"),
        "invitedUserDisplayName": display_name,
        "invitedUserEmailAddress": email,
        "inviteRedirectUrl": redirect_url,
        "sendInvitationMessage": send_message,
        "status": "PendingAcceptance",
        "invitedUser": { "id": user_id },
    });
    (StatusCode::CREATED, Json(answer)).into_response()
}
