//! A person leaving a partner's user group.
//!
//! `usergroups.users.update` replaces the whole list, so the list is read and written back
//! without them while holding the group's lock ([`lock_usergroup`]), the one adding takes: a
//! removal and an addition at the same moment would otherwise each write the list from the same
//! read, and one of them would be lost. Slack refuses an empty list, so when the last member
//! leaves, the group is disabled instead; a disabled group still lists its members but grants
//! nothing (no mentions, no default channels), so their still being listed there is treated as
//! gone.
//!
//! Guests: Slack keeps guests out of user groups, so onboarding invited a guest to the group's
//! default channels instead (see `add_person_to_usergroup`). Those channel memberships are what
//! HyOpps gave a guest, so for a guest leaving they are what is taken back
//! (`conversations.kick` on each default channel; `not_in_channel` is already gone). A full
//! member who is not in the group but is in its channels keeps the channels: HyOpps never put
//! them there (members join channels on their own), and taking away what it did not give is
//! not this step's to do; they are `AlreadyGone` for the group.

use super::group_locks::lock_usergroup;
use super::members::SlackUser;
use super::usergroups::UserGroup;
use super::SlackConnector;
use crate::{ConnectorError, ConnectorResult, Removal};

impl SlackConnector {
    pub(super) async fn remove_person_from_usergroup(
        &self,
        email: &str,
        usergroup_id: &str,
    ) -> ConnectorResult<Removal> {
        let Some(user) = self.find_user(email).await? else {
            // No account in the workspace: in no group or channel either.
            return Ok(Removal::AlreadyGone);
        };
        let (from_group, group) = self.leave_member_list(email, &user, usergroup_id).await?;
        // A deactivated account has no channel access left to take.
        let from_channels = if user.is_guest() && !user.deleted {
            self.leave_group_channels(email, &user, &group).await?
        } else {
            Removal::AlreadyGone
        };
        Ok(Removal::any([from_group, from_channels]))
    }

    /// Takes the user out of the group's member list (or disables the group when they are its
    /// last member), holding the group's lock from reading the list to writing it.
    async fn leave_member_list(
        &self,
        email: &str,
        user: &SlackUser,
        usergroup_id: &str,
    ) -> ConnectorResult<(Removal, UserGroup)> {
        let _group_lock = lock_usergroup(usergroup_id).await;
        let group = self.existing_usergroup(usergroup_id).await?;
        let members = self.members(usergroup_id).await?;
        if !members.contains(&user.id) {
            return Ok((Removal::AlreadyGone, group));
        }
        let others: Vec<&str> = members
            .iter()
            .filter(|member| **member != user.id)
            .map(String::as_str)
            .collect();
        if others.is_empty() {
            let removal = self.disable_for_last_member(email, &group).await?;
            return Ok((removal, group));
        }
        let what = format!("remove {email} from the user group @{}", group.handle);
        self.call_ok(
            "usergroups.users.update",
            &[("usergroup", usergroup_id), ("users", &others.join(","))],
            &what,
        )
        .await?;
        self.confirm_gone(email, &user.id, &group).await?;
        Ok((Removal::Removed, group))
    }

    /// The last member leaving: Slack refuses an empty list, so the group is disabled. A group
    /// already disabled (by an earlier try of this step, or by hand) holds no access to take.
    async fn disable_for_last_member(
        &self,
        email: &str,
        group: &UserGroup,
    ) -> ConnectorResult<Removal> {
        if group.date_delete != 0 {
            return Ok(Removal::AlreadyGone);
        }
        let what = format!(
            "disable the user group @{}, whose last member {email} is leaving",
            group.handle
        );
        self.call_ok("usergroups.disable", &[("usergroup", &group.id)], &what)
            .await?;
        Ok(Removal::Removed)
    }

    /// The organisation leaving: its whole group is disabled, under the group's lock so no
    /// addition slips in between the look and the change.
    pub(super) async fn disable_whole_usergroup(
        &self,
        usergroup_id: &str,
    ) -> ConnectorResult<Removal> {
        let _group_lock = lock_usergroup(usergroup_id).await;
        let group = self.existing_usergroup(usergroup_id).await?;
        if group.date_delete != 0 {
            return Ok(Removal::AlreadyGone);
        }
        let what = format!("disable the user group @{}", group.handle);
        self.call_ok("usergroups.disable", &[("usergroup", &group.id)], &what)
            .await?;
        Ok(Removal::Removed)
    }

    /// Reads the list back after writing it: a change made in Slack at the same moment (which
    /// HyOpps's lock cannot hold off) may have put the person back.
    async fn confirm_gone(
        &self,
        email: &str,
        user_id: &str,
        group: &UserGroup,
    ) -> ConnectorResult<()> {
        if !self
            .members(&group.id)
            .await?
            .iter()
            .any(|id| id == user_id)
        {
            return Ok(());
        }
        Err(ConnectorError::Transient {
            message: format!(
                "Slack accepted the user group @{}'s members without {email}, but they read back with them: its member list was changed at the same moment. HyOpps will try again.",
                group.handle
            ),
            retry_after: None,
        })
    }

    /// The group with this id, disabled or not. Slack never deletes a user group, so an id it
    /// does not list is a wrong record, not a group that is gone.
    pub(super) async fn existing_usergroup(
        &self,
        usergroup_id: &str,
    ) -> ConnectorResult<UserGroup> {
        self.list_usergroups()
            .await?
            .into_iter()
            .find(|group| group.id == usergroup_id)
            .ok_or_else(|| ConnectorError::Permanent {
                message: format!(
                    "Slack has no user group with the id {usergroup_id} (Slack never deletes user groups, so the id recorded for the organisation is wrong): correct the organisation's Slack group, or take the person out of the group in Slack by hand and complete this step."
                ),
            })
    }

    /// Takes a guest out of the group's default channels, where onboarding invited them.
    async fn leave_group_channels(
        &self,
        email: &str,
        user: &SlackUser,
        group: &UserGroup,
    ) -> ConnectorResult<Removal> {
        let mut removals = Vec::new();
        for channel in &group.prefs.channels {
            let what = format!("remove the guest {email} from the channel {channel}");
            let removal = match self
                .call(
                    "conversations.kick",
                    &[("channel", channel), ("user", &user.id)],
                    &what,
                )
                .await?
            {
                Ok(_) => Removal::Removed,
                Err(refusal) if refusal.code == "not_in_channel" => Removal::AlreadyGone,
                Err(refusal) => {
                    let advice = match refusal.code.as_str() {
                        "channel_not_found" => Some("The group's default channel is gone or the token cannot see it: remove the guest from the channel in Slack by hand (or fix the group's default channels) and retry."),
                        "cant_kick_from_last_channel" => Some("Slack does not take a guest out of their last channel: deactivate the guest account in Slack's admin pages, then complete this step."),
                        "cant_kick_from_general" => Some("Nobody can be removed from the workspace's general channel: remove it from the group's default channels, or deactivate the guest in Slack, then complete this step."),
                        _ => None,
                    };
                    return Err(match advice {
                        Some(advice) => ConnectorError::Permanent {
                            message: format!("Slack refused to {what}: {}. {advice}", refusal.code),
                        },
                        None => refusal.into_error(&self.http, &what),
                    });
                }
            };
            removals.push(removal);
        }
        Ok(Removal::any(removals))
    }
}
