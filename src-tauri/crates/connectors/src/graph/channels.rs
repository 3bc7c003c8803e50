//! Channels of the configured team: find by name or create, and read one's membership type.

use reqwest::StatusCode;
use serde::Deserialize;

use super::api::{read_error, refusal, GraphApi};
use super::GraphConnector;
use crate::{ChannelMembership, ChannelRef, ConnectorError, ConnectorResult};

/// Graph refuses channel display names longer than this.
pub(super) const CHANNEL_NAME_MAX: usize = 50;

/// Graph's channel, as far as HyOpps reads it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Channel {
    pub id: String,
    #[serde(default)]
    pub display_name: String,
    /// `standard`, `private` or `shared`; older answers may leave it out (standard).
    #[serde(default)]
    pub membership_type: Option<String>,
}

impl Channel {
    fn is_private(&self) -> bool {
        self.membership_type.as_deref() == Some("private")
    }
}

/// A page of a Graph list.
#[derive(Deserialize)]
pub(super) struct Page<T> {
    pub value: Vec<T>,
    #[serde(rename = "@odata.nextLink")]
    pub next_link: Option<String>,
}

/// Private channels without an owner in Settings: Graph would refuse them.
pub(super) fn owner_missing(what: &str) -> ConnectorError {
    ConnectorError::Permanent {
        message: format!(
            "Could not {what}: Microsoft Teams creates a private channel for an app only with an owner. Enter the private channel owner (a person's Entra object id) in Settings → Microsoft Teams, or switch the channel type to standard."
        ),
    }
}

/// The name cut to Graph's limit, on a character boundary.
pub(super) fn channel_name(display_name: &str) -> String {
    display_name.trim().chars().take(CHANNEL_NAME_MAX).collect()
}

impl GraphConnector {
    pub(super) async fn find_or_create_channel(
        &self,
        display_name: &str,
    ) -> ConnectorResult<ChannelRef> {
        let name = channel_name(display_name);
        if name.is_empty() {
            return Err(ConnectorError::Permanent {
                message: "A Teams channel needs a name, and the organisation's name is empty."
                    .into(),
            });
        }
        if let Some(existing) = self.find_channel(&name).await? {
            return Ok(existing);
        }
        match self.create_channel(&name).await? {
            Some(created) => Ok(created),
            // Teams says the name is taken: someone (or an earlier attempt) made it meanwhile.
            None => match self.find_channel(&name).await? {
                Some(existing) => Ok(existing),
                None => Err(ConnectorError::Transient {
                    message: format!(
                        "Microsoft Teams says a channel named \"{name}\" already exists in the team, but does not list it. It may have just been created (HyOpps will look again), or it was deleted: Teams keeps a deleted channel's name for 30 days, so restore it in Teams or complete this step by hand."
                    ),
                    retry_after: None,
                }),
            },
        }
    }

    /// The team's channel of that name (case-insensitive, as Teams compares them).
    pub(super) async fn find_channel(&self, name: &str) -> ConnectorResult<Option<ChannelRef>> {
        let wanted = name.to_lowercase();
        let channels = self.list_channels().await?;
        Ok(channels
            .into_iter()
            .find(|channel| channel.display_name.trim().to_lowercase() == wanted)
            .map(|channel| self.channel_ref(channel)))
    }

    async fn list_channels(&self) -> ConnectorResult<Vec<Channel>> {
        let api = &self.api;
        let what = "list the channels of the team";
        let mut next = Some(api.url(&["teams", &self.team_id, "channels"])?);
        let mut channels = Vec::new();
        while let Some(url) = next.take() {
            let page: Page<Channel> = api
                .send_for_json(what, "", |client| client.get(url.clone()))
                .await?;
            channels.extend(page.value);
            next = page
                .next_link
                .map(|link| parse_next_link(api, &link))
                .transpose()?;
        }
        Ok(channels)
    }

    /// Creates the channel; `None` when Teams answers that the name is taken.
    async fn create_channel(&self, name: &str) -> ConnectorResult<Option<ChannelRef>> {
        let what = format!("create the channel \"{name}\"");
        let url = self.api.url(&["teams", &self.team_id, "channels"])?;
        let mut body = serde_json::json!({
            "displayName": name,
            "description": format!("Partner channel for {name}, created by HyOpps."),
            "membershipType": self.membership.as_graph(),
        });
        if self.membership == ChannelMembership::Private {
            // Graph refuses an app's private channel without its owner ("no members specified
            // when calling from an Application"): there is no signed-in user to own it.
            if self.private_channel_owner.is_empty() {
                return Err(owner_missing(&what));
            }
            body["members"] =
                serde_json::json!([self.member(&self.private_channel_owner, &["owner"])?]);
        }
        let response = self
            .api
            .send(&what, |client| client.post(url.clone()).json(&body))
            .await?;
        if response.status().is_success() {
            let channel: Channel = self.api.http().json(response, &what).await?;
            return Ok(Some(self.channel_ref(channel)));
        }
        let error = read_error(response).await;
        if is_name_taken(&error.status, &error.code, &error.message) {
            return Ok(None);
        }
        let advice = if error.status == StatusCode::BAD_REQUEST {
            "Teams channel names cannot contain ~ # % & * { } + / \\ : < > ? | ' \" , or two periods in a row, start with _ or a period, end with a period, or be longer than 50 characters: create the channel in Teams under another name and complete this step by hand."
        } else {
            ""
        };
        Err(refusal(&what, &error, advice))
    }

    /// Whether the channel is private, read from Teams (the settings may have changed since it
    /// was made).
    pub(super) async fn channel_is_private(&self, channel: &ChannelRef) -> ConnectorResult<bool> {
        let what = format!("read the channel \"{}\"", channel.name);
        let url = self
            .api
            .url(&["teams", &self.team_id, "channels", &channel.id])?;
        let response = self
            .api
            .send(&what, |client| client.get(url.clone()))
            .await?;
        if response.status() == StatusCode::NOT_FOUND {
            let error = read_error(response).await;
            return Err(refusal(
                &what,
                &error,
                &format!(
                    "The organisation's Teams channel id {} is not a channel of the team set in Settings → Microsoft Teams: correct the organisation's Teams group, or check the team id.",
                    channel.id
                ),
            ));
        }
        if !response.status().is_success() {
            let error = read_error(response).await;
            return Err(refusal(&what, &error, ""));
        }
        let found: Channel = self.api.http().json(response, &what).await?;
        Ok(found.is_private())
    }

    fn channel_ref(&self, channel: Channel) -> ChannelRef {
        // A channel found in Teams says what it is; one without the field is as configured.
        let private = match channel.membership_type.as_deref() {
            Some(_) => channel.is_private(),
            None => self.membership == ChannelMembership::Private,
        };
        ChannelRef {
            id: channel.id,
            name: channel.display_name,
            private,
        }
    }
}

/// Graph's duplicate-name answer: 400 `BadRequest` "Channel name already existed, please use
/// other name" (some tenants answer 409 or the code `NameAlreadyExists`).
fn is_name_taken(status: &StatusCode, code: &str, message: &str) -> bool {
    if code.eq_ignore_ascii_case("NameAlreadyExists") {
        return true;
    }
    let message = message.to_lowercase();
    (*status == StatusCode::BAD_REQUEST || *status == StatusCode::CONFLICT)
        && message.contains("already exist")
}

/// `@odata.nextLink` is absolute; it is followed only if it stays on the configured Graph host
/// (the bearer token must not go elsewhere).
pub(super) fn parse_next_link(api: &GraphApi, link: &str) -> ConnectorResult<url::Url> {
    let base = api.url(&[])?;
    match url::Url::parse(link) {
        Ok(next) if next.origin() == base.origin() => Ok(next),
        _ => Err(ConnectorError::Permanent {
            message: "Microsoft Graph sent a next-page link to another host; HyOpps does not send its token there. Check the Microsoft Graph URL in Settings → Microsoft Teams.".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cut_to_fifty_characters_on_a_char_boundary() {
        let long = "é".repeat(60);
        assert_eq!(channel_name(&long).chars().count(), 50);
        assert_eq!(channel_name("  Acme  "), "Acme");
    }

    #[test]
    fn recognises_the_name_taken_answers() {
        assert!(is_name_taken(
            &StatusCode::BAD_REQUEST,
            "BadRequest",
            "Channel name already existed, please use other name"
        ));
        assert!(is_name_taken(
            &StatusCode::BAD_REQUEST,
            "NameAlreadyExists",
            ""
        ));
        assert!(!is_name_taken(
            &StatusCode::BAD_REQUEST,
            "BadRequest",
            "Channel.DisplayName doesn't contain allowed characters"
        ));
    }
}
