//! Finding or creating a user by email.

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

use super::MetabaseConnector;
use crate::{ConnectorError, ConnectorResult};

/// Metabase's answer (in `{"errors":{"email": …}}`) when the email belongs to someone already,
/// including a deactivated user the default search does not show.
const EMAIL_IN_USE: &str = "Email address already in use";

/// `GET /api/user/current`: with an API key, the key's own user.
#[derive(Deserialize)]
pub(super) struct CurrentUser {
    #[serde(default)]
    pub(super) is_superuser: bool,
}

#[derive(Deserialize)]
struct UserPage {
    data: Vec<ListedUser>,
}

#[derive(Deserialize)]
pub(super) struct ListedUser {
    pub(super) id: i64,
    pub(super) email: String,
    #[serde(default = "active")]
    pub(super) is_active: bool,
}

fn active() -> bool {
    true
}

#[derive(Deserialize)]
struct CreatedUser {
    id: i64,
}

/// `GET /api/user/:id`, of which only the memberships matter here.
#[derive(Deserialize)]
struct UserDetail {
    #[serde(default)]
    user_group_memberships: Vec<GroupMembership>,
}

/// In a user's detail a membership's `id` is the group's id, not the membership's.
#[derive(Deserialize)]
struct GroupMembership {
    id: i64,
}

impl MetabaseConnector {
    /// The Metabase user with exactly this email, created if there is none; returns its id.
    pub(super) async fn find_or_create_user(
        &self,
        email: &str,
        first_name: &str,
        last_name: &str,
    ) -> ConnectorResult<i64> {
        if let Some(user) = self.user_with_email(email, false).await? {
            return Ok(user.id);
        }
        let what = format!("create the user {email}");
        let response = self
            .http
            .send(
                self.request(Method::POST, "/api/user").json(&json!({
                    "email": email,
                    "first_name": first_name,
                    "last_name": last_name,
                })),
                &what,
            )
            .await?;
        let status = response.status();
        if status.is_success() {
            let user: CreatedUser = self.http.json(response, &what).await?;
            return Ok(user.id);
        }
        let body = response.text().await.unwrap_or_default();
        if status == StatusCode::BAD_REQUEST && body.contains(EMAIL_IN_USE) {
            // Created meanwhile by someone else, or deactivated (hidden from the first search).
            if let Some(user) = self.user_with_email(email, true).await? {
                if !user.is_active {
                    return Err(ConnectorError::Permanent {
                        message: format!(
                            "{email} has a deactivated Metabase account (user {}). Reactivate it in Metabase (Admin settings → People → Deactivated), then retry this step.",
                            user.id
                        ),
                    });
                }
                return Ok(user.id);
            }
        }
        Err(self.refusal(&what, status, &body, ""))
    }

    /// Metabase's search matches substrings of names and emails, so the exact email is picked
    /// here; Metabase stores emails lower-cased, hence the case-insensitive comparison.
    pub(super) async fn user_with_email(
        &self,
        email: &str,
        include_deactivated: bool,
    ) -> ConnectorResult<Option<ListedUser>> {
        let wanted = email.trim();
        let mut query = vec![("query", wanted)];
        if include_deactivated {
            query.push(("status", "all"));
        }
        let page: UserPage = self
            .read(
                self.request(Method::GET, "/api/user").query(&query),
                &format!("look up the user {wanted}"),
            )
            .await?;
        let wanted = wanted.to_lowercase();
        Ok(page
            .data
            .into_iter()
            .find(|user| user.email.trim().to_lowercase() == wanted))
    }

    /// Every account, deactivated ones included.
    pub(super) async fn every_user(&self) -> ConnectorResult<Vec<ListedUser>> {
        let page: UserPage = self
            .read(
                self.request(Method::GET, "/api/user")
                    .query(&[("status", "all")]),
                "list the users",
            )
            .await?;
        Ok(page.data)
    }

    /// The ids of the groups the user is in.
    pub(super) async fn group_ids_of(&self, user_id: i64) -> ConnectorResult<Vec<i64>> {
        let user: UserDetail = self
            .read_expecting(
                self.request(Method::GET, &format!("/api/user/{user_id}")),
                &format!("read user {user_id}"),
                "Check that this Metabase user still exists (Admin settings → People).",
            )
            .await?;
        Ok(user
            .user_group_memberships
            .into_iter()
            .map(|membership| membership.id)
            .collect())
    }
}
