//! The person `new_partner_user` adds (step 2): a new account, or an existing one only where
//! that is safe. Checked when the form is validated, for a field message, and again in the
//! transaction that applies the step, so that nothing that changed in between slips through.

use hyopps_store::users::{self, ExistingAccount, NewPerson, PersonAccount, Refusal};
use hyopps_store::{Connection, Transaction};
use serde::Serialize;

use super::forms::{invalid, Form};
use crate::{Applied, EngineError};

/// Adds a field message to `form` when the account with `email` may not become a user of
/// `organization_id`.
pub(crate) fn check_email(
    form: &mut Form<'_>,
    conn: &Connection,
    email: &str,
    organization_id: &str,
) {
    if email.is_empty() {
        return;
    }
    match users::existing_account(conn, email, organization_id) {
        Ok(ExistingAccount::Refused(refusal)) => {
            form.fail("email", refusal_message(email, refusal))
        }
        Ok(_) => {}
        Err(error) => form.fail("email", format!("Could not check the email: {error}")),
    }
}

/// Creates or reuses the person in the transaction that completes the step; a refusal writes
/// nothing and reads like the form's field message.
pub(crate) fn find_or_create(
    tx: &Transaction<'_>,
    person: &NewPerson<'_>,
    now: &str,
) -> Result<Applied, EngineError> {
    let (user_id, created, attached) = match users::find_or_create_person(tx, person, now)? {
        PersonAccount::Created { user_id } => (user_id, true, false),
        PersonAccount::Reused { user_id } => (user_id, false, false),
        PersonAccount::Attached { user_id } => (user_id, false, true),
        PersonAccount::Refused(refusal) => {
            return Err(invalid("email", &refusal_message(person.email, refusal)))
        }
    };
    let recorded = PersonRecorded {
        user_id: user_id.clone(),
        user_created: created,
        user_attached: attached,
    };
    Ok(Applied {
        output: Some(serde_json::to_value(&recorded).map_err(hyopps_store::StoreError::from)?),
        organization_id: None,
        user_id: Some(user_id),
        children: Vec::new(),
    })
}

/// What step 2 adds to its input: the account, and whether it was new or attached.
#[derive(Serialize)]
struct PersonRecorded {
    user_id: String,
    user_created: bool,
    user_attached: bool,
}

/// Why the account is not reused, and what to do. Another organisation is not named: a
/// partner admin must not learn who else HyOpps serves.
fn refusal_message(email: &str, refusal: Refusal) -> String {
    let why = match refusal {
        Refusal::Administrator => "is an administrator's account",
        Refusal::PartnerAdministrator => "is a partner administrator's account",
        Refusal::OtherOrganization => "belongs to another organisation",
        Refusal::SignsIn => "is an account that signs in to HyOpps",
        Refusal::HasAccess => "is an account that already has access recorded elsewhere",
    };
    format!("{email} {why}, so it cannot be reused here. Use the person's own email, or ask an administrator to check the account.")
}
