//! A fake Microsoft Graph: the client-credentials token endpoint of Microsoft's sign-in service
//! and the Graph calls HyOpps makes (teams, channels, users, invitations, team and channel
//! members, and removing those members), answering with Graph's shapes (`{"value":[…]}` in
//! pages linked by `@odata.nextLink`, `{"error":{"code","message"}}`) and its quirks (a
//! duplicate channel name is a 400 `BadRequest`, adding an existing member a 409 `Conflict`,
//! removing an unknown membership a 404 `NotFound`, an invitation for a known address returns
//! that user).
//!
//! Serve `router()` with [`crate::FakeServer`] and point both `login_url` and `base_url` at it.

mod api;
mod directory;
mod teams;
mod token;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::routing::{delete, get, post};
use axum::Router;

/// Graph's usual page of members; tests make it small to see paging followed.
const DEFAULT_MEMBER_PAGE_SIZE: usize = 100;

/// A channel as the fake holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeChannel {
    pub id: String,
    pub display_name: String,
    pub description: String,
    /// `standard` or `private`.
    pub membership_type: String,
    /// Directory user ids of the channel's own members (private channels only).
    pub members: Vec<String>,
}

/// A directory user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeUser {
    pub id: String,
    pub mail: String,
    pub display_name: String,
    /// `Member` or `Guest`.
    pub user_type: String,
}

/// One `POST /v1.0/invitations` that created or returned a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeInvitation {
    pub email: String,
    pub display_name: String,
    pub redirect_url: String,
    pub send_message: bool,
    pub user_id: String,
}

#[derive(Debug, Clone)]
pub(crate) struct FakeTeam {
    id: String,
    display_name: String,
    channels: Vec<FakeChannel>,
    members: Vec<String>,
    /// Names of deleted channels, which Teams keeps reserved for 30 days.
    deleted_names: Vec<String>,
}

/// Which requests an injected failure answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Token,
    Api,
}

#[derive(Debug, Clone)]
struct Fault {
    target: Target,
    status: u16,
    retry_after: Option<u64>,
}

struct State {
    tenant_id: String,
    client_id: String,
    client_secret: String,
    token_lifetime: u64,
    /// Tokens Graph accepts; emptied by [`FakeGraph::expire_tokens`].
    valid_tokens: Vec<String>,
    token_requests: usize,
    teams: Vec<FakeTeam>,
    users: Vec<FakeUser>,
    invitations: Vec<FakeInvitation>,
    faults: VecDeque<Fault>,
    /// Member lists answer empty, as they do for a while after a change (Graph replicates them).
    member_lists_lag: bool,
    /// A channel someone else creates right after the next channel list (team id, channel).
    created_after_list: Option<(String, FakeChannel)>,
    /// How many members one page of a member list holds; the rest follow `@odata.nextLink`.
    member_page_size: usize,
    next_id: u64,
}

impl State {
    fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// A deleted user leaves every team's and channel's roster.
    fn forget_memberships_of(&mut self, user_id: &str) {
        for team in &mut self.teams {
            team.members.retain(|member| member != user_id);
            for channel in &mut team.channels {
                channel.members.retain(|member| member != user_id);
            }
        }
    }

    /// A GUID-shaped id, like Entra's object ids.
    fn new_guid(&mut self) -> String {
        format!("00000000-0000-4000-8000-{:012x}", self.next_id())
    }

    fn team_mut(&mut self, team_id: &str) -> Option<&mut FakeTeam> {
        self.teams.iter_mut().find(|team| team.id == team_id)
    }

    /// The first injected failure for `target`, taken from the queue.
    fn take_fault(&mut self, target: Target) -> Option<Fault> {
        let index = self
            .faults
            .iter()
            .position(|fault| fault.target == target)?;
        self.faults.remove(index)
    }
}

/// The fake's state; clones share it.
#[derive(Clone)]
pub struct FakeGraph {
    state: Arc<Mutex<State>>,
}

impl FakeGraph {
    /// A tenant whose app `client_id` signs in with `client_secret`; no teams yet.
    pub fn new(tenant_id: &str, client_id: &str, client_secret: &str) -> Self {
        Self {
            state: Arc::new(Mutex::new(State {
                tenant_id: tenant_id.into(),
                client_id: client_id.into(),
                client_secret: client_secret.into(),
                token_lifetime: 3599,
                valid_tokens: Vec::new(),
                token_requests: 0,
                teams: Vec::new(),
                users: Vec::new(),
                invitations: Vec::new(),
                faults: VecDeque::new(),
                member_lists_lag: false,
                created_after_list: None,
                member_page_size: DEFAULT_MEMBER_PAGE_SIZE,
                next_id: 0,
            })),
        }
    }

    pub fn router(&self) -> Router {
        let api = Router::new()
            .route("/v1.0/teams/{team}", get(teams::get_team))
            .route(
                "/v1.0/teams/{team}/channels",
                get(teams::list_channels).post(teams::create_channel),
            )
            .route(
                "/v1.0/teams/{team}/channels/{channel}",
                get(teams::get_channel),
            )
            .route(
                "/v1.0/teams/{team}/members",
                get(teams::list_team_members).post(teams::add_team_member),
            )
            .route(
                "/v1.0/teams/{team}/channels/{channel}/members",
                get(teams::list_channel_members).post(teams::add_channel_member),
            )
            .route(
                "/v1.0/teams/{team}/members/{membership}",
                delete(teams::remove_team_member),
            )
            .route(
                "/v1.0/teams/{team}/channels/{channel}/members/{membership}",
                delete(teams::remove_channel_member),
            )
            .route("/v1.0/users", get(directory::find_users))
            .route(
                "/v1.0/users/{user}",
                get(directory::get_user).delete(directory::delete_user),
            )
            .route("/v1.0/invitations", post(directory::invite))
            .layer(axum::middleware::from_fn_with_state(
                self.clone(),
                api::authenticate,
            ));
        Router::new()
            .route("/{tenant}/oauth2/v2.0/token", post(token::issue))
            .merge(api)
            .with_state(self.clone())
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock has failed already; keep serving.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    // ---- arranging ----

    /// A team with its General channel.
    pub fn add_team(&self, team_id: &str, display_name: &str) {
        let mut state = self.lock();
        let general = FakeChannel {
            id: format!("19:general{:08x}@thread.tacv2", state.next_id()),
            display_name: "General".into(),
            description: String::new(),
            membership_type: "standard".into(),
            members: Vec::new(),
        };
        state.teams.push(FakeTeam {
            id: team_id.into(),
            display_name: display_name.into(),
            channels: vec![general],
            members: Vec::new(),
            deleted_names: Vec::new(),
        });
    }

    /// A channel made in Teams itself; returns its id.
    pub fn add_channel(&self, team_id: &str, display_name: &str, membership_type: &str) -> String {
        let mut state = self.lock();
        let id = teams::new_channel_id(&mut state);
        let team = state.team_mut(team_id).expect("add_team first");
        team.channels.push(FakeChannel {
            id: id.clone(),
            display_name: display_name.into(),
            description: String::new(),
            membership_type: membership_type.into(),
            members: Vec::new(),
        });
        id
    }

    /// Someone creates this channel in Teams just after the next channel list is answered (the
    /// race between looking and creating); returns its id.
    pub fn create_channel_after_next_list(
        &self,
        team_id: &str,
        display_name: &str,
        membership_type: &str,
    ) -> String {
        let mut state = self.lock();
        let id = teams::new_channel_id(&mut state);
        let channel = FakeChannel {
            id: id.clone(),
            display_name: display_name.into(),
            description: String::new(),
            membership_type: membership_type.into(),
            members: Vec::new(),
        };
        state.created_after_list = Some((team_id.into(), channel));
        id
    }

    /// A channel of that name was deleted: it is not listed, but its name stays taken.
    pub fn add_deleted_channel_name(&self, team_id: &str, display_name: &str) {
        let mut state = self.lock();
        let team = state.team_mut(team_id).expect("add_team first");
        team.deleted_names.push(display_name.into());
    }

    /// A member of the tenant; returns their id.
    pub fn add_user(&self, mail: &str, display_name: &str) -> String {
        let mut state = self.lock();
        let id = state.new_guid();
        state.users.push(FakeUser {
            id: id.clone(),
            mail: mail.into(),
            display_name: display_name.into(),
            user_type: "Member".into(),
        });
        id
    }

    pub fn add_team_member(&self, team_id: &str, user_id: &str) {
        let mut state = self.lock();
        let team = state.team_mut(team_id).expect("add_team first");
        team.members.push(user_id.into());
    }

    /// A guest of the tenant (user type `Guest`, a `#EXT#` user principal name); returns their id.
    pub fn add_guest(&self, mail: &str, display_name: &str) -> String {
        let mut state = self.lock();
        let id = state.new_guid();
        state.users.push(FakeUser {
            id: id.clone(),
            mail: mail.into(),
            display_name: display_name.into(),
            user_type: "Guest".into(),
        });
        id
    }

    /// A private channel's own member, added in Teams itself (they must be in the team).
    pub fn add_channel_member(&self, team_id: &str, channel_id: &str, user_id: &str) {
        let mut state = self.lock();
        let team = state.team_mut(team_id).expect("add_team first");
        let channel = team
            .channels
            .iter_mut()
            .find(|channel| channel.id == channel_id)
            .expect("add_channel first");
        channel.members.push(user_id.into());
    }

    /// Member lists answer `size` members a page (at least one), the rest behind
    /// `@odata.nextLink`; Graph's default is 100.
    pub fn set_member_page_size(&self, size: usize) {
        self.lock().member_page_size = size.max(1);
    }

    /// Team and channel member lists answer empty until set back (Graph's replication lag), so
    /// only adding reveals an existing member (409 `Conflict`).
    pub fn set_member_lists_lagging(&self, lagging: bool) {
        self.lock().member_lists_lag = lagging;
    }

    /// How long issued tokens say they live (`expires_in`), default 3599 s.
    pub fn set_token_lifetime(&self, seconds: u64) {
        self.lock().token_lifetime = seconds;
    }

    /// Every token issued so far stops working (as if expired or revoked): Graph answers 401.
    pub fn expire_tokens(&self) {
        self.lock().valid_tokens.clear();
    }

    /// The next `count` Graph API requests are answered with `status` (429 or 503, say) and
    /// `Retry-After: retry_after` when given, before anything else is checked.
    pub fn fail_next_api_requests(&self, count: usize, status: u16, retry_after: Option<u64>) {
        self.push_faults(Target::Api, count, status, retry_after);
    }

    /// Like [`FakeGraph::fail_next_api_requests`], for the token endpoint.
    pub fn fail_next_token_requests(&self, count: usize, status: u16, retry_after: Option<u64>) {
        self.push_faults(Target::Token, count, status, retry_after);
    }

    fn push_faults(&self, target: Target, count: usize, status: u16, retry_after: Option<u64>) {
        let mut state = self.lock();
        for _ in 0..count {
            state.faults.push_back(Fault {
                target,
                status,
                retry_after,
            });
        }
    }

    // ---- reading back ----

    pub fn channels(&self, team_id: &str) -> Vec<FakeChannel> {
        self.lock()
            .teams
            .iter()
            .find(|team| team.id == team_id)
            .map(|team| team.channels.clone())
            .unwrap_or_default()
    }

    /// Directory ids of the team's members.
    pub fn team_members(&self, team_id: &str) -> Vec<String> {
        self.lock()
            .teams
            .iter()
            .find(|team| team.id == team_id)
            .map(|team| team.members.clone())
            .unwrap_or_default()
    }

    /// Directory ids of a channel's own members.
    pub fn channel_members(&self, team_id: &str, channel_id: &str) -> Vec<String> {
        self.channels(team_id)
            .into_iter()
            .find(|channel| channel.id == channel_id)
            .map(|channel| channel.members)
            .unwrap_or_default()
    }

    pub fn users(&self) -> Vec<FakeUser> {
        self.lock().users.clone()
    }

    pub fn invitations(&self) -> Vec<FakeInvitation> {
        self.lock().invitations.clone()
    }

    /// How many times the token endpoint was called (any outcome).
    pub fn token_requests(&self) -> usize {
        self.lock().token_requests
    }
}
