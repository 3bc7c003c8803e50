//! Reading where a person stands in the realm, changing nothing: the account, whether it is
//! enabled, and its groups.

use super::KeycloakConnector;
use crate::{ConnectorResult, KeycloakPresence};

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

    /// A group deleted meanwhile has no members.
    pub(super) async fn member_emails(&self, group_id: &str) -> ConnectorResult<Vec<String>> {
        Ok(self
            .members_of(group_id)
            .await?
            .into_iter()
            .filter_map(|user| user.email)
            .collect())
    }
}
