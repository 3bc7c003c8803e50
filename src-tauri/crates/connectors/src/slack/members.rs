//! Putting a person in a user group: members are merged into the group's list (Slack's update
//! replaces the whole list); guests, whom Slack keeps out of user groups, are invited to the
//! group's default channels instead.

use serde::Deserialize;

use super::group_locks::lock_usergroup;
use super::SlackConnector;
use crate::{ConnectorError, ConnectorResult};

#[derive(Deserialize)]
struct Lookup {
    user: SlackUser,
}

#[derive(Deserialize)]
pub(super) struct SlackUser {
    pub id: String,
    #[serde(default)]
    pub deleted: bool,
    /// A multi-channel guest.
    #[serde(default)]
    pub is_restricted: bool,
    /// A single-channel guest.
    #[serde(default)]
    pub is_ultra_restricted: bool,
}

impl SlackUser {
    /// Slack keeps guests out of user groups; HyOpps puts them in the group's channels.
    pub(super) fn is_guest(&self) -> bool {
        self.is_restricted || self.is_ultra_restricted
    }
}

#[derive(Deserialize)]
struct Members {
    #[serde(default)]
    users: Vec<String>,
}

impl SlackConnector {
    pub(super) async fn add_person_to_usergroup(
        &self,
        email: &str,
        usergroup_id: &str,
    ) -> ConnectorResult<String> {
        let user = self.lookup(email).await?;
        if user.deleted {
            return Err(ConnectorError::Permanent {
                message: format!(
                    "The Slack account of {email} is deactivated: reactivate it in Slack, then retry."
                ),
            });
        }
        if user.is_guest() {
            self.invite_to_group_channels(email, &user.id, usergroup_id)
                .await?;
            return Ok(user.id);
        }
        // Read, merge and write with no other addition to this group in between.
        let _group = lock_usergroup(usergroup_id).await;
        let group = self.existing_usergroup(usergroup_id).await?;
        // A disabled group (its last member left) still lists former members: they hold no
        // access and must not get it back with the newcomer, so the list starts afresh.
        let disabled = group.date_delete != 0;
        let members = if disabled {
            Vec::new()
        } else {
            self.members(usergroup_id).await?
        };
        if members.iter().any(|id| id == &user.id) {
            return Ok(user.id);
        }
        let mut merged = members;
        merged.push(user.id.clone());
        let merged = merged.join(",");
        let what = format!("add {email} to the user group {usergroup_id}");
        match self
            .call(
                "usergroups.users.update",
                &[("usergroup", usergroup_id), ("users", &merged)],
                &what,
            )
            .await?
        {
            Ok(_) => {
                if disabled {
                    self.enabled(group).await?;
                }
                self.confirm_member(email, &user.id, usergroup_id).await?;
                Ok(user.id)
            }
            // Slack's word for a guest (the lookup may not have said so).
            Err(refusal) if refusal.code == "invalid_user" || refusal.code == "invalid_users" => {
                self.invite_to_group_channels(email, &user.id, usergroup_id)
                    .await?;
                Ok(user.id)
            }
            Err(refusal) => Err(refusal.into_error(&self.http, &what)),
        }
    }

    /// The user ids in the group (a disabled group's too).
    pub(super) async fn members(&self, usergroup_id: &str) -> ConnectorResult<Vec<String>> {
        let what = format!("read the members of the user group {usergroup_id}");
        let answer = self
            .call_ok(
                "usergroups.users.list",
                &[("usergroup", usergroup_id), ("include_disabled", "true")],
                &what,
            )
            .await?;
        let members: Members =
            serde_json::from_value(answer).map_err(|error| ConnectorError::Permanent {
                message: format!(
                    "Slack answered usergroups.users.list in an unexpected form ({error})."
                ),
            })?;
        Ok(members.users)
    }

    /// Reads the list back after writing it: a change made in Slack at the same moment (which
    /// HyOpps's lock cannot hold off) may have replaced it without this person.
    async fn confirm_member(
        &self,
        email: &str,
        user_id: &str,
        usergroup_id: &str,
    ) -> ConnectorResult<()> {
        if self
            .members(usergroup_id)
            .await?
            .iter()
            .any(|id| id == user_id)
        {
            return Ok(());
        }
        Err(ConnectorError::Transient {
            message: format!(
                "Slack accepted {email} into the user group {usergroup_id}, but the group's members read back without them: its member list was changed at the same moment. HyOpps will try again."
            ),
            retry_after: None,
        })
    }

    async fn lookup(&self, email: &str) -> ConnectorResult<SlackUser> {
        match self.find_user(email).await? {
            Some(user) => Ok(user),
            None => Err(ConnectorError::Permanent {
                message: format!(
                    "No Slack account uses {email}; invite them to Slack first, then retry (users_not_found)."
                ),
            }),
        }
    }

    /// The workspace account with this email, deactivated ones included; `None` when Slack
    /// answers `users_not_found`.
    pub(super) async fn find_user(&self, email: &str) -> ConnectorResult<Option<SlackUser>> {
        let what = format!("look up {email}");
        match self
            .call("users.lookupByEmail", &[("email", email)], &what)
            .await?
        {
            Ok(answer) => {
                let lookup: Lookup =
                    serde_json::from_value(answer).map_err(|error| ConnectorError::Permanent {
                        message: format!(
                            "Slack answered users.lookupByEmail in an unexpected form ({error})."
                        ),
                    })?;
                Ok(Some(lookup.user))
            }
            Err(refusal) if refusal.code == "users_not_found" => Ok(None),
            Err(refusal) => Err(refusal.into_error(&self.http, &what)),
        }
    }

    /// A guest goes into the group's default channels; being there already is success.
    async fn invite_to_group_channels(
        &self,
        email: &str,
        user_id: &str,
        usergroup_id: &str,
    ) -> ConnectorResult<()> {
        let groups = self.list_usergroups().await?;
        let Some(group) = groups.into_iter().find(|group| group.id == usergroup_id) else {
            return Err(ConnectorError::Permanent {
                message: format!(
                    "The Slack user group {usergroup_id} no longer exists: correct the organisation's Slack group, or run its creation again."
                ),
            });
        };
        if group.prefs.channels.is_empty() {
            return Err(ConnectorError::Permanent {
                message: format!(
                    "{email} is a guest in Slack, and Slack does not let guests into user groups; the group @{} has no default channel to invite them to instead. Give the group a default channel in Slack and retry, or invite them by hand and complete this step.",
                    group.handle
                ),
            });
        }
        for channel in &group.prefs.channels {
            let what = format!("invite the guest {email} to the channel {channel}");
            match self
                .call(
                    "conversations.invite",
                    &[("channel", channel), ("users", user_id)],
                    &what,
                )
                .await?
            {
                Ok(_) => {}
                Err(refusal) if refusal.code == "already_in_channel" => {}
                Err(refusal) => {
                    let advice = match refusal.code.as_str() {
                        "not_in_channel" => Some("Add the HyOpps Slack app to that channel first, then retry."),
                        "ura_max_channels" => Some("A single-channel guest can be in one channel only: make them a multi-channel guest in Slack, or invite them by hand and complete this step."),
                        "channel_not_found" => Some("The group's default channel is gone or the token cannot see it: fix the group's default channels in Slack."),
                        _ => None,
                    };
                    return Err(match advice {
                        Some(advice) => ConnectorError::Permanent {
                            message: format!("Slack refused to {what}: {}. {advice}", refusal.code),
                        },
                        None => refusal.into_error(&self.http, &what),
                    });
                }
            }
        }
        Ok(())
    }
}
