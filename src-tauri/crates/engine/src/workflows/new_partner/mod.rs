//! `new_partner`: onboard a new partner organisation (8 steps, docs/workflows.md).

mod forms;

use hyopps_connectors::LiveConnectors;
use hyopps_contract::StepForm;
use hyopps_store::organizations::{self, IntegrationUpdate};
use hyopps_store::{Connection, StoreError, Transaction};
use serde::Deserialize;
use serde_json::{json, Value};

use super::forms::{invalid, Form, MAX_LINE, MAX_TEXT};
use super::names::{external_group_name, teams_channel_name};
use super::{from_context, HandCompletion, IdKind, MetabaseId};
use crate::{
    Applied, CompletedBy, EngineError, FieldErrors, StepContext, StepDefinition, StepError,
    StepFuture, StepKind, Workflow, WorkflowDefinition,
};

/// `new_partner`, as the engine and the screens know it; the rows in `workflow_definitions` and
/// `workflow_step_definitions` are written from it at start-up.
pub const DEFINITION: WorkflowDefinition = WorkflowDefinition {
    id: "62881516-a050-43c4-816f-d2d9c2f41aa7",
    name: "new_partner",
    description: "Onboard a new partner organisation: Studio companies, Keycloak credentials, Metabase collection, group and data access, Teams channel, Slack group and the LMS learning path.",
    steps: STEPS,
};

const INPUT_STUDIO_COMPANIES: &str = "input_studio_companies";
const TRIGGER_INFRABOT: &str = "trigger_infrabot";
const CLONE_METABASE_COLLECTION: &str = "clone_metabase_collection";
const CREATE_METABASE_GROUP: &str = "create_metabase_group";
const GRANT_METABASE_DB_ACCESS: &str = "grant_metabase_db_access";
const CREATE_TEAMS_CHANNEL: &str = "create_teams_channel";
const CREATE_SLACK_GROUP: &str = "create_slack_group";
const LMS_SETUP: &str = "lms_setup";

const STEPS: &[StepDefinition] = &[
    StepDefinition {
        id: "25a121f0-6047-4012-96fe-baaa629568ed",
        name: INPUT_STUDIO_COMPANIES,
        kind: StepKind::Manual,
        label: "Enter the Studio companies",
        description: "Create the TEST and PROD companies in Studio first, then enter the organisation name and both companies' names and ids. Creates the organisation (or reuses one of that name), its integrations record and both Studio companies.",
        system: None,
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    },
    StepDefinition {
        id: "ad2129ef-8c66-498a-b547-2239b86a08f1",
        name: TRIGGER_INFRABOT,
        kind: StepKind::Manual,
        label: "Trigger Infrabot",
        description: "Run Infrabot with the parameters shown (organisation name, Studio company id, cluster prod-eu or prod-us, scopes) and confirm once the Keycloak credentials are stored.",
        system: None,
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    },
    StepDefinition {
        id: "9b16e1e9-7ccf-4850-ae5b-7b38d2d0fb9c",
        name: CLONE_METABASE_COLLECTION,
        kind: StepKind::Auto,
        label: "Clone the Metabase collection",
        description: "Creates the partner's Metabase collection from the template collection: creates the collection, then copies each dashboard and each loose question into it.",
        system: Some("metabase"),
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: Some(HandCompletion::new("metabase_collection_id", "Metabase collection id", IdKind::MetabaseNumber)),
    },
    StepDefinition {
        id: "8f6195cb-5a83-458f-a608-9f5d134b285b",
        name: CREATE_METABASE_GROUP,
        kind: StepKind::Auto,
        label: "Create the Metabase group",
        description: "Creates the Metabase group ext-<organisation> (or reuses the group of that name) and gives it access to the new collection.",
        system: Some("metabase"),
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: Some(HandCompletion::new("metabase_group_id", "Metabase group id", IdKind::MetabaseGroup)),
    },
    StepDefinition {
        id: "c7884a68-bd42-4c52-8a59-3179fe61c37d",
        name: GRANT_METABASE_DB_ACCESS,
        kind: StepKind::Auto,
        label: "Grant Metabase data access",
        description: "Gives the group access to the configured Metabase database through the data permissions graph.",
        system: Some("metabase"),
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    },
    StepDefinition {
        id: "6266580e-f0e2-4a8a-a547-91754cc8983a",
        name: CREATE_TEAMS_CHANNEL,
        kind: StepKind::Auto,
        label: "Create the Teams channel",
        description: "Creates the partner's channel in the configured Microsoft Teams team (or reuses the channel of that name).",
        system: Some("teams"),
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: Some(HandCompletion::new("teams_channel_id", "Teams channel id", IdKind::Text)),
    },
    StepDefinition {
        id: "f9055247-c41a-4009-9948-b52200395e4f",
        name: CREATE_SLACK_GROUP,
        kind: StepKind::Auto,
        label: "Create the Slack user group",
        description: "Creates the Slack user group ext-<organisation> (or reuses the group of that name).",
        system: Some("slack"),
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: Some(HandCompletion::new("slack_group_id", "Slack user group id", IdKind::Text)),
    },
    StepDefinition {
        id: "1bb46683-fa68-4353-874d-f3fa4d8c67bb",
        name: LMS_SETUP,
        kind: StepKind::Manual,
        label: "Set up the LMS learning path",
        description: "Add the partner learning path in the LMS (it has no API) and confirm.",
        system: None,
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    },
];

fn operators_only(step: &str) -> bool {
    DEFINITION
        .step(step)
        .is_some_and(StepDefinition::operators_only)
}

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
    fn definition(&self) -> &'static WorkflowDefinition {
        &DEFINITION
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
            INPUT_STUDIO_COMPANIES => {
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
            TRIGGER_INFRABOT => {
                let cluster = form.choice("keycloak_cluster", &CLUSTERS);
                let scopes = form.optional_line("scopes", MAX_LINE).unwrap_or_default();
                form.confirmed(
                    "keycloak_confirmed",
                    "Confirm that the Keycloak credentials are stored.",
                );
                json!({ "keycloak_cluster": cluster, "scopes": scopes, "keycloak_confirmed": true })
            }
            LMS_SETUP => {
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
        let (Some(organization_id), CLONE_METABASE_COLLECTION) =
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
                CLONE_METABASE_COLLECTION => {
                    let known = facts["metabase_collection_id"].as_i64();
                    let id = metabase
                        .clone_template_collection(organization, known)
                        .await?;
                    Ok(json!({ "metabase_collection_id": id }))
                }
                CREATE_METABASE_GROUP => {
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
                GRANT_METABASE_DB_ACCESS => {
                    metabase
                        .grant_database_access(from_context(context, "metabase_group_id")?)
                        .await?;
                    Ok(json!({ "metabase_db_access": true }))
                }
                CREATE_TEAMS_CHANNEL => {
                    let channel = systems
                        .teams
                        .ensure_channel(&teams_channel_name(organization))
                        .await?;
                    Ok(json!({
                        "teams_channel_id": channel.id, "teams_channel_name": channel.name,
                        "teams_channel_private": channel.private,
                    }))
                }
                CREATE_SLACK_GROUP => {
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
        if step == INPUT_STUDIO_COMPANIES {
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
            TRIGGER_INFRABOT => organizations::update_integrations(
                tx,
                &organization_id,
                IntegrationUpdate::Keycloak {
                    cluster: &text("keycloak_cluster"),
                },
                &now,
            )?,
            CLONE_METABASE_COLLECTION => {
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
            CREATE_METABASE_GROUP => set_group(
                tx,
                &organization_id,
                "metabase",
                &text("metabase_group_id"),
                &text("metabase_group_name"),
                &now,
            )?,
            CREATE_TEAMS_CHANNEL => set_group(
                tx,
                &organization_id,
                "teams",
                &text("teams_channel_id"),
                &text("teams_channel_name"),
                &now,
            )?,
            CREATE_SLACK_GROUP => set_group(
                tx,
                &organization_id,
                "slack",
                &text("slack_group_id"),
                &text("slack_group_handle"),
                &now,
            )?,
            LMS_SETUP => organizations::update_integrations(
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
        conn: &Connection,
    ) -> Result<Option<StepForm>, StoreError> {
        forms::form(step, context, conn)
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
