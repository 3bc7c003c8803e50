//! `new_partner_user`'s Studio steps: the organisation's companies, the personal company and
//! the invitation (a Keycloak account in the organisation's group). Without a Studio webhook
//! the two Studio steps become tasks for the operations team.

use hyopps_contract::{FieldKind, StepForm};
use hyopps_store::{organizations, users, Connection, StoreError, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::super::forms::{field, invalid, Form, MAX_LINE};
use super::super::look_ahead;
use super::super::names::external_group_name;
use super::super::step::{output, recorded, Step};
use super::super::{HandCompletion, IdKind};
use super::{
    grant, organization_of, user_of, NewPartnerUser, OrganizationFacts, Person, SelectedCompanies,
    DEFINITION,
};
use crate::{
    Applied, CompletedBy, EngineError, PreviewFuture, StepContext, StepDefinition, StepError,
    StepFuture, StepKind,
};

/// A Studio task's form: the operations team's, as Studio's administration is theirs alone.
fn task_form(
    step: &StepDefinition,
    title: &str,
    instruction: &str,
    fields: Vec<hyopps_contract::FormField>,
    submit_label: &str,
) -> StepForm {
    StepForm {
        step_order: DEFINITION.order_of(step.name).unwrap_or_default(),
        title: title.into(),
        instructions: vec![instruction.into()],
        fields,
        submit_label: submit_label.into(),
        operators_only: step.operators_only(),
    }
}

/// Step 3.
pub(super) struct AddUserToStudioCompanies;

impl AddUserToStudioCompanies {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "854a7afa-3a43-4be3-b0c4-1b9c05bf0a86",
        name: "add_user_to_studio_companies",
        kind: StepKind::Auto,
        label: "Add to the Studio companies",
        description: "Grants the user the selected Studio companies.",
        system: Some("studio"),
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    };
}

/// What step 3 records when it ran (the Studio ids it granted).
#[derive(Serialize)]
struct StudioCompaniesGranted {
    studio_companies_granted: Vec<String>,
}

/// What step 3 takes as a task.
#[derive(Serialize)]
struct StudioAccessConfirmed {
    studio_access_confirmed: bool,
}

impl Step<NewPartnerUser> for AddUserToStudioCompanies {
    fn validate(&self, form: &mut Form<'_>, _: &StepContext, _: &Connection) -> Option<Value> {
        form.confirmed(
            "studio_access_confirmed",
            "Confirm that the user has access to the companies in Studio.",
        );
        output(&StudioAccessConfirmed {
            studio_access_confirmed: true,
        })
        .ok()
    }

    fn form(&self, _: &StepContext, _: &Connection) -> Result<Option<StepForm>, StoreError> {
        Ok(Some(task_form(
            &Self::DEFINITION,
            "Give access to the Studio companies",
            "In Studio, give the user access to the companies chosen in step 2, then confirm.",
            vec![field(
                "studio_access_confirmed",
                "The user has access in Studio",
                FieldKind::Checkbox,
                true,
                None,
            )],
            "Confirm",
        )))
    }

    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        OrganizationFacts::gather(context, conn)
    }

    fn run<'a>(
        &'a self,
        workflow: &'a NewPartnerUser,
        context: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let person = Person::recorded(context)?;
            let studio_ids = OrganizationFacts::of(facts).studio_ids;
            if !studio_ids.is_empty() {
                workflow
                    .connectors
                    .current()
                    .studio
                    .grant_companies(&person.email, &studio_ids)
                    .await?;
            }
            output(&StudioCompaniesGranted {
                studio_companies_granted: studio_ids,
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
        organization_of(context)?;
        let user_id = user_of(context)?;
        let selected = SelectedCompanies::recorded(context);
        for company in &selected {
            users::grant_studio_access(tx, &user_id, company, now)?;
        }
        if !selected.is_empty() {
            grant(tx, context, "Studio", now)?;
        }
        Ok(Applied::default())
    }
}

/// Step 7.
pub(super) struct CreateStudioUserCompany;

impl CreateStudioUserCompany {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "9f92aa50-1c79-411d-9620-7a7cf226729a",
        name: "create_studio_user_company",
        kind: StepKind::Auto,
        label: "Create the personal Studio company",
        description: "Creates the user's personal Studio company.",
        system: Some("studio"),
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: Some(HandCompletion::new(
            "studio_user_company_id",
            "Studio company id",
            IdKind::Text,
        )),
    };
}

/// What step 7 records, run or as a task (by hand: the id alone).
#[derive(Serialize, Deserialize)]
struct PersonalCompany {
    #[serde(default)]
    studio_user_company_id: String,
    #[serde(default)]
    studio_user_company_name: String,
}

impl Step<NewPartnerUser> for CreateStudioUserCompany {
    fn validate(&self, form: &mut Form<'_>, _: &StepContext, _: &Connection) -> Option<Value> {
        let studio_user_company_id = form.text("studio_user_company_id", 64);
        let studio_user_company_name = form.text("studio_user_company_name", MAX_LINE);
        output(&PersonalCompany {
            studio_user_company_id,
            studio_user_company_name,
        })
        .ok()
    }

    fn form(&self, _: &StepContext, _: &Connection) -> Result<Option<StepForm>, StoreError> {
        Ok(Some(task_form(
            &Self::DEFINITION,
            Self::DEFINITION.label,
            "In Studio, create the user's personal company, then enter its id and name.",
            vec![
                field(
                    "studio_user_company_id",
                    "Studio company id",
                    FieldKind::Text,
                    true,
                    None,
                ),
                field(
                    "studio_user_company_name",
                    "Studio company name",
                    FieldKind::Text,
                    true,
                    None,
                ),
            ],
            "Save",
        )))
    }

    fn run<'a>(
        &'a self,
        workflow: &'a NewPartnerUser,
        context: &'a StepContext,
        _: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let person = Person::recorded(context)?;
            let company = workflow
                .connectors
                .current()
                .studio
                .create_user_company(&person.email, &person.full_name())
                .await?;
            output(&PersonalCompany {
                studio_user_company_id: company.id,
                studio_user_company_name: company.name,
            })
        })
    }

    fn apply(
        &self,
        result: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        organization_of(context)?;
        let user_id = user_of(context)?;
        let company: PersonalCompany =
            serde_json::from_value(result.clone()).unwrap_or(PersonalCompany {
                studio_user_company_id: String::new(),
                studio_user_company_name: String::new(),
            });
        if company.studio_user_company_id.is_empty() {
            return Err(invalid(
                "external_id",
                "Enter the Studio id of the user's company.",
            ));
        }
        let name = if company.studio_user_company_name.is_empty() {
            let named: NamesRecorded = recorded(context).unwrap_or_default();
            format!("{} {}", named.firstname, named.lastname)
        } else {
            company.studio_user_company_name
        };
        users::set_personal_studio_company(
            tx,
            &user_id,
            &company.studio_user_company_id,
            &name,
            now,
        )?;
        Ok(Applied::default())
    }
}

/// The person's names as step 2 recorded them, for a company entered by hand without a name.
#[derive(Default, Deserialize)]
struct NamesRecorded {
    #[serde(default)]
    firstname: String,
    #[serde(default)]
    lastname: String,
}

/// Step 8.
pub(in crate::workflows) struct SendStudioInvite;

impl SendStudioInvite {
    pub const DEFINITION: StepDefinition = StepDefinition {
            id: "05eac8df-699e-4ec2-9221-b53473aeb4a1",
            name: "send_studio_invite",
            kind: StepKind::Auto,
            label: "Send the Studio invitation",
            description: "Creates the user in Keycloak, adds them to the organisation's Keycloak group and sends the verify-email and set-password email.",
            system: Some("keycloak"),
            completed_by: CompletedBy::AnyAdmin,
            by_hand: Some(HandCompletion::new("keycloak_user_id", "Keycloak user id", IdKind::Text)),
        };
}

/// What step 8 records (by hand: the user id alone).
#[derive(Serialize, Deserialize)]
struct StudioInviteSent {
    #[serde(default)]
    keycloak_user_id: String,
    #[serde(default)]
    keycloak_group_id: String,
    #[serde(default)]
    keycloak_group_name: String,
}

impl Step<NewPartnerUser> for SendStudioInvite {
    fn gather(&self, context: &StepContext, conn: &Connection) -> Result<Value, StepError> {
        OrganizationFacts::gather(context, conn)
    }

    fn preview<'a>(
        &'a self,
        workflow: &'a NewPartnerUser,
        context: &'a StepContext,
        facts: &'a Value,
    ) -> PreviewFuture<'a> {
        Box::pin(async move {
            let Some(person) = Person::to_preview(context) else {
                return Ok(Some(Person::not_known_yet()));
            };
            let facts = OrganizationFacts::of(facts);
            look_ahead::keycloak_joining(
                &*workflow.connectors.current().keycloak,
                &person.email,
                facts.keycloak.as_ref(),
                &external_group_name(facts.organization_name()),
            )
            .await
            .map(Some)
        })
    }

    fn run<'a>(
        &'a self,
        workflow: &'a NewPartnerUser,
        context: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let person = Person::recorded(context)?;
            let facts = OrganizationFacts::of(facts);
            let invite = workflow
                .connectors
                .current()
                .keycloak
                .invite_user(
                    &person.email,
                    &person.firstname,
                    &person.lastname,
                    facts.keycloak.as_ref().map(|g| g.id.as_str()),
                    &external_group_name(facts.organization_name()),
                )
                .await?;
            output(&StudioInviteSent {
                keycloak_user_id: invite.user_id,
                keycloak_group_id: invite.group.id,
                keycloak_group_name: invite.group.name,
            })
        })
    }

    fn apply(
        &self,
        result: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        let organization_id = organization_of(context)?;
        let sent: Option<StudioInviteSent> = serde_json::from_value(result.clone()).ok();
        if let Some(sent) = sent.filter(|s| !s.keycloak_group_id.is_empty()) {
            organizations::set_system_group(
                tx,
                &organization_id,
                "keycloak",
                &sent.keycloak_group_id,
                &sent.keycloak_group_name,
                now,
            )?;
        }
        grant(tx, context, "KeyCloak", now)
    }
}
