//! Reading user groups' members by email for many people at once (an organisation's access
//! check): the workspace's accounts (`users.list`, every page) and groups (`usergroups.list`)
//! once, then each group's member list.

use std::collections::HashMap;

use serde::Deserialize;

use super::SlackConnector;
use crate::{ConnectorError, ConnectorResult, GroupRoster, RosterMember};

/// Accounts per page of `users.list`; Slack advises at most 200.
const USERS_PAGE: &str = "200";

#[derive(Deserialize)]
struct UserPage {
    #[serde(default)]
    members: Vec<ListedUser>,
    #[serde(default)]
    response_metadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct ListedUser {
    id: String,
    #[serde(default)]
    deleted: bool,
    #[serde(default)]
    profile: Profile,
}

#[derive(Default, Deserialize)]
struct Profile {
    #[serde(default)]
    email: Option<String>,
}

#[derive(Deserialize)]
struct Metadata {
    #[serde(default)]
    next_cursor: String,
}

impl SlackConnector {
    pub(super) async fn rosters(
        &self,
        usergroup_ids: &[String],
    ) -> ConnectorResult<Vec<GroupRoster>> {
        self.require_token()?;
        if usergroup_ids.is_empty() {
            return Ok(Vec::new());
        }
        let groups = self.list_usergroups().await?;
        let accounts = self.every_account().await?;
        let mut rosters = Vec::new();
        for usergroup_id in usergroup_ids {
            let group = groups.iter().find(|g| &g.id == usergroup_id);
            // A group deleted in Slack has no list to read: nobody is in it.
            let members = match group {
                Some(_) => self.members(usergroup_id).await?,
                None => Vec::new(),
            };
            rosters.push(GroupRoster {
                group_id: usergroup_id.clone(),
                members: members
                    .iter()
                    .filter_map(|id| accounts.get(id))
                    .map(|(email, active)| RosterMember {
                        email: email.clone(),
                        active: *active,
                    })
                    .collect(),
                enabled: group.is_some_and(|g| g.date_delete == 0),
                exclusive: true,
            });
        }
        Ok(rosters)
    }

    /// Every account of the workspace with an email: id → (email, not deactivated).
    async fn every_account(&self) -> ConnectorResult<HashMap<String, (String, bool)>> {
        let mut accounts = HashMap::new();
        let mut cursor = String::new();
        loop {
            let mut params = vec![("limit", USERS_PAGE)];
            if !cursor.is_empty() {
                params.push(("cursor", cursor.as_str()));
            }
            let answer = self
                .call_ok("users.list", &params, "list the workspace's accounts")
                .await?;
            let page: UserPage =
                serde_json::from_value(answer).map_err(|error| ConnectorError::Permanent {
                    message: format!("Slack answered users.list in an unexpected form ({error})."),
                })?;
            for user in page.members {
                if let Some(email) = user.profile.email.filter(|e| !e.is_empty()) {
                    accounts.insert(user.id, (email, !user.deleted));
                }
            }
            cursor = page
                .response_metadata
                .map(|m| m.next_cursor)
                .unwrap_or_default();
            if cursor.is_empty() {
                return Ok(accounts);
            }
        }
    }
}
