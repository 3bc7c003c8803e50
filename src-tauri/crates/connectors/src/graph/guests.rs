//! Deleting the guest account of a person who leaves, when Settings asks for it (off by
//! default): `DELETE /users/{id}`, which Entra keeps among deleted users for 30 days. Only a
//! guest (`userType` Guest, the kind HyOpps invites) is ever deleted; a member of the company's
//! own directory is left alone whatever the setting.

use reqwest::StatusCode;
use serde::Deserialize;

use super::api::{read_error, refusal};
use super::GraphConnector;
use crate::{ConnectorResult, GuestDeletion};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserKind {
    #[serde(default)]
    user_type: Option<String>,
}

impl GraphConnector {
    pub(super) async fn delete_guest_of(&self, email: &str) -> ConnectorResult<GuestDeletion> {
        self.require_settings()?;
        if !self.delete_guests_on_leaving {
            return Ok(GuestDeletion::NotAsked);
        }
        let email = email.trim();
        let Some(user_id) = self.find_user(email).await? else {
            return Ok(GuestDeletion::AlreadyGone);
        };
        let what = format!("read whether {email} is a guest");
        let url = self.api.url(&["users", &user_id])?;
        let kind: UserKind = self
            .api
            .send_for_json(&what, "", |client| {
                client.get(url.clone()).query(&[("$select", "userType")])
            })
            .await?;
        if kind.user_type.as_deref() != Some("Guest") {
            return Ok(GuestDeletion::NotAGuest);
        }
        let what = format!("delete the guest account of {email}");
        let response = self
            .api
            .send(&what, |client| client.delete(url.clone()))
            .await?;
        match response.status() {
            status if status.is_success() => Ok(GuestDeletion::Deleted),
            // Deleted meanwhile (by hand, or an earlier try whose answer was lost).
            StatusCode::NOT_FOUND => Ok(GuestDeletion::AlreadyGone),
            _ => {
                let error = read_error(response).await;
                let advice = if error.status == StatusCode::FORBIDDEN {
                    "Give the HyOpps app the User.ReadWrite.All application permission (with admin consent), or turn guest deletion off in Settings → Microsoft Teams."
                } else {
                    ""
                };
                Err(refusal(&what, &error, advice))
            }
        }
    }
}
