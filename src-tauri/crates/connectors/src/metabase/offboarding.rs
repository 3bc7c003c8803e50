//! Taking a person's Metabase access away: finding their account whatever its state, and
//! deactivating it. Metabase never deletes a user: `DELETE /api/user/:id` marks them inactive
//! (they can no longer sign in; their questions and history stay).

use reqwest::{Method, StatusCode};
use serde::Deserialize;

use super::MetabaseConnector;
use crate::systems::Removal;
use crate::{ConnectorError, ConnectorResult};

/// Metabase's plain-text 400 when deactivating would leave it without an active administrator
/// (`fail-to-remove-last-admin-msg`; older versions say "delete" instead of "remove").
const LAST_ADMIN: &str = "the last member of the 'Admin' group";

/// `GET /api/user/:id`, of which only whether the account is active matters here.
#[derive(Deserialize)]
struct UserState {
    #[serde(default = "active")]
    is_active: bool,
}

fn active() -> bool {
    true
}

impl MetabaseConnector {
    /// The id of the user with exactly this email, active or deactivated: the default user
    /// search hides deactivated users, so this one asks for all of them.
    pub(super) async fn find_user_id(&self, email: &str) -> ConnectorResult<Option<i64>> {
        Ok(self.user_with_email(email, true).await?.map(|user| user.id))
    }

    /// Deactivates the user unless they are inactive or gone already. Metabase itself answers
    /// success when asked to deactivate an inactive user, so the state is read first to tell
    /// `Removed` from `AlreadyGone` truthfully.
    pub(super) async fn deactivate(&self, user_id: i64) -> ConnectorResult<Removal> {
        if !self.is_active(user_id).await? {
            return Ok(Removal::AlreadyGone);
        }
        let what = format!("deactivate user {user_id}");
        let response = self
            .http
            .send(
                self.request(Method::DELETE, &format!("/api/user/{user_id}")),
                &what,
            )
            .await?;
        let status = response.status();
        if status.is_success() {
            return Ok(Removal::Removed);
        }
        // Deleted between our look and our request (by another admin or an earlier attempt).
        if status == StatusCode::NOT_FOUND {
            return Ok(Removal::AlreadyGone);
        }
        let body = response.text().await.unwrap_or_default();
        if status == StatusCode::BAD_REQUEST && body.contains(LAST_ADMIN) {
            return Err(ConnectorError::Permanent {
                message: format!(
                    "Metabase refuses to deactivate user {user_id}: they are its last active administrator, and Metabase must keep one. Make someone else an administrator in Metabase (Admin settings → People), then retry this step."
                ),
            });
        }
        Err(self.refusal(&what, status, &body, ""))
    }

    /// Whether the user exists and is active. Current Metabase shows a deactivated user's
    /// detail with `is_active: false`; older versions answer 404 for them, like for a user who
    /// never existed: both mean there is nothing left to deactivate.
    async fn is_active(&self, user_id: i64) -> ConnectorResult<bool> {
        let what = format!("read user {user_id}");
        let response = self
            .http
            .send(
                self.request(Method::GET, &format!("/api/user/{user_id}")),
                &what,
            )
            .await?;
        let status = response.status();
        if status == StatusCode::NOT_FOUND {
            return Ok(false);
        }
        if !status.is_success() {
            return Err(self
                .http
                .refused(&what, response, super::advice_for(status, ""))
                .await);
        }
        let user: UserState = self.http.json(response, &what).await?;
        Ok(user.is_active)
    }
}
