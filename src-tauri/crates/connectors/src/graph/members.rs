//! People: find the directory user by email or invite them as a guest, then make them a member
//! of the team and, for a private channel, of the channel. Membership is checked before adding,
//! because Graph's answer to adding an existing member has varied (201 again, or 409).

use reqwest::StatusCode;
use serde::Deserialize;

use super::api::{read_error, refusal};
use super::channels::Page;
use super::GraphConnector;
use crate::{ConnectorError, ConnectorResult};

/// Where the invitation email's "accept" link leads once the guest has signed in.
const INVITE_REDIRECT_URL: &str = "https://teams.microsoft.com";

#[derive(Deserialize)]
struct DirectoryUser {
    id: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Invitation {
    invited_user: DirectoryUser,
}

/// Where a member is added: the team, or one of its private channels.
enum Roster<'a> {
    Team,
    Channel { id: &'a str, name: &'a str },
}

impl GraphConnector {
    /// The directory id of the user with that email, invited as a guest if there is none.
    pub(super) async fn find_or_invite_user(
        &self,
        email: &str,
        display_name: &str,
    ) -> ConnectorResult<String> {
        if let Some(id) = self.find_user(email).await? {
            return Ok(id);
        }
        self.invite_guest(email, display_name).await
    }

    /// The directory id of the user whose `mail` is this address: a member, or a guest (whose
    /// user principal name is `…#EXT#@…` but whose `mail` is the address they were invited at).
    pub(super) async fn find_user(&self, email: &str) -> ConnectorResult<Option<String>> {
        let what = format!("look up the user {email}");
        let url = self.api.url(&["users"])?;
        let filter = format!("mail eq '{}'", odata_string(email));
        let page: Page<DirectoryUser> = self
            .api
            .send_for_json(&what, "", |client| {
                client
                    .get(url.clone())
                    .query(&[("$filter", filter.as_str())])
            })
            .await?;
        Ok(page.value.into_iter().next().map(|user| user.id))
    }

    async fn invite_guest(&self, email: &str, display_name: &str) -> ConnectorResult<String> {
        let what = format!("invite {email} as a guest");
        let url = self.api.url(&["invitations"])?;
        let body = serde_json::json!({
            "invitedUserEmailAddress": email,
            "inviteRedirectUrl": INVITE_REDIRECT_URL,
            "invitedUserDisplayName": display_name,
            "sendInvitationMessage": true,
        });
        let response = self
            .api
            .send(&what, |client| client.post(url.clone()).json(&body))
            .await?;
        if !response.status().is_success() {
            let error = read_error(response).await;
            let advice = if error.status == StatusCode::FORBIDDEN {
                "Give the HyOpps app the User.Invite.All application permission (with admin consent), and check that Entra ID's external collaboration settings allow guest invitations to this domain."
            } else {
                ""
            };
            return Err(refusal(&what, &error, advice));
        }
        let invitation: Invitation = self.api.http().json(response, &what).await?;
        Ok(invitation.invited_user.id)
    }

    pub(super) async fn ensure_in_team(&self, user_id: &str, email: &str) -> ConnectorResult<()> {
        self.ensure_on_roster(Roster::Team, user_id, email).await
    }

    pub(super) async fn ensure_in_channel(
        &self,
        channel_id: &str,
        channel_name: &str,
        user_id: &str,
        email: &str,
    ) -> ConnectorResult<()> {
        let roster = Roster::Channel {
            id: channel_id,
            name: channel_name,
        };
        self.ensure_on_roster(roster, user_id, email).await
    }

    /// A team or channel member as Graph takes it: the user bound by id, with these roles.
    pub(super) fn member(
        &self,
        user_id: &str,
        roles: &[&str],
    ) -> ConnectorResult<serde_json::Value> {
        let users = self.api.url(&[])?;
        // OData quotes a key in single quotes and doubles any inside it.
        let bind = format!(
            "{}/users('{}')",
            users.as_str().trim_end_matches('/'),
            user_id.replace('\'', "''")
        );
        Ok(serde_json::json!({
            "@odata.type": "#microsoft.graph.aadUserConversationMember",
            "roles": roles,
            "user@odata.bind": bind,
        }))
    }

    async fn ensure_on_roster(
        &self,
        roster: Roster<'_>,
        user_id: &str,
        email: &str,
    ) -> ConnectorResult<()> {
        let (segments, place) = match roster {
            Roster::Team => (
                vec!["teams", self.team_id.as_str(), "members"],
                "the team".to_string(),
            ),
            Roster::Channel { id, name } => (
                vec!["teams", self.team_id.as_str(), "channels", id, "members"],
                format!("the channel \"{name}\""),
            ),
        };
        let url = self.api.url(&segments)?;
        if self.is_on_roster(&url, user_id, email, &place).await? {
            return Ok(());
        }
        let what = format!("add {email} to {place}");
        let body = self.member(user_id, &[])?;
        let response = self
            .api
            .send(&what, |client| client.post(url.clone()).json(&body))
            .await?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let error = read_error(response).await;
        match status {
            // Already a member: what this step wants.
            StatusCode::CONFLICT => Ok(()),
            // A guest just invited takes a while to reach Teams; the team itself was found.
            StatusCode::NOT_FOUND => Err(ConnectorError::Transient {
                message: format!(
                    "{} A newly invited guest takes a few minutes to reach Teams; HyOpps will try again.",
                    crate::http::end_sentence(&format!(
                        "Microsoft Teams could not {what} yet: HTTP 404 — {}: {}",
                        error.code, error.message
                    ))
                ),
                retry_after: None,
            }),
            _ => Err(refusal(&what, &error, "")),
        }
    }

    pub(super) async fn is_on_roster(
        &self,
        url: &url::Url,
        user_id: &str,
        email: &str,
        place: &str,
    ) -> ConnectorResult<bool> {
        let what = format!("check whether {email} is in {place}");
        let filter = format!(
            "(microsoft.graph.aadUserConversationMember/userId eq '{}')",
            odata_string(user_id)
        );
        let page: Page<serde_json::Value> = self
            .api
            .send_for_json(&what, "", |client| {
                client
                    .get(url.clone())
                    .query(&[("$filter", filter.as_str())])
            })
            .await?;
        Ok(page
            .value
            .iter()
            .any(|member| member.get("userId").and_then(|id| id.as_str()) == Some(user_id)))
    }
}

/// A string literal inside an OData filter: a quote is written twice.
pub(super) fn odata_string(value: &str) -> String {
    value.replace('\'', "''")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_doubled_in_odata_literals() {
        assert_eq!(odata_string("o'brien@example.com"), "o''brien@example.com");
    }
}
