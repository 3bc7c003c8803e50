//! Reading who can read channels, for many people at once (an organisation's access check):
//! the team's roster once (every page), then each private channel's.

use serde::Deserialize;

use super::channels::{parse_next_link, Page};
use super::GraphConnector;
use crate::{ChannelRef, ConnectorResult, GroupRoster, RosterMember};

#[derive(Deserialize)]
struct Member {
    #[serde(default)]
    email: Option<String>,
}

impl GraphConnector {
    pub(super) async fn rosters(
        &self,
        channels: &[ChannelRef],
    ) -> ConnectorResult<Vec<GroupRoster>> {
        self.require_settings()?;
        if channels.is_empty() {
            return Ok(Vec::new());
        }
        let team_url = self.api.url(&["teams", &self.team_id, "members"])?;
        let team = self.roster_emails(team_url, "the team").await?;
        let mut rosters = Vec::new();
        for channel in channels {
            let private = self.channel_is_private(channel).await?;
            let emails = if private {
                let url =
                    self.api
                        .url(&["teams", &self.team_id, "channels", &channel.id, "members"])?;
                let place = format!("the channel \"{}\"", channel.name);
                // Only someone also in the team reads a private channel.
                self.roster_emails(url, &place)
                    .await?
                    .into_iter()
                    .filter(|email| team.iter().any(|t| t.eq_ignore_ascii_case(email)))
                    .collect()
            } else {
                team.clone()
            };
            rosters.push(GroupRoster {
                group_id: channel.id.clone(),
                members: emails
                    .into_iter()
                    .map(|email| RosterMember {
                        email,
                        active: true,
                    })
                    .collect(),
                enabled: true,
                exclusive: private,
            });
        }
        Ok(rosters)
    }

    /// The emails on the roster at `url`, every page of it.
    async fn roster_emails(&self, url: url::Url, place: &str) -> ConnectorResult<Vec<String>> {
        let what = format!("list the members of {place}");
        let mut emails = Vec::new();
        let mut next = Some(url);
        while let Some(page_url) = next.take() {
            let page: Page<Member> = self
                .api
                .send_for_json(&what, "", |client| client.get(page_url.clone()))
                .await?;
            emails.extend(
                page.value
                    .into_iter()
                    .filter_map(|m| m.email)
                    .filter(|e| !e.is_empty()),
            );
            next = page
                .next_link
                .map(|link| parse_next_link(&self.api, &link))
                .transpose()?;
        }
        Ok(emails)
    }
}
