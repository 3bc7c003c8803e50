//! `offboard_partner_user`: take back the access HyOpps gave a person of a partner organisation
//! (7 steps, docs/workflows.md). It starts about its leaver and their organisation. An
//! operator approves it first ([`approval`]; an admin's own request is approved by starting
//! it), then one step per system takes the access away ([`systems`], [`studio`]) and the
//! last closes the HyOpps account ([`account`]). Every step is idempotent: a person already
//! gone from a system is success, said as such. Each grant is marked revoked by the step that
//! took it away; nothing is deleted.

mod account;
mod approval;
mod studio;
mod systems;

use hyopps_connectors::LiveConnectors;
use hyopps_store::{organizations, users, Connection, StoreError, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::groups::{recorded_group, Group};
use super::step::{define_workflow, output};
use crate::{Applied, EngineError, StepContext, StepError};
use account::CloseHyoppsAccount;
use approval::ApproveOffboarding;
use studio::RemoveStudioAccess;
pub(super) use systems::{
    RemoveFromKeycloak, RemoveFromMetabase, RemoveFromSlack, RemoveFromTeams,
};

pub struct OffboardPartnerUser {
    connectors: LiveConnectors,
}

impl OffboardPartnerUser {
    pub fn new(connectors: LiveConnectors) -> Self {
        Self { connectors }
    }
}

define_workflow!(OffboardPartnerUser {
    id: "d71a4e61-4fce-4b5d-9609-043dcdecbeb3",
    name: "offboard_partner_user",
    description: "Take back the access a partner organisation's person was given: Metabase, Teams, Slack, Keycloak and Studio, and their HyOpps sign-in. Nothing is deleted: the history stays.",
    steps: [
        ApproveOffboarding,
        RemoveFromMetabase,
        RemoveFromTeams,
        RemoveFromSlack,
        RemoveFromKeycloak,
        RemoveStudioAccess,
        CloseHyoppsAccount,
    ],
});

/// What the auto steps read from the database before they run: the leaver as HyOpps knows them
/// and their organisation's groups.
#[derive(Debug, Default, Serialize, Deserialize)]
struct LeaverFacts {
    email: String,
    full_name: String,
    organization_name: String,
    metabase_user_id: Option<i64>,
    /// Resource names of the grants not yet revoked.
    granted: Vec<String>,
    studio_company_ids: Vec<String>,
    personal_company_id: Option<String>,
    metabase: Option<Group>,
    teams: Option<Group>,
    slack: Option<Group>,
    keycloak: Option<Group>,
}

impl LeaverFacts {
    fn gather(context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        let facts = Self::read(context, conn).map_err(|e| StepError::Retryable {
            message: format!("Could not read the person being offboarded: {e}"),
            retry_after: None,
        })?;
        match facts {
            Some(facts) => output(&facts),
            None => Err(StepError::Fatal {
                message: "The person this offboarding is about no longer exists in HyOpps.".into(),
            }),
        }
    }

    fn read(context: &StepContext, conn: &Connection) -> Result<Option<Self>, StoreError> {
        let Some(leaver) = context
            .user_id
            .as_deref()
            .map(|id| users::leaver(conn, id))
            .transpose()?
            .flatten()
        else {
            return Ok(None);
        };
        let organization_id = context.organization_id.as_deref().unwrap_or_default();
        let group = |tool: &str| recorded_group(conn, organization_id, tool);
        Ok(Some(Self {
            full_name: format!("{} {}", leaver.firstname, leaver.lastname),
            email: leaver.email,
            organization_name: organizations::name(conn, organization_id)?.unwrap_or_default(),
            metabase_user_id: leaver.metabase_user_id,
            granted: leaver.granted,
            studio_company_ids: leaver.studio_company_ids,
            personal_company_id: leaver.personal_company_id,
            metabase: group("metabase")?,
            teams: group("teams")?,
            slack: group("slack")?,
            keycloak: group("keycloak")?,
        }))
    }

    /// The facts an auto step was handed.
    fn of(facts: &Value) -> Result<Self, StepError> {
        serde_json::from_value(facts.clone()).map_err(|e| StepError::Fatal {
            message: format!("The person being offboarded could not be read: {e}"),
        })
    }

    /// The organisation's group in `system` when there is one. Without one, HyOpps gave no
    /// access there unless it recorded a grant of `resource`, which then cannot be found.
    fn group<'a>(
        &self,
        group: &'a Option<Group>,
        system: &str,
        resource: &str,
    ) -> Result<Option<&'a Group>, StepError> {
        match group {
            Some(group) => Ok(Some(group)),
            None if self.granted.iter().any(|g| g == resource) => Err(StepError::Fatal {
                message: format!(
                    "HyOpps gave {} {system} access, but {} has no {system} group on record: enter it in the organisation's detail and retry, or remove the access in {system} yourself and complete this step by hand.",
                    self.full_name, self.organization_name
                ),
            }),
            None => Ok(None),
        }
    }

    /// The sentence of a system in which the organisation has no group and HyOpps gave nothing.
    fn nothing_in(&self, system: &str) -> String {
        format!(
            "Nothing to remove: {} has no {system} group, so HyOpps gave {} no access there.",
            self.organization_name, self.full_name
        )
    }
}

/// The leaver this execution is about; every step's side effects need them.
fn leaver_of(context: &StepContext) -> Result<String, EngineError> {
    context
        .user_id
        .clone()
        .ok_or_else(|| EngineError::Conflict("This offboarding names no person.".into()))
}

/// Marks the leaver's grant of `resource` revoked, once the step that took it away completed.
fn revoke(
    tx: &Transaction<'_>,
    context: &StepContext,
    resource: &str,
    now: &str,
) -> Result<Applied, EngineError> {
    users::revoke_access(tx, &leaver_of(context)?, resource, now)?;
    Ok(Applied::default())
}
