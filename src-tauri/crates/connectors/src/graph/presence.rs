//! Reading a channel and a person's place in the team and channel, changing nothing.

use super::channels::channel_name;
use super::GraphConnector;
use crate::{ChannelRef, ConnectorResult, TeamsPresence};

impl GraphConnector {
    pub(super) async fn existing_channel_named(
        &self,
        display_name: &str,
    ) -> ConnectorResult<Option<ChannelRef>> {
        self.require_settings()?;
        self.find_channel(&channel_name(display_name)).await
    }

    pub(super) async fn presence_of(
        &self,
        email: &str,
        channel: Option<&ChannelRef>,
    ) -> ConnectorResult<TeamsPresence> {
        self.require_settings()?;
        let email = email.trim();
        let Some(user_id) = self.find_user(email).await? else {
            return Ok(TeamsPresence::default());
        };
        let team = self.api.url(&["teams", &self.team_id, "members"])?;
        let in_team = self
            .is_on_roster(&team, &user_id, email, "the team")
            .await?;
        let in_channel = match channel {
            Some(channel) if self.channel_is_private(channel).await? => {
                let roster = ["teams", &self.team_id, "channels", &channel.id, "members"];
                let url = self.api.url(&roster)?;
                let place = format!("the channel \"{}\"", channel.name);
                Some(self.is_on_roster(&url, &user_id, email, &place).await?)
            }
            _ => None,
        };
        Ok(TeamsPresence {
            user_id: Some(user_id),
            in_team,
            in_channel,
        })
    }
}
