//! The Web API methods, each answering Slack's JSON.

use axum::body::Bytes;
use axum::extract::{Path, State as AxumState};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::request::Call;
use super::{FakeInvite, FakeSlack, FakeSlackUser, FakeUsergroup, State};

/// HTTP 200 with `{"ok":false,"error":code}`, Slack's answer for every application error.
fn refuse(code: &str) -> Response {
    Json(json!({ "ok": false, "error": code })).into_response()
}

fn ok(mut body: Value) -> Response {
    body["ok"] = json!(true);
    Json(body).into_response()
}

/// The scope each method needs (`None`: any valid token).
fn scope_of(method: &str) -> Option<&'static str> {
    match method {
        "users.lookupByEmail" => Some("users:read.email"),
        "users.list" => Some("users:read"),
        "usergroups.list" | "usergroups.users.list" => Some("usergroups:read"),
        "usergroups.create"
        | "usergroups.enable"
        | "usergroups.disable"
        | "usergroups.users.update" => Some("usergroups:write"),
        "conversations.invite" => Some("channels:write.invites"),
        "conversations.kick" => Some("channels:write"),
        _ => None,
    }
}

pub(super) async fn dispatch(
    AxumState(fake): AxumState<FakeSlack>,
    Path(method): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut state = fake.lock();
    if let Some(fault) = state.faults.pop_front() {
        let status = StatusCode::from_u16(fault.status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
        let code = if fault.status == 429 {
            "ratelimited"
        } else {
            "service_unavailable"
        };
        let mut response = (status, Json(json!({ "ok": false, "error": code }))).into_response();
        if let Some(seconds) = fault.retry_after {
            response.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from_str(&seconds.to_string()).expect("digits are a header value"),
            );
        }
        return response;
    }
    let call = Call::read(&method, uri.query(), &headers, &body);
    match call.token.as_deref() {
        None | Some("") => return refuse("not_authed"),
        Some(token) if token != state.token => return refuse("invalid_auth"),
        Some(_) => {}
    }
    if let Some(needed) = scope_of(&method) {
        if !state.scopes.iter().any(|scope| scope == needed) {
            return Json(json!({
                "ok": false,
                "error": "missing_scope",
                "needed": needed,
                "provided": state.scopes.join(","),
            }))
            .into_response();
        }
    }
    state.calls.push(method.clone());
    match method.as_str() {
        "auth.test" => auth_test(&state),
        "users.lookupByEmail" => lookup_by_email(&state, &call),
        "users.list" => list_users(&state, &call),
        "usergroups.list" => list_usergroups(&mut state, &call),
        "usergroups.create" => create_usergroup(&mut state, &call),
        "usergroups.enable" => set_usergroup_disabled(&mut state, &call, false),
        "usergroups.disable" => set_usergroup_disabled(&mut state, &call, true),
        "usergroups.users.list" => list_usergroup_users(&state, &call),
        "usergroups.users.update" => update_usergroup_users(&mut state, &call),
        "conversations.invite" => invite(&mut state, &call),
        "conversations.kick" => kick(&mut state, &call),
        _ => refuse("unknown_method"),
    }
}

fn auth_test(state: &State) -> Response {
    ok(json!({
        "url": format!("https://{}.slack.com/", state.team.to_lowercase().replace(' ', "-")),
        "team": state.team,
        "user": "hyopps",
        "team_id": "T00000001",
        "user_id": "U00000000",
        "bot_id": "B00000001",
        "is_enterprise_install": false,
    }))
}

fn user_json(user: &FakeSlackUser) -> Value {
    json!({
        "id": user.id,
        "team_id": "T00000001",
        "name": user.name,
        "real_name": user.name,
        "deleted": user.deleted,
        "is_bot": false,
        "is_restricted": user.is_restricted,
        "is_ultra_restricted": user.is_ultra_restricted,
        "profile": { "email": user.email, "real_name": user.name },
    })
}

fn lookup_by_email(state: &State, call: &Call) -> Response {
    let Some(email) = call.get("email") else {
        return refuse("invalid_arguments");
    };
    match state
        .users
        .iter()
        .find(|user| user.email.eq_ignore_ascii_case(email))
    {
        Some(user) => ok(json!({ "user": user_json(user) })),
        None => refuse("users_not_found"),
    }
}

/// Every account, a page at a time (`limit`, at most 1000; the cursor is the next index). As
/// Slack does, the email is only in the profile when the token may read emails.
fn list_users(state: &State, call: &Call) -> Response {
    let limit = call
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(100)
        .clamp(1, 1000);
    let from = match call.get("cursor").filter(|c| !c.is_empty()) {
        None => 0,
        Some(cursor) => match cursor.strip_prefix("next-").and_then(|n| n.parse().ok()) {
            Some(from) => from,
            None => return refuse("invalid_cursor"),
        },
    };
    let emails = state.scopes.iter().any(|s| s == "users:read.email");
    let members: Vec<Value> = state
        .users
        .iter()
        .skip(from)
        .take(limit)
        .map(|user| {
            let mut listed = user_json(user);
            if !emails {
                listed["profile"]["email"] = Value::Null;
            }
            listed
        })
        .collect();
    let next = if from + limit < state.users.len() {
        format!("next-{}", from + limit)
    } else {
        String::new()
    };
    ok(json!({ "members": members, "response_metadata": { "next_cursor": next } }))
}

fn usergroup_json(group: &FakeUsergroup, with_users: bool) -> Value {
    let mut body = json!({
        "id": group.id,
        "team_id": "T00000001",
        "is_usergroup": true,
        "name": group.name,
        "description": group.description,
        "handle": group.handle,
        "is_external": false,
        "date_create": 1_700_000_000,
        "date_update": 1_700_000_000,
        "date_delete": if group.disabled { 1_700_000_100 } else { 0 },
        "auto_type": null,
        "created_by": "U00000000",
        "updated_by": "U00000000",
        "deleted_by": if group.disabled { json!("U00000000") } else { json!(null) },
        "prefs": { "channels": group.channels, "groups": [] },
        "user_count": group.users.len(),
    });
    if with_users {
        body["users"] = json!(group.users);
    }
    body
}

fn list_usergroups(state: &mut State, call: &Call) -> Response {
    let include_disabled = call.flag("include_disabled");
    let with_users = call.flag("include_users");
    let groups: Vec<Value> = state
        .usergroups
        .iter()
        .filter(|group| include_disabled || !group.disabled)
        .map(|group| usergroup_json(group, with_users))
        .collect();
    if let Some(group) = state.created_after_list.take() {
        state.usergroups.push(group);
    }
    ok(json!({ "usergroups": groups }))
}

fn create_usergroup(state: &mut State, call: &Call) -> Response {
    let Some(name) = call.get("name").map(str::to_string) else {
        return refuse("invalid_arguments");
    };
    if !state.paid {
        return refuse("paid_teams_only");
    }
    let handle = call
        .get("handle")
        .map(str::to_string)
        .unwrap_or_else(|| name.to_lowercase().replace(' ', "-"));
    if state
        .usergroups
        .iter()
        .any(|group| group.name.eq_ignore_ascii_case(&name))
    {
        return refuse("name_already_exists");
    }
    // Handles share one namespace with member names.
    let handle_taken = state
        .usergroups
        .iter()
        .any(|group| group.handle.eq_ignore_ascii_case(&handle))
        || state
            .users
            .iter()
            .any(|user| user.name.eq_ignore_ascii_case(&handle));
    if handle_taken {
        return refuse("handle_already_exists");
    }
    let group = FakeUsergroup {
        id: state.new_id('S'),
        name,
        handle,
        description: call.get("description").unwrap_or_default().to_string(),
        channels: call.list("channels"),
        users: Vec::new(),
        disabled: false,
    };
    let answer = usergroup_json(&group, false);
    state.usergroups.push(group);
    ok(json!({ "usergroup": answer }))
}

/// `usergroups.enable` / `usergroups.disable`: the member list is kept either way (a disabled
/// group still lists its members with `include_disabled`).
fn set_usergroup_disabled(state: &mut State, call: &Call, disabled: bool) -> Response {
    let Some(id) = call.get("usergroup") else {
        return refuse("invalid_arguments");
    };
    match state.usergroups.iter_mut().find(|group| group.id == id) {
        Some(group) => {
            group.disabled = disabled;
            ok(json!({ "usergroup": usergroup_json(group, false) }))
        }
        None => refuse("no_such_subteam"),
    }
}

fn list_usergroup_users(state: &State, call: &Call) -> Response {
    let Some(id) = call.get("usergroup") else {
        return refuse("invalid_arguments");
    };
    let include_disabled = call.flag("include_disabled");
    match state
        .usergroups
        .iter()
        .find(|group| group.id == id && (include_disabled || !group.disabled))
    {
        Some(group) => ok(json!({ "users": group.users })),
        None => refuse("no_such_subteam"),
    }
}

fn update_usergroup_users(state: &mut State, call: &Call) -> Response {
    let Some(id) = call.get("usergroup").map(str::to_string) else {
        return refuse("invalid_arguments");
    };
    // Slack will not leave a group without members: disable it instead.
    if !call.params.contains_key("users") {
        return refuse("no_users_provided");
    }
    let users = call.list("users");
    if users.is_empty() {
        return refuse("invalid_users");
    }
    // Guests (and unknown or deactivated ids) cannot be in a user group.
    let acceptable = |user_id: &String| {
        state.users.iter().any(|user| {
            &user.id == user_id
                && !user.deleted
                && !user.is_restricted
                && !user.is_ultra_restricted
                && !user.kept_out_of_groups
        })
    };
    if !users.iter().all(acceptable) {
        return refuse("invalid_user");
    }
    let stale_write = std::mem::take(&mut state.stale_write_after_update);
    match state.usergroups.iter_mut().find(|group| group.id == id) {
        Some(group) => {
            // Replaces the whole list, as the real method does.
            let before = std::mem::replace(&mut group.users, users);
            let answer = ok(json!({ "usergroup": usergroup_json(group, true) }));
            if stale_write {
                group.users = before;
            }
            answer
        }
        None => refuse("no_such_subteam"),
    }
}

fn invite(state: &mut State, call: &Call) -> Response {
    let Some(channel_id) = call.get("channel").map(str::to_string) else {
        return refuse("invalid_arguments");
    };
    let users = call.list("users");
    if users.is_empty() {
        return refuse("no_user");
    }
    if !users
        .iter()
        .all(|id| state.users.iter().any(|user| &user.id == id))
    {
        return refuse("user_not_found");
    }
    let Some(channel) = state.channels.iter_mut().find(|c| c.id == channel_id) else {
        return refuse("channel_not_found");
    };
    if users.len() == 1 && channel.members.contains(&users[0]) {
        return refuse("already_in_channel");
    }
    let mut added = Vec::new();
    for user in users {
        if !channel.members.contains(&user) {
            channel.members.push(user.clone());
            added.push(FakeInvite {
                channel: channel_id.clone(),
                user,
            });
        }
    }
    let answer =
        json!({ "channel": { "id": channel.id, "name": channel.name, "is_channel": true } });
    state.invites.extend(added);
    ok(answer)
}

/// `conversations.kick`: `not_in_channel` when the user is not a member.
fn kick(state: &mut State, call: &Call) -> Response {
    let (Some(channel_id), Some(user_id)) = (call.get("channel"), call.get("user")) else {
        return refuse("invalid_arguments");
    };
    if !state.users.iter().any(|user| user.id == user_id) {
        return refuse("user_not_found");
    }
    let Some(channel) = state.channels.iter_mut().find(|c| c.id == channel_id) else {
        return refuse("channel_not_found");
    };
    let Some(index) = channel.members.iter().position(|member| member == user_id) else {
        return refuse("not_in_channel");
    };
    channel.members.remove(index);
    ok(json!({}))
}
