//! Looking ahead without changing anything: where a person stands in an organisation's group
//! in each system, said as what joining or leaving it would do. The onboarding, offboarding
//! and move steps preview themselves with these, reading the systems through their read-only
//! verbs only.

use hyopps_connectors::{ChannelRef, KeycloakApi, MetabaseApi, SlackApi, TeamsApi};

use super::groups::{other_metabase_groups, Group};
use crate::{Preview, StepError};

/// The organisation's Teams group as the channel the connectors take.
pub(crate) fn channel_of(group: &Group) -> ChannelRef {
    ChannelRef {
        id: group.id.clone(),
        name: group.name.clone().unwrap_or_default(),
        // The connector reads the channel's membership type itself.
        private: false,
    }
}

fn metabase_group_id(group: &Group) -> Result<i64, StepError> {
    group.id.parse().map_err(|_| StepError::Fatal {
        message: format!(
            "The Metabase group on record is {:?}, which is not a Metabase group id: correct it in the organisation's detail first.",
            group.id
        ),
    })
}

/// Joining the Metabase group: a new account, an existing one added, or already a member.
pub(crate) async fn metabase_joining(
    metabase: &dyn MetabaseApi,
    email: &str,
    group: &Group,
) -> Result<Preview, StepError> {
    let group_id = metabase_group_id(group)?;
    let Some(user_id) = metabase.find_user(email).await? else {
        return Ok(Preview::changes(format!(
            "Creates a Metabase account for {email} and adds it to the group {}.",
            group.shown()
        )));
    };
    let memberships = metabase.user_memberships(user_id).await?;
    if memberships.iter().any(|m| m.group_id == group_id) {
        return Ok(Preview::nothing_to_change(format!(
            "{email} (Metabase account {user_id}) is already in the group {}.",
            group.shown()
        )));
    }
    Ok(Preview::changes(format!(
        "Finds {email}'s existing Metabase account {user_id} and adds it to the group {}.",
        group.shown()
    )))
}

/// Leaving the Metabase group; `deactivates`: an account left in no other group is
/// deactivated (an offboarding), or kept (a move, which joins another group first).
pub(crate) async fn metabase_leaving(
    metabase: &dyn MetabaseApi,
    email: &str,
    known_user_id: Option<i64>,
    group: &Group,
    deactivates: bool,
) -> Result<Preview, StepError> {
    let group_id = metabase_group_id(group)?;
    let user_id = match known_user_id {
        Some(id) => Some(id),
        None => metabase.find_user(email).await?,
    };
    let Some(user_id) = user_id else {
        return Ok(Preview::nothing_to_change(format!(
            "{email} has no Metabase account: nothing to remove."
        )));
    };
    let memberships = metabase.user_memberships(user_id).await?;
    let in_group = memberships.iter().any(|m| m.group_id == group_id);
    let others = other_metabase_groups(&memberships, group_id);
    let account = match (deactivates, others.is_empty()) {
        (false, _) => String::new(),
        (true, true) => {
            format!(" Then deactivates the Metabase account {user_id}: it is in no other group.")
        }
        (true, false) => format!(
            " The account {user_id} stays active: it is also in {}.",
            others.join(", ")
        ),
    };
    if in_group {
        return Ok(Preview::changes(format!(
            "Removes {email} (Metabase account {user_id}) from the group {}.{account}",
            group.shown()
        )));
    }
    let not_in = format!("{email} is not in the Metabase group {}.", group.shown());
    if deactivates && others.is_empty() {
        // The run deactivates an account in no group, whether or not it still is active.
        return Ok(Preview::changes(format!("{not_in}{account}")));
    }
    Ok(Preview::nothing_to_change(format!(
        "{not_in} Nothing to remove.{account}"
    )))
}

/// Joining the team and the organisation's channel: a guest invited, or a directory user
/// added, or already there.
pub(crate) async fn teams_joining(
    teams: &dyn TeamsApi,
    email: &str,
    group: &Group,
) -> Result<Preview, StepError> {
    let channel = channel_of(group);
    let presence = teams.presence(email, Some(&channel)).await?;
    let place = match presence.in_channel {
        None => format!(
            "the team (the channel {} is open to the whole team)",
            group.shown()
        ),
        Some(_) => format!("the team and the private channel {}", group.shown()),
    };
    if presence.user_id.is_none() {
        return Ok(Preview::changes(format!(
            "Invites {email} to the directory as a guest, then adds them to {place}."
        )));
    }
    if presence.in_team && presence.in_channel != Some(false) {
        return Ok(Preview::nothing_to_change(format!(
            "{email} is already in {place}."
        )));
    }
    Ok(Preview::changes(format!(
        "Adds {email} (already in the directory) to {place}."
    )))
}

/// Leaving the organisation's channel and, when `team_too`, the team.
pub(crate) async fn teams_leaving(
    teams: &dyn TeamsApi,
    email: &str,
    group: &Group,
    team_too: bool,
) -> Result<Preview, StepError> {
    let channel = channel_of(group);
    let presence = teams.presence(email, Some(&channel)).await?;
    if presence.user_id.is_none() {
        return Ok(Preview::nothing_to_change(format!(
            "{email} is not in the directory: nothing to remove from Teams."
        )));
    }
    let mut places = Vec::new();
    if presence.in_channel == Some(true) {
        places.push(format!("the private channel {}", group.shown()));
    }
    if team_too && presence.in_team {
        places.push("the team".to_string());
    }
    if places.is_empty() {
        let from = if team_too {
            format!("in the team or the channel {}", group.shown())
        } else {
            format!("a member of the channel {}", group.shown())
        };
        return Ok(Preview::nothing_to_change(format!(
            "{email} is no longer {from}: nothing to remove."
        )));
    }
    Ok(Preview::changes(format!(
        "Removes {email} from {}.",
        places.join(" and ")
    )))
}

/// Joining the organisation's Slack user group.
pub(crate) async fn slack_joining(
    slack: &dyn SlackApi,
    email: &str,
    group: &Group,
) -> Result<Preview, StepError> {
    let presence = slack.presence(email, &group.id).await?;
    if presence.user_id.is_none() {
        return Ok(Preview::will_stop(format!(
            "No Slack account uses {email}: invite them to the Slack workspace first, or the step stops and waits."
        )));
    }
    if presence.in_group && !presence.group_enabled {
        return Ok(Preview::changes(format!(
            "Enables the Slack group {} again: {email} is on its list, but a disabled group reaches nobody.",
            group.shown()
        )));
    }
    if presence.in_group {
        return Ok(Preview::nothing_to_change(format!(
            "{email} is already in the Slack group {}.",
            group.shown()
        )));
    }
    Ok(Preview::changes(format!(
        "Adds {email} to the Slack group {} ({} members now).",
        group.shown(),
        presence.group_members
    )))
}

/// Leaving the organisation's Slack user group.
pub(crate) async fn slack_leaving(
    slack: &dyn SlackApi,
    email: &str,
    group: &Group,
) -> Result<Preview, StepError> {
    let presence = slack.presence(email, &group.id).await?;
    if presence.user_id.is_none() {
        return Ok(Preview::nothing_to_change(format!(
            "{email} has no Slack account: nothing to remove."
        )));
    }
    if !presence.in_group {
        return Ok(Preview::nothing_to_change(format!(
            "{email} is not in the Slack group {}: nothing to remove.",
            group.shown()
        )));
    }
    if !presence.group_enabled {
        return Ok(Preview::nothing_to_change(format!(
            "The Slack group {} is disabled, so it reaches nobody: nothing to remove.",
            group.shown()
        )));
    }
    if presence.group_members <= 1 {
        return Ok(Preview::changes(format!(
            "Disables the Slack group {}: {email} is its last member, and Slack refuses an empty group.",
            group.shown()
        )));
    }
    Ok(Preview::changes(format!(
        "Takes {email} out of the Slack group {}; its {} other members stay.",
        group.shown(),
        presence.group_members - 1
    )))
}

/// Joining the organisation's Keycloak group (`None`: made on the way, under `group_name`).
pub(crate) async fn keycloak_joining(
    keycloak: &dyn KeycloakApi,
    email: &str,
    group: Option<&Group>,
    group_name: &str,
) -> Result<Preview, StepError> {
    let shown = group.map_or(group_name, Group::shown);
    let presence = keycloak
        .presence(email, group.map(|g| g.id.as_str()))
        .await?;
    if presence.user_id.is_none() {
        return Ok(Preview::changes(format!(
            "Creates {email}'s Keycloak account in the group {shown} and emails the invitation (verify the address, choose a password)."
        )));
    }
    if !presence.enabled {
        return Ok(Preview::will_stop(format!(
            "{email}'s Keycloak account is disabled: enable it in Keycloak first (or the step stops), since HyOpps does not give a disabled account back by itself."
        )));
    }
    if presence.in_group {
        return Ok(Preview::nothing_to_change(format!(
            "{email}'s Keycloak account is already in the group {shown}."
        )));
    }
    Ok(Preview::changes(format!(
        "Adds {email}'s existing Keycloak account to the group {shown}."
    )))
}

/// Leaving the organisation's Keycloak group; `disables`: an account left in no group is
/// disabled and signed out (an offboarding), or kept (a move).
pub(crate) async fn keycloak_leaving(
    keycloak: &dyn KeycloakApi,
    email: &str,
    group: &Group,
    disables: bool,
) -> Result<Preview, StepError> {
    let presence = keycloak.presence(email, Some(&group.id)).await?;
    if presence.user_id.is_none() {
        return Ok(Preview::nothing_to_change(format!(
            "{email} has no Keycloak account: nothing to remove."
        )));
    }
    if !presence.in_group {
        return Ok(Preview::nothing_to_change(format!(
            "{email} is not in the Keycloak group {}: nothing to remove.",
            group.shown()
        )));
    }
    let account = match (disables, presence.groups) {
        (true, 0 | 1) if presence.enabled => {
            " Then disables the Keycloak account and ends its sessions: it is in no other group."
                .to_string()
        }
        (true, 0 | 1) => " The account is already disabled.".to_string(),
        (true, n) => format!(
            " The account stays enabled: it is in {} other group{}.",
            n - 1,
            if n == 2 { "" } else { "s" }
        ),
        (false, _) => String::new(),
    };
    Ok(Preview::changes(format!(
        "Takes {email} out of the Keycloak group {}.{account}",
        group.shown()
    )))
}
