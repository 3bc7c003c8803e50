//! Keycloak (Studio's sign-in): inviting a user is creating them enabled in the realm, adding
//! them to the organisation's group and asking Keycloak to email them the verify-email and
//! set-password actions; offboarding (`offboarding.rs`) takes them out of it again.
//! Authenticates with the client-credentials grant of a service account.

mod offboarding;
mod presence;
mod token;

use std::time::Duration;

use reqwest::header::LOCATION;
use reqwest::{Method, Response, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};
use url::Url;

use crate::http::Http;
use crate::systems::{
    BoxFuture, GroupEmptied, GroupRef, KeycloakApi, KeycloakInvite, KeycloakLeave,
};
use crate::{ConnectorError, ConnectorResult, GroupRoster, KeycloakPresence, KeycloakSettings};
use token::TokenCache;

/// How long the link in the invitation email stays valid.
const INVITE_LIFESPAN: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// What the invited user must do on first sign-in.
const INVITE_ACTIONS: [&str; 2] = ["VERIFY_EMAIL", "UPDATE_PASSWORD"];

pub struct KeycloakConnector {
    settings: KeycloakSettings,
    http: Http,
    token: TokenCache,
}

#[derive(Deserialize)]
struct UserRepresentation {
    id: String,
    #[serde(default)]
    email: Option<String>,
    /// Keycloak omits it for a disabled user in some versions.
    #[serde(default)]
    enabled: bool,
}

#[derive(Deserialize)]
struct GroupRepresentation {
    id: String,
    name: String,
}

/// One Admin REST API call: method, path below `/admin/realms/{realm}`, query, JSON body.
struct AdminCall<'a> {
    method: Method,
    path: &'a [&'a str],
    query: &'a [(&'a str, String)],
    body: Option<Value>,
}

impl<'a> AdminCall<'a> {
    fn get(path: &'a [&'a str], query: &'a [(&'a str, String)]) -> Self {
        Self {
            method: Method::GET,
            path,
            query,
            body: None,
        }
    }
}

impl KeycloakConnector {
    pub fn new(settings: KeycloakSettings) -> Self {
        Self {
            settings,
            http: Http::new("Keycloak"),
            token: TokenCache::default(),
        }
    }

    /// Signs in and reads users and groups, the two things inviting needs.
    pub async fn test_connection(&self) -> ConnectorResult<String> {
        let count = self
            .send_admin(
                AdminCall::get(&["users", "count"], &[]),
                "count the realm's users",
            )
            .await?;
        let count = self
            .expect_success(count, "count the realm's users", "")
            .await?;
        let users: u64 = self.http.json(count, "count the realm's users").await?;
        let query = [
            ("max", "1".to_string()),
            ("briefRepresentation", "true".into()),
        ];
        let groups = self
            .send_admin(
                AdminCall::get(&["groups"], &query),
                "list the realm's groups",
            )
            .await?;
        self.expect_success(groups, "list the realm's groups", "")
            .await?;
        Ok(format!(
            "Signed in to Keycloak realm {} as client {}; the service account can read its users ({users}) and groups.",
            self.settings.realm, self.settings.client_id
        ))
    }

    /// The enabled user with this email: created (`true`), or the existing one when Keycloak
    /// answers 409 (`false`).
    async fn ensure_user(
        &self,
        email: &str,
        first: &str,
        last: &str,
    ) -> ConnectorResult<(String, bool)> {
        let what = format!("create the user {email}");
        let user = json!({
            "username": email, "email": email, "firstName": first, "lastName": last,
            // Without it Keycloak creates the user disabled, and they could never sign in.
            "enabled": true,
        });
        let response = self
            .send_admin(
                AdminCall {
                    method: Method::POST,
                    path: &["users"],
                    query: &[],
                    body: Some(user),
                },
                &what,
            )
            .await?;
        let conflict = match response.status() {
            status if status.is_success() => {
                if let Some(id) = id_from_location(&response) {
                    return Ok((id, true));
                }
                None
            }
            StatusCode::CONFLICT => Some(response.text().await.unwrap_or_default()),
            status => return Err(self.refused(&what, response, status).await),
        };
        let Some(user) = self.find_user(email).await? else {
            let said = conflict
                .map(|body| crate::http::describe_error_body(&body))
                .unwrap_or_else(|| "created without a Location".into());
            return Err(ConnectorError::Permanent {
                message: format!(
                    "Keycloak could not create the user {email} ({said}), and no user has that email: another user has {email} as username. Resolve it in the Keycloak admin console (Users), then retry."
                ),
            });
        };
        if !user.enabled {
            return Err(ConnectorError::Permanent {
                message: format!(
                    "The Keycloak user {email} exists but is disabled. If they should have access, enable them in the Keycloak admin console (Users → {email}), then retry."
                ),
            });
        }
        Ok((user.id, false))
    }

    /// Whether the user has any credential (a password, OTP…): someone who has set up their
    /// sign-in, whose password an invitation's UPDATE_PASSWORD must not reset.
    async fn has_credentials(&self, user_id: &str, email: &str) -> ConnectorResult<bool> {
        let what = format!("read the sign-in credentials of {email}");
        let response = self
            .send_admin(
                AdminCall::get(&["users", user_id, "credentials"], &[]),
                &what,
            )
            .await?;
        let response = self.expect_success(response, &what, "").await?;
        let credentials: Vec<Value> = self.http.json(response, &what).await?;
        Ok(!credentials.is_empty())
    }

    async fn find_user(&self, email: &str) -> ConnectorResult<Option<UserRepresentation>> {
        let what = format!("look up the user {email}");
        let query = [("email", email.to_string()), ("exact", "true".into())];
        let response = self
            .send_admin(AdminCall::get(&["users"], &query), &what)
            .await?;
        let response = self.expect_success(response, &what, "").await?;
        let users: Vec<UserRepresentation> = self.http.json(response, &what).await?;
        // Keycloak stores emails lower-cased; compare the same way rather than trust the filter.
        Ok(users.into_iter().find(|user| {
            user.email
                .as_deref()
                .is_some_and(|found| found.eq_ignore_ascii_case(email))
        }))
    }

    /// The group with `group_id`, or else the top-level group named exactly `group_name`,
    /// created if missing.
    async fn ensure_group(
        &self,
        group_id: Option<&str>,
        group_name: &str,
    ) -> ConnectorResult<GroupRef> {
        if let Some(id) = group_id.filter(|id| !id.trim().is_empty()) {
            return self.group_by_id(id.trim(), group_name).await;
        }
        if let Some(group) = self.find_group(group_name).await? {
            return Ok(group);
        }
        let what = format!("create the group {group_name}");
        let response = self
            .send_admin(
                AdminCall {
                    method: Method::POST,
                    path: &["groups"],
                    query: &[],
                    body: Some(json!({ "name": group_name })),
                },
                &what,
            )
            .await?;
        match response.status() {
            status if status.is_success() => {
                if let Some(id) = id_from_location(&response) {
                    return Ok(GroupRef {
                        id,
                        name: group_name.to_string(),
                    });
                }
            }
            // Created meanwhile (another execution for the same organisation): use it.
            StatusCode::CONFLICT => {}
            status => return Err(self.refused(&what, response, status).await),
        }
        self.find_group(group_name)
            .await?
            .ok_or_else(|| ConnectorError::Permanent {
                message: format!(
                    "Keycloak reported the group {group_name} as existing, but no top-level group has exactly that name. Check the realm's groups in the Keycloak admin console."
                ),
            })
    }

    async fn group_by_id(&self, id: &str, expected_name: &str) -> ConnectorResult<GroupRef> {
        let what = format!("read the group {id}");
        let response = self
            .send_admin(AdminCall::get(&["groups", id], &[]), &what)
            .await?;
        if response.status() == StatusCode::NOT_FOUND {
            return Err(ConnectorError::Permanent {
                message: format!(
                    "The Keycloak group id {id} set for this organisation does not exist in realm {}. Correct it on the organisation's page (System groups → Keycloak), or clear it so HyOpps creates {expected_name}.",
                    self.settings.realm
                ),
            });
        }
        let response = self.expect_success(response, &what, "").await?;
        let group: GroupRepresentation = self.http.json(response, &what).await?;
        Ok(GroupRef {
            id: group.id,
            name: group.name,
        })
    }

    async fn find_group(&self, name: &str) -> ConnectorResult<Option<GroupRef>> {
        let what = format!("look up the group {name}");
        let query = [("search", name.to_string()), ("exact", "true".into())];
        let response = self
            .send_admin(AdminCall::get(&["groups"], &query), &what)
            .await?;
        let response = self.expect_success(response, &what, "").await?;
        let groups: Vec<GroupRepresentation> = self.http.json(response, &what).await?;
        // A search also returns top-level groups whose subgroups match, and older Keycloaks
        // ignore `exact`: only a top-level group of exactly this name is ours.
        Ok(groups
            .into_iter()
            .find(|group| group.name == name)
            .map(|group| GroupRef {
                id: group.id,
                name: group.name,
            }))
    }

    async fn join_group(
        &self,
        user_id: &str,
        email: &str,
        group: &GroupRef,
    ) -> ConnectorResult<()> {
        let what = format!("add {email} to the group {}", group.name);
        let response = self
            .send_admin(
                AdminCall {
                    method: Method::PUT,
                    path: &["users", user_id, "groups", &group.id],
                    query: &[],
                    body: None,
                },
                &what,
            )
            .await?;
        self.expect_success(response, &what, "").await?;
        Ok(())
    }

    async fn send_invitation(&self, user_id: &str, email: &str) -> ConnectorResult<()> {
        let what = format!("send the invitation email to {email}");
        let mut query = vec![("lifespan", INVITE_LIFESPAN.as_secs().to_string())];
        if !self.settings.invite_client_id.trim().is_empty() {
            query.push(("client_id", self.settings.invite_client_id.trim().into()));
        }
        if !self.settings.redirect_uri.trim().is_empty() {
            query.push(("redirect_uri", self.settings.redirect_uri.trim().into()));
        }
        let response = self
            .send_admin(
                AdminCall {
                    method: Method::PUT,
                    path: &["users", user_id, "execute-actions-email"],
                    query: &query,
                    body: Some(json!(INVITE_ACTIONS)),
                },
                &what,
            )
            .await?;
        let advice = format!(
            "Check the invite client id and redirect URI in Settings → Keycloak: the client must exist in realm {} and allow that redirect URI.",
            self.settings.realm
        );
        self.expect_success(response, &what, &advice).await?;
        Ok(())
    }

    /// Sends an Admin REST call with the cached token. A 401 means the token is no longer good
    /// (revoked, keys rotated): it is dropped and the call made once more with a new one.
    async fn send_admin(&self, call: AdminCall<'_>, what: &str) -> ConnectorResult<Response> {
        let url = self.admin_url(call.path)?;
        let token_url = self.url(&[
            "realms",
            &self.settings.realm,
            "protocol",
            "openid-connect",
            "token",
        ])?;
        let mut retried_sign_in = false;
        loop {
            let token = self
                .token
                .get(&self.http, &self.settings, token_url.as_str())
                .await?;
            let mut request = self
                .http
                .client()
                .request(call.method.clone(), url.clone())
                .bearer_auth(token.expose());
            if !call.query.is_empty() {
                request = request.query(call.query);
            }
            if let Some(body) = &call.body {
                request = request.json(body);
            }
            let response = self.http.send(request, what).await?;
            if response.status() != StatusCode::UNAUTHORIZED {
                return Ok(response);
            }
            self.token.forget(&token).await;
            if retried_sign_in {
                return Err(self
                    .http
                    .refused(
                        what,
                        response,
                        "Keycloak rejected a token it had just issued: check that the URL in Settings → Keycloak is the one Keycloak knows itself by (its hostname setting).",
                    )
                    .await);
            }
            retried_sign_in = true;
        }
    }

    async fn expect_success(
        &self,
        response: Response,
        what: &str,
        advice: &str,
    ) -> ConnectorResult<Response> {
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        if advice.is_empty() || status != StatusCode::BAD_REQUEST {
            return Err(self.refused(what, response, status).await);
        }
        Err(self.http.refused(what, response, advice).await)
    }

    async fn refused(&self, what: &str, response: Response, status: StatusCode) -> ConnectorError {
        let advice = match status {
            StatusCode::FORBIDDEN => format!(
                "Give the service account of client {client} the realm-management roles manage-users and view-users (Keycloak admin console → Clients → {client} → Service accounts roles).",
                client = self.settings.client_id
            ),
            StatusCode::NOT_FOUND => "Check the URL and the realm in Settings → Keycloak.".into(),
            _ => String::new(),
        };
        self.http.refused(what, response, &advice).await
    }

    fn admin_url(&self, path: &[&str]) -> ConnectorResult<Url> {
        let mut segments = vec!["admin", "realms", self.settings.realm.as_str()];
        segments.extend_from_slice(path);
        self.url(&segments)
    }

    /// `{url}/<segments>`, each segment percent-encoded.
    fn url(&self, segments: &[&str]) -> ConnectorResult<Url> {
        let invalid = || {
            ConnectorError::Permanent {
            message: format!(
                "The Keycloak URL {:?} is not a valid http(s) URL: correct it in Settings → Keycloak.",
                self.settings.url
            ),
        }
        };
        let mut url = Url::parse(self.settings.url.trim()).map_err(|_| invalid())?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid());
        }
        url.path_segments_mut()
            .map_err(|_| invalid())?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }
}

/// Keycloak answers a create with 201 and the new object's URL; its id is the last segment.
fn id_from_location(response: &Response) -> Option<String> {
    let location = response.headers().get(LOCATION)?.to_str().ok()?;
    let id = location.trim_end_matches('/').rsplit('/').next()?;
    (!id.is_empty()).then(|| id.to_string())
}

impl KeycloakApi for KeycloakConnector {
    fn invite_user<'a>(
        &'a self,
        email: &'a str,
        first_name: &'a str,
        last_name: &'a str,
        group_id: Option<&'a str>,
        group_name: &'a str,
    ) -> BoxFuture<'a, KeycloakInvite> {
        Box::pin(async move {
            let email = email.trim();
            let (user_id, created) = self.ensure_user(email, first_name, last_name).await?;
            let group = self.ensure_group(group_id, group_name).await?;
            self.join_group(&user_id, email, &group).await?;
            // UPDATE_PASSWORD makes the user choose a new password, so the invitation goes only
            // to a user created just now or who has not set up a sign-in yet (which also covers
            // one HyOpps created on an earlier attempt: a lost invitation is sent again). Someone
            // who already signs in to Studio only gets the group.
            if created || !self.has_credentials(&user_id, email).await? {
                self.send_invitation(&user_id, email).await?;
            }
            Ok(KeycloakInvite { user_id, group })
        })
    }

    fn leave_group<'a>(
        &'a self,
        email: &'a str,
        group_id: &'a str,
    ) -> BoxFuture<'a, KeycloakLeave> {
        Box::pin(self.leave(email, group_id))
    }

    fn empty_group<'a>(&'a self, group_id: &'a str) -> BoxFuture<'a, GroupEmptied> {
        Box::pin(self.empty(group_id))
    }

    fn presence<'a>(
        &'a self,
        email: &'a str,
        group_id: Option<&'a str>,
    ) -> BoxFuture<'a, KeycloakPresence> {
        Box::pin(self.presence_of(email, group_id))
    }

    fn group_rosters<'a>(&'a self, group_ids: &'a [String]) -> BoxFuture<'a, Vec<GroupRoster>> {
        Box::pin(self.rosters(group_ids))
    }
}
