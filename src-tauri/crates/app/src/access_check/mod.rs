//! The access check for a person or an organisation's people (admins): what HyOpps recorded (grants not taken back, the
//! organisation's groups) against what each system answers now, read with the connectors'
//! read-only verbs. Nothing is written anywhere.

mod compare;
mod repair;
mod strangers;

use hyopps_connectors::{ChannelRef, ConnectorError, Connectors};
use hyopps_contract::{
    AccessCheck, AccessState, CheckedSystem, OrganizationAccessCheck, Stranger, SystemAccess,
};
use hyopps_store::{organizations, users, Connection, StoreError};

use crate::clock::stamp;
use crate::{Access, App, AppError, SessionToken};
use compare::{compare, Seen};

/// The person and their organisation's groups, as recorded.
struct Recorded {
    leaver: users::Leaver,
    organization_name: Option<String>,
    /// Per system of [`CheckedSystem::ALL`]: the group (id, shown name) on record, if any.
    groups: Vec<Option<(String, String)>>,
}

impl App {
    /// One person of a partner organisation.
    pub async fn check_user_access(
        &self,
        token: &SessionToken,
        user_id: &str,
    ) -> Result<AccessCheck, AppError> {
        self.authorize(token, Access::Admin).await?;
        let id = user_id.trim().to_string();
        if id.is_empty() {
            return Err(AppError::invalid("user_id", "Choose the person to check."));
        }
        let recorded = self
            .store
            .read(move |c| Recorded::read(c, &id))
            .await?
            .ok_or_else(|| AppError::NotFound("There is no such person.".into()))?;
        Ok(self.check_person(&recorded).await)
    }

    /// Every person of an organisation, one after the other (each system's limits hold).
    pub async fn check_organization_access(
        &self,
        token: &SessionToken,
        organization_id: &str,
    ) -> Result<OrganizationAccessCheck, AppError> {
        self.authorize(token, Access::Admin).await?;
        let id = organization_id.trim().to_string();
        if id.is_empty() {
            return Err(AppError::invalid(
                "organization_id",
                "Choose the organisation to check.",
            ));
        }
        let (name, people, (groups, accepted)) = self
            .store
            .read(move |c| {
                let Some(name) = organizations::name(c, &id)? else {
                    return Ok::<_, AppError>(None);
                };
                let mut people = Vec::new();
                for person in users::people_of(c, &id)? {
                    people.extend(Recorded::read(c, &person)?);
                }
                let groups = Recorded::groups_of(c, &id)?;
                let accepted = organizations::accepted_strangers(c, &id)?;
                Ok(Some((name, people, (groups, accepted))))
            })
            .await?
            .ok_or_else(|| {
                AppError::NotFound(
                    "No organisation has this id; it may have been deleted. Reload the list."
                        .into(),
                )
            })?;
        let mut checked = Vec::new();
        for person in &people {
            checked.push(self.check_person(person).await);
        }
        let emails: Vec<String> = people
            .iter()
            .map(|p| p.leaver.email.to_lowercase())
            .collect();
        let strangers = self.strangers(&name, &groups, &emails, &accepted).await;
        Ok(OrganizationAccessCheck {
            organization_name: name,
            checked_at: stamp(self.clock.now()),
            people: checked,
            strangers,
        })
    }

    /// The members of the organisation's Metabase and Keycloak groups who are none of its
    /// people (`emails`, lower-cased), each marked when an admin `accepted` them there. A group
    /// that cannot be read is left out, and logged.
    async fn strangers(
        &self,
        organization: &str,
        groups: &[Option<(String, String)>],
        emails: &[String],
        accepted: &[organizations::AcceptedStranger],
    ) -> Vec<Stranger> {
        let connectors = self.connectors.current();
        let mut strangers = Vec::new();
        for (checked, group) in CheckedSystem::ALL.into_iter().zip(groups) {
            let Some((group_id, group_name)) = group else {
                continue;
            };
            let system = checked.label();
            let members = match checked {
                CheckedSystem::Metabase => match group_id.parse::<i64>() {
                    Ok(id) => connectors.metabase.group_member_emails(id).await,
                    Err(_) => continue,
                },
                CheckedSystem::Keycloak => connectors.keycloak.group_member_emails(group_id).await,
                // Slack and Teams answer members by their own ids: not listed yet.
                CheckedSystem::Teams | CheckedSystem::Slack => continue,
            };
            let members = match members {
                Ok(members) => members,
                Err(error) => {
                    tracing::warn!(%error, system, "a group's members could not be read");
                    continue;
                }
            };
            for email in members {
                if !emails.contains(&email.to_lowercase()) {
                    let accepted = accepted
                        .iter()
                        .find(|a| {
                            a.system == checked.as_str() && a.email.eq_ignore_ascii_case(&email)
                        })
                        .map(accepted_sentence);
                    strangers.push(Stranger {
                        system: system.to_string(),
                        key: Some(checked),
                        says: format!(
                            "In the group {group_name}, but none of {organization}'s people in HyOpps: HyOpps did not give this access."
                        ),
                        email,
                        accepted,
                    });
                }
            }
        }
        strangers
    }

    async fn check_person(&self, recorded: &Recorded) -> AccessCheck {
        let connectors = self.connectors.current();
        let mut systems = Vec::new();
        for (checked, group) in CheckedSystem::ALL.into_iter().zip(&recorded.groups) {
            let is_recorded = recorded
                .leaver
                .granted
                .iter()
                .any(|g| g == checked.resource());
            systems.push(
                check_system(&connectors, recorded, checked, group.as_ref(), is_recorded).await,
            );
        }
        if recorded.leaver.granted.iter().any(|g| g == "Studio") {
            systems.push(SystemAccess {
                system: "Studio".into(),
                key: None,
                state: AccessState::Unknown,
                recorded: true,
                says: "Studio has no API to ask who has access: check the person's companies in Studio.".into(),
            });
        }
        let leaver = &recorded.leaver;
        AccessCheck {
            user_id: leaver.id.clone(),
            name: format!("{} {}", leaver.firstname, leaver.lastname),
            organization_name: recorded.organization_name.clone(),
            checked_at: stamp(self.clock.now()),
            systems,
        }
    }
}

impl Recorded {
    /// The person `user_id` and their organisation's groups; `None`: no such person.
    fn read(conn: &Connection, user_id: &str) -> Result<Option<Self>, StoreError> {
        let Some(leaver) = users::leaver(conn, user_id)? else {
            return Ok(None);
        };
        let organization = leaver.organization_id.clone().unwrap_or_default();
        let organization_name = organizations::name(conn, &organization)?;
        let groups = Self::groups_of(conn, &organization)?;
        Ok(Some(Recorded {
            leaver,
            organization_name,
            groups,
        }))
    }

    /// Per system of [`CheckedSystem::ALL`]: the organisation's group (id, shown name) on
    /// record.
    fn groups_of(
        conn: &Connection,
        organization_id: &str,
    ) -> Result<Vec<Option<(String, String)>>, StoreError> {
        CheckedSystem::ALL
            .into_iter()
            .map(|checked| recorded_group(conn, organization_id, checked))
            .collect()
    }
}

/// "Accepted by Grace Hopper on 2026-12-06: the partner's auditor."
fn accepted_sentence(accepted: &organizations::AcceptedStranger) -> String {
    let by = accepted
        .accepted_by
        .as_deref()
        .unwrap_or("an administrator");
    let on = accepted
        .accepted_at
        .get(..10)
        .unwrap_or(&accepted.accepted_at);
    format!("Accepted by {by} on {on}: {}", accepted.reason)
}

/// The organisation's group (id, shown name) on record in `system`, if any.
fn recorded_group(
    conn: &Connection,
    organization_id: &str,
    system: CheckedSystem,
) -> Result<Option<(String, String)>, StoreError> {
    Ok(
        organizations::system_group(conn, organization_id, system.as_str())?.and_then(|g| {
            let id = g.external_id.filter(|id| !id.is_empty())?;
            Some((id.clone(), g.external_name.unwrap_or(id)))
        }),
    )
}

async fn check_system(
    connectors: &Connectors,
    recorded: &Recorded,
    checked: CheckedSystem,
    group: Option<&(String, String)>,
    is_recorded: bool,
) -> SystemAccess {
    let system = checked.label();
    let line = |state: AccessState, says: String| SystemAccess {
        system: system.to_string(),
        key: Some(checked),
        state,
        recorded: is_recorded,
        says,
    };
    let organization = recorded
        .organization_name
        .as_deref()
        .unwrap_or("Their organisation");
    let Some((group_id, group_name)) = group else {
        return if is_recorded {
            line(
                AccessState::Unknown,
                format!("{organization} has no {system} group on record, so HyOpps cannot tell where to look: enter it on the organisation's page."),
            )
        } else {
            line(
                AccessState::InOrder,
                format!("{organization} has no {system} group, and HyOpps gave no access there."),
            )
        };
    };
    let email = recorded.leaver.email.as_str();
    let seen = match checked {
        CheckedSystem::Metabase => metabase(connectors, recorded, group_id, group_name).await,
        CheckedSystem::Teams => teams(connectors, email, group_id, group_name).await,
        CheckedSystem::Slack => slack(connectors, email, group_id, group_name).await,
        CheckedSystem::Keycloak => keycloak(connectors, email, group_id, group_name).await,
    };
    match seen {
        Ok((seen, says)) => line(compare(is_recorded, seen), says),
        Err(error) => line(
            compare(is_recorded, Seen::Unreadable),
            format!("Could not ask {system}: {error}"),
        ),
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
