//! Reading where a person stands in the realm, changing nothing: the account, whether it is
//! enabled, and its groups.

use super::KeycloakConnector;
use crate::{ConnectorResult, GroupRoster, KeycloakPresence, RosterMember};

impl KeycloakConnector {
    pub(super) async fn presence_of(
        &self,
        email: &str,
        group_id: Option<&str>,
    ) -> ConnectorResult<KeycloakPresence> {
        let email = email.trim();
        let Some(user) = self.find_user(email).await? else {
            return Ok(KeycloakPresence::default());
        };
        let groups = self.group_ids_of(&user.id, email).await?;
        Ok(KeycloakPresence {
            in_group: group_id.is_some_and(|wanted| groups.iter().any(|id| id == wanted)),
            groups: groups.len(),
            enabled: user.enabled,
            user_id: Some(user.id),
        })
    }

    /// Each group's members, one group after the other; a group deleted meanwhile has none.
    pub(super) async fn rosters(&self, group_ids: &[String]) -> ConnectorResult<Vec<GroupRoster>> {
        let mut rosters = Vec::new();
        for group_id in group_ids {
            let members = self
                .members_of(group_id)
                .await?
                .into_iter()
                .filter_map(|user| {
                    Some(RosterMember {
                        email: user.email?,
                        active: user.enabled,
                    })
                })
                .collect();
            rosters.push(GroupRoster {
                group_id: group_id.clone(),
                members,
                enabled: true,
                exclusive: true,
            });
        }
        Ok(rosters)
    }
}
