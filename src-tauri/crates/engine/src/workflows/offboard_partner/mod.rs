//! `offboard_partner`: a partner organisation leaves (7 steps, docs/workflows.md). An operator
//! approves it ([`people`]); every person of the organisation is then offboarded in an
//! `offboard_partner_user` execution of their own, a child of this one, which waits for them
//! all; then the organisation's own places go ([`places`]): its Metabase group's access taken
//! and its collection archived, its Teams channel archived by an operator, its Slack group
//! disabled, its Keycloak group emptied of anyone still in it; last, the organisation is marked
//! offboarded (kept, with its history). Systems it does not use are skipped.

mod people;
mod places;

use hyopps_connectors::LiveConnectors;
use hyopps_store::{organizations, Connection, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::groups::{recorded_group, Group};
use super::step::{define_workflow, output};
use crate::{EngineError, StepContext, StepError};
use people::{ApprovePartnerOffboarding, OffboardPeople};
use places::{
    ArchiveTeamsChannel, CloseMetabase, DisableSlackGroup, EmptyKeycloakGroup, MarkOffboarded,
};

pub struct OffboardPartner {
    connectors: LiveConnectors,
}

impl OffboardPartner {
    pub fn new(connectors: LiveConnectors) -> Self {
        Self { connectors }
    }
}

define_workflow!(OffboardPartner {
    id: "cad87a24-e676-454d-ad9f-6b45b7107e9a",
    name: "offboard_partner",
    description: "Take back everything a partner organisation was given: each of its people offboarded, its Metabase group's access taken and its collection archived, its Teams channel archived, its Slack group disabled, its Keycloak group emptied. The organisation is kept, marked offboarded, with its history.",
    steps: [
        ApprovePartnerOffboarding,
        OffboardPeople,
        CloseMetabase,
        ArchiveTeamsChannel,
        DisableSlackGroup,
        EmptyKeycloakGroup,
        MarkOffboarded,
    ],
});

/// What the steps that act on the organisation's own places read before they run.
#[derive(Debug, Default, Serialize, Deserialize)]
struct PartnerFacts {
    name: String,
    metabase_collection_id: Option<i64>,
    metabase: Option<Group>,
    teams: Option<Group>,
    slack: Option<Group>,
    keycloak: Option<Group>,
}

impl PartnerFacts {
    fn gather(context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        let organization_id = context.organization_id.as_deref().unwrap_or_default();
        let read = || -> Result<Self, StoreError> {
            Ok(Self {
                name: organizations::name(conn, organization_id)?.unwrap_or_default(),
                metabase_collection_id: organizations::integration_state(conn, organization_id)?
                    .metabase_collection_id,
                metabase: recorded_group(conn, organization_id, "metabase")?,
                teams: recorded_group(conn, organization_id, "teams")?,
                slack: recorded_group(conn, organization_id, "slack")?,
                keycloak: recorded_group(conn, organization_id, "keycloak")?,
            })
        };
        let facts = read().map_err(|e| StepError::Retryable {
            message: format!("Could not read the organisation: {e}"),
            retry_after: None,
        })?;
        output(&facts)
    }

    fn of(facts: &Value) -> Result<Self, StepError> {
        serde_json::from_value(facts.clone()).map_err(|e| StepError::Fatal {
            message: format!("The organisation being offboarded could not be read: {e}"),
        })
    }
}

/// The organisation this execution is about; every step's side effects need it.
fn organization_of(context: &StepContext) -> Result<String, EngineError> {
    context
        .organization_id
        .clone()
        .ok_or_else(|| EngineError::Conflict("This offboarding names no organisation.".into()))
}
