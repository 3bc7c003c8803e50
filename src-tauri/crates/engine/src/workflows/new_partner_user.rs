//! `new_partner_user`: add a user to an existing partner organisation (9 steps, SPEC §3).

use hyopps_connectors::{ChannelRef, DocumentationEmail, LiveConnectors};
use hyopps_contract::{rules, FieldKind, FieldOption, StepForm};
use hyopps_store::users::{self, NewPerson};
use hyopps_store::{organizations, Connection, StoreError, Transaction};
use serde_json::{json, Value};

use super::forms::{external_group_name, field, invalid, Form, MAX_LINE};
use super::from_context;
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
                if let Ok(Some(owner)) = users::organization_of_email(conn, &email) {
                    if owner
                        .organization_id
                        .is_some_and(|other| other != organization_id)
                    {
                        let name = owner
                            .organization_name
                            .unwrap_or_else(|| "another organisation".into());
                        form.fail("email", format!("{email} already belongs to {name}."));
                    }
                }
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
            let (user_id, created) = users::find_or_create_person(
                tx,
                &NewPerson {
                    firstname: &text("firstname"),
                    lastname: &text("lastname"),
                    email: &text("email"),
                    languages: &result["languages"],
                    skills: &result["skills"],
                    roles: &result["roles"],
                    organization_id: &organization_id,
                },
                now,
            )?;
            return Ok(Applied {
                output: Some(json!({ "user_id": user_id, "user_created": created })),
                organization_id: None,
                user_id: Some(user_id),
            });
        }
        let user_id = context
            .user_id
            .clone()
            .ok_or_else(|| EngineError::Conflict("This execution has no user yet.".into()))?;
        match step {
            "add_user_to_studio_companies" => {
                let selected = context
                    .values
                    .get("selected_studio_company_ids")
                    .and_then(Value::as_array);
                for company in selected.into_iter().flatten().filter_map(Value::as_str) {
                    users::grant_studio_access(tx, &user_id, company, now)?;
                }
            }
            "add_user_to_metabase_group" => {
                let id = result["metabase_user_id"]
                    .as_i64()
                    .or_else(|| text("metabase_user_id").parse().ok())
                    .ok_or_else(|| invalid("external_id", "A Metabase user id is a number."))?;
                users::set_metabase_user_id(tx, &user_id, id, now)?;
            }
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
            }
            "share_documentation" => grant_what_was_given(tx, &user_id, context, now)?,
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
                        field("email", "Email", FieldKind::Email, true, Some("An existing account with this email is reused.")),
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
                }
            }
            "add_user_to_studio_companies" => StepForm {
                step_order: 3,
                title: "Give access to the Studio companies".into(),
                instructions: vec!["In Studio, give the user access to the companies chosen in step 2, then confirm.".into()],
                fields: vec![field("studio_access_confirmed", "The user has access in Studio", FieldKind::Checkbox, true, None)],
                submit_label: "Confirm".into(),
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
            },
            _ => return Ok(None),
        };
        Ok(Some(form))
    }

    fn hand_completion(&self, step: &str) -> Option<(&'static str, &'static str)> {
        match step {
            "add_user_to_metabase_group" => Some(("metabase_user_id", "Metabase user id")),
            "add_user_to_teams_channel" => Some(("teams_user_id", "Teams (Entra) user id")),
            "add_user_to_slack_group" => Some(("slack_user_id", "Slack user id")),
            "create_studio_user_company" => Some(("studio_user_company_id", "Studio company id")),
            "send_studio_invite" => Some(("keycloak_user_id", "Keycloak user id")),
            _ => None,
        }
    }
}

fn value<'a>(context: &'a StepContext, key: &str) -> &'a str {
    context
        .values
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// On completion: an access grant for each resource the user was actually given.
fn grant_what_was_given(
    tx: &Transaction<'_>,
    user_id: &str,
    context: &StepContext,
    now: &str,
) -> Result<(), EngineError> {
    let has = |key: &str| match context.values.get(key) {
        Some(Value::Array(items)) => !items.is_empty(),
        Some(Value::Null) | None => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    };
    let given = [
        (
            "Studio",
            has("studio_companies_granted") || has("studio_access_confirmed"),
        ),
        ("Metabase", has("metabase_user_id")),
        ("Microsoft Teams", has("teams_user_id")),
        ("Slack", has("slack_user_id")),
        ("KeyCloak", has("keycloak_user_id")),
    ];
    for (resource, _) in given.iter().filter(|(_, given)| *given) {
        users::grant_access(
            tx,
            user_id,
            resource,
            context.requested_by.as_deref(),
            &context.execution_id,
            now,
        )?;
    }
    Ok(())
}
