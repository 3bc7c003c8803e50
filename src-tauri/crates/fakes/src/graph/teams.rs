//! Teams, their channels, and team and channel members: listed in pages, added, removed.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::api::graph_error;
use super::{FakeChannel, FakeGraph, FakeTeam, State as GraphState};

const CHANNEL_NAME_MAX: usize = 50;
const FORBIDDEN_IN_NAMES: &[char] = &[
    '~', '#', '%', '&', '*', '{', '}', '+', '/', '\\', ':', '<', '>', '?', '|', '\'', '"', ',',
];
const MEMBER_TYPE: &str = "#microsoft.graph.aadUserConversationMember";

pub(super) fn new_channel_id(state: &mut GraphState) -> String {
    format!("19:{:032x}@thread.tacv2", state.next_id())
}

fn team_not_found(team_id: &str) -> Response {
    graph_error(
        StatusCode::NOT_FOUND,
        "NotFound",
        &format!("No team found with Group Id {team_id}"),
    )
}

fn channel_not_found() -> Response {
    graph_error(StatusCode::NOT_FOUND, "NotFound", "Channel not found")
}

fn channel_json(team_id: &str, channel: &FakeChannel) -> Value {
    json!({
        "id": channel.id,
        "createdDateTime": "2026-01-01T00:00:00Z",
        "displayName": channel.display_name,
        "description": channel.description,
        "email": "",
        "membershipType": channel.membership_type,
        "webUrl": format!(
            "https://teams.microsoft.com/l/channel/{}/{}?groupId={team_id}",
            channel.id, channel.display_name
        ),
    })
}

pub(super) async fn get_team(
    State(fake): State<FakeGraph>,
    Path(team_id): Path<String>,
) -> Response {
    let state = fake.lock();
    match state.teams.iter().find(|team| team.id == team_id) {
        Some(team) => Json(json!({
            "id": team.id,
            "displayName": team.display_name,
            "description": "",
            "visibility": "private",
            "isArchived": false,
        }))
        .into_response(),
        None => team_not_found(&team_id),
    }
}

pub(super) async fn list_channels(
    State(fake): State<FakeGraph>,
    Path(team_id): Path<String>,
) -> Response {
    let mut state = fake.lock();
    let pending = state
        .created_after_list
        .take_if(|(team, _)| *team == team_id);
    let Some(team) = state.team_mut(&team_id) else {
        return team_not_found(&team_id);
    };
    let value: Vec<Value> = team
        .channels
        .iter()
        .map(|channel| channel_json(&team_id, channel))
        .collect();
    if let Some((_, channel)) = pending {
        team.channels.push(channel);
    }
    Json(json!({
        "@odata.context": format!("https://graph.microsoft.com/v1.0/$metadata#teams('{team_id}')/channels"),
        "@odata.count": value.len(),
        "value": value,
    }))
    .into_response()
}

pub(super) async fn get_channel(
    State(fake): State<FakeGraph>,
    Path((team_id, channel_id)): Path<(String, String)>,
) -> Response {
    let state = fake.lock();
    let Some(team) = state.teams.iter().find(|team| team.id == team_id) else {
        return team_not_found(&team_id);
    };
    match team
        .channels
        .iter()
        .find(|channel| channel.id == channel_id)
    {
        Some(channel) => Json(channel_json(&team_id, channel)).into_response(),
        None => channel_not_found(),
    }
}

pub(super) async fn create_channel(
    State(fake): State<FakeGraph>,
    Path(team_id): Path<String>,
    body: Bytes,
) -> Response {
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
    let name = text("displayName");
    let membership_type = match text("membershipType").as_str() {
        "" | "standard" => "standard".to_string(),
        "private" | "shared" => text("membershipType"),
        other => {
            return graph_error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                &format!("Invalid membershipType '{other}'."),
            )
        }
    };
    if name.trim().is_empty() {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "Channel name cannot be empty.",
        );
    }
    if name.chars().count() > CHANNEL_NAME_MAX {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "Channel name length cannot exceed 50 characters.",
        );
    }
    if name.contains(FORBIDDEN_IN_NAMES)
        || name.contains("..")
        || name.starts_with(['_', '.'])
        || name.ends_with('.')
    {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "Channel.DisplayName doesn't contain allowed characters, please use the valid values.",
        );
    }
    // Graph's rule for apps (client credentials): a private channel is created with its
    // owner, since there is no signed-in user to own it.
    let mut members = Vec::new();
    if membership_type == "private" {
        match private_channel_owner(&body) {
            Ok(owner) => members.push(owner),
            Err(message) => return graph_error(StatusCode::BAD_REQUEST, "BadRequest", message),
        }
    }
    let mut state = fake.lock();
    if let Some(missing) = members
        .iter()
        .find(|owner| !state.users.iter().any(|user| &user.id == *owner))
    {
        return graph_error(
            StatusCode::NOT_FOUND,
            "NotFound",
            &format!("User {missing} was not found."),
        );
    }
    let id = new_channel_id(&mut state);
    let Some(team) = state.team_mut(&team_id) else {
        return team_not_found(&team_id);
    };
    let lowered = name.to_lowercase();
    let taken = team
        .channels
        .iter()
        .map(|channel| &channel.display_name)
        .chain(&team.deleted_names)
        .any(|taken| taken.to_lowercase() == lowered);
    if taken {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "Channel name already existed, please use other name",
        );
    }
    let channel = FakeChannel {
        id,
        display_name: name,
        description: text("description"),
        membership_type,
        members,
    };
    let answer = channel_json(&team_id, &channel);
    team.channels.push(channel);
    (StatusCode::CREATED, Json(answer)).into_response()
}

/// The owner a private channel is created with: `members` must hold one member of the
/// right type with the owner role, bound to a user. Else Graph's refusal (a 400).
fn private_channel_owner(body: &Value) -> Result<String, &'static str> {
    let members = body
        .get("members")
        .and_then(Value::as_array)
        .filter(|members| !members.is_empty())
        .ok_or(
            "Cannot create private channel, no members specified when calling from an Application",
        )?;
    if members
        .iter()
        .any(|member| member.get("@odata.type").and_then(Value::as_str) != Some(MEMBER_TYPE))
    {
        return Err("'odata.type' must be specified in the request body for each member.");
    }
    members
        .iter()
        .find(|member| {
            member
                .get("roles")
                .and_then(Value::as_array)
                .is_some_and(|roles| roles.iter().any(|role| role.as_str() == Some("owner")))
        })
        .and_then(|owner| bound_user_id(owner.get("user@odata.bind")?.as_str()?))
        .ok_or("A private channel needs an owner: a member with the owner role and a users('<id>') binding.")
}

/// The user id in `https://graph.microsoft.com/v1.0/users('<id>')`.
fn bound_user_id(bind: &str) -> Option<String> {
    bind.rsplit_once("users('")
        .and_then(|(_, rest)| rest.strip_suffix("')"))
        .map(str::to_string)
}

/// Where a member list lives: the team, or one of its channels (with its membership type);
/// `None` when the channel is not in the team.
fn roster<'a>(
    team: &'a mut FakeTeam,
    channel_id: Option<&str>,
) -> Option<(&'a mut Vec<String>, Option<&'a str>)> {
    match channel_id {
        None => Some((&mut team.members, None)),
        Some(channel_id) => {
            let channel = team
                .channels
                .iter_mut()
                .find(|channel| channel.id == channel_id)?;
            Some((&mut channel.members, Some(channel.membership_type.as_str())))
        }
    }
}

/// The membership id Graph gives a user on a roster: not the user id, and different in the
/// team and in each channel, so a connector that sends the wrong one is caught.
fn membership_id(channel_id: Option<&str>, user_id: &str) -> String {
    match channel_id {
        None => format!("MCMj{user_id}"),
        Some(channel_id) => {
            let channel: String = channel_id
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            format!("MCMjQ2hhbm5lbA{channel}{user_id}")
        }
    }
}

fn member_json(state: &GraphState, channel_id: Option<&str>, user_id: &str) -> Value {
    let user = state.users.iter().find(|user| user.id == user_id);
    let guest = user.is_some_and(|user| user.user_type == "Guest");
    json!({
        "@odata.type": MEMBER_TYPE,
        "id": membership_id(channel_id, user_id),
        "roles": if guest { json!(["guest"]) } else { json!([]) },
        "displayName": user.map(|user| user.display_name.clone()),
        "userId": user_id,
        "email": user.map(|user| user.mail.clone()),
    })
}

/// `(microsoft.graph.aadUserConversationMember/userId eq '<id>')`, the one filter this fake
/// understands.
fn user_id_filter(filter: &str) -> Option<String> {
    let inner = filter.trim().strip_prefix('(')?.strip_suffix(')')?;
    let literal = inner
        .trim()
        .strip_prefix("microsoft.graph.aadUserConversationMember/userId eq '")?
        .strip_suffix('\'')?;
    Some(literal.replace("''", "'"))
}

/// What a member list request says besides its path parameters: the query, and the host and
/// path its next-page link is built on.
struct ListRequest {
    query: HashMap<String, String>,
    headers: HeaderMap,
    path: String,
}

fn list_members(
    fake: &FakeGraph,
    team_id: &str,
    channel_id: Option<&str>,
    request: &ListRequest,
) -> Response {
    let ListRequest {
        query,
        headers,
        path,
    } = request;
    let mut state = fake.lock();
    let wanted = match query.get("$filter") {
        None => None,
        Some(filter) => match user_id_filter(filter) {
            Some(user_id) => Some(user_id),
            None => {
                return graph_error(
                    StatusCode::BAD_REQUEST,
                    "BadRequest",
                    "Invalid filter clause",
                )
            }
        },
    };
    let skip = match query.get("$skiptoken").map(|token| token.parse::<usize>()) {
        None => 0,
        Some(Ok(skip)) => skip,
        Some(Err(_)) => {
            return graph_error(StatusCode::BAD_REQUEST, "BadRequest", "Invalid $skiptoken.")
        }
    };
    let Some(team) = state.team_mut(team_id) else {
        return team_not_found(team_id);
    };
    let members = match roster(team, channel_id) {
        Some((members, _)) => members.clone(),
        None => return channel_not_found(),
    };
    let lagging = state.member_lists_lag;
    let matching: Vec<&String> = members
        .iter()
        .filter(|_| !lagging)
        .filter(|id| wanted.as_ref().is_none_or(|wanted| wanted == *id))
        .collect();
    let page_size = state.member_page_size;
    let value: Vec<Value> = matching
        .iter()
        .skip(skip)
        .take(page_size)
        .map(|id| member_json(&state, channel_id, id))
        .collect();
    let mut body = json!({ "@odata.count": matching.len(), "value": value });
    if skip + page_size < matching.len() {
        body["@odata.nextLink"] = json!(next_link(headers, path, query, skip + page_size));
    }
    Json(body).into_response()
}

/// The absolute link to the page starting at `skip`, on the host the request came to, keeping
/// the request's other query parameters (as Graph's `@odata.nextLink` does).
fn next_link(
    headers: &HeaderMap,
    path: &str,
    query: &HashMap<String, String>,
    skip: usize,
) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("127.0.0.1");
    let mut pairs = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in query.iter().filter(|(key, _)| *key != "$skiptoken") {
        pairs.append_pair(key, value);
    }
    pairs.append_pair("$skiptoken", &skip.to_string());
    format!("http://{host}{path}?{}", pairs.finish())
}

fn add_member(fake: &FakeGraph, team_id: &str, channel_id: Option<&str>, body: &[u8]) -> Response {
    let Ok(body) = serde_json::from_slice::<Value>(body) else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "Invalid request body.",
        );
    };
    if body.get("@odata.type").and_then(Value::as_str) != Some(MEMBER_TYPE) {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "The @odata.type of a member must be #microsoft.graph.aadUserConversationMember.",
        );
    }
    if !body.get("roles").is_some_and(Value::is_array) {
        return graph_error(StatusCode::BAD_REQUEST, "BadRequest", "roles is required.");
    }
    let bind = body
        .get("user@odata.bind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Some(user_id) = bound_user_id(bind) else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "Bind property user@odata.bind is missing or not a users('<id>') reference.",
        );
    };
    let mut state = fake.lock();
    if !state.users.iter().any(|user| user.id == user_id) {
        return graph_error(
            StatusCode::NOT_FOUND,
            "NotFound",
            &format!("User {user_id} was not found."),
        );
    }
    let Some(team) = state.team_mut(team_id) else {
        return team_not_found(team_id);
    };
    let in_team = team.members.contains(&user_id);
    let (members, membership_type) = match roster(team, channel_id) {
        Some(found) => found,
        None => return channel_not_found(),
    };
    if let Some(membership_type) = membership_type {
        if membership_type == "standard" {
            return graph_error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "Members cannot be added to a standard channel: it has the team's members.",
            );
        }
        if !in_team {
            return graph_error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "The user must be a member of the team before being added to a private channel.",
            );
        }
    }
    if members.contains(&user_id) {
        return graph_error(
            StatusCode::CONFLICT,
            "Conflict",
            "The member is already in the roster.",
        );
    }
    members.push(user_id.clone());
    (
        StatusCode::CREATED,
        Json(member_json(&state, channel_id, &user_id)),
    )
        .into_response()
}

/// `DELETE …/members/{membership-id}`: 204, or 404 `NotFound` when the roster holds no such
/// membership (a user id in its place included, as Graph answers).
fn remove_member(
    fake: &FakeGraph,
    team_id: &str,
    channel_id: Option<&str>,
    membership: &str,
) -> Response {
    let mut state = fake.lock();
    let Some(team) = state.team_mut(team_id) else {
        return team_not_found(team_id);
    };
    let Some((members, _)) = roster(team, channel_id) else {
        return channel_not_found();
    };
    match members
        .iter()
        .position(|user_id| membership_id(channel_id, user_id) == membership)
    {
        Some(index) => {
            members.remove(index);
            StatusCode::NO_CONTENT.into_response()
        }
        None => graph_error(
            StatusCode::NOT_FOUND,
            "NotFound",
            &format!("Membership {membership} was not found."),
        ),
    }
}

pub(super) async fn remove_team_member(
    State(fake): State<FakeGraph>,
    Path((team_id, membership)): Path<(String, String)>,
) -> Response {
    remove_member(&fake, &team_id, None, &membership)
}

pub(super) async fn remove_channel_member(
    State(fake): State<FakeGraph>,
    Path((team_id, channel_id, membership)): Path<(String, String, String)>,
) -> Response {
    remove_member(&fake, &team_id, Some(&channel_id), &membership)
}

pub(super) async fn list_team_members(
    State(fake): State<FakeGraph>,
    Path(team_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let request = ListRequest {
        query,
        headers,
        path: uri.path().to_string(),
    };
    list_members(&fake, &team_id, None, &request)
}

pub(super) async fn add_team_member(
    State(fake): State<FakeGraph>,
    Path(team_id): Path<String>,
    body: Bytes,
) -> Response {
    add_member(&fake, &team_id, None, &body)
}

pub(super) async fn list_channel_members(
    State(fake): State<FakeGraph>,
    Path((team_id, channel_id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let request = ListRequest {
        query,
        headers,
        path: uri.path().to_string(),
    };
    list_members(&fake, &team_id, Some(&channel_id), &request)
}

pub(super) async fn add_channel_member(
    State(fake): State<FakeGraph>,
    Path((team_id, channel_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    add_member(&fake, &team_id, Some(&channel_id), &body)
}
