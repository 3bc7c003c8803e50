//! One click on a difference the access check found for a person (admins). *Give it back* and
//! *Take it away* start a small execution (`restore_access`, `remove_access`) that runs the
//! very steps onboarding gives the access with, or offboarding takes it with, in that one
//! system; *Accept it* and *Record as removed* change only HyOpps's record, with who and why.
//! Every repair is in the audit log: the execution's own entries, or one entry for a record.

use hyopps_contract::{
    rules, AccessRepair, AppRole, CheckedSystem, RepairAccessRequest, RepairOutcome, RepairSubject,
};
use hyopps_store::executions::Subject;
use hyopps_store::users::{self, Leaver};
use hyopps_store::Connection;
use serde_json::json;

use super::strangers::Stranger;
use crate::admin::organizations::refuse_if_offboarded;
use crate::admin::record;
use crate::clock::stamp;
use crate::executions::{MOVE_PARTNER_USER, OFFBOARD_PARTNER_USER, REMOVE_ACCESS, RESTORE_ACCESS};
use crate::{Access, Actor, App, AppError, SessionToken};

/// How long the reason given for a record may be.
const MAX_REASON_CHARS: usize = 500;

impl App {
    pub async fn repair_access(
        &self,
        token: &SessionToken,
        request: RepairAccessRequest,
    ) -> Result<RepairOutcome, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let reason = reason_of(&request)?;
        let (system, repair) = (request.system, request.repair);
        let user_id = match request.subject {
            RepairSubject::Person { user_id } => user_id.trim().to_string(),
            RepairSubject::Stranger {
                organization_id,
                email,
            } => {
                let stranger = Stranger::new(organization_id, email, system)?;
                return self.repair_stranger(&actor, stranger, repair, reason).await;
            }
        };
        if user_id.is_empty() {
            return Err(AppError::invalid(
                "user_id",
                "Choose the person whose access to repair.",
            ));
        }
        let person = self
            .store
            .read(move |c| repairable_person(c, &user_id))
            .await?;
        let name = format!("{} {}", person.firstname, person.lastname);
        let recorded = person.granted.iter().any(|g| g == system.resource());
        let label = system.label();
        match repair {
            AccessRepair::GiveBack | AccessRepair::RecordAsRemoved if !recorded => {
                Err(AppError::Conflict(format!(
                    "HyOpps has no {label} access on record for {name}: nothing is missing. Check their access again."
                )))
            }
            AccessRepair::TakeAway | AccessRepair::Accept if recorded => {
                Err(AppError::Conflict(format!(
                    "HyOpps gave {name} {label} access: it is not unexpected. To take it away, offboard them."
                )))
            }
            AccessRepair::GiveBack => {
                let message = format!(
                    "Giving {name} back their {label} access: follow it on its execution."
                );
                self.start_repair(&actor, &person, RESTORE_ACCESS, system, reason, message)
                    .await
            }
            AccessRepair::TakeAway => {
                let message = format!(
                    "Taking away the {label} access HyOpps did not give {name}: follow it on its execution."
                );
                self.start_repair(&actor, &person, REMOVE_ACCESS, system, reason, message)
                    .await
            }
            AccessRepair::Accept | AccessRepair::RecordAsRemoved => {
                let reason = reason.unwrap_or_default();
                self.record_repair(&actor, &person, system, repair, reason, &name)
                    .await
            }
        }
    }

    async fn start_repair(
        &self,
        actor: &Actor,
        person: &Leaver,
        workflow: &'static str,
        system: CheckedSystem,
        reason: Option<String>,
        message: String,
    ) -> Result<RepairOutcome, AppError> {
        let user_id = person.id.clone();
        let under_way = self
            .store
            .read(move |c| {
                for busy in [
                    RESTORE_ACCESS,
                    REMOVE_ACCESS,
                    OFFBOARD_PARTNER_USER,
                    MOVE_PARTNER_USER,
                ] {
                    if users::execution_under_way(c, &user_id, busy)? {
                        return Ok::<_, AppError>(true);
                    }
                }
                Ok(false)
            })
            .await?;
        if under_way {
            return Err(AppError::Conflict(format!(
                "A repair, move or offboarding of {} {} is under way: let it finish (see Executions), then check again.",
                person.firstname, person.lastname
            )));
        }
        let subject = Subject {
            organization_id: person.organization_id.as_deref(),
            user_id: Some(&person.id),
        };
        let id = self
            .engine
            .start_about(workflow, &actor.user_id, subject)
            .await?;
        let input = json!({ "systems": [system.as_str()], "reason": reason });
        self.engine.submit_input(&id, input, &actor.user_id).await?;
        Ok(RepairOutcome {
            message,
            execution_id: Some(id),
        })
    }

    async fn record_repair(
        &self,
        actor: &Actor,
        person: &Leaver,
        system: CheckedSystem,
        repair: AccessRepair,
        reason: String,
        name: &str,
    ) -> Result<RepairOutcome, AppError> {
        let now = stamp(self.clock.now());
        let (actor_id, user_id) = (actor.user_id.clone(), person.id.clone());
        let summary = json!({
            "person": name,
            "system": system.label(),
            "repair_reason": reason,
        });
        let accepted = repair == AccessRepair::Accept;
        self.store
            .write(move |tx| {
                let resource = system.resource();
                let action = if accepted {
                    users::accept_access(tx, &user_id, resource, &actor_id, &reason, &now)?;
                    "access_accepted"
                } else {
                    users::revoke_access(tx, &user_id, resource, &now)?;
                    "access_recorded_as_removed"
                };
                record(tx, &now, &actor_id, action, ("user", &user_id), summary)
            })
            .await?;
        let label = system.label();
        let message = if accepted {
            format!("{name}'s {label} access is now on record as given, with your reason.")
        } else {
            format!("{name}'s {label} access is now on record as removed, with your reason.")
        };
        Ok(RepairOutcome {
            message,
            execution_id: None,
        })
    }
}

/// The reason given: required for a repair that only records, a single line in any case.
pub(super) fn reason_of(request: &RepairAccessRequest) -> Result<Option<String>, AppError> {
    let reason = request
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if let Some(problem) = reason.and_then(|r| rules::line_problem(r, MAX_REASON_CHARS)) {
        return Err(AppError::invalid("reason", problem));
    }
    if reason.is_none() && request.repair.only_records() {
        return Err(AppError::invalid(
            "reason",
            "Say why: the record keeps it, with your name, for whoever looks next.",
        ));
    }
    Ok(reason.map(str::to_string))
}

/// The person `user_id`, when their access can be repaired: one of a partner organisation's
/// people, and that organisation not offboarded.
fn repairable_person(conn: &Connection, user_id: &str) -> Result<Leaver, AppError> {
    let person = users::leaver(conn, user_id)?
        .ok_or_else(|| AppError::NotFound("There is no such person.".into()))?;
    let name = format!("{} {}", person.firstname, person.lastname);
    if person.app_role == AppRole::Admin.as_str() {
        return Err(AppError::invalid(
            "user_id",
            format!("{name} is an administrator of HyOpps: the access check is for partner organisations' people."),
        ));
    }
    let Some(organization) = person.organization_id.as_deref() else {
        return Err(AppError::invalid(
            "user_id",
            format!(
                "{name} belongs to no organisation, so there are no organisation groups to repair."
            ),
        ));
    };
    refuse_if_offboarded(conn, organization)?;
    Ok(person)
}
