//! Step 7: the person's HyOpps account. It goes back to the `user` role, which cannot sign in,
//! and every session it had ends. The account and its history stay; the grants were marked
//! revoked by the steps that took them away.

use hyopps_store::{users, Transaction};
use serde::Serialize;
use serde_json::Value;

use super::super::step::{output, Step};
use super::{leaver_of, OffboardPartnerUser};
use crate::{Applied, CompletedBy, EngineError, StepContext, StepDefinition, StepFuture, StepKind};

pub(super) struct CloseHyoppsAccount;

impl CloseHyoppsAccount {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "7349fa55-70f3-4571-89ea-e754f93f84d4",
        name: "close_hyopps_account",
        kind: StepKind::Auto,
        label: "Close the HyOpps sign-in",
        description: "Ends the person's HyOpps sessions and takes their partner administrator role away; their history stays.",
        system: None,
        completed_by: CompletedBy::AnyAdmin,
        by_hand: None,
    };
}

/// What step 7 records.
#[derive(Serialize)]
struct AccountClosed {
    hyopps: &'static str,
}

impl Step<OffboardPartnerUser> for CloseHyoppsAccount {
    fn run<'a>(
        &'a self,
        _: &'a OffboardPartnerUser,
        _: &'a StepContext,
        _: &'a Value,
    ) -> StepFuture<'a> {
        // Everything happens in the transaction that completes the step (`apply`).
        Box::pin(async {
            output(&AccountClosed {
                hyopps:
                    "Signed out everywhere; the account can no longer sign in. Its history stays.",
            })
        })
    }

    fn apply(
        &self,
        _: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        users::close_account(tx, &leaver_of(context)?, now)?;
        Ok(Applied::default())
    }
}
