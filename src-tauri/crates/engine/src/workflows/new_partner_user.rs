//! `new_partner_user`: add a user to an existing partner organisation (9 steps, docs/workflows.md).

use hyopps_connectors::{ChannelRef, DocumentationEmail, LiveConnectors};
use hyopps_contract::{rules, FieldKind, FieldOption, StepForm};
use hyopps_store::users::{self, NewPerson};
use hyopps_store::{organizations, Connection, StoreError, Transaction};
use serde::Deserialize;
use serde_json::{json, Value};

use super::forms::{field, invalid, Form, MAX_LINE};
use super::names::external_group_name;
use super::{from_context, person, HandCompletion, IdKind, MetabaseId};
use crate::{Applied, EngineError, FieldErrors, StepContext, StepError, StepFuture, Workflow};

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
    fn name(&self) -> &'static str {
        "new_partner_user"
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
            "select_organization" => {
                let id = form.text("organization_id", 64);
                if !id.is_empty() && matches!(organizations::name(conn, &id), Ok(None)) {
                    form.fail("organization_id", "There is no organisation with this id.");
                }
                json!({ "organization_id": id })
            }
            "input_user_details" => {
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
            "add_user_to_studio_companies" => {
                form.confirmed(
                    "studio_access_confirmed",
                    "Confirm that the user has access to the companies in Studio.",
                );
                json!({ "studio_access_confirmed": true })
            }
            "create_studio_user_company" => {
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

    fn system(&self, step: &str) -> Option<&'static str> {
        match step {
            "add_user_to_studio_companies" | "create_studio_user_company" => Some("studio"),
            "add_user_to_metabase_group" => Some("metabase"),
            "add_user_to_teams_channel" => Some("teams"),
            "add_user_to_slack_group" => Some("slack"),
            "send_studio_invite" => Some("keycloak"),
            "share_documentation" => Some("email"),
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
            let email = from_context(context, "email")?;
            let first = from_context(context, "firstname")?;
            let last = from_context(context, "lastname")?;
            let group_id = |system: &str| facts[system]["id"].as_str();
            let systems = self.connectors.current();
            match step {
                "add_user_to_studio_companies" => {
                    let studio_ids: Vec<String> =
                        serde_json::from_value(facts["studio_ids"].clone()).unwrap_or_default();
                    if !studio_ids.is_empty() {
                        systems.studio.grant_companies(email, &studio_ids).await?;
                    }
                    Ok(json!({ "studio_companies_granted": studio_ids }))
                }
                "add_user_to_metabase_group" => {
                    let group =
                        group_id("metabase").ok_or_else(|| missing_group(facts, "Metabase"))?;
                    let id = systems
                        .metabase
                        .ensure_user_in_group(email, first, last, group)
                        .await?;
                    Ok(json!({ "metabase_user_id": id }))
                }
                "add_user_to_teams_channel" => {
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
                "add_user_to_slack_group" => {
                    let group = group_id("slack").ok_or_else(|| missing_group(facts, "Slack"))?;
                    let id = systems.slack.add_to_usergroup(email, group).await?;
                    Ok(json!({ "slack_user_id": id }))
                }
                "create_studio_user_company" => {
                    let company = systems
                        .studio
                        .create_user_company(email, &format!("{first} {last}"))
                        .await?;
                    Ok(
                        json!({ "studio_user_company_id": company.id, "studio_user_company_name": company.name }),
                    )
                }
                "send_studio_invite" => {
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
                "share_documentation" => {
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
        if step == "select_organization" {
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
        if step == "input_user_details" {
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
            "add_user_to_studio_companies" => {
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
            "add_user_to_metabase_group" => {
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
            "add_user_to_teams_channel" => grant("Microsoft Teams")?,
            "add_user_to_slack_group" => grant("Slack")?,
            "create_studio_user_company" => {
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
            "send_studio_invite" => {
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
        let form = match step {
            "select_organization" => StepForm {
                step_order: 1,
                title: "Select the organisation".into(),
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
                operators_only: self.operators_only(step),
            },
            "input_user_details" => {
                let companies = match context.organization_id.as_deref() {
                    Some(org) => organizations::studio_companies(conn, org)?,
                    None => Vec::new(),
                };
                StepForm {
                    step_order: 2,
                    title: "Enter the user's details".into(),
                    instructions: vec![],
                    fields: vec![
                        field("firstname", "First name", FieldKind::Text, true, None),
                        field("lastname", "Last name", FieldKind::Text, true, None),
                        field("email", "Email", FieldKind::Email, true, Some("A person of this organisation with this email is reused; another account is not.")),
                        field("languages", "Languages", FieldKind::Tags, false, Some("ISO 639-1 codes, comma-separated: en, fr")),
                        field("skills", "Skills", FieldKind::Tags, false, Some("Comma-separated")),
                        field("roles", "Roles", FieldKind::Tags, false, Some("Comma-separated")),
                        field(
                            "selected_studio_company_ids",
                            "Studio companies",
                            FieldKind::MultiSelect {
                                options: companies
                                    .into_iter()
                                    .map(|c| FieldOption {
                                        value: c.id,
                                        label: format!("{} ({}, {})", c.name, c.environment.to_uppercase(), c.studio_id),
                                    })
                                    .collect(),
                            },
                            false,
                            None,
                        ),
                    ],
                    submit_label: "Create the user".into(),
                    operators_only: self.operators_only(step),
                }
            }
            "add_user_to_studio_companies" => StepForm {
                step_order: 3,
                title: "Give access to the Studio companies".into(),
                instructions: vec!["In Studio, give the user access to the companies chosen in step 2, then confirm.".into()],
                fields: vec![field("studio_access_confirmed", "The user has access in Studio", FieldKind::Checkbox, true, None)],
                submit_label: "Confirm".into(),
                operators_only: self.operators_only(step),
            },
            "create_studio_user_company" => StepForm {
                step_order: 7,
                title: "Create the personal Studio company".into(),
                instructions: vec!["In Studio, create the user's personal company, then enter its id and name.".into()],
                fields: vec![
                    field("studio_user_company_id", "Studio company id", FieldKind::Text, true, None),
                    field("studio_user_company_name", "Studio company name", FieldKind::Text, true, None),
                ],
                submit_label: "Save".into(),
                operators_only: self.operators_only(step),
            },
            _ => return Ok(None),
        };
        Ok(Some(form))
    }

    fn hand_completion(&self, step: &str) -> Option<HandCompletion> {
        let (key, label, kind) = match step {
            "add_user_to_metabase_group" => (
                "metabase_user_id",
                "Metabase user id",
                IdKind::MetabaseNumber,
            ),
            "add_user_to_teams_channel" => ("teams_user_id", "Teams (Entra) user id", IdKind::Text),
            "add_user_to_slack_group" => ("slack_user_id", "Slack user id", IdKind::Text),
            "create_studio_user_company" => {
                ("studio_user_company_id", "Studio company id", IdKind::Text)
            }
            "send_studio_invite" => ("keycloak_user_id", "Keycloak user id", IdKind::Text),
            _ => return None,
        };
        Some(HandCompletion::new(key, label, kind))
    }

    /// Partners cannot reach Studio's administration: a Studio task that became manual is the
    /// operations team's, and so is picking the organisation (a partner admin's execution
    /// starts with it done for their own).
    fn operators_only(&self, step: &str) -> bool {
        matches!(
            step,
            "select_organization" | "add_user_to_studio_companies" | "create_studio_user_company"
        )
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
