//! Step 1: an operator confirms the move and picks the new organisation's Studio companies for
//! the person. What the person leaves is read here, before anything changes: the organisation
//! they belong to now.

use hyopps_contract::{FieldKind, StepForm};
use hyopps_store::{organizations, users, Connection, StoreError};
use serde_json::Value;

use super::super::forms::{field, studio_companies_field, Form, MAX_TEXT};
use super::super::step::{output, Step};
use super::{MoveConfirmed, MovePartnerUser, DEFINITION};
use crate::{CompletedBy, StepContext, StepDefinition, StepKind};

pub(super) struct ConfirmMove;

impl ConfirmMove {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "e9b6d916-3755-4881-8cb5-84e50239d026",
        name: "confirm_move",
        kind: StepKind::Manual,
        label: "Confirm the move",
        description: "The operations team confirms the move and chooses the new organisation's Studio companies for the person; nothing changes before.",
        system: None,
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    };
}

impl Step<MovePartnerUser> for ConfirmMove {
    fn validate(
        &self,
        form: &mut Form<'_>,
        context: &StepContext,
        conn: &Connection,
    ) -> Option<Value> {
        let to = context.organization_id.clone().unwrap_or_default();
        let companies: Vec<String> = organizations::studio_companies(conn, &to)
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.id)
            .collect();
        let selected_studio_company_ids = form.choices("selected_studio_company_ids", &companies);
        let move_reason = form.optional_text("reason", MAX_TEXT);
        let person = context
            .user_id
            .as_deref()
            .and_then(|id| users::leaver(conn, id).ok().flatten());
        let from = person.as_ref().and_then(|p| p.organization_id.clone());
        let Some(from_organization_id) = from else {
            form.fail(
                "step",
                "The person belongs to no organisation any more: there is nothing to move them from.",
            );
            return None;
        };
        if from_organization_id == to {
            form.fail("step", "The person already belongs to this organisation.");
            return None;
        }
        let from_organization_name = organizations::name(conn, &from_organization_id)
            .ok()
            .flatten()
            .unwrap_or_default();
        output(&MoveConfirmed {
            from_organization_id,
            from_organization_name,
            selected_studio_company_ids,
            move_reason,
        })
        .ok()
    }

    fn form(
        &self,
        context: &StepContext,
        conn: &Connection,
    ) -> Result<Option<StepForm>, StoreError> {
        let to = context.organization_id.as_deref().unwrap_or_default();
        let person = match context.user_id.as_deref() {
            Some(id) => users::leaver(conn, id)?,
            None => None,
        };
        let from = match person.as_ref().and_then(|p| p.organization_id.as_deref()) {
            Some(id) => organizations::name(conn, id)?,
            None => None,
        };
        let who = person
            .as_ref()
            .map(|p| format!("{} {} <{}>", p.firstname, p.lastname, p.email))
            .unwrap_or_else(|| "the person".into());
        let to_name = organizations::name(conn, to)?.unwrap_or_default();
        let companies = organizations::studio_companies(conn, to)?;
        Ok(Some(StepForm {
            step_order: DEFINITION.order_of(Self::DEFINITION.name).unwrap_or_default(),
            title: Self::DEFINITION.label.into(),
            instructions: vec![format!(
                "Confirming moves {who} from {} to {to_name}: out of the old organisation's groups in Metabase, Teams, Slack, Keycloak and Studio, into the new one's. Their accounts stay; no new invitation is sent.",
                from.unwrap_or_else(|| "their organisation".into())
            )],
            fields: vec![
                studio_companies_field(&format!("{to_name}'s Studio companies for them"), companies),
                field("reason", "Reason (optional)", FieldKind::TextArea, false, None),
            ],
            submit_label: "Confirm: move them".into(),
            operators_only: Self::DEFINITION.operators_only(),
        }))
    }
}
