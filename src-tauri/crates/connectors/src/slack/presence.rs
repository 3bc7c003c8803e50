//! Reading a user group and a person's place in it, changing nothing.

use super::usergroups::group_ref;
use super::SlackConnector;
use crate::{ConnectorResult, GroupRef, SlackPresence};

impl SlackConnector {
    pub(super) async fn existing_usergroup_named(
        &self,
        name: &str,
        handle: &str,
    ) -> ConnectorResult<Option<GroupRef>> {
        self.require_token()?;
        Ok(self.find_usergroup(name, handle).await?.map(group_ref))
    }

    pub(super) async fn presence_of(
        &self,
        email: &str,
        usergroup_id: &str,
    ) -> ConnectorResult<SlackPresence> {
        self.require_token()?;
        let members = self.members(usergroup_id).await?;
        let user = self.find_user(email.trim()).await?;
        let group_enabled = self
            .list_usergroups()
            .await?
            .iter()
            .any(|group| group.id == usergroup_id && group.date_delete == 0);
        Ok(SlackPresence {
            group_enabled,
            in_group: user.as_ref().is_some_and(|u| members.contains(&u.id)),
            user_id: user.map(|u| u.id),
            group_members: members.len(),
        })
    }
}
