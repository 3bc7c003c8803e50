//! Users, groups and memberships.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Path, Query, State as Extract};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::routes::{json_error, lock, ok, text, Shared, NOT_FOUND};
use super::state::ALL_USERS;

/// Metabase's `fail-to-remove-last-admin-msg`.
const LAST_ADMIN: &str = "You cannot remove the last member of the 'Admin' group!";

/// With an API key, the current user is the key's own (it is not listed among the users).
pub(super) async fn current_user(Extract(shared): Extract<Shared>) -> Response {
    let state = lock(&shared);
    ok(json!({
        "id": 13_371,
        "email": "api-key-user-hyopps@api-key.invalid",
        "first_name": "HyOpps",
        "last_name": null,
        "common_name": "HyOpps",
        "is_superuser": state.key_is_admin,
    }))
}

/// `query` matches substrings of first name, last name and email; only active users unless
/// `status` (or the legacy `include_deactivated`) says otherwise.
pub(super) async fn list_users(
    Extract(shared): Extract<Shared>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let mut state = lock(&shared);
    let status = params
        .get("status")
        .map(String::as_str)
        .or_else(
            || match params.get("include_deactivated").map(String::as_str) {
                Some("true") => Some("all"),
                _ => None,
            },
        )
        .unwrap_or("active");
    let needle = params
        .get("query")
        .map(|q| q.trim().to_lowercase())
        .unwrap_or_default();
    let data: Vec<Value> = state
        .users
        .values()
        .filter(|user| match status {
            "all" => true,
            "deactivated" => !user.is_active,
            _ => user.is_active,
        })
        .filter(|user| {
            [&user.first_name, &user.last_name, &user.email]
                .iter()
                .any(|field| field.to_lowercase().contains(&needle))
        })
        .map(|user| state.user_json(user))
        .collect();
    let answer = json!({ "total": data.len(), "data": data, "limit": null, "offset": null });
    if let Some((email, first, last)) = state.user_race.take() {
        state.create_user(&email, &first, &last);
    }
    ok(answer)
}

pub(super) async fn create_user(
    Extract(shared): Extract<Shared>,
    Json(body): Json<Value>,
) -> Response {
    let mut state = lock(&shared);
    let field = |name: &str| body.get(name).and_then(Value::as_str).unwrap_or_default();
    let email = field("email");
    if !email.contains('@') {
        return json_error("email", "value must be a valid email address.");
    }
    if state.user_by_email(email).is_some() {
        return json_error("email", "Email address already in use.");
    }
    let id = state.create_user(email, field("first_name"), field("last_name"));
    let user = state.users[&id].clone();
    ok(state.user_json(&user))
}

/// A membership's `id` here is the group's id.
pub(super) async fn get_user(Extract(shared): Extract<Shared>, Path(id): Path<i64>) -> Response {
    let state = lock(&shared);
    let Some(user) = state.users.get(&id) else {
        return text(StatusCode::NOT_FOUND, NOT_FOUND);
    };
    let mut answer = state.user_json(user);
    answer["user_group_memberships"] = state
        .memberships
        .values()
        .filter(|m| m.user_id == id)
        .map(|m| json!({ "id": m.group_id, "is_group_manager": false }))
        .collect();
    ok(answer)
}

/// Deactivates (Metabase never deletes a user): `{"success": true}` even for a user inactive
/// already, 404 for an unknown id, and a plain-text 400 rather than leave no active admin.
pub(super) async fn deactivate_user(
    Extract(shared): Extract<Shared>,
    Path(id): Path<i64>,
) -> Response {
    let mut state = lock(&shared);
    if !state.users.contains_key(&id) {
        return text(StatusCode::NOT_FOUND, NOT_FOUND);
    }
    if state.is_last_active_admin(id) {
        return text(StatusCode::BAD_REQUEST, LAST_ADMIN);
    }
    if let Some(user) = state.users.get_mut(&id) {
        user.is_active = false;
    }
    ok(json!({ "success": true }))
}

pub(super) async fn list_groups(Extract(shared): Extract<Shared>) -> Response {
    let mut state = lock(&shared);
    let answer: Vec<Value> = state
        .groups
        .values()
        .map(|group| {
            let members = state
                .memberships
                .values()
                .filter(|m| m.group_id == group.id)
                .count();
            json!({ "id": group.id, "name": group.name, "member_count": members })
        })
        .collect();
    if let Some(name) = state.group_race.take() {
        state.create_group(&name);
    }
    ok(Value::Array(answer))
}

pub(super) async fn create_group(
    Extract(shared): Extract<Shared>,
    Json(body): Json<Value>,
) -> Response {
    let mut state = lock(&shared);
    let name = body.get("name").and_then(Value::as_str).unwrap_or_default();
    if name.trim().is_empty() {
        return json_error("name", "value must be a non-blank string.");
    }
    if state.group_name_taken(name) {
        return text(
            StatusCode::BAD_REQUEST,
            "A group with that name already exists.",
        );
    }
    let id = state.create_group(name);
    ok(json!({ "id": id, "name": name }))
}

/// Keyed by the user id as a string.
pub(super) async fn list_memberships(Extract(shared): Extract<Shared>) -> Response {
    let state = lock(&shared);
    let mut map: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for m in state.memberships.values() {
        map.entry(m.user_id.to_string()).or_default().push(json!({
            "membership_id": m.id,
            "group_id": m.group_id,
            "user_id": m.user_id,
            "is_group_manager": false,
        }));
    }
    ok(json!(map))
}

/// Answers the group's member list; a duplicate hits the unique constraint (500).
pub(super) async fn add_membership(
    Extract(shared): Extract<Shared>,
    Json(body): Json<Value>,
) -> Response {
    let mut state = lock(&shared);
    let number = |name: &str| body.get(name).and_then(Value::as_i64).unwrap_or_default();
    let (group_id, user_id) = (number("group_id"), number("user_id"));
    if !state.groups.contains_key(&group_id) || !state.users.contains_key(&user_id) {
        return text(StatusCode::NOT_FOUND, NOT_FOUND);
    }
    if group_id == state.group_id(ALL_USERS) {
        return text(
            StatusCode::BAD_REQUEST,
            "You cannot add or remove users to/from the 'All Users' group.",
        );
    }
    if state.is_member(user_id, group_id) {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({
                "message": "ERROR: duplicate key value violates unique constraint \"unique_user_group_membership\"",
                "type": "org.postgresql.util.PSQLException",
            })),
        )
            .into_response();
    }
    state.add_membership(user_id, group_id);
    let members: Vec<Value> = state
        .memberships
        .values()
        .filter(|m| m.group_id == group_id)
        .map(|m| {
            let user = &state.users[&m.user_id];
            json!({
                "membership_id": m.id,
                "user_id": user.id,
                "email": user.email,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "is_group_manager": false,
            })
        })
        .collect();
    ok(Value::Array(members))
}

pub(super) async fn remove_membership(
    Extract(shared): Extract<Shared>,
    Path(id): Path<i64>,
) -> Response {
    let mut state = lock(&shared);
    let Some(membership) = state.memberships.get(&id) else {
        return text(StatusCode::NOT_FOUND, NOT_FOUND);
    };
    if membership.group_id == state.group_id(ALL_USERS) {
        return text(
            StatusCode::BAD_REQUEST,
            "You cannot add or remove users to/from the 'All Users' group.",
        );
    }
    state.memberships.remove(&id);
    StatusCode::NO_CONTENT.into_response()
}
