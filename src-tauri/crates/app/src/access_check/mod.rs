//! The access check (admins): what HyOpps recorded (grants not taken back, the organisation's
//! groups) against what each system answers now, read with the connectors' read-only verbs.
//! Nothing is written anywhere. A person is checked system by system ([`person`]); an
//! organisation's people from its groups' rosters, each read once ([`organization`]); both
//! are compared by one rule ([`compare`]) and written up by [`assemble`].

mod compare;
mod daily;
mod everything;
mod organization;
mod person;
mod repair;
mod strangers;

use hyopps_contract::{AccessCheck, AccessState, CheckedSystem, SystemAccess};
use hyopps_store::{organizations, users, Connection, StoreError};

pub use daily::DAILY_CHECK_LOOK;

use crate::{Access, App, AppError, SessionToken};
use compare::{compare, Seen};

/// The person and their organisation's groups, as recorded.
struct Recorded {
    leaver: users::Leaver,
    organization_name: Option<String>,
    /// Per system of [`CheckedSystem::ALL`]: the group (id, shown name) on record, if any.
    groups: Vec<Option<(String, String)>>,
}

/// What each system answered about one person, per system of [`CheckedSystem::ALL`]: `None`
/// when the organisation has no group there; else what was seen, in a sentence, or why the
/// system could not be asked.
type Answers = Vec<Option<Result<(Seen, String), String>>>;

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

    fn has_grant(&self, resource: &str) -> bool {
        self.leaver.granted.iter().any(|g| g == resource)
    }
}

/// The person's check from what each system answered: a line per system, each compared with
/// the record, and Studio's (never checkable) when HyOpps gave Studio access.
fn assemble(recorded: &Recorded, answers: Answers, checked_at: &str) -> AccessCheck {
    let organization = recorded
        .organization_name
        .as_deref()
        .unwrap_or("Their organisation");
    let mut systems: Vec<SystemAccess> = CheckedSystem::ALL
        .into_iter()
        .zip(answers)
        .map(|(checked, answer)| {
            let system = checked.label();
            let is_recorded = recorded.has_grant(checked.resource());
            let (state, says) = match answer {
                None if is_recorded => (
                    AccessState::Unknown,
                    format!("{organization} has no {system} group on record, so HyOpps cannot tell where to look: enter it on the organisation's page."),
                ),
                None => (
                    AccessState::InOrder,
                    format!("{organization} has no {system} group, and HyOpps gave no access there."),
                ),
                Some(Ok((seen, says))) => (compare(is_recorded, seen), says),
                Some(Err(error)) => (
                    compare(is_recorded, Seen::Unreadable),
                    format!("Could not ask {system}: {error}"),
                ),
            };
            SystemAccess {
                system: system.to_string(),
                key: Some(checked),
                state,
                recorded: is_recorded,
                says,
            }
        })
        .collect();
    if recorded.has_grant("Studio") {
        systems.push(SystemAccess {
            system: "Studio".into(),
            key: None,
            state: AccessState::Unknown,
            recorded: true,
            says:
                "Studio has no API to ask who has access: check the person's companies in Studio."
                    .into(),
        });
    }
    let leaver = &recorded.leaver;
    AccessCheck {
        user_id: leaver.id.clone(),
        name: format!("{} {}", leaver.firstname, leaver.lastname),
        email: leaver.email.clone(),
        organization_name: recorded.organization_name.clone(),
        checked_at: checked_at.to_string(),
        systems,
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
