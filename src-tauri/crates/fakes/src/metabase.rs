//! A fake Metabase (≥ 0.49, API-key authentication) following docs/systems.md, quirks included:
//!
//! - a wrong or missing `x-api-key` gets 401 with the plain-text body `Unauthenticated`; a key
//!   whose group is not Administrators gets 403 on everything but `GET /api/user/current`;
//! - emails are stored lower-cased, and `GET /api/user?query=` matches substrings of first name,
//!   last name and email (only active users unless `status=all`), so an exact match is the
//!   client's job;
//! - All Users and Administrators are groups 7 and 9, not 1 and 2;
//! - a duplicate group name is a plain-text 400, a duplicate email a JSON
//!   `{"errors":{"email":…}}` 400, a duplicate membership a 500 (unique constraint);
//! - a user's detail lists memberships as `user_group_memberships: [{id: <group id>}]`, the
//!   membership list is a map keyed by user id strings, adding a membership answers the group's
//!   member list, removing one answers 204;
//! - `DELETE /api/user/:id` deactivates (`is_active: false`, still readable by id), answers
//!   `{"success": true}` even for an inactive user, and refuses with a plain-text 400 to leave
//!   no active administrator;
//! - permission graphs carry a revision; a stale one gets a plain-text 409;
//! - a dashboard copy lands in the collection asked for; a card copy ignores its body and lands
//!   as "Copy of <name>" beside its source.
//!
//! Tests can inject 429/503 answers, late answers, concurrent edits of a graph, and another
//! admin creating a group or a user between the client's look and its create.

mod content;
mod graphs;
mod people;
mod routes;
mod state;

use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use serde_json::Value;

pub use state::{Card, Collection, Dashboard, Group, Item, Membership, User};
use state::{Fault, State, ADMINISTRATORS, ALL_USERS};

/// The fake's state, shared by its router and the test holding it.
#[derive(Clone)]
pub struct FakeMetabase {
    state: Arc<Mutex<State>>,
}

impl FakeMetabase {
    /// A Metabase with only the All Users and Administrators groups, accepting `api_key` as
    /// an administrator's key.
    pub fn new(api_key: &str) -> Self {
        Self {
            state: Arc::new(Mutex::new(State::new(api_key))),
        }
    }

    pub fn router(&self) -> Router {
        routes::router(self.state.clone())
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    // Seeding.

    pub fn add_database(&self, name: &str) -> i64 {
        let mut state = self.lock();
        let id = state.next("database");
        state.databases.insert(id, name.into());
        id
    }

    pub fn add_collection(&self, name: &str) -> i64 {
        self.add_collection_described(name, None)
    }

    pub fn add_collection_described(&self, name: &str, description: Option<&str>) -> i64 {
        let mut state = self.lock();
        let id = state.next("collection");
        state.collections.insert(
            id,
            Collection {
                id,
                name: name.into(),
                description: description.map(str::to_string),
                archived: false,
            },
        );
        id
    }

    /// Moves the collection to the trash: listed only with `archived=true`.
    pub fn archive_collection(&self, id: i64) {
        if let Some(collection) = self.lock().collections.get_mut(&id) {
            collection.archived = true;
        }
    }

    /// Someone edits the collection's description in Metabase.
    pub fn set_collection_description(&self, id: i64, description: Option<&str>) {
        if let Some(collection) = self.lock().collections.get_mut(&id) {
            collection.description = description.map(str::to_string);
        }
    }

    pub fn add_dashboard(&self, collection_id: i64, name: &str) -> i64 {
        self.add_dashboard_showing(collection_id, name, &[])
    }

    /// A dashboard showing the questions `card_ids`.
    pub fn add_dashboard_showing(&self, collection_id: i64, name: &str, card_ids: &[i64]) -> i64 {
        let mut state = self.lock();
        let id = state.next("dashboard");
        state.dashboards.insert(
            id,
            Dashboard {
                id,
                name: name.into(),
                collection_id: Some(collection_id),
                deep_copied: false,
                card_ids: card_ids.to_vec(),
            },
        );
        id
    }

    pub fn add_card(&self, collection_id: i64, name: &str) -> i64 {
        let mut state = self.lock();
        let id = state.next("card");
        state.cards.insert(
            id,
            Card {
                id,
                name: name.into(),
                collection_id: Some(collection_id),
            },
        );
        id
    }

    /// An active user (email stored lower-cased) in All Users.
    pub fn add_user(&self, email: &str, first_name: &str, last_name: &str) -> i64 {
        self.lock().create_user(email, first_name, last_name)
    }

    pub fn deactivate_user(&self, id: i64) {
        if let Some(user) = self.lock().users.get_mut(&id) {
            user.is_active = false;
        }
    }

    /// An active administrator (in Administrators, so `is_superuser`).
    pub fn add_admin(&self, email: &str, first_name: &str, last_name: &str) -> i64 {
        let mut state = self.lock();
        let id = state.create_user(email, first_name, last_name);
        let administrators = state.group_id(ADMINISTRATORS);
        state.add_membership(id, administrators);
        id
    }

    pub fn add_group(&self, name: &str) -> i64 {
        self.lock().create_group(name)
    }

    /// Returns the membership id.
    pub fn add_membership(&self, user_id: i64, group_id: i64) -> i64 {
        self.lock().add_membership(user_id, group_id)
    }

    /// Makes the key act as a user outside Administrators (403 on admin endpoints).
    pub fn set_key_is_admin(&self, admin: bool) {
        self.lock().key_is_admin = admin;
    }

    pub fn all_users_group_id(&self) -> i64 {
        self.lock().group_id(ALL_USERS)
    }

    pub fn administrators_group_id(&self) -> i64 {
        self.lock().group_id(ADMINISTRATORS)
    }

    // Faults and races.

    /// The next `count` requests (any route) get 429 with `Retry-After: retry_after_secs`.
    pub fn fail_next_with_429(&self, count: usize, retry_after_secs: u64) {
        let mut state = self.lock();
        for _ in 0..count {
            state
                .faults
                .push_back(Fault::TooManyRequests { retry_after_secs });
        }
    }

    /// The next `count` requests (any route) get 503.
    pub fn fail_next_with_503(&self, count: usize) {
        let mut state = self.lock();
        for _ in 0..count {
            state.faults.push_back(Fault::Unavailable);
        }
    }

    /// From now on every change (any method but GET) is carried out at once but answered only
    /// `delay` later (promptly again with `None`): a client that dies while waiting has changed
    /// Metabase without knowing it, which its next attempt must cope with.
    pub fn answer_late(&self, delay: Option<std::time::Duration>) {
        self.lock().answer_delay = delay;
    }

    /// The next `count` graph writes (either graph) find that someone else saved the graph
    /// since it was read: the revision moves on and the write gets 409.
    pub fn conflict_next_graph_writes(&self, count: usize) {
        self.lock().graph_conflicts = count;
    }

    /// Right after answering the next group listing, another admin creates this group.
    pub fn race_group_creation(&self, name: &str) {
        self.lock().group_race = Some(name.into());
    }

    /// Right after answering the next user search, another admin creates this user.
    pub fn race_user_creation(&self, email: &str, first_name: &str, last_name: &str) {
        self.lock().user_race = Some((email.into(), first_name.into(), last_name.into()));
    }

    // Read-back.

    pub fn users(&self) -> Vec<User> {
        self.lock().users.values().cloned().collect()
    }

    /// The user with this id, active or deactivated.
    pub fn user(&self, id: i64) -> Option<User> {
        self.lock().users.get(&id).cloned()
    }

    pub fn groups(&self) -> Vec<Group> {
        self.lock().groups.values().cloned().collect()
    }

    pub fn memberships(&self) -> Vec<Membership> {
        self.lock().memberships.values().cloned().collect()
    }

    /// Every collection, archived ones included.
    pub fn collections(&self) -> Vec<Collection> {
        self.lock().collections.values().cloned().collect()
    }

    /// The dashboards and cards in the collection.
    pub fn items(&self, collection_id: i64) -> Vec<Item> {
        self.lock().items(collection_id)
    }

    pub fn dashboards(&self) -> Vec<Dashboard> {
        self.lock().dashboards.values().cloned().collect()
    }

    pub fn cards(&self) -> Vec<Card> {
        self.lock().cards.values().cloned().collect()
    }

    /// What the collection graph says for the group and collection (`None`: never set, which
    /// Metabase shows as `none`).
    pub fn collection_permission(&self, group_id: i64, collection_id: i64) -> Option<String> {
        self.lock()
            .collection_graph
            .entries
            .get(&(group_id, collection_id))
            .and_then(|v| v.as_str().map(str::to_string))
    }

    /// What the data graph says for the group and database (`None`: never set).
    pub fn data_permission(&self, group_id: i64, database_id: i64) -> Option<Value> {
        self.lock()
            .data_graph
            .entries
            .get(&(group_id, database_id))
            .cloned()
    }

    pub fn collection_graph_revision(&self) -> i64 {
        self.lock().collection_graph.revision
    }

    pub fn data_graph_revision(&self) -> i64 {
        self.lock().data_graph.revision
    }

    /// How many requests reached `route`, e.g. `"POST /api/permissions/group"` or
    /// `"GET /api/user/{id}"` (faulted and refused ones included).
    pub fn requests(&self, route: &str) -> usize {
        self.lock().requests.get(route).copied().unwrap_or(0)
    }
}
