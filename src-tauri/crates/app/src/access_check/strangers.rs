//! Repairing a *stranger*: someone in an organisation's own group (Metabase, a private Teams
//! channel, Slack, Keycloak) who is none of its people in HyOpps. *Take it away* takes them out
//! of that group at once, with the offboarding's verb (in Keycloak an account then in no group
//! is disabled; in Teams they leave the private channel and stay in the team; the last member of
//! a Slack group is taken out by disabling the group, as Slack keeps no empty group); *Accept it*
//! records them as kept there on purpose, with who and why, so later checks show them as
//! accepted. Both are audited.

use hyopps_connectors::{ChannelRef, ConnectorError, Removal};
use hyopps_contract::{rules, AccessRepair, CheckedSystem, RepairOutcome};
use hyopps_store::{organizations, users, Connection};
use serde_json::json;

use crate::admin::organizations::refuse_if_offboarded;
use crate::admin::record;
use crate::clock::stamp;
use crate::{Actor, App, AppError};

/// The stranger a repair names, checked for shape.
pub(super) struct Stranger {
    organization_id: String,
    email: String,
    system: CheckedSystem,
}

impl Stranger {
    pub(super) fn new(
        organization_id: String,
        email: String,
        system: CheckedSystem,
    ) -> Result<Self, AppError> {
        let organization_id = organization_id.trim().to_string();
        if organization_id.is_empty() {
            return Err(AppError::invalid(
                "organization_id",
                "Choose the organisation whose group they are in.",
            ));
        }
        let email = rules::normalized_email(&email);
        if let Some(problem) = rules::email_problem(&email) {
            return Err(AppError::invalid("email", problem));
        }
        Ok(Self {
            organization_id,
            email,
            system,
        })
    }
}

/// The organisation's name and its group (id, shown name) in the stranger's system.
struct Place {
    organization: String,
    group_id: String,
    group_name: String,
}

impl App {
    pub(super) async fn repair_stranger(
        &self,
        actor: &Actor,
        stranger: Stranger,
        repair: AccessRepair,
        reason: Option<String>,
    ) -> Result<RepairOutcome, AppError> {
        if !matches!(repair, AccessRepair::TakeAway | AccessRepair::Accept) {
            return Err(AppError::invalid(
                "repair",
                "Someone HyOpps does not know has nothing missing: take their access away, or accept it.",
            ));
        }
        let (organization_id, email, system) = (
            stranger.organization_id.clone(),
            stranger.email.clone(),
            stranger.system,
        );
        let place = self
            .store
            .read(move |c| place_of(c, &organization_id, &email, system))
            .await?;
        let system = stranger.system;
        let said = match repair {
            AccessRepair::TakeAway => self.take_out(&stranger, &place).await?,
            _ => format!(
                "{} stays in the {} group {}, on record as accepted with your reason.",
                stranger.email,
                system.label(),
                place.group_name
            ),
        };
        let now = stamp(self.clock.now());
        let actor_id = actor.user_id.clone();
        let summary = json!({
            "organisation": place.organization,
            "system": system.label(),
            "email": stranger.email,
            "repair_reason": reason,
            "said": said,
        });
        let accepted = repair == AccessRepair::Accept;
        self.store
            .write(move |tx| {
                let action = if accepted {
                    organizations::accept_stranger(
                        tx,
                        &stranger.organization_id,
                        system.as_str(),
                        &stranger.email,
                        &actor_id,
                        reason.as_deref().unwrap_or_default(),
                        &now,
                    )?;
                    "stranger_access_accepted"
                } else {
                    "stranger_access_removed"
                };
                let target = ("organization", stranger.organization_id.as_str());
                record(tx, &now, &actor_id, action, target, summary)
            })
            .await?;
        Ok(RepairOutcome {
            message: said,
            execution_id: None,
        })
    }

    /// Takes the stranger out of the organisation's group, and says what was done.
    async fn take_out(&self, stranger: &Stranger, place: &Place) -> Result<String, AppError> {
        let connectors = self.connectors.current();
        let (email, group) = (stranger.email.as_str(), place.group_name.as_str());
        let outcome = match stranger.system {
            CheckedSystem::Metabase => {
                let group_id: i64 = place.group_id.parse().map_err(|_| {
                    AppError::Conflict(format!(
                        "The Metabase group on record for {}, {:?}, is not a Metabase group id: correct it on the organisation's page.",
                        place.organization, place.group_id
                    ))
                })?;
                metabase_out(&*connectors.metabase, email, group_id).await
            }
            CheckedSystem::Teams => {
                let channel = ChannelRef {
                    id: place.group_id.clone(),
                    name: place.group_name.clone(),
                    private: true,
                };
                connectors
                    .teams
                    .leave_channel(email, &channel)
                    .await
                    .map(|removal| (removal, false))
            }
            CheckedSystem::Slack => connectors
                .slack
                .remove_from_usergroup(email, &place.group_id)
                .await
                .map(|removal| (removal, false)),
            CheckedSystem::Keycloak => connectors
                .keycloak
                .leave_group(email, &place.group_id)
                .await
                .map(|left| (left.group, left.disabled)),
        };
        let (removal, disabled) = outcome.map_err(|error| {
            AppError::Conflict(format!(
                "Could not take {email} out of the {} group {group}: {error}",
                stranger.system.label()
            ))
        })?;
        let mut said = match removal {
            Removal::Removed => format!(
                "{email} was taken out of the {} group {group}.",
                stranger.system.label()
            ),
            Removal::AlreadyGone => format!("{email} was no longer in the group {group}."),
        };
        if disabled {
            said.push_str(" Their Keycloak account was in no other group: it is disabled.");
        }
        Ok(said)
    }
}

/// Takes the Metabase account with this email out of the group (every membership of it); the
/// account itself stays as it is.
async fn metabase_out(
    metabase: &dyn hyopps_connectors::MetabaseApi,
    email: &str,
    group_id: i64,
) -> Result<(Removal, bool), ConnectorError> {
    let Some(user) = metabase.find_user(email).await? else {
        return Ok((Removal::AlreadyGone, false));
    };
    let mut removals = Vec::new();
    for membership in metabase.user_memberships(user).await? {
        if membership.group_id == group_id {
            metabase.remove_membership(membership.membership_id).await?;
            removals.push(Removal::Removed);
        }
    }
    Ok((Removal::any(removals), false))
}

/// Where the stranger is: the organisation (not offboarded) and its group in `system`; refused
/// when the email is one of its people (their own row repairs them).
fn place_of(
    conn: &Connection,
    organization_id: &str,
    email: &str,
    system: CheckedSystem,
) -> Result<Place, AppError> {
    let organization = organizations::name(conn, organization_id)?.ok_or_else(|| {
        AppError::NotFound("No organisation has this id; it may have been deleted.".into())
    })?;
    refuse_if_offboarded(conn, organization_id)?;
    for person in users::people_of(conn, organization_id)? {
        if let Some(leaver) = users::leaver(conn, &person)? {
            if leaver.email.eq_ignore_ascii_case(email) {
                return Err(AppError::Conflict(format!(
                    "{email} is one of {organization}'s people: repair their access from their own row."
                )));
            }
        }
    }
    let group = super::recorded_group(conn, organization_id, system)?.ok_or_else(|| {
        AppError::Conflict(format!(
            "{organization} has no {} group on record: there is no group to repair.",
            system.label()
        ))
    })?;
    Ok(Place {
        organization,
        group_id: group.0,
        group_name: group.1,
    })
}
