//! The forms of `new_partner`'s steps that wait for a person.

use hyopps_contract::{FieldKind, StepForm};
use hyopps_store::{Connection, StoreError};
use serde_json::Value;

use super::super::forms::{field, options};
use super::{operators_only, DEFINITION, INPUT_STUDIO_COMPANIES, LMS_SETUP, TRIGGER_INFRABOT};
use crate::StepContext;

pub(super) fn form(
    step: &str,
    context: &StepContext,
    _: &Connection,
) -> Result<Option<StepForm>, StoreError> {
    let form = match step {
        INPUT_STUDIO_COMPANIES => StepForm {
            step_order: DEFINITION.order_of(step).unwrap_or_default(),
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
            operators_only: operators_only(step),
        },
        TRIGGER_INFRABOT => {
            let value = |key: &str| context.values.get(key).and_then(Value::as_str).unwrap_or("?").to_string();
            StepForm {
                step_order: DEFINITION.order_of(step).unwrap_or_default(),
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
                operators_only: operators_only(step),
            }
        }
        LMS_SETUP => StepForm {
            step_order: DEFINITION.order_of(step).unwrap_or_default(),
            title: "Set up the LMS learning path".into(),
            instructions: vec!["The LMS has no API: add the partner learning path in the LMS, then confirm.".into()],
            fields: vec![
                field("lms_confirmed", "The learning path is set up", FieldKind::Checkbox, true, None),
                field("notes", "Notes", FieldKind::TextArea, false, None),
            ],
            submit_label: "Confirm".into(),
            operators_only: operators_only(step),
        },
        _ => return Ok(None),
    };
    Ok(Some(form))
}
