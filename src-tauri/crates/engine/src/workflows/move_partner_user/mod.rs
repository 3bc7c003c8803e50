//! `move_partner_user`: a person moves to another partner organisation (7 steps,
//! docs/workflows.md). It starts about the person and the organisation they move to. An
//! operator confirms it and picks the new organisation's Studio companies ([`confirm`]); then
//! one step per system moves them from the old organisation's group to the new one's, keeping
//! their accounts ([`systems`], [`studio`]); the last moves their HyOpps account ([`account`]).
//!
//! Unlike the other workflows, a system the new organisation does not use is not skipped: the
//! old organisation's access there still has to go. Each step says what it did on both sides.

mod account;
mod confirm;
mod look_ahead;
mod studio;
mod systems;

use hyopps_connectors::LiveConnectors;
use hyopps_contract::PartnerSystem;
use hyopps_store::{organizations, users, Connection, StoreError, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::groups::{recorded_group, Group};
use super::step::{define_workflow, output, recorded};
use crate::{Applied, EngineError, StepContext, StepError, UnusedSystems};
use account::MoveHyoppsAccount;
use confirm::ConfirmMove;
use studio::MoveStudioAccess;
use systems::{MoveInKeycloak, MoveInMetabase, MoveInSlack, MoveInTeams};

pub struct MovePartnerUser {
    connectors: LiveConnectors,
}

impl MovePartnerUser {
    pub fn new(connectors: LiveConnectors) -> Self {
        Self { connectors }
    }
}

define_workflow!(MovePartnerUser {
    id: "4d2085fc-02ee-45ea-b285-73a2dc1d49f3",
    name: "move_partner_user",
    description: "Move a person to another partner organisation: out of the old organisation's groups in Metabase, Teams, Slack, Keycloak and Studio and into the new one's, keeping their accounts.",
    unused_systems: UnusedSystems::LeftToTheSteps,
    steps: [
        ConfirmMove,
        MoveInMetabase,
        MoveInTeams,
        MoveInSlack,
        MoveInKeycloak,
        MoveStudioAccess,
        MoveHyoppsAccount,
    ],
});

/// What step 1 recorded: where the person comes from, and the new organisation's Studio
/// companies chosen for them (`studio_companies.id`).
#[derive(Debug, Serialize, Deserialize)]
struct MoveConfirmed {
    from_organization_id: String,
    from_organization_name: String,
    #[serde(default)]
    selected_studio_company_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    move_reason: Option<String>,
}

/// One organisation's side of the move: its name, the systems it leaves out and its groups.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Side {
    name: String,
    unused: Vec<String>,
    metabase: Option<Group>,
    teams: Option<Group>,
    slack: Option<Group>,
    keycloak: Option<Group>,
}

impl Side {
    fn read(conn: &Connection, organization_id: &str) -> Result<Self, StoreError> {
        let group = |tool: &str| recorded_group(conn, organization_id, tool);
        Ok(Self {
            name: organizations::name(conn, organization_id)?.unwrap_or_default(),
            unused: organizations::unused_systems(conn, organization_id)?,
            metabase: group("metabase")?,
            teams: group("teams")?,
            slack: group("slack")?,
            keycloak: group("keycloak")?,
        })
    }

    fn uses(&self, system: PartnerSystem) -> bool {
        !self.unused.iter().any(|u| u == system.as_str())
    }
}

/// What the auto steps read before they run: the person and both organisations.
#[derive(Debug, Default, Serialize, Deserialize)]
struct MoveFacts {
    email: String,
    firstname: String,
    lastname: String,
    metabase_user_id: Option<i64>,
    /// The Studio ids of the companies they have access to now (the old organisation's).
    studio_company_ids: Vec<String>,
    personal_company_id: Option<String>,
    /// The Studio ids of the new organisation's companies step 1 chose.
    new_studio_ids: Vec<String>,
    from: Side,
    to: Side,
}

impl MoveFacts {
    fn gather(context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        let confirmed: MoveConfirmed = recorded(context)?;
        let facts = Self::read(context, conn, &confirmed).map_err(|e| StepError::Retryable {
            message: format!("Could not read the person being moved: {e}"),
            retry_after: None,
        })?;
        match facts {
            Some(facts) => output(&facts),
            None => Err(StepError::Fatal {
                message: "The person this move is about no longer exists in HyOpps.".into(),
            }),
        }
    }

    fn read(
        context: &StepContext,
        conn: &Connection,
        confirmed: &MoveConfirmed,
    ) -> Result<Option<Self>, StoreError> {
        let Some(person) = context
            .user_id
            .as_deref()
            .map(|id| users::leaver(conn, id))
            .transpose()?
            .flatten()
        else {
            return Ok(None);
        };
        let to = context.organization_id.as_deref().unwrap_or_default();
        let new_studio_ids = organizations::studio_companies(conn, to)?
            .into_iter()
            .filter(|c| confirmed.selected_studio_company_ids.contains(&c.id))
            .map(|c| c.studio_id)
            .collect();
        Ok(Some(Self {
            email: person.email,
            firstname: person.firstname,
            lastname: person.lastname,
            metabase_user_id: person.metabase_user_id,
            studio_company_ids: person.studio_company_ids,
            personal_company_id: person.personal_company_id,
            new_studio_ids,
            from: Side::read(conn, &confirmed.from_organization_id)?,
            to: Side::read(conn, to)?,
        }))
    }

    /// The facts an auto step was handed.
    fn of(facts: &Value) -> Result<Self, StepError> {
        serde_json::from_value(facts.clone()).map_err(|e| StepError::Fatal {
            message: format!("The person being moved could not be read: {e}"),
        })
    }

    fn full_name(&self) -> String {
        format!("{} {}", self.firstname, self.lastname)
    }

    /// The new organisation's group in `system`, which a system it uses must have.
    fn new_group<'a>(
        &self,
        group: &'a Option<Group>,
        system: &str,
    ) -> Result<&'a Group, StepError> {
        group.as_ref().ok_or_else(|| StepError::Fatal {
            message: format!(
                "{} has no {system} group yet: run new_partner for it, or enter the group in the organisation's detail, then retry.",
                self.to.name
            ),
        })
    }

    /// The sentence of a system the new organisation does not use.
    fn not_added(&self, system: PartnerSystem) -> String {
        format!(
            "{} is not used by {}: not added.",
            system.label(),
            self.to.name
        )
    }

    /// The sentence of a system in which the old organisation has no group.
    fn nothing_to_leave(&self, system: &str) -> String {
        format!(
            "{} has no {system} group: nothing to leave.",
            self.from.name
        )
    }
}

/// What a system step did with the person's access in that system, once moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum AccessAfterMove {
    /// Given in the new organisation's group.
    Moved,
    /// The new organisation does not use the system: only taken away.
    TakenAway,
}

impl AccessAfterMove {
    fn of(uses: bool) -> Self {
        if uses {
            AccessAfterMove::Moved
        } else {
            AccessAfterMove::TakenAway
        }
    }
}

/// What every system step records besides its sentence.
#[derive(Deserialize)]
struct SystemMoved {
    access: AccessAfterMove,
}

/// The person this move is about; every step's side effects need them.
fn mover_of(context: &StepContext) -> Result<String, EngineError> {
    context
        .user_id
        .clone()
        .ok_or_else(|| EngineError::Conflict("This move names no person.".into()))
}

/// Records what a system step did to the person's grant of `resource`: granted again by this
/// execution when moved, revoked when the new organisation does not use the system.
fn record_access(
    result: &Value,
    context: &StepContext,
    tx: &Transaction<'_>,
    resource: &str,
    now: &str,
) -> Result<Applied, EngineError> {
    let moved: SystemMoved = serde_json::from_value(result.clone())
        .map_err(|e| EngineError::Conflict(format!("The step's result is incomplete: {e}")))?;
    let person = mover_of(context)?;
    match moved.access {
        AccessAfterMove::Moved => users::grant_access(
            tx,
            &person,
            resource,
            context.requested_by.as_deref(),
            &context.execution_id,
            now,
        )?,
        AccessAfterMove::TakenAway => {
            users::revoke_access(tx, &person, resource, now)?;
        }
    }
    Ok(Applied::default())
}
