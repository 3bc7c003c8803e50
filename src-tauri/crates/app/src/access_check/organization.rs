//! An organisation's check: its group in each system read once (a roster of who is in it),
//! every person compared from those, and the *strangers* — members of a group that is the
//! organisation's alone who are none of its people in HyOpps. Rosters are read for many
//! organisations at once too ([`App::read_rosters`]): the lists a whole system shares (the
//! Metabase membership map and accounts, the Slack workspace's accounts, the Teams team) are
//! read once for all of them.

use hyopps_connectors::{ChannelRef, GroupRoster};
use hyopps_contract::{CheckedSystem, OrganizationAccessCheck, Stranger};
use hyopps_store::{organizations, users, Connection, StoreError};

use super::compare::Seen;
use super::{accepted_sentence, assemble, Answers, Recorded};
use crate::clock::stamp;
use crate::{Access, App, AppError, SessionToken};

/// What an organisation's check reads from the database.
pub(super) struct OrganizationRecord {
    name: String,
    people: Vec<Recorded>,
    /// Per system of [`CheckedSystem::ALL`]: its group (id, shown name) on record, if any.
    groups: Vec<Option<(String, String)>>,
    accepted: Vec<organizations::AcceptedStranger>,
}

impl OrganizationRecord {
    /// `None`: no such organisation.
    pub(super) fn read(conn: &Connection, id: &str) -> Result<Option<Self>, StoreError> {
        let Some(name) = organizations::name(conn, id)? else {
            return Ok(None);
        };
        let mut people = Vec::new();
        for person in users::people_of(conn, id)? {
            people.extend(Recorded::read(conn, &person)?);
        }
        Ok(Some(Self {
            name,
            people,
            groups: Recorded::groups_of(conn, id)?,
            accepted: organizations::accepted_strangers(conn, id)?,
        }))
    }
}

/// Per system of [`CheckedSystem::ALL`]: the roster of the organisation's group, or why it
/// could not be read; `None` when it has no group there.
pub(super) type Rosters = Vec<Option<Result<GroupRoster, String>>>;

impl App {
    /// Every person of an organisation, from its groups' rosters.
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
        let record = self
            .store
            .read(move |c| OrganizationRecord::read(c, &id))
            .await?
            .ok_or_else(|| {
                AppError::NotFound(
                    "No organisation has this id; it may have been deleted. Reload the list."
                        .into(),
                )
            })?;
        let rosters = self.read_rosters(std::slice::from_ref(&record)).await;
        let checked_at = stamp(self.clock.now());
        Ok(compare_organization(&record, &rosters[0], &checked_at))
    }

    /// The rosters of every organisation's groups, in their order: one batch per system.
    pub(super) async fn read_rosters(&self, records: &[OrganizationRecord]) -> Vec<Rosters> {
        let connectors = self.connectors.current();
        // Per system of `CheckedSystem::ALL`: (the organisation's place in `records`, its group).
        let asked: Vec<Vec<(usize, &(String, String))>> = (0..CheckedSystem::ALL.len())
            .map(|index| {
                records
                    .iter()
                    .enumerate()
                    .filter_map(|(at, record)| Some((at, record.groups[index].as_ref()?)))
                    .collect()
            })
            .collect();
        let ids = |index: usize| -> Vec<String> {
            asked[index].iter().map(|(_, (id, _))| id.clone()).collect()
        };
        let metabase_ids: Vec<i64> = ids(0).iter().map(|id| id.parse().unwrap_or(-1)).collect();
        let channels: Vec<ChannelRef> = asked[1]
            .iter()
            .map(|(_, (id, name))| ChannelRef {
                id: id.clone(),
                name: name.clone(),
                private: false,
            })
            .collect();
        let (slack_ids, keycloak_ids) = (ids(2), ids(3));
        // The four systems at once; within each, one request after the other (its limits hold).
        let (metabase, teams, slack, keycloak) = tokio::join!(
            connectors.metabase.group_rosters(&metabase_ids),
            connectors.teams.group_rosters(&channels),
            connectors.slack.group_rosters(&slack_ids),
            connectors.keycloak.group_rosters(&keycloak_ids),
        );
        let mut rosters: Vec<Rosters> = records.iter().map(|_| Vec::new()).collect();
        let read_by_system = [metabase, teams, slack, keycloak];
        for ((checked, asked), read) in CheckedSystem::ALL
            .into_iter()
            .zip(&asked)
            .zip(read_by_system)
        {
            let mut read = read.map(Vec::into_iter).map_err(|e| e.to_string());
            for (at, organization) in rosters.iter_mut().enumerate() {
                let Some((_, (id, _))) = asked.iter().find(|(asked_at, _)| *asked_at == at) else {
                    organization.push(None);
                    continue;
                };
                let roster = match &mut read {
                    Ok(_) if checked == CheckedSystem::Metabase && id.parse::<i64>().is_err() => {
                        Err(format!(
                            "the group on record, {id:?}, is not a Metabase group id."
                        ))
                    }
                    Ok(rosters) => rosters
                        .next()
                        .ok_or_else(|| "no answer for this group".into()),
                    Err(error) => Err(error.clone()),
                };
                organization.push(Some(roster));
            }
        }
        rosters
    }
}

/// The organisation's check from its rosters.
pub(super) fn compare_organization(
    record: &OrganizationRecord,
    rosters: &Rosters,
    checked_at: &str,
) -> OrganizationAccessCheck {
    let people = record
        .people
        .iter()
        .map(|person| {
            let answers: Answers = CheckedSystem::ALL
                .into_iter()
                .zip(rosters)
                .zip(&record.groups)
                .map(|((checked, roster), group)| {
                    let (_, group_name) = group.as_ref()?;
                    Some(match roster.as_ref()? {
                        Ok(roster) => {
                            Ok(seen_in(checked, roster, &person.leaver.email, group_name))
                        }
                        Err(error) => Err(error.clone()),
                    })
                })
                .collect();
            assemble(person, answers, checked_at)
        })
        .collect();
    OrganizationAccessCheck {
        organization_name: record.name.clone(),
        checked_at: checked_at.to_string(),
        people,
        strangers: strangers(record, rosters),
    }
}

/// Where a person stands in a group, from its roster.
fn seen_in(
    checked: CheckedSystem,
    roster: &GroupRoster,
    email: &str,
    group: &str,
) -> (Seen, String) {
    let member = roster.member(email);
    match (checked, member) {
        (CheckedSystem::Metabase, Some(m)) if !m.active => (
            Seen::Absent,
            format!("The Metabase account is deactivated (still in the group {group})."),
        ),
        (CheckedSystem::Metabase, Some(_)) => (Seen::Present, format!("In the group {group}.")),
        (CheckedSystem::Metabase, None) => (Seen::Absent, format!("Not in the group {group}.")),
        (CheckedSystem::Teams, Some(_)) if roster.exclusive => (
            Seen::Present,
            format!("In the team and the private channel {group}."),
        ),
        (CheckedSystem::Teams, Some(_)) => (
            Seen::Present,
            format!("In the team, which reads the channel {group}."),
        ),
        (CheckedSystem::Teams, None) if roster.exclusive => (
            Seen::Absent,
            format!("Not in the team and the private channel {group}."),
        ),
        (CheckedSystem::Teams, None) => (Seen::Absent, "Not in the team.".to_string()),
        (CheckedSystem::Slack, Some(m)) if !m.active => (
            Seen::Absent,
            "The Slack account is deactivated.".to_string(),
        ),
        (CheckedSystem::Slack, Some(_)) if !roster.enabled => (
            Seen::Absent,
            format!(
                "On the list of the Slack group {group}, which is disabled: it reaches nobody."
            ),
        ),
        (CheckedSystem::Slack, Some(_)) => (Seen::Present, format!("In the Slack group {group}.")),
        (CheckedSystem::Slack, None) => (Seen::Absent, format!("Not in the Slack group {group}.")),
        (CheckedSystem::Keycloak, Some(m)) if !m.active => (
            Seen::Disabled,
            "The Keycloak account is disabled: it cannot sign in to Studio.".to_string(),
        ),
        (CheckedSystem::Keycloak, Some(_)) => (
            Seen::Present,
            format!("The Keycloak account is in the group {group}."),
        ),
        (CheckedSystem::Keycloak, None) => {
            (Seen::Absent, format!("Not in the Keycloak group {group}."))
        }
    }
}

/// Members of the organisation's own groups (not a whole team's, not a disabled Slack group's)
/// who are none of its people, each marked when an admin accepted them there. A group that
/// could not be read names nobody; its people's lines say why.
fn strangers(record: &OrganizationRecord, rosters: &Rosters) -> Vec<Stranger> {
    let emails: Vec<String> = record
        .people
        .iter()
        .map(|p| p.leaver.email.to_lowercase())
        .collect();
    let mut strangers = Vec::new();
    for ((checked, roster), group) in CheckedSystem::ALL
        .into_iter()
        .zip(rosters)
        .zip(&record.groups)
    {
        let (Some(Ok(roster)), Some((_, group_name))) = (roster, group) else {
            continue;
        };
        if !roster.exclusive || !roster.enabled {
            continue;
        }
        for member in &roster.members {
            if emails.contains(&member.email.to_lowercase()) {
                continue;
            }
            let accepted = record
                .accepted
                .iter()
                .find(|a| {
                    a.system == checked.as_str() && a.email.eq_ignore_ascii_case(&member.email)
                })
                .map(accepted_sentence);
            strangers.push(Stranger {
                system: checked.label().to_string(),
                key: Some(checked),
                email: member.email.clone(),
                says: format!(
                    "In the group {group_name}, but none of {}'s people in HyOpps: HyOpps did not give this access.",
                    record.name
                ),
                accepted,
            });
        }
    }
    strangers
}
