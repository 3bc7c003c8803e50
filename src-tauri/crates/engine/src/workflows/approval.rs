//! An operator's approval before anything is taken away (an offboarding of a person or of an
//! organisation): what the approval step records, with the reason when someone gave one.

use serde::Serialize;
use serde_json::Value;

use super::forms::{field, Form, MAX_TEXT};
use super::step::output;
use hyopps_contract::{FieldKind, FormField};

/// What an approval step records.
#[derive(Serialize)]
struct Approved {
    offboarding_approved: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    offboarding_reason: Option<String>,
}

/// Checks the approval form (its optional reason) and returns what the step records.
pub(crate) fn approved(form: &mut Form<'_>) -> Option<Value> {
    let offboarding_reason = form.optional_text("reason", MAX_TEXT);
    output(&Approved {
        offboarding_approved: true,
        offboarding_reason,
    })
    .ok()
}

/// The approval form's one field.
pub(crate) fn reason_field() -> FormField {
    field(
        "reason",
        "Reason (optional)",
        FieldKind::TextArea,
        false,
        None,
    )
}
