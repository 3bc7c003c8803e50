//! The forms of `new_partner_user`'s steps that wait for a person.

use hyopps_contract::{FieldKind, FieldOption, StepForm};
use hyopps_store::{organizations, Connection, StoreError};

use super::super::forms::field;
use super::{
    operators_only, ADD_USER_TO_STUDIO_COMPANIES, CREATE_STUDIO_USER_COMPANY, DEFINITION,
    INPUT_USER_DETAILS, SELECT_ORGANIZATION,
};
use crate::StepContext;

pub(super) fn form(
    step: &str,
    context: &StepContext,
    conn: &Connection,
) -> Result<Option<StepForm>, StoreError> {
    let form = match step {
        SELECT_ORGANIZATION => StepForm {
            step_order: DEFINITION.order_of(step).unwrap_or_default(),
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
            operators_only: operators_only(step),
        },
        INPUT_USER_DETAILS => {
            let companies = match context.organization_id.as_deref() {
                Some(org) => organizations::studio_companies(conn, org)?,
                None => Vec::new(),
            };
            StepForm {
                step_order: DEFINITION.order_of(step).unwrap_or_default(),
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
                operators_only: operators_only(step),
            }
        }
        ADD_USER_TO_STUDIO_COMPANIES => StepForm {
            step_order: DEFINITION.order_of(step).unwrap_or_default(),
            title: "Give access to the Studio companies".into(),
            instructions: vec![
                "In Studio, give the user access to the companies chosen in step 2, then confirm."
                    .into(),
            ],
            fields: vec![field(
                "studio_access_confirmed",
                "The user has access in Studio",
                FieldKind::Checkbox,
                true,
                None,
            )],
            submit_label: "Confirm".into(),
            operators_only: operators_only(step),
        },
        CREATE_STUDIO_USER_COMPANY => StepForm {
            step_order: DEFINITION.order_of(step).unwrap_or_default(),
            title: "Create the personal Studio company".into(),
            instructions: vec![
                "In Studio, create the user's personal company, then enter its id and name.".into(),
            ],
            fields: vec![
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
            submit_label: "Save".into(),
            operators_only: operators_only(step),
        },
        _ => return Ok(None),
    };
    Ok(Some(form))
}
