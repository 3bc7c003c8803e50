//! User groups: find by handle or name (disabled ones too, which are enabled again) or create.

use serde::Deserialize;

use super::SlackConnector;
use crate::{ConnectorError, ConnectorResult, GroupRef};

/// A user group as `usergroups.list` shows it.
#[derive(Debug, Deserialize)]
pub(super) struct UserGroup {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub handle: String,
    /// Not 0 when the group is disabled.
    #[serde(default)]
    pub date_delete: i64,
    #[serde(default)]
    pub prefs: Prefs,
}

/// The group's default channels, where a guest (who cannot be in a group) is invited instead.
#[derive(Debug, Deserialize, Default)]
pub(super) struct Prefs {
    #[serde(default)]
    pub channels: Vec<String>,
}

#[derive(Deserialize)]
struct GroupList {
    #[serde(default)]
    usergroups: Vec<UserGroup>,
}

#[derive(Deserialize)]
struct Created {
    usergroup: UserGroup,
}

impl SlackConnector {
    pub(super) async fn find_or_create_usergroup(
        &self,
        name: &str,
        handle: &str,
    ) -> ConnectorResult<GroupRef> {
        if let Some(group) = self.find_usergroup(name, handle).await? {
            return self.enabled(group).await;
        }
        let what = format!("create the user group @{handle}");
        match self
            .call(
                "usergroups.create",
                &[("name", name), ("handle", handle)],
                &what,
            )
            .await?
        {
            Ok(answer) => {
                let created: Created =
                    serde_json::from_value(answer).map_err(|error| ConnectorError::Permanent {
                        message: format!(
                            "Slack answered usergroups.create in an unexpected form ({error})."
                        ),
                    })?;
                Ok(group_ref(created.usergroup))
            }
            // Made meanwhile (an earlier attempt, or someone in Slack): use it.
            Err(refusal)
                if refusal.code == "name_already_exists"
                    || refusal.code == "handle_already_exists" =>
            {
                match self.find_usergroup(name, handle).await? {
                    Some(group) => self.enabled(group).await,
                    None => Err(ConnectorError::Permanent {
                        message: format!(
                            "Slack refused to {what}: {}, but no user group of that name or handle is listed. A member, channel or another group may use the handle @{handle}: free it in Slack, or create the group by hand and complete this step with its id.",
                            refusal.code
                        ),
                    }),
                }
            }
            Err(refusal) => Err(refusal.into_error(&self.http, &what)),
        }
    }

    /// The workspace's group with that handle, or else that name (both compared as Slack does,
    /// ignoring case), disabled ones included.
    pub(super) async fn find_usergroup(
        &self,
        name: &str,
        handle: &str,
    ) -> ConnectorResult<Option<UserGroup>> {
        let groups = self.list_usergroups().await?;
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let by_handle = groups.iter().position(|group| same(&group.handle, handle));
        let found = by_handle.or_else(|| groups.iter().position(|group| same(&group.name, name)));
        Ok(found.map(|index| groups.into_iter().nth(index).expect("index from this list")))
    }

    pub(super) async fn list_usergroups(&self) -> ConnectorResult<Vec<UserGroup>> {
        let answer = self
            .call_ok(
                "usergroups.list",
                &[
                    ("include_disabled", "true"),
                    ("include_users", "false"),
                    ("include_count", "false"),
                ],
                "list the user groups",
            )
            .await?;
        let list: GroupList =
            serde_json::from_value(answer).map_err(|error| ConnectorError::Permanent {
                message: format!("Slack answered usergroups.list in an unexpected form ({error})."),
            })?;
        Ok(list.usergroups)
    }

    /// The group, enabled again if it was disabled.
    pub(super) async fn enabled(&self, group: UserGroup) -> ConnectorResult<GroupRef> {
        if group.date_delete != 0 {
            let what = format!("enable the user group @{} again", group.handle);
            self.call_ok("usergroups.enable", &[("usergroup", &group.id)], &what)
                .await?;
        }
        Ok(group_ref(group))
    }
}

/// The workflows record the group's handle as its name.
pub(super) fn group_ref(group: UserGroup) -> GroupRef {
    GroupRef {
        id: group.id,
        name: group.handle,
    }
}
