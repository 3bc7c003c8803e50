//! A fake Slack Web API for the methods HyOpps calls, answering like Slack: application errors
//! are HTTP 200 `{"ok":false,"error":code}` (a wrong token is `invalid_auth`, a missing scope
//! `missing_scope` with `needed`), read methods take query or form parameters only (a JSON body
//! is ignored, as Slack does), `usergroups.users.update` replaces the whole member list,
//! refuses guests with `invalid_user` and an empty list with `invalid_users` (a group cannot be
//! emptied, only disabled, and a disabled group keeps its list), `conversations.invite` answers
//! `already_in_channel`, `conversations.kick` `not_in_channel`, and rate limiting is HTTP 429
//! with `Retry-After`.
//!
//! Serve `router()` with [`crate::FakeServer`] and use `{url}` as the Slack `base_url`.

mod methods;
mod request;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::routing::any;
use axum::Router;

/// Every scope the methods below need; a new fake's token has them all.
const ALL_SCOPES: &[&str] = &[
    "users:read",
    "users:read.email",
    "usergroups:read",
    "usergroups:write",
    "channels:write.invites",
    "channels:write",
];

/// A workspace member or guest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeSlackUser {
    pub id: String,
    pub email: String,
    pub name: String,
    /// Multi-channel guest.
    pub is_restricted: bool,
    /// Single-channel guest.
    pub is_ultra_restricted: bool,
    pub deleted: bool,
    /// Slack refuses this account in user groups although its profile does not say guest.
    pub kept_out_of_groups: bool,
}

/// A user group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeUsergroup {
    pub id: String,
    pub name: String,
    pub handle: String,
    pub description: String,
    /// Default channels (`prefs.channels`).
    pub channels: Vec<String>,
    pub users: Vec<String>,
    pub disabled: bool,
}

/// A channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeSlackChannel {
    pub id: String,
    pub name: String,
    pub members: Vec<String>,
}

/// One `conversations.invite` that added someone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeInvite {
    pub channel: String,
    pub user: String,
}

#[derive(Debug, Clone)]
struct Fault {
    status: u16,
    retry_after: Option<u64>,
}

struct State {
    token: String,
    team: String,
    scopes: Vec<String>,
    /// A free workspace refuses `usergroups.create` with `paid_teams_only`.
    paid: bool,
    users: Vec<FakeSlackUser>,
    usergroups: Vec<FakeUsergroup>,
    channels: Vec<FakeSlackChannel>,
    invites: Vec<FakeInvite>,
    /// Method names, in the order they were called (after authentication).
    calls: Vec<String>,
    faults: VecDeque<Fault>,
    /// A group someone else creates right after the next `usergroups.list` is answered.
    created_after_list: Option<FakeUsergroup>,
    /// Someone else writes back the member list they read before the next
    /// `usergroups.users.update`, right after it is answered.
    stale_write_after_update: bool,
    next_id: u64,
}

impl State {
    fn new_id(&mut self, prefix: char) -> String {
        self.next_id += 1;
        format!("{prefix}{:08}", self.next_id)
    }
}

/// The fake's state; clones share it.
#[derive(Clone)]
pub struct FakeSlack {
    state: Arc<Mutex<State>>,
}

impl FakeSlack {
    /// The workspace `team` on a paid plan, whose app token is `token` with every scope needed.
    pub fn new(token: &str, team: &str) -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                token: token.into(),
                team: team.into(),
                scopes: ALL_SCOPES.iter().map(|scope| scope.to_string()).collect(),
                paid: true,
                users: Vec::new(),
                usergroups: Vec::new(),
                channels: Vec::new(),
                invites: Vec::new(),
                calls: Vec::new(),
                faults: VecDeque::new(),
                created_after_list: None,
                stale_write_after_update: false,
                next_id: 0,
            })),
        }
    }

    pub fn router(&self) -> Router {
        Router::new()
            .route("/{method}", any(methods::dispatch))
            .with_state(self.clone())
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock has failed already; keep serving.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    // ---- arranging ----

    /// A full member; returns their id.
    pub fn add_user(&self, email: &str, name: &str) -> String {
        self.push_user(email, name, false, false)
    }

    /// A guest (multi-channel, or single-channel when `single_channel`); returns their id.
    pub fn add_guest(&self, email: &str, name: &str, single_channel: bool) -> String {
        self.push_user(email, name, !single_channel, single_channel)
    }

    fn push_user(&self, email: &str, name: &str, restricted: bool, ultra: bool) -> String {
        let mut state = self.lock();
        let id = state.new_id('U');
        state.users.push(FakeSlackUser {
            id: id.clone(),
            email: email.into(),
            name: name.into(),
            is_restricted: restricted,
            is_ultra_restricted: ultra,
            deleted: false,
            kept_out_of_groups: false,
        });
        id
    }

    /// A public channel; returns its id.
    pub fn add_channel(&self, name: &str) -> String {
        let mut state = self.lock();
        let id = state.new_id('C');
        state.channels.push(FakeSlackChannel {
            id: id.clone(),
            name: name.into(),
            members: Vec::new(),
        });
        id
    }

    /// A user group made in Slack itself; returns its id.
    pub fn add_usergroup(
        &self,
        name: &str,
        handle: &str,
        channels: &[&str],
        users: &[&str],
    ) -> String {
        let mut state = self.lock();
        let id = state.new_id('S');
        state.usergroups.push(FakeUsergroup {
            id: id.clone(),
            name: name.into(),
            handle: handle.into(),
            description: String::new(),
            channels: channels.iter().map(|c| c.to_string()).collect(),
            users: users.iter().map(|u| u.to_string()).collect(),
            disabled: false,
        });
        id
    }

    /// Someone creates this group in Slack just after the next `usergroups.list` is answered
    /// (the race between looking and creating); returns its id.
    pub fn create_usergroup_after_next_list(&self, name: &str, handle: &str) -> String {
        let mut state = self.lock();
        let id = state.new_id('S');
        state.created_after_list = Some(FakeUsergroup {
            id: id.clone(),
            name: name.into(),
            handle: handle.into(),
            description: String::new(),
            channels: Vec::new(),
            users: Vec::new(),
            disabled: false,
        });
        id
    }

    /// Right after answering the next `usergroups.users.update`, someone else (in Slack
    /// itself) writes back the member list as it was before it: the update is lost.
    pub fn overwrite_after_next_usergroup_update(&self) {
        self.lock().stale_write_after_update = true;
    }

    /// `usergroups.users.update` refuses this account with `invalid_user`, although
    /// `users.lookupByEmail` does not mark it as a guest (it became one after the lookup, say).
    pub fn keep_out_of_usergroups(&self, user_id: &str) {
        let mut state = self.lock();
        if let Some(user) = state.users.iter_mut().find(|user| user.id == user_id) {
            user.kept_out_of_groups = true;
        }
    }

    /// The user is in the channel already (joined it in Slack itself, say).
    pub fn add_channel_member(&self, channel_id: &str, user_id: &str) {
        let mut state = self.lock();
        if let Some(channel) = state.channels.iter_mut().find(|c| c.id == channel_id) {
            channel.members.push(user_id.into());
        }
    }

    /// Someone puts the user in the user group in Slack itself.
    pub fn add_usergroup_member(&self, id: &str, user_id: &str) {
        let mut state = self.lock();
        if let Some(group) = state.usergroups.iter_mut().find(|group| group.id == id) {
            group.users.push(user_id.into());
        }
    }

    /// Someone takes the user out of the user group in Slack itself.
    pub fn remove_usergroup_member(&self, id: &str, user_id: &str) {
        let mut state = self.lock();
        if let Some(group) = state.usergroups.iter_mut().find(|group| group.id == id) {
            group.users.retain(|u| u != user_id);
        }
    }

    pub fn disable_usergroup(&self, id: &str) {
        let mut state = self.lock();
        if let Some(group) = state.usergroups.iter_mut().find(|group| group.id == id) {
            group.disabled = true;
        }
    }

    /// The token has only these scopes.
    pub fn set_scopes(&self, scopes: &[&str]) {
        self.lock().scopes = scopes.iter().map(|scope| scope.to_string()).collect();
    }

    /// The workspace is on the free plan: no user groups can be created.
    pub fn set_free_plan(&self) {
        self.lock().paid = false;
    }

    /// The next `count` requests are answered with HTTP `status` (429 or 503, say), with
    /// `Retry-After: retry_after` when given.
    pub fn fail_next_requests(&self, count: usize, status: u16, retry_after: Option<u64>) {
        let mut state = self.lock();
        for _ in 0..count {
            state.faults.push_back(Fault {
                status,
                retry_after,
            });
        }
    }

    // ---- reading back ----

    pub fn usergroups(&self) -> Vec<FakeUsergroup> {
        self.lock().usergroups.clone()
    }

    pub fn usergroup_users(&self, id: &str) -> Vec<String> {
        self.lock()
            .usergroups
            .iter()
            .find(|group| group.id == id)
            .map(|group| group.users.clone())
            .unwrap_or_default()
    }

    /// Whether the group is disabled (`None`: no such group).
    pub fn usergroup_disabled(&self, id: &str) -> Option<bool> {
        self.lock()
            .usergroups
            .iter()
            .find(|group| group.id == id)
            .map(|group| group.disabled)
    }

    pub fn channel_members(&self, id: &str) -> Vec<String> {
        self.lock()
            .channels
            .iter()
            .find(|channel| channel.id == id)
            .map(|channel| channel.members.clone())
            .unwrap_or_default()
    }

    pub fn invites(&self) -> Vec<FakeInvite> {
        self.lock().invites.clone()
    }

    /// The methods called with a valid token, in order.
    pub fn calls(&self) -> Vec<String> {
        self.lock().calls.clone()
    }
}
