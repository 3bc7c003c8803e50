//! Collections, their items, dashboards, cards and databases.

use std::collections::HashMap;

use axum::extract::{Path, Query, State as Extract};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde_json::{json, Value};

use super::routes::{json_error, lock, ok, text, Shared, NOT_FOUND};
use super::state::{Card, Collection, Dashboard, State};

/// Live collections, led by the root collection whose id is the string `"root"`.
pub(super) async fn list_collections(
    Extract(shared): Extract<Shared>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let state = lock(&shared);
    let archived = params.get("archived").map(String::as_str) == Some("true");
    let mut answer = vec![json!({ "id": "root", "name": "Our analytics", "can_write": true })];
    answer.extend(
        state
            .collections
            .values()
            .filter(|c| c.archived == archived)
            .map(collection_json),
    );
    ok(Value::Array(answer))
}

fn collection_json(collection: &Collection) -> Value {
    json!({
        "id": collection.id,
        "name": collection.name,
        "description": collection.description,
        "archived": collection.archived,
        "personal_owner_id": null,
        "location": "/",
    })
}

pub(super) async fn create_collection(
    Extract(shared): Extract<Shared>,
    Json(body): Json<Value>,
) -> Response {
    let mut state = lock(&shared);
    let name = body.get("name").and_then(Value::as_str).unwrap_or_default();
    if name.trim().is_empty() {
        return json_error("name", "value must be a non-blank string.");
    }
    let id = state.next("collection");
    let collection = Collection {
        id,
        name: name.into(),
        description: body
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string),
        archived: false,
    };
    let answer = collection_json(&collection);
    state.collections.insert(id, collection);
    ok(answer)
}

pub(super) async fn get_collection(
    Extract(shared): Extract<Shared>,
    Path(id): Path<i64>,
) -> Response {
    let state = lock(&shared);
    match state.collections.get(&id) {
        Some(collection) => ok(collection_json(collection)),
        None => text(StatusCode::NOT_FOUND, NOT_FOUND),
    }
}

/// `PUT /api/collection/:id`: what the body sets among `archived`, `name` and `description`;
/// archiving an archived collection is answered as a success, as Metabase does.
pub(super) async fn update_collection(
    Extract(shared): Extract<Shared>,
    Path(id): Path<i64>,
    Json(body): Json<Value>,
) -> Response {
    let mut state = lock(&shared);
    let Some(collection) = state.collections.get_mut(&id) else {
        return text(StatusCode::NOT_FOUND, NOT_FOUND);
    };
    if let Some(archived) = body.get("archived").and_then(Value::as_bool) {
        collection.archived = archived;
    }
    if let Some(name) = body.get("name").and_then(Value::as_str) {
        collection.name = name.into();
    }
    if let Some(description) = body.get("description") {
        collection.description = description.as_str().map(str::to_string);
    }
    ok(collection_json(collection))
}

pub(super) async fn collection_items(
    Extract(shared): Extract<Shared>,
    Path(id): Path<i64>,
) -> Response {
    let state = lock(&shared);
    if !state.collections.contains_key(&id) {
        return text(StatusCode::NOT_FOUND, NOT_FOUND);
    }
    let data: Vec<Value> = state
        .items(id)
        .into_iter()
        .map(|item| json!({ "id": item.id, "model": item.model, "name": item.name }))
        .collect();
    ok(json!({ "total": data.len(), "data": data, "limit": null, "offset": null }))
}

/// Copies into `collection_id` (the root when absent), keeping the name unless one is given.
pub(super) async fn copy_dashboard(
    Extract(shared): Extract<Shared>,
    Path(id): Path<i64>,
    Json(body): Json<Value>,
) -> Response {
    let mut state = lock(&shared);
    let Some(source) = state.dashboards.get(&id).cloned() else {
        return text(StatusCode::NOT_FOUND, NOT_FOUND);
    };
    let collection_id = body.get("collection_id").and_then(Value::as_i64);
    if collection_id.is_some_and(|c| !state.collections.contains_key(&c)) {
        return text(StatusCode::NOT_FOUND, NOT_FOUND);
    }
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or(&source.name)
        .to_string();
    let deep = body.get("is_deep_copy") == Some(&json!(true));
    // A deep copy copies the dashboard's questions too, into the same collection and under
    // their own names; a shallow one shares them.
    let card_ids = if deep {
        let mut copies = Vec::new();
        for card_id in &source.card_ids {
            let Some(card) = state.cards.get(card_id).cloned() else {
                continue;
            };
            let copy_id = state.next("card");
            state.cards.insert(
                copy_id,
                Card {
                    id: copy_id,
                    name: card.name,
                    collection_id,
                },
            );
            copies.push(copy_id);
        }
        copies
    } else {
        source.card_ids.clone()
    };
    let new_id = state.next("dashboard");
    let dashboard = Dashboard {
        id: new_id,
        name,
        collection_id,
        deep_copied: deep,
        card_ids,
    };
    let answer = json!({ "id": new_id, "name": dashboard.name, "collection_id": collection_id });
    state.dashboards.insert(new_id, dashboard);
    ok(answer)
}

/// Ignores any body: the copy is "Copy of <name>" in the source's collection.
pub(super) async fn copy_card(Extract(shared): Extract<Shared>, Path(id): Path<i64>) -> Response {
    let mut state = lock(&shared);
    let Some(source) = state.cards.get(&id).cloned() else {
        return text(StatusCode::NOT_FOUND, NOT_FOUND);
    };
    let new_id = state.next("card");
    let card = Card {
        id: new_id,
        name: format!("Copy of {}", source.name),
        collection_id: source.collection_id,
    };
    let answer = State::card_json(&card);
    state.cards.insert(new_id, card);
    ok(answer)
}

pub(super) async fn update_card(
    Extract(shared): Extract<Shared>,
    Path(id): Path<i64>,
    Json(body): Json<Value>,
) -> Response {
    let mut state = lock(&shared);
    if !state.cards.contains_key(&id) {
        return text(StatusCode::NOT_FOUND, NOT_FOUND);
    }
    let collection = body.get("collection_id").map(Value::as_i64);
    if let Some(Some(target)) = collection {
        if !state.collections.contains_key(&target) {
            return text(StatusCode::NOT_FOUND, NOT_FOUND);
        }
    }
    let name = body.get("name").and_then(Value::as_str);
    if name.is_some_and(|n| n.trim().is_empty()) {
        return json_error("name", "value must be a non-blank string.");
    }
    let Some(card) = state.cards.get_mut(&id) else {
        return text(StatusCode::NOT_FOUND, NOT_FOUND);
    };
    if let Some(collection_id) = collection {
        card.collection_id = collection_id;
    }
    if let Some(name) = name {
        card.name = name.to_string();
    }
    ok(State::card_json(card))
}

pub(super) async fn get_database(
    Extract(shared): Extract<Shared>,
    Path(id): Path<i64>,
) -> Response {
    let state = lock(&shared);
    match state.databases.get(&id) {
        Some(name) => ok(json!({ "id": id, "name": name, "engine": "postgres" })),
        None => text(StatusCode::NOT_FOUND, NOT_FOUND),
    }
}
