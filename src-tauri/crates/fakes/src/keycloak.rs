//! A fake Keycloak realm: the client-credentials token endpoint and the Admin REST API calls
//! HyOpps makes (users, groups, group membership, execute-actions-email), answering with
//! Keycloak's status codes and bodies: 201 + `Location`, 409 `{"errorMessage": "User exists with
//! same username"}`, OAuth errors `{"error","error_description"}`, a user created without
//! `enabled: true` stored disabled, a group search that also returns parents of matching
//! subgroups. Faults (429, 503) can be injected per path. Offboarding's calls (disable, log out)
//! are in `keycloak/offboarding.rs`.

mod credentials;
mod offboarding;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Form, Json, Router};
use serde_json::{json, Value};

/// A user of the fake realm. Keycloak stores usernames and emails lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeycloakUser {
    pub id: String,
    pub username: String,
    pub email: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub enabled: bool,
}

/// A group; `parent_id` is `None` for a top-level group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeycloakGroup {
    pub id: String,
    pub name: String,
    pub parent_id: Option<String>,
}

/// One `execute-actions-email` request, as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionsEmail {
    pub user_id: String,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub lifespan: Option<u64>,
    pub actions: Vec<String>,
}

type Shared = Arc<Mutex<RealmState>>;

/// A fake Keycloak with one realm and one service-account client.
#[derive(Clone)]
pub struct FakeKeycloak {
    state: Shared,
}

struct Fault {
    path_contains: String,
    remaining: usize,
    status: StatusCode,
    retry_after: Option<u64>,
}

struct RealmState {
    realm: String,
    client_id: String,
    client_secret: String,
    /// Clients an invitation link may lead to.
    clients: BTreeSet<String>,
    token_lifespan: u64,
    tokens: BTreeSet<String>,
    tokens_issued: usize,
    users: Vec<KeycloakUser>,
    groups: Vec<KeycloakGroup>,
    memberships: BTreeSet<(String, String)>,
    /// Users who have set a password (a `password` credential).
    passwords: BTreeSet<String>,
    actions_emails: Vec<ActionsEmail>,
    /// Open sign-in sessions per user id (seeded by tests, ended by a logout).
    sessions: BTreeMap<String, usize>,
    /// `POST /users/{id}/logout` calls per user id.
    logouts: BTreeMap<String, usize>,
    /// Every `PUT /users/{id}` received: (user id, the representation sent).
    user_updates: Vec<(String, Value)>,
    faults: Vec<Fault>,
    group_search_ignores_exact: bool,
    /// A group that someone else creates right after the next group search is answered.
    group_behind_next_search: Option<String>,
    next_id: u64,
}

impl RealmState {
    fn new_id(&mut self) -> String {
        self.next_id += 1;
        format!("6b1e0000-0000-4000-8000-{:012x}", self.next_id)
    }

    fn user(&self, id: &str) -> Option<&KeycloakUser> {
        self.users.iter().find(|user| user.id == id)
    }

    fn group(&self, id: &str) -> Option<&KeycloakGroup> {
        self.groups.iter().find(|group| group.id == id)
    }

    fn path_of(&self, group: &KeycloakGroup) -> String {
        match group
            .parent_id
            .as_deref()
            .and_then(|parent| self.group(parent))
        {
            Some(parent) => format!("{}/{}", self.path_of(parent), group.name),
            None => format!("/{}", group.name),
        }
    }

    fn children(&self, id: &str) -> impl Iterator<Item = &KeycloakGroup> {
        let id = id.to_string();
        self.groups
            .iter()
            .filter(move |group| group.parent_id.as_deref() == Some(id.as_str()))
    }
}

impl FakeKeycloak {
    /// A realm whose service-account client `client_id` signs in with `client_secret`.
    pub fn new(realm: &str, client_id: &str, client_secret: &str) -> Self {
        let state = RealmState {
            realm: realm.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            clients: [client_id.to_string(), "account-console".to_string()].into(),
            token_lifespan: 300,
            tokens: BTreeSet::new(),
            tokens_issued: 0,
            users: Vec::new(),
            groups: Vec::new(),
            memberships: BTreeSet::new(),
            passwords: BTreeSet::new(),
            actions_emails: Vec::new(),
            sessions: BTreeMap::new(),
            logouts: BTreeMap::new(),
            user_updates: Vec::new(),
            faults: Vec::new(),
            group_search_ignores_exact: false,
            group_behind_next_search: None,
            next_id: 0,
        };
        Self {
            state: Arc::new(Mutex::new(state)),
        }
    }

    pub fn router(&self) -> Router {
        let admin = "/admin/realms/{realm}";
        Router::new()
            .route("/realms/{realm}/protocol/openid-connect/token", post(token))
            .route(&format!("{admin}/users"), get(list_users).post(create_user))
            .route(&format!("{admin}/users/count"), get(count_users))
            .route(
                &format!("{admin}/users/{{id}}"),
                get(read_user).put(offboarding::update_user),
            )
            .route(
                &format!("{admin}/users/{{id}}/logout"),
                post(offboarding::logout),
            )
            .route(&format!("{admin}/users/{{id}}/groups"), get(user_groups))
            .route(
                &format!("{admin}/users/{{id}}/credentials"),
                get(credentials::list),
            )
            .route(
                &format!("{admin}/users/{{id}}/groups/{{group_id}}"),
                put(join_group).delete(leave_group),
            )
            .route(
                &format!("{admin}/users/{{id}}/execute-actions-email"),
                put(execute_actions_email),
            )
            .route(
                &format!("{admin}/groups"),
                get(list_groups).post(create_group),
            )
            .route(&format!("{admin}/groups/{{id}}"), get(read_group))
            .route(
                &format!("{admin}/groups/{{id}}/members"),
                get(group_members),
            )
            .layer(middleware::from_fn_with_state(
                self.state.clone(),
                inject_faults,
            ))
            .with_state(self.state.clone())
    }

    /// Lets invitation emails name this client (`execute-actions-email?client_id=`).
    pub fn add_client(&self, client_id: &str) {
        self.lock().clients.insert(client_id.into());
    }

    /// Seeds a user whose username is their email, as if made in the admin console; returns
    /// its id.
    pub fn add_user(&self, email: &str, enabled: bool) -> String {
        self.add_user_named(email, Some(email), enabled)
    }

    /// Seeds a user with its own username (and maybe no email); returns its id.
    pub fn add_user_named(&self, username: &str, email: Option<&str>, enabled: bool) -> String {
        let mut state = self.lock();
        let id = state.new_id();
        state.users.push(KeycloakUser {
            id: id.clone(),
            username: username.to_lowercase(),
            email: email.map(str::to_lowercase),
            first_name: String::new(),
            last_name: String::new(),
            enabled,
        });
        id
    }

    /// Seeds a group under `parent_id` (top-level when `None`); returns its id.
    pub fn add_group(&self, name: &str, parent_id: Option<&str>) -> String {
        let mut state = self.lock();
        let id = state.new_id();
        state.groups.push(KeycloakGroup {
            id: id.clone(),
            name: name.into(),
            parent_id: parent_id.map(str::to_string),
        });
        id
    }

    /// Seconds a new token lives (`expires_in`); 300 by default, like Keycloak.
    pub fn set_token_lifespan(&self, seconds: u64) {
        self.lock().token_lifespan = seconds;
    }

    /// Invalidates every token issued so far (as a key rotation or a restart would).
    pub fn revoke_tokens(&self) {
        self.lock().tokens.clear();
    }

    /// Answers the next `times` requests whose path contains `path_contains` with `status`
    /// (429, 503, …) and, if given, `Retry-After: retry_after`.
    pub fn fail_next(
        &self,
        path_contains: &str,
        times: usize,
        status: u16,
        retry_after: Option<u64>,
    ) {
        self.lock().faults.push(Fault {
            path_contains: path_contains.into(),
            remaining: times,
            status: StatusCode::from_u16(status).expect("a valid HTTP status"),
            retry_after,
        });
    }

    /// Creates the top-level group `name` right after answering the next group search, as
    /// another admin or execution would between a client's search and its create.
    pub fn create_group_behind_next_search(&self, name: &str) {
        self.lock().group_behind_next_search = Some(name.into());
    }

    /// Behaves like older Keycloak versions, whose group search ignores `exact=true`.
    pub fn ignore_exact_in_group_search(&self) {
        self.lock().group_search_ignores_exact = true;
    }

    pub fn users(&self) -> Vec<KeycloakUser> {
        self.lock().users.clone()
    }

    pub fn groups(&self) -> Vec<KeycloakGroup> {
        self.lock().groups.clone()
    }

    /// (user id, group id) pairs.
    pub fn memberships(&self) -> Vec<(String, String)> {
        self.lock().memberships.iter().cloned().collect()
    }

    pub fn actions_emails(&self) -> Vec<ActionsEmail> {
        self.lock().actions_emails.clone()
    }

    /// The user with this id, enabled or not.
    pub fn user(&self, id: &str) -> Option<KeycloakUser> {
        self.lock().user(id).cloned()
    }

    /// Adds `group_id` to the user's groups, as an admin would in the console.
    pub fn add_membership(&self, user_id: &str, group_id: &str) {
        self.lock()
            .memberships
            .insert((user_id.into(), group_id.into()));
    }

    /// The ids of the groups the user is a direct member of.
    pub fn groups_of(&self, user_id: &str) -> Vec<String> {
        self.lock()
            .memberships
            .iter()
            .filter(|(user, _)| user == user_id)
            .map(|(_, group)| group.clone())
            .collect()
    }

    /// The user signs in (to Studio, say): one more open session.
    pub fn start_session(&self, user_id: &str) {
        *self.lock().sessions.entry(user_id.into()).or_default() += 1;
    }

    /// The user's open sessions; a logout ends them all.
    pub fn sessions(&self, user_id: &str) -> usize {
        self.lock().sessions.get(user_id).copied().unwrap_or(0)
    }

    /// How many times the user was logged out (`POST /users/{id}/logout`).
    pub fn logouts(&self, user_id: &str) -> usize {
        self.lock().logouts.get(user_id).copied().unwrap_or(0)
    }

    /// Every `PUT /users/{id}` received: (user id, the representation sent).
    pub fn user_updates(&self) -> Vec<(String, Value)> {
        self.lock().user_updates.clone()
    }

    /// Gives the user a password, as if they had set it: from now on their credentials list
    /// is not empty.
    pub fn set_password(&self, user_id: &str) {
        self.lock().passwords.insert(user_id.into());
    }

    /// How many access tokens the token endpoint has handed out.
    pub fn tokens_issued(&self) -> usize {
        self.lock().tokens_issued
    }

    fn lock(&self) -> MutexGuard<'_, RealmState> {
        lock(&self.state)
    }
}

fn lock(state: &Shared) -> MutexGuard<'_, RealmState> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn answer(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

fn error_message(status: StatusCode, message: &str) -> Response {
    answer(status, json!({ "errorMessage": message }))
}

async fn inject_faults(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let fault = {
        let mut state = lock(&state);
        let path = request.uri().path().to_string();
        state
            .faults
            .iter_mut()
            .find(|fault| fault.remaining > 0 && path.contains(&fault.path_contains))
            .map(|fault| {
                fault.remaining -= 1;
                (fault.status, fault.retry_after)
            })
    };
    match fault {
        Some((status, retry_after)) => {
            let mut response =
                (status, status.canonical_reason().unwrap_or("Error")).into_response();
            if let Some(seconds) = retry_after {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, seconds.into());
            }
            response
        }
        None => next.run(request).await,
    }
}

async fn token(
    State(state): State<Shared>,
    Path(realm): Path<String>,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    let mut state = lock(&state);
    if realm != state.realm {
        return answer(
            StatusCode::NOT_FOUND,
            json!({"error": "Realm does not exist", "error_description": "Realm does not exist"}),
        );
    }
    if form.get("grant_type").map(String::as_str) != Some("client_credentials") {
        return answer(
            StatusCode::BAD_REQUEST,
            json!({"error": "unsupported_grant_type", "error_description": "Unsupported grant_type"}),
        );
    }
    let client_ok = form.get("client_id") == Some(&state.client_id)
        && form.get("client_secret") == Some(&state.client_secret);
    if !client_ok {
        return answer(
            StatusCode::UNAUTHORIZED,
            json!({"error": "unauthorized_client", "error_description": "Invalid client or Invalid client credentials"}),
        );
    }
    state.tokens_issued += 1;
    let token = format!("fake-keycloak-token-{}", state.tokens_issued);
    state.tokens.insert(token.clone());
    answer(
        StatusCode::OK,
        json!({
            "access_token": token, "expires_in": state.token_lifespan, "refresh_expires_in": 0,
            "token_type": "Bearer", "not-before-policy": 0, "scope": "profile email",
        }),
    )
}

/// Keycloak's answer when the bearer token is not one this realm issued or the realm does not
/// exist; `None` when the request may go on.
fn refusal(state: &RealmState, realm: &str, headers: &HeaderMap) -> Option<Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    if !token.is_some_and(|token| state.tokens.contains(token)) {
        return Some(answer(
            StatusCode::UNAUTHORIZED,
            json!({"error": "HTTP 401 Unauthorized"}),
        ));
    }
    if realm != state.realm {
        return Some(answer(
            StatusCode::NOT_FOUND,
            json!({"error": "Realm not found."}),
        ));
    }
    None
}

fn user_json(user: &KeycloakUser) -> Value {
    let mut body = json!({
        "id": user.id, "username": user.username, "firstName": user.first_name,
        "lastName": user.last_name, "enabled": user.enabled, "emailVerified": false,
    });
    if let Some(email) = &user.email {
        body["email"] = json!(email);
    }
    body
}

fn location(headers: &HeaderMap, realm: &str, kind: &str, id: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}/admin/realms/{realm}/{kind}/{id}")
}

fn text(body: &Value, key: &str) -> Option<String> {
    body.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_string)
}

fn is_true(query: &BTreeMap<String, String>, key: &str) -> bool {
    query.get(key).is_some_and(|value| value == "true")
}

/// Keycloak's `first` / `max` paging (default 100).
fn page<T>(items: Vec<T>, query: &BTreeMap<String, String>) -> Vec<T> {
    let number = |key: &str, default: usize| {
        query
            .get(key)
            .and_then(|value| value.parse().ok())
            .unwrap_or(default)
    };
    items
        .into_iter()
        .skip(number("first", 0))
        .take(number("max", 100))
        .collect()
}

async fn create_user(
    State(state): State<Shared>,
    Path(realm): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let mut state = lock(&state);
    if let Some(refused) = refusal(&state, &realm, &headers) {
        return refused;
    }
    let Some(username) = text(&body, "username").map(|name| name.to_lowercase()) else {
        return error_message(StatusCode::BAD_REQUEST, "User name is missing");
    };
    let email = text(&body, "email").map(|email| email.to_lowercase());
    if state.users.iter().any(|user| user.username == username) {
        return error_message(StatusCode::CONFLICT, "User exists with same username");
    }
    if email.is_some() && state.users.iter().any(|user| user.email == email) {
        return error_message(StatusCode::CONFLICT, "User exists with same email");
    }
    let id = state.new_id();
    state.users.push(KeycloakUser {
        id: id.clone(),
        username,
        email,
        first_name: text(&body, "firstName").unwrap_or_default(),
        last_name: text(&body, "lastName").unwrap_or_default(),
        // Keycloak's default: a user created without `enabled: true` cannot sign in.
        enabled: body
            .get("enabled")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    });
    let location = location(&headers, &realm, "users", &id);
    (StatusCode::CREATED, [(header::LOCATION, location)]).into_response()
}

async fn list_users(
    State(state): State<Shared>,
    Path(realm): Path<String>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let state = lock(&state);
    if let Some(refused) = refusal(&state, &realm, &headers) {
        return refused;
    }
    let exact = is_true(&query, "exact");
    let matches = |found: Option<&str>, wanted: Option<&String>| match wanted {
        None => true,
        Some(wanted) => {
            let (found, wanted) = (
                found.unwrap_or_default().to_lowercase(),
                wanted.to_lowercase(),
            );
            if exact {
                found == wanted
            } else {
                found.contains(&wanted)
            }
        }
    };
    let search = query.get("search").map(|search| search.to_lowercase());
    let users: Vec<Value> = state
        .users
        .iter()
        .filter(|user| matches(user.email.as_deref(), query.get("email")))
        .filter(|user| matches(Some(&user.username), query.get("username")))
        .filter(|user| {
            search.as_ref().is_none_or(|search| {
                [
                    Some(user.username.as_str()),
                    user.email.as_deref(),
                    Some(&user.first_name),
                    Some(&user.last_name),
                ]
                .into_iter()
                .flatten()
                .any(|field| field.to_lowercase().contains(search))
            })
        })
        .map(user_json)
        .collect();
    answer(StatusCode::OK, Value::Array(page(users, &query)))
}

async fn count_users(
    State(state): State<Shared>,
    Path(realm): Path<String>,
    headers: HeaderMap,
) -> Response {
    let state = lock(&state);
    if let Some(refused) = refusal(&state, &realm, &headers) {
        return refused;
    }
    answer(StatusCode::OK, json!(state.users.len()))
}

async fn read_user(
    State(state): State<Shared>,
    Path((realm, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let state = lock(&state);
    if let Some(refused) = refusal(&state, &realm, &headers) {
        return refused;
    }
    match state.user(&id) {
        Some(user) => answer(StatusCode::OK, user_json(user)),
        None => answer(StatusCode::NOT_FOUND, json!({"error": "User not found"})),
    }
}

/// Direct memberships only, paged with `first` / `max` like Keycloak (100 by default).
async fn user_groups(
    State(state): State<Shared>,
    Path((realm, id)): Path<(String, String)>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let state = lock(&state);
    if let Some(refused) = refusal(&state, &realm, &headers) {
        return refused;
    }
    if state.user(&id).is_none() {
        return answer(StatusCode::NOT_FOUND, json!({"error": "User not found"}));
    }
    let groups: Vec<Value> = state
        .memberships
        .iter()
        .filter(|(user, _)| *user == id)
        .filter_map(|(_, group)| state.group(group))
        .map(|group| json!({"id": group.id, "name": group.name, "path": state.path_of(group)}))
        .collect();
    answer(StatusCode::OK, Value::Array(page(groups, &query)))
}

/// `GET /groups/{id}/members`: the group's direct members, paged (`first`, `max`, 100 by
/// default); 404 for no such group.
async fn group_members(
    State(state): State<Shared>,
    Path((realm, id)): Path<(String, String)>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let state = lock(&state);
    if let Some(refused) = refusal(&state, &realm, &headers) {
        return refused;
    }
    if state.group(&id).is_none() {
        return answer(
            StatusCode::NOT_FOUND,
            json!({"error": "Could not find group by id"}),
        );
    }
    let members: Vec<Value> = state
        .memberships
        .iter()
        .filter(|(_, group)| *group == id)
        .filter_map(|(user, _)| state.user(user))
        .map(user_json)
        .collect();
    answer(StatusCode::OK, Value::Array(page(members, &query)))
}

async fn join_group(
    State(state): State<Shared>,
    Path((realm, id, group_id)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let mut state = lock(&state);
    if let Some(refused) = refusal(&state, &realm, &headers) {
        return refused;
    }
    if state.user(&id).is_none() {
        return answer(StatusCode::NOT_FOUND, json!({"error": "User not found"}));
    }
    if state.group(&group_id).is_none() {
        return answer(
            StatusCode::NOT_FOUND,
            json!({"error": "Could not find group by id"}),
        );
    }
    // Already a member: Keycloak answers 204 all the same.
    state.memberships.insert((id, group_id));
    StatusCode::NO_CONTENT.into_response()
}

async fn leave_group(
    State(state): State<Shared>,
    Path((realm, id, group_id)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let mut state = lock(&state);
    if let Some(refused) = refusal(&state, &realm, &headers) {
        return refused;
    }
    if state.user(&id).is_none() {
        return answer(StatusCode::NOT_FOUND, json!({"error": "User not found"}));
    }
    if state.group(&group_id).is_none() {
        return answer(StatusCode::NOT_FOUND, json!({"error": "Group not found"}));
    }
    // Not a member: Keycloak answers 204 all the same.
    state.memberships.remove(&(id, group_id));
    StatusCode::NO_CONTENT.into_response()
}

async fn execute_actions_email(
    State(state): State<Shared>,
    Path((realm, id)): Path<(String, String)>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
    Json(actions): Json<Vec<String>>,
) -> Response {
    let mut state = lock(&state);
    if let Some(refused) = refusal(&state, &realm, &headers) {
        return refused;
    }
    let Some(user) = state.user(&id) else {
        return answer(StatusCode::NOT_FOUND, json!({"error": "User not found"}));
    };
    if !user.enabled {
        return error_message(StatusCode::BAD_REQUEST, "User is disabled");
    }
    if user.email.is_none() {
        return error_message(StatusCode::BAD_REQUEST, "User email missing");
    }
    let client_id = query.get("client_id").cloned();
    let redirect_uri = query.get("redirect_uri").cloned();
    if redirect_uri.is_some() && client_id.is_none() {
        return error_message(StatusCode::BAD_REQUEST, "Client id missing");
    }
    if client_id
        .as_ref()
        .is_some_and(|client| !state.clients.contains(client))
    {
        return error_message(StatusCode::BAD_REQUEST, "Client doesn't exist");
    }
    state.actions_emails.push(ActionsEmail {
        user_id: id,
        client_id,
        redirect_uri,
        lifespan: query.get("lifespan").and_then(|value| value.parse().ok()),
        actions,
    });
    StatusCode::NO_CONTENT.into_response()
}

/// A group and, below it, only the subgroups that lead to a match (Keycloak's search shape).
fn group_json(
    state: &RealmState,
    group: &KeycloakGroup,
    matches: &dyn Fn(&KeycloakGroup) -> bool,
) -> Option<Value> {
    let sub_groups: Vec<Value> = state
        .children(&group.id)
        .filter_map(|child| group_json(state, child, matches))
        .collect();
    if !matches(group) && sub_groups.is_empty() {
        return None;
    }
    Some(json!({
        "id": group.id, "name": group.name, "path": state.path_of(group),
        "subGroupCount": state.children(&group.id).count(), "subGroups": sub_groups,
    }))
}

async fn list_groups(
    State(state): State<Shared>,
    Path(realm): Path<String>,
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let mut state = lock(&state);
    if let Some(refused) = refusal(&state, &realm, &headers) {
        return refused;
    }
    let exact = is_true(&query, "exact") && !state.group_search_ignores_exact;
    let search = query.get("search").cloned();
    let matches = |group: &KeycloakGroup| match &search {
        None => true,
        Some(search) if exact => group.name == *search,
        Some(search) => group.name.to_lowercase().contains(&search.to_lowercase()),
    };
    let groups: Vec<Value> = state
        .groups
        .iter()
        .filter(|group| group.parent_id.is_none())
        .filter_map(|group| group_json(&state, group, &matches))
        .collect();
    if search.is_some() {
        if let Some(name) = state.group_behind_next_search.take() {
            let id = state.new_id();
            state.groups.push(KeycloakGroup {
                id,
                name,
                parent_id: None,
            });
        }
    }
    answer(StatusCode::OK, Value::Array(page(groups, &query)))
}

async fn create_group(
    State(state): State<Shared>,
    Path(realm): Path<String>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let mut state = lock(&state);
    if let Some(refused) = refusal(&state, &realm, &headers) {
        return refused;
    }
    let Some(name) = text(&body, "name") else {
        return error_message(StatusCode::BAD_REQUEST, "Group name is missing");
    };
    if state
        .groups
        .iter()
        .any(|group| group.parent_id.is_none() && group.name == name)
    {
        return error_message(
            StatusCode::CONFLICT,
            &format!("Top level group named '{name}' already exists."),
        );
    }
    let id = state.new_id();
    state.groups.push(KeycloakGroup {
        id: id.clone(),
        name,
        parent_id: None,
    });
    let location = location(&headers, &realm, "groups", &id);
    (StatusCode::CREATED, [(header::LOCATION, location)]).into_response()
}

async fn read_group(
    State(state): State<Shared>,
    Path((realm, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let state = lock(&state);
    if let Some(refused) = refusal(&state, &realm, &headers) {
        return refused;
    }
    match state.group(&id) {
        Some(group) => answer(
            StatusCode::OK,
            json!({"id": group.id, "name": group.name, "path": state.path_of(group), "subGroupCount": state.children(&group.id).count()}),
        ),
        None => answer(
            StatusCode::NOT_FOUND,
            json!({"error": "Could not find group by id"}),
        ),
    }
}
