//! `remove_access`: takes away, in the systems chosen, access a system gives a person that
//! HyOpps did not give (found by the access check), with `offboard_partner_user`'s own steps.
//! The person's HyOpps account and their other systems stay as they are.

use hyopps_contract::StepForm;
use hyopps_store::{Connection, StoreError};
use serde_json::Value;

use super::super::forms::Form;
use super::super::offboard_partner_user::{
    RemoveFromKeycloak, RemoveFromMetabase, RemoveFromSlack, RemoveFromTeams,
};
use super::super::step::{define_workflow, Step};
use super::super::OffboardPartnerUser;
use super::{choice_form, reused_step, Chosen};
use crate::{CompletedBy, StepContext, StepDefinition, StepKind};
use hyopps_connectors::LiveConnectors;

pub struct RemoveAccess {
    offboarding: OffboardPartnerUser,
}

impl RemoveAccess {
    pub fn new(connectors: LiveConnectors) -> Self {
        Self {
            offboarding: OffboardPartnerUser::new(connectors),
        }
    }
}

define_workflow!(RemoveAccess {
    id: "f7f15713-6a73-4ee0-8367-436679be7753",
    name: "remove_access",
    description: "Take away access a system gives a person that HyOpps did not give (found by the access check), with the steps an offboarding takes it with. Only the systems chosen are touched; the person stays in HyOpps.",
    steps: [
        ChooseWhatToRemove,
        RemoveMetabase,
        RemoveTeams,
        RemoveSlack,
        RemoveKeycloak,
    ],
});

/// Step 1: the systems to take the access away in, chosen by the admin's click.
pub(super) struct ChooseWhatToRemove;

impl ChooseWhatToRemove {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "5eb571a0-be77-4a3a-b3ff-1c07d94e8996",
        name: "choose_what_to_remove",
        kind: StepKind::Manual,
        label: "Choose the access to take away",
        description: "The systems in which the access HyOpps did not give is taken away; the others are left as they are.",
        system: None,
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    };
}

impl Step<RemoveAccess> for ChooseWhatToRemove {
    fn validate(&self, form: &mut Form<'_>, _: &StepContext, _: &Connection) -> Option<Value> {
        Chosen::validate(form)?.to_value()
    }

    fn form(&self, _: &StepContext, _: &Connection) -> Result<Option<StepForm>, StoreError> {
        Ok(Some(choice_form(
            &DEFINITION,
            &Self::DEFINITION,
            "Choose the systems in which the person loses the access HyOpps did not give them."
                .into(),
            "Take the access away",
        )))
    }
}

reused_step!(RemoveMetabase in RemoveAccess: RemoveFromMetabase of offboarding, StepDefinition::auto_in(
    "9856c0ea-daa5-455f-85c1-e44160329c27",
    "remove_metabase",
    "Take away Metabase access",
    "Removes the person from the organisation's Metabase group, as offboarding does (an account then in no group is deactivated).",
    "metabase",
));

reused_step!(RemoveTeams in RemoveAccess: RemoveFromTeams of offboarding, StepDefinition::auto_in(
    "0e8e7e1c-ece8-4375-8bb3-bb14ce5131fe",
    "remove_teams",
    "Take away Microsoft Teams access",
    "Removes the person from the team and the organisation's channel, as offboarding does.",
    "teams",
));

reused_step!(RemoveSlack in RemoveAccess: RemoveFromSlack of offboarding, StepDefinition::auto_in(
    "546d4755-8b94-48c7-a856-d25ec2297c0a",
    "remove_slack",
    "Take away Slack access",
    "Removes the person from the organisation's Slack user group, as offboarding does.",
    "slack",
));

reused_step!(RemoveKeycloak in RemoveAccess: RemoveFromKeycloak of offboarding, StepDefinition::auto_in(
    "b708bc9c-2cfe-4d45-9506-04c9ff512537",
    "remove_keycloak",
    "Take away Keycloak access",
    "Takes the person out of the organisation's Keycloak group, as offboarding does (an account then in no group is disabled).",
    "keycloak",
));
