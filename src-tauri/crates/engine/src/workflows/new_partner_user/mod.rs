//! `new_partner_user`: add a user to an existing partner organisation (9 steps, docs/workflows.md).

mod forms;

use hyopps_connectors::{ChannelRef, DocumentationEmail, LiveConnectors};
use hyopps_contract::{rules, StepForm};
use hyopps_store::users::{self, NewPerson};
use hyopps_store::{organizations, Connection, StoreError, Transaction};
use serde::Deserialize;
use serde_json::{json, Value};

use super::forms::{invalid, Form, MAX_LINE};
use super::names::external_group_name;
use super::{from_context, person, HandCompletion, IdKind, MetabaseId};
use crate::{
    Applied, CompletedBy, EngineError, FieldErrors, StepContext, StepDefinition, StepError,
    StepFuture, StepKind, Workflow, WorkflowDefinition,
};

/// `new_partner_user`, as the engine and the screens know it; the rows in `workflow_definitions` and
/// `workflow_step_definitions` are written from it at start-up.
pub const DEFINITION: WorkflowDefinition = WorkflowDefinition {
    id: "1bbbf5d4-b379-4004-b762-dd9584020fe2",
    name: "new_partner_user",
    description: "Add a user to an existing partner organisation and give them access to Studio, Metabase, Teams, Slack and the documentation.",
    steps: STEPS,
};

const SELECT_ORGANIZATION: &str = "select_organization";
const INPUT_USER_DETAILS: &str = "input_user_details";
const ADD_USER_TO_STUDIO_COMPANIES: &str = "add_user_to_studio_companies";
const ADD_USER_TO_METABASE_GROUP: &str = "add_user_to_metabase_group";
const ADD_USER_TO_TEAMS_CHANNEL: &str = "add_user_to_teams_channel";
const ADD_USER_TO_SLACK_GROUP: &str = "add_user_to_slack_group";
const CREATE_STUDIO_USER_COMPANY: &str = "create_studio_user_company";
const SEND_STUDIO_INVITE: &str = "send_studio_invite";
const SHARE_DOCUMENTATION: &str = "share_documentation";

const STEPS: &[StepDefinition] = &[
    StepDefinition {
        id: "bf73fbcf-ee9b-403e-b75f-af374cf2d1dd",
        name: SELECT_ORGANIZATION,
        kind: StepKind::Manual,
        label: "Select the organisation",
        description: "Pick the partner organisation the user belongs to.",
        system: None,
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    },
    StepDefinition {
        id: "9f165116-17f4-423a-8e80-092ff5fd48de",
        name: INPUT_USER_DETAILS,
        kind: StepKind::Manual,
        label: "Enter the user's details",
        description: "First name, last name, email, languages, skills, roles and the organisation's Studio companies the user gets. Creates the user (or reuses the one with that email).",
        system: None,
        completed_by: CompletedBy::AnyAdmin,
        by_hand: None,
    },
    StepDefinition {
        id: "854a7afa-3a43-4be3-b0c4-1b9c05bf0a86",
        name: ADD_USER_TO_STUDIO_COMPANIES,
        kind: StepKind::Auto,
        label: "Add to the Studio companies",
        description: "Grants the user the selected Studio companies.",
        system: Some("studio"),
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: None,
    },
    StepDefinition {
        id: "959e0209-0ffa-4600-ba43-e1fff946a4c5",
        name: ADD_USER_TO_METABASE_GROUP,
        kind: StepKind::Auto,
        label: "Add to the Metabase group",
        description: "Finds or creates the user in Metabase and adds them to the organisation's Metabase group unless already a member.",
        system: Some("metabase"),
        completed_by: CompletedBy::AnyAdmin,
        by_hand: Some(HandCompletion::new("metabase_user_id", "Metabase user id", IdKind::MetabaseNumber)),
    },
    StepDefinition {
        id: "5b0c528b-b737-474a-b016-7213a7f67875",
        name: ADD_USER_TO_TEAMS_CHANNEL,
        kind: StepKind::Auto,
        label: "Add to the Teams channel",
        description: "Invites the user to Microsoft Teams as a guest unless they exist, adds them to the team and, for a private channel, to the channel.",
        system: Some("teams"),
        completed_by: CompletedBy::AnyAdmin,
        by_hand: Some(HandCompletion::new("teams_user_id", "Teams (Entra) user id", IdKind::Text)),
    },
    StepDefinition {
        id: "5497c038-3c0e-4b5d-8cb4-db99d0abe9e0",
        name: ADD_USER_TO_SLACK_GROUP,
        kind: StepKind::Auto,
        label: "Add to the Slack group",
        description: "Adds the user to the organisation's Slack user group; a guest is invited to the group's channel instead.",
        system: Some("slack"),
        completed_by: CompletedBy::AnyAdmin,
        by_hand: Some(HandCompletion::new("slack_user_id", "Slack user id", IdKind::Text)),
    },
    StepDefinition {
        id: "9f92aa50-1c79-411d-9620-7a7cf226729a",
        name: CREATE_STUDIO_USER_COMPANY,
        kind: StepKind::Auto,
        label: "Create the personal Studio company",
        description: "Creates the user's personal Studio company.",
        system: Some("studio"),
        completed_by: CompletedBy::OperatorsOnly,
        by_hand: Some(HandCompletion::new("studio_user_company_id", "Studio company id", IdKind::Text)),
    },
    StepDefinition {
        id: "05eac8df-699e-4ec2-9221-b53473aeb4a1",
        name: SEND_STUDIO_INVITE,
        kind: StepKind::Auto,
        label: "Send the Studio invitation",
        description: "Creates the user in Keycloak, adds them to the organisation's Keycloak group and sends the verify-email and set-password email.",
        system: Some("keycloak"),
        completed_by: CompletedBy::AnyAdmin,
        by_hand: Some(HandCompletion::new("keycloak_user_id", "Keycloak user id", IdKind::Text)),
    },
    StepDefinition {
        id: "78569888-f112-4940-8c64-8be1e1ff2e44",
        name: SHARE_DOCUMENTATION,
        kind: StepKind::Auto,
        label: "Share the documentation",
        description: "Emails the organisation's documentation links to the user.",
        system: Some("email"),
        completed_by: CompletedBy::AnyAdmin,
        by_hand: None,
    },
];

fn operators_only(step: &str) -> bool {
    DEFINITION
        .step(step)
        .is_some_and(StepDefinition::operators_only)
}

pub struct NewPartnerUser {
    connectors: LiveConnectors,
}

impl NewPartnerUser {
    pub fn new(connectors: LiveConnectors) -> Self {
        Self { connectors }
    }
}

/// What the auto steps read from the database before they run.
fn facts(context: &StepContext, conn: &Connection) -> Result<Value, StoreError> {
    let Some(organization_id) = context.organization_id.as_deref() else {
        return Ok(Value::Null);
    };
    let group = |tool: &str| -> Result<Value, StoreError> {
        Ok(
            match organizations::system_group(conn, organization_id, tool)? {
                Some(organizations::SystemGroup {
                    external_id: Some(id),
                    external_name: name,
                }) if !id.is_empty() => json!({ "id": id, "name": name }),
                _ => Value::Null,
            },
        )
    };
    let selected: Vec<String> = context
        .values
        .get("selected_studio_company_ids")
        .and_then(Value::as_array)
        .map(|ids| {
            ids.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let studio_ids: Vec<String> = organizations::studio_companies(conn, organization_id)?
        .into_iter()
        .filter(|c| selected.contains(&c.id))
        .map(|c| c.studio_id)
        .collect();
    Ok(json!({
        "organization_name": organizations::name(conn, organization_id)?,
        "metabase": group("metabase")?, "teams": group("teams")?,
        "slack": group("slack")?, "keycloak": group("keycloak")?,
        "studio_ids": studio_ids,
        "documentation": organizations::documentation_links(conn, organization_id)?,
    }))
}

fn missing_group(facts: &Value, system: &str) -> StepError {
    let organization = facts["organization_name"]
        .as_str()
        .unwrap_or("The organisation");
    StepError::Fatal {
        message: format!(
            "{organization} has no {system} group yet: run new_partner for it, or enter the group in the organisation's detail, then retry."
        ),
    }
}

impl Workflow for NewPartnerUser {
    fn definition(&self) -> &'static WorkflowDefinition {
        &DEFINITION
    }

    fn validate_input(
        &self,
        step: &str,
        input: &Value,
        context: &StepContext,
        conn: &Connection,
    ) -> Result<Value, FieldErrors> {
        let mut form = Form::new(input);
        let accepted = match step {
            SELECT_ORGANIZATION => {
                let id = form.text("organization_id", 64);
                if !id.is_empty() && matches!(organizations::name(conn, &id), Ok(None)) {
                    form.fail("organization_id", "There is no organisation with this id.");
                }
                json!({ "organization_id": id })
            }
            INPUT_USER_DETAILS => {
                let organization_id = context.organization_id.clone().unwrap_or_default();
                let firstname = form.text("firstname", rules::MAX_PERSON_NAME_CHARS);
                let lastname = form.text("lastname", rules::MAX_PERSON_NAME_CHARS);
                let email = form.email("email");
                let languages = form.languages("languages");
                let skills = form.tags("skills", |_| None);
                let roles = form.tags("roles", |_| None);
                let companies: Vec<String> =
                    organizations::studio_companies(conn, &organization_id)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|c| c.id)
                        .collect();
                let selected = form.choices("selected_studio_company_ids", &companies);
                person::check_email(&mut form, conn, &email, &organization_id);
                json!({
                    "firstname": firstname, "lastname": lastname, "email": email,
                    "languages": languages, "skills": skills, "roles": roles,
                    "selected_studio_company_ids": selected,
                })
            }
            // Auto steps that became manual tasks (no Studio webhook configured).
            ADD_USER_TO_STUDIO_COMPANIES => {
                form.confirmed(
                    "studio_access_confirmed",
                    "Confirm that the user has access to the companies in Studio.",
                );
                json!({ "studio_access_confirmed": true })
            }
            CREATE_STUDIO_USER_COMPANY => {
                let id = form.text("studio_user_company_id", 64);
                let name = form.text("studio_user_company_name", MAX_LINE);
                json!({ "studio_user_company_id": id, "studio_user_company_name": name })
            }
            other => {
                form.fail("step", format!("The step {other} takes no form."));
                Value::Null
            }
        };
        form.finish().map(|()| accepted)
    }

    fn gather(
        &self,
        _step: &str,
        context: &StepContext,
        conn: &Connection,
    ) -> Result<Value, StepError> {
        facts(context, conn).map_err(|e| StepError::Retryable {
            message: format!("Could not read the organisation: {e}"),
            retry_after: None,
        })
    }

    fn run_auto<'a>(
        &'a self,
        step: &'a str,
        context: &'a StepContext,
        facts: &'a Value,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let email = from_context(context, "email")?;
            let first = from_context(context, "firstname")?;
            let last = from_context(context, "lastname")?;
            let group_id = |system: &str| facts[system]["id"].as_str();
            let systems = self.connectors.current();
            match step {
                ADD_USER_TO_STUDIO_COMPANIES => {
                    let studio_ids: Vec<String> =
                        serde_json::from_value(facts["studio_ids"].clone()).unwrap_or_default();
                    if !studio_ids.is_empty() {
                        systems.studio.grant_companies(email, &studio_ids).await?;
                    }
                    Ok(json!({ "studio_companies_granted": studio_ids }))
                }
                ADD_USER_TO_METABASE_GROUP => {
                    let group =
                        group_id("metabase").ok_or_else(|| missing_group(facts, "Metabase"))?;
                    let id = systems
                        .metabase
                        .ensure_user_in_group(email, first, last, group)
                        .await?;
                    Ok(json!({ "metabase_user_id": id }))
                }
                ADD_USER_TO_TEAMS_CHANNEL => {
                    let channel = ChannelRef {
                        id: group_id("teams")
                            .ok_or_else(|| missing_group(facts, "Teams channel"))?
                            .to_string(),
                        name: facts["teams"]["name"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                        // The connector reads the channel's membership type itself.
                        private: false,
                    };
                    let id = systems
                        .teams
                        .ensure_member(email, &format!("{first} {last}"), &channel)
                        .await?;
                    Ok(json!({ "teams_user_id": id }))
                }
                ADD_USER_TO_SLACK_GROUP => {
                    let group = group_id("slack").ok_or_else(|| missing_group(facts, "Slack"))?;
                    let id = systems.slack.add_to_usergroup(email, group).await?;
                    Ok(json!({ "slack_user_id": id }))
                }
                CREATE_STUDIO_USER_COMPANY => {
                    let company = systems
                        .studio
                        .create_user_company(email, &format!("{first} {last}"))
                        .await?;
                    Ok(
                        json!({ "studio_user_company_id": company.id, "studio_user_company_name": company.name }),
                    )
                }
                SEND_STUDIO_INVITE => {
                    let organization = facts["organization_name"].as_str().unwrap_or_default();
                    let invite = systems
                        .keycloak
                        .invite_user(
                            email,
                            first,
                            last,
                            group_id("keycloak"),
                            &external_group_name(organization),
                        )
                        .await?;
                    Ok(json!({
                        "keycloak_user_id": invite.user_id,
                        "keycloak_group_id": invite.group.id, "keycloak_group_name": invite.group.name,
                    }))
                }
                SHARE_DOCUMENTATION => {
                    let links: Vec<(String, String)> =
                        serde_json::from_value(facts["documentation"].clone()).unwrap_or_default();
                    let message = DocumentationEmail {
                        to: email.to_string(),
                        recipient_name: format!("{first} {last}"),
                        organization_name: facts["organization_name"]
                            .as_str()
                            .unwrap_or_default()
                            .to_string(),
                        links,
                    };
                    systems.email.send_documentation(&message).await?;
                    Ok(json!({ "documentation_sent_to": email }))
                }
                other => Err(StepError::Fatal {
                    message: format!("new_partner_user has no auto step {other}."),
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
        let text = |key: &str| {
            result
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        if step == SELECT_ORGANIZATION {
            let id = text("organization_id");
            let name = organizations::name(tx, &id)?;
            return Ok(Applied {
                output: Some(json!({ "organization_name": name })),
                organization_id: Some(id),
                user_id: None,
            });
        }
        let organization_id = context.organization_id.clone().ok_or_else(|| {
            EngineError::Conflict("This execution has no organisation yet.".into())
        })?;
        if step == INPUT_USER_DETAILS {
            let new_person = NewPerson {
                firstname: &text("firstname"),
                lastname: &text("lastname"),
                email: &text("email"),
                languages: &result["languages"],
                skills: &result["skills"],
                roles: &result["roles"],
                organization_id: &organization_id,
            };
            return person::find_or_create(tx, &new_person, now);
        }
        let user_id = context
            .user_id
            .clone()
            .ok_or_else(|| EngineError::Conflict("This execution has no user yet.".into()))?;
        // Each access is recorded by the step that gives it, so a run that stops half-way
        // leaves on record what it did give.
        let grant = |resource: &str| {
            users::grant_access(
                tx,
                &user_id,
                resource,
                context.requested_by.as_deref(),
                &context.execution_id,
                now,
            )
        };
        match step {
            ADD_USER_TO_STUDIO_COMPANIES => {
                let selected = context
                    .values
                    .get("selected_studio_company_ids")
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                for company in selected.iter().filter_map(Value::as_str) {
                    users::grant_studio_access(tx, &user_id, company, now)?;
                }
                if !selected.is_empty() {
                    grant("Studio")?;
                }
            }
            ADD_USER_TO_METABASE_GROUP => {
                let added: MetabaseUserAdded =
                    serde_json::from_value(result.clone()).map_err(|_| {
                        invalid(
                            "external_id",
                            "A Metabase user id is a whole number from 1 up.",
                        )
                    })?;
                users::set_metabase_user_id(tx, &user_id, added.metabase_user_id.get(), now)?;
                grant("Metabase")?;
            }
            ADD_USER_TO_TEAMS_CHANNEL => grant("Microsoft Teams")?,
            ADD_USER_TO_SLACK_GROUP => grant("Slack")?,
            CREATE_STUDIO_USER_COMPANY => {
                let (id, name) = (
                    text("studio_user_company_id"),
                    text("studio_user_company_name"),
                );
                if id.is_empty() {
                    return Err(invalid(
                        "external_id",
                        "Enter the Studio id of the user's company.",
                    ));
                }
                let name = if name.is_empty() {
                    format!(
                        "{} {}",
                        value(context, "firstname"),
                        value(context, "lastname")
                    )
                } else {
                    name
                };
                users::set_personal_studio_company(tx, &user_id, &id, &name, now)?;
            }
            SEND_STUDIO_INVITE => {
                let (group_id, group_name) =
                    (text("keycloak_group_id"), text("keycloak_group_name"));
                if !group_id.is_empty() {
                    organizations::set_system_group(
                        tx,
                        &organization_id,
                        "keycloak",
                        &group_id,
                        &group_name,
                        now,
                    )?;
                }
                grant("KeyCloak")?;
            }
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

/// What `add_user_to_metabase_group` records, by the connector or by hand.
#[derive(Deserialize)]
struct MetabaseUserAdded {
    metabase_user_id: MetabaseId,
}

fn value<'a>(context: &'a StepContext, key: &str) -> &'a str {
    context
        .values
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
}
