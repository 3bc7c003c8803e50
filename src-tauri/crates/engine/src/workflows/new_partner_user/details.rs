//! `new_partner_user`'s first two steps: the organisation, then the person.

use hyopps_contract::{rules, FieldKind, FieldOption, StepForm};
use hyopps_store::users::NewPerson;
use hyopps_store::{organizations, Connection, StoreError, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::super::forms::{field, studio_companies_field, Form};
use super::super::person;
use super::super::step::{output, Step};
use super::{organization_of, NewPartnerUser, DEFINITION};
use crate::{Applied, CompletedBy, EngineError, StepContext, StepDefinition, StepKind};

/// Step 1.
pub(super) struct SelectOrganization;

impl SelectOrganization {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "bf73fbcf-ee9b-403e-b75f-af374cf2d1dd",
        name: "select_organization",
        kind: StepKind::Manual,
        label: "Select the organisation",
        description: "Pick the partner organisation the user belongs to.",
        system: None,
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    };
}

/// What step 1 takes.
#[derive(Serialize, Deserialize)]
struct OrganizationSelected {
    organization_id: String,
}

/// What step 1 adds to its input: the organisation's name, for the later steps and screens.
#[derive(Serialize)]
struct OrganizationNamed {
    organization_name: Option<String>,
}

impl Step<NewPartnerUser> for SelectOrganization {
    fn validate(&self, form: &mut Form<'_>, _: &StepContext, conn: &Connection) -> Option<Value> {
        let organization_id = form.text("organization_id", 64);
        if !organization_id.is_empty()
            && matches!(organizations::name(conn, &organization_id), Ok(None))
        {
            form.fail("organization_id", "There is no organisation with this id.");
        }
        if let Ok(Some(at)) = organizations::offboarded_at(conn, &organization_id) {
            form.fail(
                "organization_id",
                format!(
                    "This organisation was offboarded on {}: no one can be added to it.",
                    at.get(..10).unwrap_or(&at)
                ),
            );
        }
        output(&OrganizationSelected { organization_id }).ok()
    }

    fn form(&self, _: &StepContext, conn: &Connection) -> Result<Option<StepForm>, StoreError> {
        Ok(Some(StepForm {
            step_order: DEFINITION
                .order_of(Self::DEFINITION.name)
                .unwrap_or_default(),
            title: Self::DEFINITION.label.into(),
            instructions: vec![],
            fields: vec![field(
                "organization_id",
                "Organisation",
                FieldKind::Select {
                    options: organizations::all_names(conn)?
                        .into_iter()
                        .map(|(value, label)| FieldOption { value, label })
                        .collect(),
                },
                true,
                None,
            )],
            submit_label: "Continue".into(),
            operators_only: Self::DEFINITION.operators_only(),
        }))
    }

    fn apply(
        &self,
        result: &Value,
        _: &StepContext,
        tx: &Transaction<'_>,
        _: &str,
    ) -> Result<Applied, EngineError> {
        let selected: OrganizationSelected = serde_json::from_value(result.clone())
            .map_err(|e| EngineError::Conflict(format!("Step 1's input is incomplete: {e}")))?;
        let named = OrganizationNamed {
            organization_name: organizations::name(tx, &selected.organization_id)?,
        };
        Ok(Applied {
            output: Some(serde_json::to_value(&named).map_err(StoreError::from)?),
            organization_id: Some(selected.organization_id),
            user_id: None,
            children: Vec::new(),
        })
    }
}

/// Step 2.
pub(super) struct InputUserDetails;

impl InputUserDetails {
    pub const DEFINITION: StepDefinition = StepDefinition {
            id: "9f165116-17f4-423a-8e80-092ff5fd48de",
            name: "input_user_details",
            kind: StepKind::Manual,
            label: "Enter the user's details",
            description: "First name, last name, email, languages, skills, roles and the organisation's Studio companies the user gets. Creates the user (or reuses the one with that email).",
            system: None,
            completed_by: CompletedBy::AnyAdmin,
            by_hand: None,
        };
}

/// What step 2 takes: the person, and the organisation's Studio companies they get.
#[derive(Serialize, Deserialize)]
struct UserDetails {
    firstname: String,
    lastname: String,
    email: String,
    languages: Vec<String>,
    skills: Vec<String>,
    roles: Vec<String>,
    selected_studio_company_ids: Vec<String>,
}

impl Step<NewPartnerUser> for InputUserDetails {
    fn validate(
        &self,
        form: &mut Form<'_>,
        context: &StepContext,
        conn: &Connection,
    ) -> Option<Value> {
        let organization_id = context.organization_id.clone().unwrap_or_default();
        let firstname = form.text("firstname", rules::MAX_PERSON_NAME_CHARS);
        let lastname = form.text("lastname", rules::MAX_PERSON_NAME_CHARS);
        let email = form.email("email");
        let languages = form.languages("languages");
        let skills = form.tags("skills", |_| None);
        let roles = form.tags("roles", |_| None);
        let companies: Vec<String> = organizations::studio_companies(conn, &organization_id)
            .unwrap_or_default()
            .into_iter()
            .map(|c| c.id)
            .collect();
        let selected_studio_company_ids = form.choices("selected_studio_company_ids", &companies);
        person::check_email(form, conn, &email, &organization_id);
        output(&UserDetails {
            firstname,
            lastname,
            email,
            languages,
            skills,
            roles,
            selected_studio_company_ids,
        })
        .ok()
    }

    fn form(
        &self,
        context: &StepContext,
        conn: &Connection,
    ) -> Result<Option<StepForm>, StoreError> {
        let companies = match context.organization_id.as_deref() {
            Some(org) => organizations::studio_companies(conn, org)?,
            None => Vec::new(),
        };
        Ok(Some(StepForm {
            step_order: DEFINITION.order_of(Self::DEFINITION.name).unwrap_or_default(),
            title: Self::DEFINITION.label.into(),
            instructions: vec![],
            fields: vec![
                field("firstname", "First name", FieldKind::Text, true, None),
                field("lastname", "Last name", FieldKind::Text, true, None),
                field("email", "Email", FieldKind::Email, true, Some("A person of this organisation with this email is reused; another account is not.")),
                field("languages", "Languages", FieldKind::Tags, false, Some("ISO 639-1 codes, comma-separated: en, fr")),
                field("skills", "Skills", FieldKind::Tags, false, None),
                field("roles", "Roles", FieldKind::Tags, false, None),
                studio_companies_field("Studio companies", companies),
            ],
            submit_label: "Create the user".into(),
            operators_only: Self::DEFINITION.operators_only(),
        }))
    }

    fn apply(
        &self,
        result: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        let organization_id = organization_of(context)?;
        let details: UserDetails = serde_json::from_value(result.clone())
            .map_err(|e| EngineError::Conflict(format!("Step 2's input is incomplete: {e}")))?;
        let (languages, skills, roles) = (
            json!(details.languages),
            json!(details.skills),
            json!(details.roles),
        );
        let new_person = NewPerson {
            firstname: &details.firstname,
            lastname: &details.lastname,
            email: &details.email,
            languages: &languages,
            skills: &skills,
            roles: &roles,
            organization_id: &organization_id,
        };
        person::find_or_create(tx, &new_person, now)
    }
}
