//! Steps 1 and 2: the operations team approves, then every person of the organisation is
//! offboarded in an execution of their own (approved by this one's approval), which this one
//! waits for.

use hyopps_contract::StepForm;
use hyopps_store::{organizations, users, Connection, StoreError, Transaction};
use serde::Serialize;
use serde_json::{json, Value};

use super::super::approval::{approved, reason_field};
use super::super::forms::Form;
use super::super::step::{output, Step};
use super::{organization_of, OffboardPartner, DEFINITION};
use crate::{
    Applied, ChildExecution, CompletedBy, EngineError, Preview, PreviewFuture, StepContext,
    StepDefinition, StepError, StepFuture, StepKind,
};

/// The workflow each person is offboarded with.
const OFFBOARD_PERSON: &str = "offboard_partner_user";

pub(super) struct ApprovePartnerOffboarding;

impl ApprovePartnerOffboarding {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "e3cc8eea-9450-4f6b-a308-cf64da1cecfc",
        name: "approve_partner_offboarding",
        kind: StepKind::Manual,
        label: "Approve the organisation's offboarding",
        description: "The operations team approves taking everything the organisation was given away; nothing is removed before.",
        system: None,
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    };
}

impl Step<OffboardPartner> for ApprovePartnerOffboarding {
    fn validate(&self, form: &mut Form<'_>, _: &StepContext, _: &Connection) -> Option<Value> {
        approved(form)
    }

    fn form(
        &self,
        context: &StepContext,
        conn: &Connection,
    ) -> Result<Option<StepForm>, StoreError> {
        let organization_id = context.organization_id.as_deref().unwrap_or_default();
        let name = organizations::name(conn, organization_id)?.unwrap_or_default();
        let people = users::people_of(conn, organization_id)?.len();
        Ok(Some(StepForm {
            step_order: DEFINITION.order_of(Self::DEFINITION.name).unwrap_or_default(),
            title: Self::DEFINITION.label.into(),
            instructions: vec![format!(
                "Approving offboards {name}'s {people} people, each in an offboarding of their own, then archives its Metabase collection and Teams channel, disables its Slack group and marks it offboarded. Its history stays."
            )],
            fields: vec![reason_field()],
            submit_label: "Approve: offboard the organisation".into(),
            operators_only: Self::DEFINITION.operators_only(),
        }))
    }
}

pub(super) struct OffboardPeople;

impl OffboardPeople {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "74ea7705-8150-4200-bb26-35e665c6ceb2",
        name: "offboard_people",
        kind: StepKind::Auto,
        label: "Offboard every person",
        description: "Starts an offboarding for each person of the organisation; the next steps wait until they have all ended.",
        system: None,
        completed_by: CompletedBy::AnyAdmin,
        by_hand: None,
    };
}

/// What step 2 records.
#[derive(Serialize)]
struct PeopleOffboarding {
    people: String,
}

impl Step<OffboardPartner> for OffboardPeople {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        let organization_id = context.organization_id.as_deref().unwrap_or_default();
        let people = users::people_of(conn, organization_id).map_err(|e| StepError::Retryable {
            message: format!("Could not read the organisation's people: {e}"),
            retry_after: None,
        })?;
        Ok(json!(people.len()))
    }

    fn preview<'a>(
        &'a self,
        _: &'a OffboardPartner,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            Ok(Some(match facts.as_u64().unwrap_or(0) {
                0 => Preview::nothing_to_change(
                    "Nobody to offboard: the organisation has no people.",
                ),
                1 => Preview::changes("Offboards its 1 person, in an offboarding of their own."),
                n => Preview::changes(format!(
                    "Offboards its {n} people, each in an offboarding of their own."
                )),
            }))
        })
    }

    fn run<'a>(
        &'a self,
        _: &'a OffboardPartner,
        _: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let people = match facts.as_u64().unwrap_or(0) {
                0 => "Nobody to offboard: the organisation has no people.".to_string(),
                1 => "1 person, in an offboarding of their own.".to_string(),
                n => format!("{n} people, each in an offboarding of their own."),
            };
            output(&PeopleOffboarding { people })
        })
    }

    /// The children are started in the transaction that completes this step, from the people
    /// the organisation has then; someone already being offboarded is left to that offboarding.
    fn apply(
        &self,
        _: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        _: &str,
    ) -> Result<Applied, EngineError> {
        let organization_id = organization_of(context)?;
        let name = organizations::name(tx, &organization_id)?.unwrap_or_default();
        let mut children = Vec::new();
        for person in users::people_of(tx, &organization_id)? {
            if users::execution_under_way(tx, &person, OFFBOARD_PERSON)? {
                continue;
            }
            children.push(ChildExecution {
                workflow: OFFBOARD_PERSON,
                organization_id: Some(organization_id.clone()),
                user_id: Some(person),
                first_step_input: Some(json!({
                    "offboarding_approved": true,
                    "offboarding_reason": format!("Part of the offboarding of {name}."),
                })),
            });
        }
        Ok(Applied {
            children,
            ..Applied::default()
        })
    }
}
