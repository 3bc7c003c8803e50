//! What the fake Metabase holds, and the read-back types tests see.

use std::collections::{BTreeMap, VecDeque};

use serde_json::{json, Value};

/// A Metabase user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    /// Lower-cased, as Metabase stores it.
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub is_active: bool,
}

/// A permission group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: i64,
    pub name: String,
}

/// A user's membership of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub id: i64,
    pub user_id: i64,
    pub group_id: i64,
}

/// A collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    pub archived: bool,
}

/// A dashboard; `deep_copied` tells whether it was made by a deep copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    pub id: i64,
    pub name: String,
    /// `None`: the root collection.
    pub collection_id: Option<i64>,
    pub deep_copied: bool,
    /// The questions on the dashboard.
    pub card_ids: Vec<i64>,
}

/// A saved question (card).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub id: i64,
    pub name: String,
    /// `None`: the root collection.
    pub collection_id: Option<i64>,
}

/// One entry of a collection's items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: i64,
    /// `dashboard` or `card`.
    pub model: String,
    pub name: String,
}

/// An answer the fake gives instead of doing the work.
#[derive(Debug, Clone, Copy)]
pub(super) enum Fault {
    TooManyRequests { retry_after_secs: u64 },
    Unavailable,
}

/// A permissions graph: a revision and one entry per (group, collection or database).
#[derive(Default)]
pub(super) struct Graph {
    pub(super) revision: i64,
    pub(super) entries: BTreeMap<(i64, i64), Value>,
}

pub(super) const ALL_USERS: &str = "All Users";
pub(super) const ADMINISTRATORS: &str = "Administrators";

pub(super) struct State {
    pub(super) api_key: String,
    pub(super) key_is_admin: bool,
    /// Ids are handed out from separate ranges per kind so that a client mixing them up (a
    /// user id used as a group id) fails instead of passing by luck.
    next_id: BTreeMap<&'static str, i64>,
    pub(super) users: BTreeMap<i64, User>,
    pub(super) groups: BTreeMap<i64, Group>,
    pub(super) memberships: BTreeMap<i64, Membership>,
    pub(super) collections: BTreeMap<i64, Collection>,
    pub(super) dashboards: BTreeMap<i64, Dashboard>,
    pub(super) cards: BTreeMap<i64, Card>,
    pub(super) databases: BTreeMap<i64, String>,
    pub(super) collection_graph: Graph,
    pub(super) data_graph: Graph,
    pub(super) faults: VecDeque<Fault>,
    /// Graph writes still to be beaten by "someone else" saving first.
    pub(super) graph_conflicts: usize,
    /// A group another admin creates right after our next look at the group list.
    pub(super) group_race: Option<String>,
    /// A user (email, first, last) another admin creates right after our next user search.
    pub(super) user_race: Option<(String, String, String)>,
    /// "METHOD /route" → count.
    pub(super) requests: BTreeMap<String, usize>,
    /// How long each answer is held back after the request was carried out.
    pub(super) answer_delay: Option<std::time::Duration>,
}

impl State {
    pub(super) fn new(api_key: &str) -> Self {
        let mut state = Self {
            api_key: api_key.to_string(),
            key_is_admin: true,
            next_id: BTreeMap::from([
                ("user", 21),
                ("group", 11),
                ("membership", 501),
                ("collection", 31),
                ("card", 201),
                ("dashboard", 301),
                ("database", 3),
            ]),
            users: BTreeMap::new(),
            groups: BTreeMap::new(),
            memberships: BTreeMap::new(),
            collections: BTreeMap::new(),
            dashboards: BTreeMap::new(),
            cards: BTreeMap::new(),
            databases: BTreeMap::new(),
            collection_graph: Graph::default(),
            data_graph: Graph::default(),
            faults: VecDeque::new(),
            graph_conflicts: 0,
            group_race: None,
            user_race: None,
            requests: BTreeMap::new(),
            answer_delay: None,
        };
        // Not 1 and 2, so a client that hard-codes them fails.
        state.groups.insert(
            7,
            Group {
                id: 7,
                name: ALL_USERS.into(),
            },
        );
        state.groups.insert(
            9,
            Group {
                id: 9,
                name: ADMINISTRATORS.into(),
            },
        );
        state
    }

    pub(super) fn next(&mut self, kind: &'static str) -> i64 {
        let next = self.next_id.entry(kind).or_insert(1);
        let id = *next;
        *next += 1;
        id
    }

    pub(super) fn group_id(&self, name: &str) -> i64 {
        self.groups
            .values()
            .find(|group| group.name == name)
            .map_or(0, |group| group.id)
    }

    pub(super) fn user_by_email(&self, email: &str) -> Option<&User> {
        let email = email.trim().to_lowercase();
        self.users.values().find(|user| user.email == email)
    }

    /// Creates the user (email lower-cased) in All Users, as Metabase does.
    pub(super) fn create_user(&mut self, email: &str, first_name: &str, last_name: &str) -> i64 {
        let id = self.next("user");
        self.users.insert(
            id,
            User {
                id,
                email: email.trim().to_lowercase(),
                first_name: first_name.into(),
                last_name: last_name.into(),
                is_active: true,
            },
        );
        let all_users = self.group_id(ALL_USERS);
        self.add_membership(id, all_users);
        id
    }

    pub(super) fn create_group(&mut self, name: &str) -> i64 {
        let id = self.next("group");
        self.groups.insert(
            id,
            Group {
                id,
                name: name.into(),
            },
        );
        id
    }

    /// Metabase compares group names case-insensitively.
    pub(super) fn group_name_taken(&self, name: &str) -> bool {
        let name = name.trim().to_lowercase();
        self.groups
            .values()
            .any(|group| group.name.to_lowercase() == name)
    }

    pub(super) fn add_membership(&mut self, user_id: i64, group_id: i64) -> i64 {
        let id = self.next("membership");
        self.memberships.insert(
            id,
            Membership {
                id,
                user_id,
                group_id,
            },
        );
        id
    }

    pub(super) fn is_member(&self, user_id: i64, group_id: i64) -> bool {
        self.memberships
            .values()
            .any(|m| m.user_id == user_id && m.group_id == group_id)
    }

    /// Whether `user_id` is an administrator and no other active user is (the API key's own
    /// user is not counted: this fake does not list it among the users).
    pub(super) fn is_last_active_admin(&self, user_id: i64) -> bool {
        let administrators = self.group_id(ADMINISTRATORS);
        self.is_member(user_id, administrators)
            && !self.users.values().any(|user| {
                user.id != user_id && user.is_active && self.is_member(user.id, administrators)
            })
    }

    pub(super) fn items(&self, collection_id: i64) -> Vec<Item> {
        let dashboards = self
            .dashboards
            .values()
            .filter(|d| d.collection_id == Some(collection_id))
            .map(|d| Item {
                id: d.id,
                model: "dashboard".into(),
                name: d.name.clone(),
            });
        let cards = self
            .cards
            .values()
            .filter(|c| c.collection_id == Some(collection_id))
            .map(|c| Item {
                id: c.id,
                model: "card".into(),
                name: c.name.clone(),
            });
        dashboards.chain(cards).collect()
    }

    pub(super) fn user_json(&self, user: &User) -> Value {
        json!({
            "id": user.id,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "common_name": format!("{} {}", user.first_name, user.last_name),
            "is_active": user.is_active,
            "is_superuser": self.is_member(user.id, self.group_id(ADMINISTRATORS)),
        })
    }

    pub(super) fn card_json(card: &Card) -> Value {
        json!({ "id": card.id, "name": card.name, "collection_id": card.collection_id })
    }
}
