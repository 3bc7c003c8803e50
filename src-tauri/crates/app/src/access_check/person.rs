//! A person's check, system by system with the read-only presence verbs: the answers say
//! most (an account missing, or only out of the group; the Metabase account's number).

use hyopps_connectors::{ChannelRef, ConnectorError, Connectors};
use hyopps_contract::{AccessCheck, CheckedSystem};

use super::compare::Seen;
use super::{assemble, Answers, Recorded};
use crate::clock::stamp;
use crate::App;

impl App {
    pub(super) async fn check_person(&self, recorded: &Recorded) -> AccessCheck {
        let connectors = self.connectors.current();
        let mut answers: Answers = Vec::new();
        for (checked, group) in CheckedSystem::ALL.into_iter().zip(&recorded.groups) {
            let Some((group_id, group_name)) = group else {
                answers.push(None);
                continue;
            };
            let email = recorded.leaver.email.as_str();
            let answer = match checked {
                CheckedSystem::Metabase => {
                    metabase(&connectors, recorded, group_id, group_name).await
                }
                CheckedSystem::Teams => teams(&connectors, email, group_id, group_name).await,
                CheckedSystem::Slack => slack(&connectors, email, group_id, group_name).await,
                CheckedSystem::Keycloak => keycloak(&connectors, email, group_id, group_name).await,
            };
            answers.push(Some(answer.map_err(|error| error.to_string())));
        }
        assemble(recorded, answers, &stamp(self.clock.now()))
    }
}

type Answer = Result<(Seen, String), ConnectorError>;

async fn metabase(
    connectors: &Connectors,
    recorded: &Recorded,
    group_id: &str,
    group: &str,
) -> Answer {
    let email = recorded.leaver.email.as_str();
    let Ok(group_number) = group_id.parse::<i64>() else {
        return Err(ConnectorError::Permanent {
            message: format!("the group on record, {group_id:?}, is not a Metabase group id."),
        });
    };
    let user = match recorded.leaver.metabase_user_id {
        Some(id) => Some(id),
        None => connectors.metabase.find_user(email).await?,
    };
    let Some(user) = user else {
        return Ok((Seen::Absent, format!("{email} has no Metabase account.")));
    };
    let memberships = connectors.metabase.user_memberships(user).await?;
    Ok(if memberships.iter().any(|m| m.group_id == group_number) {
        (
            Seen::Present,
            format!("Account {user} is in the group {group}."),
        )
    } else {
        (
            Seen::Absent,
            format!("Account {user} is not in the group {group}."),
        )
    })
}

async fn teams(connectors: &Connectors, email: &str, group_id: &str, group: &str) -> Answer {
    let channel = ChannelRef {
        id: group_id.to_string(),
        name: group.to_string(),
        private: false,
    };
    let presence = connectors.teams.presence(email, Some(&channel)).await?;
    if presence.user_id.is_none() {
        return Ok((Seen::Absent, format!("{email} is not in the directory.")));
    }
    Ok(match (presence.in_team, presence.in_channel) {
        (true, Some(false)) => (
            Seen::Absent,
            format!("In the team, but not in the private channel {group}."),
        ),
        (true, _) => (
            Seen::Present,
            format!("In the team and the channel {group}."),
        ),
        (false, _) => (Seen::Absent, "Not in the team.".to_string()),
    })
}

async fn slack(connectors: &Connectors, email: &str, group_id: &str, group: &str) -> Answer {
    let presence = connectors.slack.presence(email, group_id).await?;
    Ok(match presence.user_id {
        None => (Seen::Absent, format!("{email} has no Slack account.")),
        Some(_) if !presence.in_group => (Seen::Absent, format!("Not in the Slack group {group}.")),
        Some(_) if !presence.group_enabled => (
            Seen::Absent,
            format!(
                "On the list of the Slack group {group}, which is disabled: it reaches nobody."
            ),
        ),
        Some(_) => (Seen::Present, format!("In the Slack group {group}.")),
    })
}

async fn keycloak(connectors: &Connectors, email: &str, group_id: &str, group: &str) -> Answer {
    let presence = connectors.keycloak.presence(email, Some(group_id)).await?;
    Ok(match presence.user_id {
        None => (Seen::Absent, format!("{email} has no Keycloak account.")),
        Some(_) if !presence.enabled => (
            Seen::Disabled,
            "The Keycloak account is disabled: it cannot sign in to Studio.".to_string(),
        ),
        Some(_) if presence.in_group => (
            Seen::Present,
            format!("The Keycloak account is in the group {group}."),
        ),
        Some(_) => (
            Seen::Absent,
            format!("The Keycloak account is not in the group {group}."),
        ),
    })
}
