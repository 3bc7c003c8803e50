//! `new_partner`: onboard a new partner organisation (8 steps, docs/workflows.md).

use hyopps_connectors::LiveConnectors;
use hyopps_contract::{FieldKind, StepForm};
use hyopps_store::organizations::{self, IntegrationUpdate};
use hyopps_store::{Connection, StoreError, Transaction};
use serde::Deserialize;
use serde_json::{json, Value};

use super::forms::{field, invalid, options, Form, MAX_LINE, MAX_TEXT};
use super::names::{external_group_name, teams_channel_name};
use super::{from_context, HandCompletion, IdKind, MetabaseId};
use crate::{Applied, EngineError, FieldErrors, StepContext, StepError, StepFuture, Workflow};

const CLUSTERS: [&str; 2] = ["prod-eu", "prod-us"];

pub struct NewPartner {
    connectors: LiveConnectors,
}

impl NewPartner {
    pub fn new(connectors: LiveConnectors) -> Self {
        Self { connectors }
    }
}

impl Workflow for NewPartner {
    fn name(&self) -> &'static str {
        "new_partner"
    }

    fn validate_input(
        &self,
        step: &str,
        input: &Value,
        _: &StepContext,
        conn: &Connection,
    ) -> Result<Value, FieldErrors> {
        let mut form = Form::new(input);
        let accepted = match step {
            "input_studio_companies" => {
                let organization_name = form.text("organization_name", MAX_LINE);
                let name_test = form.text("studio_company_name_test", MAX_LINE);
                let id_test = form.text("studio_company_id_test", 64);
                let name_prod = form.text("studio_company_name_prod", MAX_LINE);
                let id_prod = form.text("studio_company_id_prod", 64);
                if !id_test.is_empty() && id_test == id_prod {
                    form.fail(
                        "studio_company_id_prod",
                        "The PROD company needs another Studio id than the TEST one.",
                    );
                }
                for (field, studio_id) in [
                    ("studio_company_id_test", &id_test),
                    ("studio_company_id_prod", &id_prod),
                ] {
                    check_studio_id_is_free(&mut form, conn, field, studio_id, &organization_name);
                }
                json!({
                    "organization_name": organization_name,
                    "studio_company_name_test": name_test, "studio_company_id_test": id_test,
                    "studio_company_name_prod": name_prod, "studio_company_id_prod": id_prod,
                })
            }
            "trigger_infrabot" => {
                let cluster = form.choice("keycloak_cluster", &CLUSTERS);
                let scopes = form.optional_line("scopes", MAX_LINE).unwrap_or_default();
                form.confirmed(
                    "keycloak_confirmed",
                    "Confirm that the Keycloak credentials are stored.",
                );
                json!({ "keycloak_cluster": cluster, "scopes": scopes, "keycloak_confirmed": true })
            }
            "lms_setup" => {
                form.confirmed(
                    "lms_confirmed",
                    "Confirm that the learning path is set up in the LMS.",
                );
                let notes = form.optional_text("notes", MAX_TEXT);
                json!({ "lms_confirmed": true, "notes": notes })
            }
            other => by_hand_input(&mut form, other),
        };
        form.finish().map(|()| accepted)
    }

    /// The organisation's Metabase collection, when HyOpps already made one for it: the clone
    /// fills that one rather than any collection that happens to share the name.
    fn gather(
        &self,
        step: &str,
        context: &StepContext,
        conn: &Connection,
    ) -> Result<Value, StepError> {
        let (Some(organization_id), "clone_metabase_collection") =
            (context.organization_id.as_deref(), step)
        else {
            return Ok(Value::Null);
        };
        let state = organizations::integration_state(conn, organization_id).map_err(|e| {
            StepError::Retryable {
                message: format!("Could not read the organisation: {e}"),
                retry_after: None,
            }
        })?;
        Ok(json!({ "metabase_collection_id": state.metabase_collection_id }))
    }

    fn system(&self, step: &str) -> Option<&'static str> {
        match step {
            "clone_metabase_collection" | "create_metabase_group" | "grant_metabase_db_access" => {
                Some("metabase")
            }
            "create_teams_channel" => Some("teams"),
            "create_slack_group" => Some("slack"),
            _ => None,
        }
    }

    fn run_auto<'a>(
        &'a self,
        step: &'a str,
        context: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let organization = from_context(context, "organization_name")?;
            let systems = self.connectors.current();
            let metabase = &systems.metabase;
            match step {
                "clone_metabase_collection" => {
                    let known = facts["metabase_collection_id"].as_i64();
                    let id = metabase
                        .clone_template_collection(organization, known)
                        .await?;
                    Ok(json!({ "metabase_collection_id": id }))
                }
                "create_metabase_group" => {
                    // Read before anything is created: without the collection the group would
                    // be made and the grant silently skipped.
                    let collection = CollectionCloned::from_context(context)?;
                    let group = metabase
                        .ensure_group(&external_group_name(organization))
                        .await?;
                    metabase
                        .grant_collection_access(&group.id, collection.metabase_collection_id.get())
                        .await?;
                    Ok(json!({ "metabase_group_id": group.id, "metabase_group_name": group.name }))
                }
                "grant_metabase_db_access" => {
                    metabase
                        .grant_database_access(from_context(context, "metabase_group_id")?)
                        .await?;
                    Ok(json!({ "metabase_db_access": true }))
                }
                "create_teams_channel" => {
                    let channel = systems
                        .teams
                        .ensure_channel(&teams_channel_name(organization))
                        .await?;
                    Ok(json!({
                        "teams_channel_id": channel.id, "teams_channel_name": channel.name,
                        "teams_channel_private": channel.private,
                    }))
                }
                "create_slack_group" => {
                    let handle = external_group_name(organization);
                    let group = systems.slack.ensure_usergroup(&handle, &handle).await?;
                    Ok(json!({ "slack_group_id": group.id, "slack_group_handle": group.name }))
                }
                other => Err(StepError::Fatal {
                    message: format!("new_partner has no auto step {other}."),
                }),
            }
        })
    }

    fn apply(
        &self,
        step: &str,
        result: &Value,
        context: &StepContext,
        tx: &Transaction<'_>,
        now: &str,
    ) -> Result<Applied, EngineError> {
        let now = now.to_string();
        if step == "input_studio_companies" {
            let text = |key: &str| result[key].as_str().unwrap_or_default().to_string();
            let organization_id =
                organizations::find_or_create(tx, &text("organization_name"), &now)?;
            for env in ["test", "prod"] {
                organizations::upsert_studio_company(
                    tx,
                    &organization_id,
                    &text(&format!("studio_company_id_{env}")),
                    &text(&format!("studio_company_name_{env}")),
                    env,
                    &now,
                )?;
            }
            return Ok(Applied {
                output: Some(json!({ "organization_id": organization_id })),
                organization_id: Some(organization_id),
                user_id: None,
            });
        }
        let organization_id = context.organization_id.clone().ok_or_else(|| {
            EngineError::Conflict("This execution has no organisation yet.".into())
        })?;
        let text = |key: &str| {
            result
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        match step {
            "trigger_infrabot" => organizations::update_integrations(
                tx,
                &organization_id,
                IntegrationUpdate::Keycloak {
                    cluster: &text("keycloak_cluster"),
                },
                &now,
            )?,
            "clone_metabase_collection" => {
                let cloned: CollectionCloned =
                    serde_json::from_value(result.clone()).map_err(|_| {
                        invalid(
                            "external_id",
                            "A Metabase collection id is a whole number from 1 up.",
                        )
                    })?;
                organizations::update_integrations(
                    tx,
                    &organization_id,
                    IntegrationUpdate::MetabaseCollection {
                        collection_id: cloned.metabase_collection_id.get(),
                    },
                    &now,
                )?
            }
            "create_metabase_group" => set_group(
                tx,
                &organization_id,
                "metabase",
                &text("metabase_group_id"),
                &text("metabase_group_name"),
                &now,
            )?,
            "create_teams_channel" => set_group(
                tx,
                &organization_id,
                "teams",
                &text("teams_channel_id"),
                &text("teams_channel_name"),
                &now,
            )?,
            "create_slack_group" => set_group(
                tx,
                &organization_id,
                "slack",
                &text("slack_group_id"),
                &text("slack_group_handle"),
                &now,
            )?,
            "lms_setup" => organizations::update_integrations(
                tx,
                &organization_id,
                IntegrationUpdate::LmsConfirmed,
                &now,
            )?,
            _ => {}
        }
        Ok(Applied::default())
    }

    fn form(
        &self,
        step: &str,
        context: &StepContext,
        _: &Connection,
    ) -> Result<Option<StepForm>, StoreError> {
        let form = match step {
            "input_studio_companies" => StepForm {
                step_order: 1,
                title: "Enter the Studio companies".into(),
                instructions: vec!["Create the partner's TEST and PROD companies in Studio first; then enter them here.".into()],
                fields: vec![
                    field("organization_name", "Organisation name", FieldKind::Text, true, Some("An existing organisation of this name is reused.")),
                    field("studio_company_name_test", "Studio TEST company name", FieldKind::Text, true, None),
                    field("studio_company_id_test", "Studio TEST company id", FieldKind::Text, true, None),
                    field("studio_company_name_prod", "Studio PROD company name", FieldKind::Text, true, None),
                    field("studio_company_id_prod", "Studio PROD company id", FieldKind::Text, true, None),
                ],
                submit_label: "Create the organisation".into(),
                operators_only: self.operators_only(step),
            },
            "trigger_infrabot" => {
                let value = |key: &str| context.values.get(key).and_then(Value::as_str).unwrap_or("?").to_string();
                StepForm {
                    step_order: 2,
                    title: "Trigger Infrabot".into(),
                    instructions: vec![
                        "Run Infrabot with these parameters:".into(),
                        format!("Name: {}", value("organization_name")),
                        format!("Studio company id (PROD): {}", value("studio_company_id_prod")),
                        "Cluster: the one chosen below (prod-eu or prod-us)".into(),
                        "Scopes: as entered below".into(),
                        "Confirm once Infrabot has stored the Keycloak credentials.".into(),
                    ],
                    fields: vec![
                        field("keycloak_cluster", "Cluster", FieldKind::Select { options: options([("prod-eu", "prod-eu"), ("prod-us", "prod-us")]) }, true, None),
                        field("scopes", "Scopes", FieldKind::Text, false, Some("The scopes given to Infrabot, space-separated.")),
                        field("keycloak_confirmed", "The Keycloak credentials are stored", FieldKind::Checkbox, true, None),
                    ],
                    submit_label: "Confirm".into(),
                    operators_only: self.operators_only(step),
                }
            }
            "lms_setup" => StepForm {
                step_order: 8,
                title: "Set up the LMS learning path".into(),
                instructions: vec!["The LMS has no API: add the partner learning path in the LMS, then confirm.".into()],
                fields: vec![
                    field("lms_confirmed", "The learning path is set up", FieldKind::Checkbox, true, None),
                    field("notes", "Notes", FieldKind::TextArea, false, None),
                ],
                submit_label: "Confirm".into(),
                operators_only: self.operators_only(step),
            },
            _ => return Ok(None),
        };
        Ok(Some(form))
    }

    fn hand_completion(&self, step: &str) -> Option<HandCompletion> {
        let (key, label, kind) = match step {
            "clone_metabase_collection" => (
                "metabase_collection_id",
                "Metabase collection id",
                IdKind::MetabaseNumber,
            ),
            "create_metabase_group" => (
                "metabase_group_id",
                "Metabase group id",
                IdKind::MetabaseGroup,
            ),
            "create_teams_channel" => ("teams_channel_id", "Teams channel id", IdKind::Text),
            "create_slack_group" => ("slack_group_id", "Slack user group id", IdKind::Text),
            _ => return None,
        };
        Some(HandCompletion::new(key, label, kind))
    }

    /// Onboarding an organisation is the operations team's work from end to end.
    fn operators_only(&self, _step: &str) -> bool {
        true
    }
}

/// What `clone_metabase_collection` records, by the connector or by hand.
#[derive(Deserialize)]
struct CollectionCloned {
    metabase_collection_id: MetabaseId,
}

impl CollectionCloned {
    fn from_context(context: &StepContext) -> Result<Self, StepError> {
        serde_json::from_value(Value::Object(context.values.clone())).map_err(|_| StepError::Fatal {
            message: "Step 3 recorded no usable Metabase collection id (a whole number from 1 up), so the group cannot be given access to it. Give the group access in Metabase and complete this step by hand.".into(),
        })
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

/// An auto step has no form of its own; input reaches it only through "Complete by hand".
fn by_hand_input(form: &mut Form<'_>, step: &str) -> Value {
    form.fail("step", format!("The step {step} takes no form."));
    Value::Null
}

fn set_group(
    tx: &Transaction<'_>,
    organization_id: &str,
    tool: &str,
    id: &str,
    name: &str,
    now: &str,
) -> Result<(), EngineError> {
    if id.is_empty() {
        return Err(invalid("external_id", "Enter the id the system gave it."));
    }
    organizations::set_system_group(tx, organization_id, tool, id, name, now)?;
    Ok(())
}
