//! A person leaving: their membership of a private channel, then of the team, is deleted.
//! Graph deletes a membership by its own id (not the user id), so each roster is read first
//! (every page) to find the person's; a membership already gone — not listed, or a 404 on the
//! delete because someone removed it meanwhile — is what this step wants.

use reqwest::StatusCode;
use serde::Deserialize;

use super::api::{read_error, refusal};
use super::channels::{parse_next_link, Channel, Page};
use super::GraphConnector;
use crate::{ChannelRef, ConnectorResult, Removal};

/// A roster entry as far as leaving needs it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Membership {
    /// The membership id that `DELETE …/members/{id}` takes.
    id: String,
    #[serde(default)]
    user_id: Option<String>,
}

/// What a 404 on a roster means: a private channel deleted in Teams took its memberships with
/// it; the team is the one set in Settings, so its 404 is a wrong team id to report.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Missing {
    IsGone,
    IsAnError,
}

impl GraphConnector {
    pub(super) async fn remove_member_of(
        &self,
        email: &str,
        channel: &ChannelRef,
    ) -> ConnectorResult<Removal> {
        self.require_settings()?;
        let email = email.trim();
        let Some(user_id) = self.find_user(email).await? else {
            // Not in the directory: in no team or channel either.
            return Ok(Removal::AlreadyGone);
        };
        let from_channel = self.leave_private_channel(&user_id, email, channel).await?;
        let roster = ["teams", self.team_id.as_str(), "members"];
        let from_team = self
            .leave_roster(&roster, &user_id, email, "the team", Missing::IsAnError)
            .await?;
        Ok(Removal::any([from_channel, from_team]))
    }

    /// Only the channel: a person moving to another organisation's channel of the same team
    /// stays in the team. A standard channel has no members of its own, so there is nothing to
    /// leave (`AlreadyGone`).
    pub(super) async fn leave_channel_of(
        &self,
        email: &str,
        channel: &ChannelRef,
    ) -> ConnectorResult<Removal> {
        self.require_settings()?;
        let email = email.trim();
        match self.find_user(email).await? {
            Some(user_id) => self.leave_private_channel(&user_id, email, channel).await,
            None => Ok(Removal::AlreadyGone),
        }
    }

    async fn leave_private_channel(
        &self,
        user_id: &str,
        email: &str,
        channel: &ChannelRef,
    ) -> ConnectorResult<Removal> {
        if !self.is_private_channel(channel).await? {
            return Ok(Removal::AlreadyGone);
        }
        let place = format!("the channel \"{}\"", channel.name);
        let roster = [
            "teams",
            self.team_id.as_str(),
            "channels",
            &channel.id,
            "members",
        ];
        self.leave_roster(&roster, user_id, email, &place, Missing::IsGone)
            .await
    }

    /// Whether the channel has its own members to leave: private as recorded, or as Teams now
    /// says. A channel that is gone (404) has no members left; a wrong team id is reported by
    /// the team's roster next.
    async fn is_private_channel(&self, channel: &ChannelRef) -> ConnectorResult<bool> {
        if channel.private {
            return Ok(true);
        }
        let what = format!("read the channel \"{}\"", channel.name);
        let url = self
            .api
            .url(&["teams", &self.team_id, "channels", &channel.id])?;
        let response = self
            .api
            .send(&what, |client| client.get(url.clone()))
            .await?;
        match response.status() {
            StatusCode::NOT_FOUND => Ok(false),
            status if status.is_success() => {
                let found: Channel = self.api.http().json(response, &what).await?;
                Ok(found.membership_type.as_deref() == Some("private"))
            }
            _ => {
                let error = read_error(response).await;
                Err(refusal(&what, &error, ""))
            }
        }
    }

    /// Deletes the user's membership of the roster at `segments` (a `…/members` path), if any.
    async fn leave_roster(
        &self,
        segments: &[&str],
        user_id: &str,
        email: &str,
        place: &str,
        missing: Missing,
    ) -> ConnectorResult<Removal> {
        let url = self.api.url(segments)?;
        let found = self
            .find_membership(&url, user_id, email, place, missing)
            .await?;
        let Some(membership_id) = found else {
            return Ok(Removal::AlreadyGone);
        };
        let membership_url = self
            .api
            .url(&[segments, &[membership_id.as_str()]].concat())?;
        let what = format!("remove {email} from {place}");
        let response = self
            .api
            .send(&what, |client| client.delete(membership_url.clone()))
            .await?;
        match response.status() {
            status if status.is_success() => Ok(Removal::Removed),
            // Removed meanwhile (by hand, or an earlier try whose answer was lost).
            StatusCode::NOT_FOUND => Ok(Removal::AlreadyGone),
            _ => {
                let error = read_error(response).await;
                Err(refusal(&what, &error, ""))
            }
        }
    }

    /// The id of the user's membership in the roster at `url`, reading every page.
    async fn find_membership(
        &self,
        url: &url::Url,
        user_id: &str,
        email: &str,
        place: &str,
        missing: Missing,
    ) -> ConnectorResult<Option<String>> {
        let what = format!("look for {email} among the members of {place}");
        let mut next = Some(url.clone());
        while let Some(page_url) = next.take() {
            let response = self
                .api
                .send(&what, |client| client.get(page_url.clone()))
                .await?;
            let status = response.status();
            if status == StatusCode::NOT_FOUND && missing == Missing::IsGone {
                return Ok(None);
            }
            if !status.is_success() {
                let error = read_error(response).await;
                return Err(refusal(&what, &error, ""));
            }
            let page: Page<Membership> = self.api.http().json(response, &what).await?;
            if let Some(found) = page
                .value
                .into_iter()
                .find(|member| member.user_id.as_deref() == Some(user_id))
            {
                return Ok(Some(found.id));
            }
            next = page
                .next_link
                .map(|link| parse_next_link(&self.api, &link))
                .transpose()?;
        }
        Ok(None)
    }
}
