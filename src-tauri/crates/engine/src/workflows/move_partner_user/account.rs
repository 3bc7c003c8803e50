//! Step 7: the person's HyOpps account moves to the new organisation. A partner administrator
//! was one for the old organisation only: the role does not move with them (an admin gives it
//! again on their page), and their sessions end.

use hyopps_store::{users, Transaction};
use serde::Serialize;
use serde_json::Value;

use super::super::step::{output, Step};
use super::{mover_of, MovePartnerUser};
use crate::{Applied, CompletedBy, EngineError, StepContext, StepDefinition, StepFuture, StepKind};

pub(super) struct MoveHyoppsAccount;

impl MoveHyoppsAccount {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "60828613-5b09-473d-9aa4-d326d8230cb8",
        name: "move_hyopps_account",
        kind: StepKind::Auto,
        label: "Move the HyOpps account",
        description: "Makes the person one of the new organisation's people in HyOpps; a partner administrator's role stays with the old organisation.",
        system: None,
        completed_by: CompletedBy::AnyAdmin,
        by_hand: None,
    };
}

/// What step 7 records.
#[derive(Serialize)]
struct AccountMoved {
    hyopps: &'static str,
}

impl Step<MovePartnerUser> for MoveHyoppsAccount {
    fn run<'a>(
        &'a self,
        _: &'a MovePartnerUser,
        _: &'a StepContext,
        _: &'a Value,
    ) -> StepFuture<'a> {
        // The change itself happens in the transaction that completes the step (`apply`).
        Box::pin(async { Ok(Value::Object(serde_json::Map::new())) })
    }

    fn apply(
        &self,
        _: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        let person = mover_of(context)?;
        let to = context
            .organization_id
            .clone()
            .ok_or_else(|| EngineError::Conflict("This move names no organisation.".into()))?;
        let was_partner_admin = users::move_to_organization(tx, &person, &to, now)?;
        let hyopps = if was_partner_admin {
            "Now one of the new organisation's people. They were a partner administrator of the old one: that role does not move with them, and they were signed out. Make them one here on their page if they should be."
        } else {
            "Now one of the new organisation's people."
        };
        let said = output(&AccountMoved { hyopps })
            .map_err(|e| EngineError::Conflict(e.message().to_string()))?;
        Ok(Applied {
            output: Some(said),
            ..Applied::default()
        })
    }
}
