//! Step 1: the operations team approves the offboarding before anything is taken away. A
//! partner admin's request waits here for them; an admin who starts one approves it by
//! starting it (the app submits this step for them).

use hyopps_contract::StepForm;
use hyopps_store::{users, Connection, StoreError};
use serde_json::Value;

use super::super::approval::{approved, reason_field};
use super::super::forms::Form;
use super::super::step::Step;
use super::{OffboardPartnerUser, DEFINITION};
use crate::{CompletedBy, StepContext, StepDefinition, StepKind};

pub(super) struct ApproveOffboarding;

impl ApproveOffboarding {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "63ed5e17-1380-47b6-bc19-a9e5573a97a3",
        name: "approve_offboarding",
        kind: StepKind::Manual,
        label: "Approve the offboarding",
        description: "The operations team approves taking the person's access away; nothing is removed before.",
        system: None,
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    };
}

impl Step<OffboardPartnerUser> for ApproveOffboarding {
    fn validate(&self, form: &mut Form<'_>, _: &StepContext, _: &Connection) -> Option<Value> {
        approved(form)
    }

    fn form(
        &self,
        context: &StepContext,
        conn: &Connection,
    ) -> Result<Option<StepForm>, StoreError> {
        let who = match context.user_id.as_deref() {
            Some(id) => users::leaver(conn, id)?
                .map(|l| format!("{} {} <{}>", l.firstname, l.lastname, l.email)),
            None => None,
        }
        .unwrap_or_else(|| "this person".into());
        Ok(Some(StepForm {
            step_order: DEFINITION
                .order_of(Self::DEFINITION.name)
                .unwrap_or_default(),
            title: Self::DEFINITION.label.into(),
            instructions: vec![format!(
                "Approving takes {who}'s access away from Metabase, Teams, Slack, Keycloak and Studio, and ends their HyOpps sign-in. Their history stays."
            )],
            fields: vec![reason_field()],
            submit_label: "Approve: take the access away".into(),
            operators_only: Self::DEFINITION.operators_only(),
        }))
    }
}
