//! `new_partner`: onboard a new partner organisation (8 steps, docs/workflows.md). The steps
//! a person completes are in [`manual`], the ones HyOpps runs against the systems in [`systems`];
//! each is its definition and its behaviour side by side, with typed outputs between them.

mod manual;
mod systems;

use hyopps_connectors::LiveConnectors;
use hyopps_store::{organizations, Transaction};
use serde::Deserialize;

use super::forms::invalid;
use super::step::{define_workflow, recorded, Required};
use crate::{EngineError, StepContext, StepError};
use manual::{InputStudioCompanies, LmsSetup, TriggerInfrabot};
use systems::{
    CloneMetabaseCollection, CreateMetabaseGroup, CreateSlackGroup, CreateTeamsChannel,
    GrantMetabaseDbAccess,
};

pub struct NewPartner {
    connectors: LiveConnectors,
}

impl NewPartner {
    pub fn new(connectors: LiveConnectors) -> Self {
        Self { connectors }
    }
}

define_workflow!(NewPartner {
    id: "62881516-a050-43c4-816f-d2d9c2f41aa7",
    name: "new_partner",
    description: "Onboard a new partner organisation: Studio companies, Keycloak credentials, Metabase collection, group and data access, Teams channel, Slack group and the LMS learning path.",
    steps: [
        InputStudioCompanies,
        TriggerInfrabot,
        CloneMetabaseCollection,
        CreateMetabaseGroup,
        GrantMetabaseDbAccess,
        CreateTeamsChannel,
        CreateSlackGroup,
        LmsSetup,
    ],
});

/// What every auto step reads: the organisation's name, entered in step 1.
#[derive(Deserialize)]
struct OrganizationNamed {
    organization_name: Required,
}

impl OrganizationNamed {
    fn recorded(context: &StepContext) -> Result<Required, StepError> {
        recorded::<Self>(context).map(|named| named.organization_name)
    }
}

/// The organisation step 1 created or found; every later step's side effects need it.
fn organization_of(context: &StepContext) -> Result<String, EngineError> {
    context
        .organization_id
        .clone()
        .ok_or_else(|| EngineError::Conflict("This execution has no organisation yet.".into()))
}

/// Keeps the group (or channel) a system gave the organisation.
fn set_group(
    tx: &Transaction<'_>,
    organization_id: &str,
    tool: &str,
    id: &str,
    name: &str,
    now: &str,
) -> Result<(), EngineError> {
    if id.is_empty() {
        return Err(invalid("external_id", "Enter the id the system gave it."));
    }
    organizations::set_system_group(tx, organization_id, tool, id, name, now)?;
    Ok(())
}
