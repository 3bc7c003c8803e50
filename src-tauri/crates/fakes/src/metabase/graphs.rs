//! The collection and data permission graphs, with their revisions.

use axum::extract::State as Extract;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde_json::{json, Map, Value};

use super::routes::{json_error, lock, ok, text, Shared};
use super::state::{State, ADMINISTRATORS};

const STALE_REVISION: &str = "Looks like someone else edited the permissions and your data is out of date. Please fetch new data and try again.";

/// Every group × every live collection; what was never set reads `none`.
pub(super) async fn collection_graph(Extract(shared): Extract<Shared>) -> Response {
    let state = lock(&shared);
    let mut groups = Map::new();
    for group in state.groups.values() {
        let mut entry = Map::new();
        entry.insert("root".into(), json!("read"));
        for collection in state.collections.values().filter(|c| !c.archived) {
            let permission = state
                .collection_graph
                .entries
                .get(&(group.id, collection.id))
                .cloned()
                .unwrap_or(json!("none"));
            entry.insert(collection.id.to_string(), permission);
        }
        groups.insert(group.id.to_string(), Value::Object(entry));
    }
    ok(json!({ "revision": state.collection_graph.revision, "groups": groups }))
}

pub(super) async fn update_collection_graph(
    Extract(shared): Extract<Shared>,
    Json(body): Json<Value>,
) -> Response {
    let mut state = lock(&shared);
    if let Some(refusal) = stale(&mut state, &body, |s| &mut s.collection_graph.revision) {
        return refusal;
    }
    let mut changes = Vec::new();
    for (group, collection, permission) in graph_entries(&body) {
        let known = state.groups.contains_key(&group)
            && (collection == "root"
                || collection
                    .parse()
                    .is_ok_and(|id: i64| state.collections.contains_key(&id)));
        if !known || !matches!(permission.as_str(), Some("read" | "write" | "none")) {
            return json_error("groups", "Invalid collection permissions graph.");
        }
        if let Ok(id) = collection.parse::<i64>() {
            changes.push(((group, id), permission));
        }
    }
    state.collection_graph.entries.extend(changes);
    state.collection_graph.revision += 1;
    ok(json!({ "revision": state.collection_graph.revision }))
}

/// Every group × every database; Administrators may do everything, others nothing by default.
pub(super) async fn data_graph(Extract(shared): Extract<Shared>) -> Response {
    let state = lock(&shared);
    let admins = state.group_id(ADMINISTRATORS);
    let mut groups = Map::new();
    for group in state.groups.values() {
        let mut entry = Map::new();
        for database in state.databases.keys() {
            let default = if group.id == admins {
                json!({ "view-data": "unrestricted", "create-queries": "query-builder-and-native" })
            } else {
                json!({ "view-data": "unrestricted", "create-queries": "no" })
            };
            let permission = state
                .data_graph
                .entries
                .get(&(group.id, *database))
                .cloned()
                .unwrap_or(default);
            entry.insert(database.to_string(), permission);
        }
        groups.insert(group.id.to_string(), Value::Object(entry));
    }
    ok(json!({ "revision": state.data_graph.revision, "groups": groups }))
}

pub(super) async fn update_data_graph(
    Extract(shared): Extract<Shared>,
    Json(body): Json<Value>,
) -> Response {
    let mut state = lock(&shared);
    if let Some(refusal) = stale(&mut state, &body, |s| &mut s.data_graph.revision) {
        return refusal;
    }
    let mut changes = Vec::new();
    for (group, database, permission) in graph_entries(&body) {
        let database = database.parse::<i64>().ok();
        let known = state.groups.contains_key(&group)
            && database.is_some_and(|id| state.databases.contains_key(&id));
        let valid = permission.as_object().is_some_and(|entry| {
            entry.iter().all(|(kind, level)| match kind.as_str() {
                "view-data" => matches!(
                    level.as_str(),
                    Some("unrestricted" | "blocked" | "legacy-no-self-service")
                ),
                "create-queries" => matches!(
                    level.as_str(),
                    Some("no" | "query-builder" | "query-builder-and-native")
                ),
                _ => true,
            })
        });
        let (true, true, Some(database)) = (known, valid, database) else {
            return json_error("groups", "Invalid data permissions graph.");
        };
        changes.push(((group, database), permission));
    }
    // Only the kinds of permission sent change; the others stay.
    for (key, permission) in changes {
        let entry = state
            .data_graph
            .entries
            .entry(key)
            .or_insert_with(|| json!({ "view-data": "unrestricted", "create-queries": "no" }));
        if let (Some(entry), Some(sent)) = (entry.as_object_mut(), permission.as_object()) {
            entry.extend(sent.clone());
        }
    }
    state.data_graph.revision += 1;
    ok(json!({ "revision": state.data_graph.revision }))
}

/// A revision other than the current one (or an injected concurrent save) is refused with a
/// plain-text 409.
fn stale(
    state: &mut State,
    body: &Value,
    revision: fn(&mut State) -> &mut i64,
) -> Option<Response> {
    if state.graph_conflicts > 0 {
        state.graph_conflicts -= 1;
        *revision(state) += 1;
    }
    let sent = body.get("revision").and_then(Value::as_i64);
    (sent != Some(*revision(state))).then(|| text(StatusCode::CONFLICT, STALE_REVISION))
}

/// (group id, collection or database key, permission) of each entry sent.
fn graph_entries(body: &Value) -> Vec<(i64, String, Value)> {
    let mut entries = Vec::new();
    let Some(groups) = body.get("groups").and_then(Value::as_object) else {
        return entries;
    };
    for (group, permissions) in groups {
        let group = group.parse().unwrap_or_default();
        for (key, permission) in permissions.as_object().into_iter().flatten() {
            entries.push((group, key.clone(), permission.clone()));
        }
    }
    entries
}
