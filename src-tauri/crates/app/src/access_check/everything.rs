//! A check of everything: every organisation not offboarded, its groups' rosters read in one
//! batch per system (see [`super::organization`]), each difference recorded with the run, so
//! the Access check screen and the dashboard show the latest, and what is new since the run
//! before is counted (and audited). Asked by an admin, or by the daily check
//! ([`App::daily_access_check`]).

use std::collections::HashSet;

use hyopps_contract::{
    AccessCheckRun, AccessDifference, AccessReport, AccessState, CheckedSystem,
    OrganizationAccessCheck,
};
use hyopps_store::access_checks::{self, DifferenceRow, RunRow};
use hyopps_store::{audit, new_id};
use serde_json::json;

use super::organization::{compare_organization, OrganizationRecord};
use crate::clock::stamp;
use crate::{Access, App, AppError, SessionToken};

impl App {
    /// Checks everything now, for the admin who asks.
    pub async fn check_all_access(&self, token: &SessionToken) -> Result<AccessCheckRun, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        self.run_access_check(Some(&actor.user_id)).await
    }

    /// The latest check of everything and its differences.
    pub async fn access_report(&self, token: &SessionToken) -> Result<AccessReport, AppError> {
        self.authorize(token, Access::Admin).await?;
        let (run, differences) = self
            .store
            .read(|c| {
                let Some(run) = access_checks::last_run(c)? else {
                    return Ok::<_, AppError>((None, Vec::new()));
                };
                let differences = access_checks::differences_of(c, &run.id)?;
                Ok((Some(run), differences))
            })
            .await?;
        Ok(AccessReport {
            run: run.map(run_view),
            differences: differences
                .into_iter()
                .filter_map(difference_view)
                .collect(),
        })
    }

    /// The latest check of everything (the dashboard's card); the caller checked the role.
    pub(crate) async fn last_access_check(&self) -> Result<Option<AccessCheckRun>, AppError> {
        let run = self.store.read(access_checks::last_run).await?;
        Ok(run.map(run_view))
    }

    /// Runs a check of everything; `started_by` is the admin, `None` the daily check.
    pub(crate) async fn run_access_check(
        &self,
        started_by: Option<&str>,
    ) -> Result<AccessCheckRun, AppError> {
        let started_at = stamp(self.clock.now());
        let (records, before) = self
            .store
            .read(|c| {
                let mut records = Vec::new();
                for id in access_checks::organizations_to_check(c)? {
                    if let Some(record) = OrganizationRecord::read(c, &id)? {
                        records.push((id, record));
                    }
                }
                let before = match access_checks::last_run(c)? {
                    Some(run) => access_checks::differences_of(c, &run.id)?,
                    None => Vec::new(),
                };
                Ok::<_, AppError>((records, before))
            })
            .await?;
        let (ids, records): (Vec<String>, Vec<OrganizationRecord>) = records.into_iter().unzip();
        let rosters = self.read_rosters(&records).await;
        let finished_at = stamp(self.clock.now());
        let mut differences = Vec::new();
        let mut people = 0;
        for ((id, record), rosters) in ids.iter().zip(&records).zip(&rosters) {
            let checked = compare_organization(record, rosters, &finished_at);
            people += checked.people.len();
            differences.extend(differences_in(id, &checked));
        }
        let known: HashSet<_> = before.iter().map(DifferenceRow::key).collect();
        let new_differences = differences
            .iter()
            .filter(|d| !known.contains(&d.key()))
            .count();
        let run = RunRow {
            id: new_id(),
            started_at,
            finished_at: finished_at.clone(),
            started_by: started_by.map(str::to_string),
            organizations: count(ids.len()),
            people: count(people),
            differences: count(differences.len()),
            new_differences: count(new_differences),
        };
        let (stored, actor) = (run.clone(), started_by.map(str::to_string));
        self.store
            .write(move |tx| {
                access_checks::record_run(tx, &stored, actor.as_deref(), &differences)?;
                audit::record(
                    tx,
                    &audit::Entry {
                        at: &stored.finished_at,
                        actor_user_id: actor.as_deref(),
                        action: "access_checked",
                        target_type: "access_check",
                        target_id: Some(&stored.id),
                        summary: json!({
                            "organisations": stored.organizations,
                            "people": stored.people,
                            "differences": stored.differences,
                            "new_differences": stored.new_differences,
                        }),
                    },
                )?;
                Ok::<_, AppError>(())
            })
            .await?;
        let mut view = run_view(run);
        view.started_by = self.name_of(started_by).await;
        Ok(view)
    }

    /// The admin's name for the screens.
    async fn name_of(&self, user_id: Option<&str>) -> Option<String> {
        let id = user_id?.to_string();
        self.store
            .read(move |c| hyopps_store::users::leaver(c, &id))
            .await
            .ok()
            .flatten()
            .map(|l| format!("{} {}", l.firstname, l.lastname))
    }
}

/// The differences of one organisation's check, strangers accepted there left out.
fn differences_in(organization_id: &str, checked: &OrganizationAccessCheck) -> Vec<DifferenceRow> {
    let row = |user_id: Option<&str>,
               who: &str,
               email: &str,
               system: CheckedSystem,
               state: AccessState,
               says: &str| {
        DifferenceRow {
            organization_id: organization_id.to_string(),
            organization_name: checked.organization_name.clone(),
            user_id: user_id.map(str::to_string),
            who: who.to_string(),
            email: email.to_string(),
            system: system.as_str().to_string(),
            state: state_key(state).to_string(),
            says: says.to_string(),
        }
    };
    let mut rows = Vec::new();
    for person in &checked.people {
        for line in person.systems.iter().filter(|l| l.state.is_difference()) {
            if let Some(system) = line.key {
                let email = person.email.as_str();
                rows.push(row(
                    Some(&person.user_id),
                    &person.name,
                    email,
                    system,
                    line.state,
                    &line.says,
                ));
            }
        }
    }
    for stranger in checked.strangers.iter().filter(|s| s.accepted.is_none()) {
        if let Some(system) = stranger.key {
            rows.push(row(
                None,
                &stranger.email,
                &stranger.email,
                system,
                AccessState::Unexpected,
                &stranger.says,
            ));
        }
    }
    rows
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn state_key(state: AccessState) -> &'static str {
    match state {
        AccessState::Missing => "missing",
        AccessState::Unexpected => "unexpected",
        AccessState::Disabled => "disabled",
        AccessState::InOrder => "in_order",
        AccessState::Unknown => "unknown",
    }
}

fn run_view(run: RunRow) -> AccessCheckRun {
    let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    AccessCheckRun {
        started_at: run.started_at,
        finished_at: run.finished_at,
        started_by: run.started_by,
        organizations: n(run.organizations),
        people: n(run.people),
        differences: n(run.differences),
        new_differences: n(run.new_differences),
    }
}

fn difference_view(row: DifferenceRow) -> Option<AccessDifference> {
    let system = CheckedSystem::ALL
        .into_iter()
        .find(|s| s.as_str() == row.system)?;
    let state = match row.state.as_str() {
        "missing" => AccessState::Missing,
        "unexpected" => AccessState::Unexpected,
        "disabled" => AccessState::Disabled,
        _ => return None,
    };
    Some(AccessDifference {
        organization_id: row.organization_id,
        organization_name: row.organization_name,
        user_id: row.user_id,
        who: row.who,
        email: row.email,
        system,
        state,
        says: row.says,
    })
}
