//! `new_partner_user`: add a user to an existing partner organisation (9 steps,
//! docs/workflows.md). The person's details are in [`details`], Studio and Keycloak in
//! [`studio`], Metabase, Teams, Slack and the documentation in [`access`]; each step is its
//! definition and its behaviour side by side, with typed outputs between them.

mod access;
mod details;
mod studio;

use hyopps_connectors::LiveConnectors;
use hyopps_store::{organizations, users, Connection, StoreError, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::groups::{recorded_group, Group};
use super::step::{define_workflow, output, recorded, Required};
use crate::{Applied, EngineError, Preview, StepContext, StepError};
use access::ShareDocumentation;
pub(super) use access::{AddUserToMetabaseGroup, AddUserToSlackGroup, AddUserToTeamsChannel};
use details::{InputUserDetails, SelectOrganization};
pub(super) use studio::SendStudioInvite;
use studio::{AddUserToStudioCompanies, CreateStudioUserCompany};

pub struct NewPartnerUser {
    connectors: LiveConnectors,
}

impl NewPartnerUser {
    pub fn new(connectors: LiveConnectors) -> Self {
        Self { connectors }
    }
}

define_workflow!(NewPartnerUser {
    id: "1bbbf5d4-b379-4004-b762-dd9584020fe2",
    name: "new_partner_user",
    description: "Add a user to an existing partner organisation and give them access to Studio, Metabase, Teams, Slack and the documentation.",
    steps: [
        SelectOrganization,
        InputUserDetails,
        AddUserToStudioCompanies,
        AddUserToMetabaseGroup,
        AddUserToTeamsChannel,
        AddUserToSlackGroup,
        CreateStudioUserCompany,
        SendStudioInvite,
        ShareDocumentation,
    ],
});

/// The person step 2 recorded, as every auto step reads them.
#[derive(Deserialize)]
struct Person {
    email: Required,
    firstname: Required,
    lastname: Required,
}

impl Person {
    fn recorded(context: &StepContext) -> Result<Self, StepError> {
        recorded(context)
    }

    /// The person as a preview sees them: `None` while step 2's form is not filled in.
    fn to_preview(context: &StepContext) -> Option<Self> {
        Self::recorded(context).ok()
    }

    /// What a preview says before the person's details are known.
    fn not_known_yet() -> Preview {
        Preview::cannot_tell(
            "Fill in the person's details (step 2) to see what this step will find.",
        )
    }

    fn full_name(&self) -> String {
        format!("{} {}", &*self.firstname, &*self.lastname)
    }
}

/// The Studio companies (HyOpps ids) step 2 chose for the person.
#[derive(Default, Deserialize)]
struct SelectedCompanies {
    #[serde(default)]
    selected_studio_company_ids: Vec<String>,
}

impl SelectedCompanies {
    fn recorded(context: &StepContext) -> Vec<String> {
        recorded::<Self>(context)
            .unwrap_or_default()
            .selected_studio_company_ids
    }
}

/// What the auto steps read from the database before they run.
#[derive(Debug, Default, Serialize, Deserialize)]
struct OrganizationFacts {
    organization_name: Option<String>,
    metabase: Option<Group>,
    teams: Option<Group>,
    slack: Option<Group>,
    keycloak: Option<Group>,
    /// The Studio ids of the companies step 2 chose.
    studio_ids: Vec<String>,
    documentation: Vec<(String, String)>,
}

impl OrganizationFacts {
    fn gather(context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        Self::read(context, conn)
            .map_err(|e| StepError::Retryable {
                message: format!("Could not read the organisation: {e}"),
                retry_after: None,
            })
            .and_then(|facts| output(&facts))
    }

    fn read(context: &StepContext, conn: &Connection) -> Result<Self, StoreError> {
        let Some(organization_id) = context.organization_id.as_deref() else {
            return Ok(Self::default());
        };
        let group = |tool: &str| recorded_group(conn, organization_id, tool);
        let selected = SelectedCompanies::recorded(context);
        let studio_ids = organizations::studio_companies(conn, organization_id)?
            .into_iter()
            .filter(|c| selected.contains(&c.id))
            .map(|c| c.studio_id)
            .collect();
        Ok(Self {
            organization_name: organizations::name(conn, organization_id)?,
            metabase: group("metabase")?,
            teams: group("teams")?,
            slack: group("slack")?,
            keycloak: group("keycloak")?,
            studio_ids,
            documentation: organizations::documentation_links(conn, organization_id)?,
        })
    }

    /// The facts an auto step was handed (none: the organisation was not known).
    fn of(facts: &Value) -> Self {
        serde_json::from_value(facts.clone()).unwrap_or_default()
    }

    fn organization_name(&self) -> &str {
        self.organization_name.as_deref().unwrap_or_default()
    }

    /// The organisation's group in `system`, or what to do about its absence.
    fn group<'a>(&self, group: &'a Option<Group>, system: &str) -> Result<&'a Group, StepError> {
        group.as_ref().ok_or_else(|| {
            let organization = self.organization_name.as_deref().unwrap_or("The organisation");
            StepError::Fatal {
                message: format!(
                    "{organization} has no {system} group yet: run new_partner for it, or enter the group in the organisation's detail, then retry."
                ),
            }
        })
    }
}

/// The organisation step 1 chose; every later step's side effects need it.
fn organization_of(context: &StepContext) -> Result<String, EngineError> {
    context
        .organization_id
        .clone()
        .ok_or_else(|| EngineError::Conflict("This execution has no organisation yet.".into()))
}

/// The user step 2 created or found; every later step's side effects need them.
fn user_of(context: &StepContext) -> Result<String, EngineError> {
    context
        .user_id
        .clone()
        .ok_or_else(|| EngineError::Conflict("This execution has no user yet.".into()))
}

/// Records the access a step gave the execution's person (step 1's organisation and step 2's
/// person must be there). Each access is recorded by the step that gives it, so a run that
/// stops half-way leaves on record what it did give.
fn grant(
    tx: &Transaction<'_>,
    context: &StepContext,
    resource: &str,
    now: &str,
) -> Result<Applied, EngineError> {
    organization_of(context)?;
    users::grant_access(
        tx,
        &user_of(context)?,
        resource,
        context.requested_by.as_deref(),
        &context.execution_id,
        now,
    )?;
    Ok(Applied::default())
}
