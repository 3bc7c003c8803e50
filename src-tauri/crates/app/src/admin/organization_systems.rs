//! Which systems an organisation uses: every workflow skips the steps in the others, with
//! "not used by <organisation>". Leaving a system out while the organisation's people still
//! hold access HyOpps gave them there is refused: offboarding would skip that system too, so
//! the access would never be taken back.

use hyopps_contract::{OrganizationDetail, PartnerSystem, SetOrganizationSystemsRequest};
use hyopps_store::organizations;
use serde_json::json;

use super::organizations::{refuse_if_offboarded, NO_ORGANIZATION};
use super::{changes, record, subject_id};
use crate::clock::stamp;
use crate::{Access, App, AppError, SessionToken};

impl App {
    /// Sets the systems the organisation uses (duplicates count once; an empty list leaves
    /// every system out). Admins only.
    pub async fn set_organization_systems(
        &self,
        token: &SessionToken,
        request: SetOrganizationSystemsRequest,
    ) -> Result<OrganizationDetail, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let id = subject_id(&request.organization_id, NO_ORGANIZATION)?;
        let unused: Vec<PartnerSystem> = PartnerSystem::ALL
            .into_iter()
            .filter(|s| !request.systems_used.contains(s))
            .collect();

        let (org, at) = (id.clone(), stamp(self.clock.now()));
        self.store
            .write(move |tx| {
                let name = organizations::name(tx, &org)?
                    .ok_or_else(|| AppError::NotFound(NO_ORGANIZATION.into()))?;
                refuse_if_offboarded(tx, &org)?;
                let before = organizations::unused_systems(tx, &org)?;
                let mut still_held = Vec::new();
                for system in unused.iter().filter(|s| !before.iter().any(|b| b == s.as_str())) {
                    let people =
                        organizations::people_with_access(tx, &org, system.granted_resources())?;
                    if people > 0 {
                        still_held.push(format!("{} ({})", system.label(), people_count(people)));
                    }
                }
                if !still_held.is_empty() {
                    return Err(AppError::Conflict(format!(
                        "{name}'s people still hold access HyOpps gave them in {}. Offboard them \
                         first, or keep the system: HyOpps would otherwise never take that access back.",
                        still_held.join(", ")
                    )));
                }
                let labelled = |systems: Vec<PartnerSystem>| {
                    let labels: Vec<&str> = systems.into_iter().map(PartnerSystem::label).collect();
                    json!({ "systems_used": labels })
                };
                let used_after = PartnerSystem::ALL
                    .into_iter()
                    .filter(|s| !unused.contains(s))
                    .collect();
                let Some(summary) = changes(
                    &labelled(systems_used(&before)),
                    &labelled(used_after),
                ) else {
                    return Ok(());
                };
                let stored: Vec<&str> = unused.iter().map(|s| s.as_str()).collect();
                organizations::set_unused_systems(tx, &org, &stored)?;
                record(
                    tx,
                    &at,
                    &actor.user_id,
                    "organization_systems_changed",
                    ("organization", &org),
                    summary,
                )
            })
            .await?;
        self.organization_detail(id).await
    }
}

fn people_count(people: u64) -> String {
    if people == 1 {
        "1 person".into()
    } else {
        format!("{people} people")
    }
}

/// The systems an organisation uses, from the ones it leaves out (stored names).
pub(super) fn systems_used(unused: &[String]) -> Vec<PartnerSystem> {
    PartnerSystem::ALL
        .into_iter()
        .filter(|s| !unused.iter().any(|u| u == s.as_str()))
        .collect()
}
