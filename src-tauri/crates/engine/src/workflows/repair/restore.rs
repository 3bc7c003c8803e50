//! `restore_access`: gives a person back, in the systems chosen, the access HyOpps recorded for
//! them and the system no longer has, with `new_partner_user`'s own steps (so a Metabase
//! account is found or made and put in the group, a Teams guest invited, and so on, and each
//! grant recorded again by its step).

use hyopps_contract::StepForm;
use hyopps_store::{users, Connection, StoreError};
use serde::Serialize;
use serde_json::Value;

use super::super::forms::Form;
use super::super::new_partner_user::{
    AddUserToMetabaseGroup, AddUserToSlackGroup, AddUserToTeamsChannel, SendStudioInvite,
};
use super::super::step::{define_workflow, Step};
use super::super::NewPartnerUser;
use super::{choice_form, reused_step, Chosen};
use crate::{CompletedBy, StepContext, StepDefinition, StepKind};
use hyopps_connectors::LiveConnectors;

pub struct RestoreAccess {
    onboarding: NewPartnerUser,
}

impl RestoreAccess {
    pub fn new(connectors: LiveConnectors) -> Self {
        Self {
            onboarding: NewPartnerUser::new(connectors),
        }
    }
}

define_workflow!(RestoreAccess {
    id: "29b2a772-c48a-4722-af99-5dbfae78ed26",
    name: "restore_access",
    description: "Give a person back the access HyOpps recorded for them and a system no longer has (found by the access check), with the steps that gave it. Only the systems chosen are touched.",
    steps: [
        ChooseWhatToRestore,
        RestoreMetabase,
        RestoreTeams,
        RestoreSlack,
        RestoreKeycloak,
    ],
});

/// Step 1: the systems to give back, chosen by the admin's click on the access check.
pub(super) struct ChooseWhatToRestore;

impl ChooseWhatToRestore {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "961be73d-4a1e-478e-a746-aad4f4a208fa",
        name: "choose_what_to_restore",
        kind: StepKind::Manual,
        label: "Choose the access to give back",
        description: "The systems in which the person gets back the access HyOpps recorded; the others are left as they are.",
        system: None,
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    };
}

/// What step 1 records: the choice, and the person as `new_partner_user`'s steps read them.
#[derive(Serialize)]
struct ChosenFor {
    #[serde(flatten)]
    chosen: Chosen,
    email: String,
    firstname: String,
    lastname: String,
}

impl Step<RestoreAccess> for ChooseWhatToRestore {
    fn validate(
        &self,
        form: &mut Form<'_>,
        context: &StepContext,
        conn: &Connection,
    ) -> Option<Value> {
        let chosen = Chosen::validate(form)?;
        let person = context
            .user_id
            .as_deref()
            .and_then(|id| users::leaver(conn, id).ok().flatten());
        let Some(person) = person else {
            form.fail("systems", "This repair names no person HyOpps knows.");
            return None;
        };
        serde_json::to_value(ChosenFor {
            chosen,
            email: person.email,
            firstname: person.firstname,
            lastname: person.lastname,
        })
        .ok()
        .or_else(|| Chosen::default().to_value())
    }

    fn form(&self, _: &StepContext, _: &Connection) -> Result<Option<StepForm>, StoreError> {
        Ok(Some(choice_form(
            &DEFINITION,
            &Self::DEFINITION,
            "Choose the systems in which the person gets back the access HyOpps recorded for them."
                .into(),
            "Give the access back",
        )))
    }
}

reused_step!(RestoreMetabase in RestoreAccess: AddUserToMetabaseGroup of onboarding, StepDefinition {
    id: "3682ceb7-19ef-4496-8a42-6a16d9f02f2d",
    name: "restore_metabase",
    kind: StepKind::Auto,
    label: "Give back Metabase access",
    description: "Finds or creates the person's Metabase account and adds it to the organisation's Metabase group, as onboarding does.",
    system: Some("metabase"),
    completed_by: CompletedBy::AnyAdmin,
    by_hand: AddUserToMetabaseGroup::DEFINITION.by_hand,
});

reused_step!(RestoreTeams in RestoreAccess: AddUserToTeamsChannel of onboarding, StepDefinition {
    id: "802ac183-078c-4099-b11d-eb13321b334d",
    name: "restore_teams",
    kind: StepKind::Auto,
    label: "Give back Microsoft Teams access",
    description: "Invites the person as a guest if needed and adds them to the team and the organisation's channel, as onboarding does.",
    system: Some("teams"),
    completed_by: CompletedBy::AnyAdmin,
    by_hand: AddUserToTeamsChannel::DEFINITION.by_hand,
});

reused_step!(RestoreSlack in RestoreAccess: AddUserToSlackGroup of onboarding, StepDefinition {
    id: "39fd8382-6092-44d0-a41a-448c023cdfb2",
    name: "restore_slack",
    kind: StepKind::Auto,
    label: "Give back Slack access",
    description: "Adds the person's Slack account to the organisation's user group, as onboarding does.",
    system: Some("slack"),
    completed_by: CompletedBy::AnyAdmin,
    by_hand: AddUserToSlackGroup::DEFINITION.by_hand,
});

reused_step!(RestoreKeycloak in RestoreAccess: SendStudioInvite of onboarding, StepDefinition {
    id: "e131269f-ef16-4273-80dd-521d64530d14",
    name: "restore_keycloak",
    kind: StepKind::Auto,
    label: "Give back Keycloak access",
    description: "Puts the person's Keycloak account back in the organisation's group (creating it, with an invitation, if it is gone), as onboarding does.",
    system: Some("keycloak"),
    completed_by: CompletedBy::AnyAdmin,
    by_hand: SendStudioInvite::DEFINITION.by_hand,
});
