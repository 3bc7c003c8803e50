//! `new_partner`'s steps that a person completes: the Studio companies, Infrabot and the LMS.

use hyopps_contract::{FieldKind, PartnerSystem, StepForm};
use hyopps_store::organizations::{self, IntegrationUpdate};
use hyopps_store::{Connection, StoreError, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::super::forms::{field, options, Form, MAX_LINE, MAX_TEXT};
use super::super::step::{output, Step};
use super::{organization_of, NewPartner, DEFINITION};
use crate::{Applied, CompletedBy, EngineError, StepContext, StepDefinition, StepKind};

const CLUSTERS: [&str; 2] = ["prod-eu", "prod-us"];

/// The step's form, as every form of this workflow: the operations team's alone.
fn step_form(
    step: &StepDefinition,
    instructions: Vec<String>,
    fields: Vec<hyopps_contract::FormField>,
    submit_label: &str,
) -> StepForm {
    StepForm {
        step_order: DEFINITION.order_of(step.name).unwrap_or_default(),
        title: step.label.into(),
        instructions,
        fields,
        submit_label: submit_label.into(),
        operators_only: step.operators_only(),
    }
}

/// Step 1.
pub(super) struct InputStudioCompanies;

impl InputStudioCompanies {
    pub const DEFINITION: StepDefinition = StepDefinition {
            id: "25a121f0-6047-4012-96fe-baaa629568ed",
            name: "input_studio_companies",
            kind: StepKind::Manual,
            label: "Enter the Studio companies",
            description: "Create the TEST and PROD companies in Studio first, then enter the organisation name and both companies' names and ids. Creates the organisation (or reuses one of that name), its integrations record and both Studio companies.",
            system: None,
            completed_by: CompletedBy::OperatorsOnly,
            by_hand: None,
        };
}

/// What step 1 takes: the organisation and its TEST and PROD Studio companies.
#[derive(Serialize, Deserialize)]
struct StudioCompanies {
    organization_name: String,
    studio_company_name_test: String,
    studio_company_id_test: String,
    studio_company_name_prod: String,
    studio_company_id_prod: String,
    /// The systems the organisation uses (stored names); absent: every one, as before this
    /// field existed (v0.3's scripts do not send it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    systems_used: Option<Vec<String>>,
}

/// What step 1 adds to its input: the organisation it created or found.
#[derive(Serialize)]
struct OrganizationCreated {
    organization_id: String,
}

impl Step<NewPartner> for InputStudioCompanies {
    fn validate(&self, form: &mut Form<'_>, _: &StepContext, conn: &Connection) -> Option<Value> {
        let organization_name = form.text("organization_name", MAX_LINE);
        let studio_company_name_test = form.text("studio_company_name_test", MAX_LINE);
        let studio_company_id_test = form.text("studio_company_id_test", 64);
        let studio_company_name_prod = form.text("studio_company_name_prod", MAX_LINE);
        let studio_company_id_prod = form.text("studio_company_id_prod", 64);
        if !studio_company_id_test.is_empty() && studio_company_id_test == studio_company_id_prod {
            form.fail(
                "studio_company_id_prod",
                "The PROD company needs another Studio id than the TEST one.",
            );
        }
        for (field, studio_id) in [
            ("studio_company_id_test", &studio_company_id_test),
            ("studio_company_id_prod", &studio_company_id_prod),
        ] {
            check_studio_id_is_free(form, conn, field, studio_id, &organization_name);
        }
        let systems_used = form.given("systems_used").then(|| {
            let every: Vec<String> = PartnerSystem::ALL
                .iter()
                .map(|s| s.as_str().into())
                .collect();
            form.choices("systems_used", &every)
        });
        output(&StudioCompanies {
            organization_name,
            studio_company_name_test,
            studio_company_id_test,
            studio_company_name_prod,
            studio_company_id_prod,
            systems_used,
        })
        .ok()
    }

    fn form(&self, _: &StepContext, _: &Connection) -> Result<Option<StepForm>, StoreError> {
        Ok(Some(step_form(
            &Self::DEFINITION,
            vec!["Create the partner's TEST and PROD companies in Studio first; then enter them here.".into()],
            vec![
                field("organization_name", "Organisation name", FieldKind::Text, true, Some("An existing organisation of this name is reused.")),
                field("studio_company_name_test", "Studio TEST company name", FieldKind::Text, true, None),
                field("studio_company_id_test", "Studio TEST company id", FieldKind::Text, true, None),
                field("studio_company_name_prod", "Studio PROD company name", FieldKind::Text, true, None),
                field("studio_company_id_prod", "Studio PROD company id", FieldKind::Text, true, None),
                systems_used_field(),
            ],
            "Create the organisation",
        )))
    }

    fn apply(
        &self,
        result: &Value,
        _: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        let input: StudioCompanies = serde_json::from_value(result.clone())
            .map_err(|e| EngineError::Conflict(format!("Step 1's input is incomplete: {e}")))?;
        let organization_id = organizations::find_or_create(tx, &input.organization_name, now)?;
        for (env, studio_id, name) in [
            (
                "test",
                &input.studio_company_id_test,
                &input.studio_company_name_test,
            ),
            (
                "prod",
                &input.studio_company_id_prod,
                &input.studio_company_name_prod,
            ),
        ] {
            organizations::upsert_studio_company(tx, &organization_id, studio_id, name, env, now)?;
        }
        if let Some(used) = &input.systems_used {
            let unused: Vec<&str> = PartnerSystem::ALL
                .iter()
                .map(|s| s.as_str())
                .filter(|s| !used.iter().any(|u| u == s))
                .collect();
            organizations::set_unused_systems(tx, &organization_id, &unused)?;
        }
        let created = OrganizationCreated {
            organization_id: organization_id.clone(),
        };
        Ok(Applied {
            output: Some(serde_json::to_value(&created).map_err(hyopps_store::StoreError::from)?),
            organization_id: Some(organization_id),
            user_id: None,
            children: Vec::new(),
        })
    }
}

/// Which systems the organisation uses: all ticked to start with; the steps of the others are
/// skipped, in this workflow and every later one.
fn systems_used_field() -> hyopps_contract::FormField {
    let choices = PartnerSystem::ALL.iter().map(|s| (s.as_str(), s.label()));
    hyopps_contract::FormField {
        initial: Some(PartnerSystem::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().into()),
        ..field(
            "systems_used",
            "Systems this organisation uses",
            FieldKind::MultiSelect { options: options(choices) },
            false,
            Some("HyOpps skips the steps in the systems left unticked, now and in every later workflow. Change it later on the organisation's page."),
        )
    }
}

fn check_studio_id_is_free(
    form: &mut Form<'_>,
    conn: &Connection,
    field: &str,
    studio_id: &str,
    organization_name: &str,
) {
    if studio_id.is_empty() {
        return;
    }
    match organizations::studio_id_owner(conn, studio_id) {
        Ok(Some((_, owner))) if !owner.eq_ignore_ascii_case(organization_name) => {
            form.fail(
                field,
                format!("Studio id {studio_id} already belongs to {owner}."),
            );
        }
        Ok(_) => {}
        Err(error) => form.fail(field, format!("Could not check the Studio id: {error}")),
    }
}

/// Step 2.
pub(super) struct TriggerInfrabot;

impl TriggerInfrabot {
    pub const DEFINITION: StepDefinition = StepDefinition {
            id: "ad2129ef-8c66-498a-b547-2239b86a08f1",
            name: "trigger_infrabot",
            kind: StepKind::Manual,
            label: "Trigger Infrabot",
            description: "Run Infrabot with the parameters shown (organisation name, Studio company id, cluster prod-eu or prod-us, scopes) and confirm once the Keycloak credentials are stored.",
            system: Some("keycloak"),
            completed_by: CompletedBy::OperatorsOnly,
            by_hand: None,
        };
}

/// What step 2 takes.
#[derive(Serialize, Deserialize)]
struct InfrabotTriggered {
    keycloak_cluster: String,
    scopes: String,
    keycloak_confirmed: bool,
}

/// What step 2's instructions quote from step 1 ("?" for what it did not record).
#[derive(Deserialize)]
struct InfrabotParameters {
    organization_name: Option<String>,
    studio_company_id_prod: Option<String>,
}

impl Step<NewPartner> for TriggerInfrabot {
    fn validate(&self, form: &mut Form<'_>, _: &StepContext, _: &Connection) -> Option<Value> {
        let keycloak_cluster = form.choice("keycloak_cluster", &CLUSTERS);
        let scopes = form.optional_line("scopes", MAX_LINE).unwrap_or_default();
        form.confirmed(
            "keycloak_confirmed",
            "Confirm that the Keycloak credentials are stored.",
        );
        output(&InfrabotTriggered {
            keycloak_cluster,
            scopes,
            keycloak_confirmed: true,
        })
        .ok()
    }

    fn form(&self, context: &StepContext, _: &Connection) -> Result<Option<StepForm>, StoreError> {
        let quoted: Option<InfrabotParameters> =
            serde_json::from_value(Value::Object(context.values.clone())).ok();
        let (name, studio_id) = quoted
            .map(|q| (q.organization_name, q.studio_company_id_prod))
            .unwrap_or_default();
        let or_unknown = |value: Option<String>| value.unwrap_or_else(|| "?".into());
        Ok(Some(step_form(
            &Self::DEFINITION,
            vec![
                "Run Infrabot with these parameters:".into(),
                format!("Name: {}", or_unknown(name)),
                format!("Studio company id (PROD): {}", or_unknown(studio_id)),
                "Cluster: the one chosen below (prod-eu or prod-us)".into(),
                "Scopes: as entered below".into(),
                "Confirm once Infrabot has stored the Keycloak credentials.".into(),
            ],
            vec![
                field(
                    "keycloak_cluster",
                    "Cluster",
                    FieldKind::Select {
                        options: options([("prod-eu", "prod-eu"), ("prod-us", "prod-us")]),
                    },
                    true,
                    None,
                ),
                field(
                    "scopes",
                    "Scopes",
                    FieldKind::Text,
                    false,
                    Some("The scopes given to Infrabot, space-separated."),
                ),
                field(
                    "keycloak_confirmed",
                    "The Keycloak credentials are stored",
                    FieldKind::Checkbox,
                    true,
                    None,
                ),
            ],
            "Confirm",
        )))
    }

    fn apply(
        &self,
        result: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        let organization_id = organization_of(context)?;
        let cluster = result
            .get("keycloak_cluster")
            .and_then(Value::as_str)
            .unwrap_or_default();
        organizations::update_integrations(
            tx,
            &organization_id,
            IntegrationUpdate::Keycloak { cluster },
            now,
        )?;
        Ok(Applied::default())
    }
}

/// Step 8.
pub(super) struct LmsSetup;

impl LmsSetup {
    pub const DEFINITION: StepDefinition = StepDefinition {
        id: "1bb46683-fa68-4353-874d-f3fa4d8c67bb",
        name: "lms_setup",
        kind: StepKind::Manual,
        label: "Set up the LMS learning path",
        description: "Add the partner learning path in the LMS (it has no API) and confirm.",
        system: Some("lms"),
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    };
}

/// What step 8 takes.
#[derive(Serialize)]
struct LmsConfirmed {
    lms_confirmed: bool,
    notes: Option<String>,
}

impl Step<NewPartner> for LmsSetup {
    fn validate(&self, form: &mut Form<'_>, _: &StepContext, _: &Connection) -> Option<Value> {
        form.confirmed(
            "lms_confirmed",
            "Confirm that the learning path is set up in the LMS.",
        );
        let notes = form.optional_text("notes", MAX_TEXT);
        output(&LmsConfirmed {
            lms_confirmed: true,
            notes,
        })
        .ok()
    }

    fn form(&self, _: &StepContext, _: &Connection) -> Result<Option<StepForm>, StoreError> {
        Ok(Some(step_form(
            &Self::DEFINITION,
            vec![
                "The LMS has no API: add the partner learning path in the LMS, then confirm."
                    .into(),
            ],
            vec![
                field(
                    "lms_confirmed",
                    "The learning path is set up",
                    FieldKind::Checkbox,
                    true,
                    None,
                ),
                field("notes", "Notes", FieldKind::TextArea, false, None),
            ],
            "Confirm",
        )))
    }

    fn apply(
        &self,
        _: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        let organization_id = organization_of(context)?;
        organizations::update_integrations(
            tx,
            &organization_id,
            IntegrationUpdate::LmsConfirmed,
            now,
        )?;
        Ok(Applied::default())
    }
}
