//! What the workflow tests share beyond the fixture: a signed-in partner admin of an
//! organisation, SQL to set the scene, and the steps of one execution by name.

use hyopps_app::{App, SessionToken};
use hyopps_contract::{ExecutionDetail, StepStatus};
use hyopps_store::StoreError;

use super::Fixture;

/// A password hash as the app stores it.
pub(super) fn argon2_hash(password: &str) -> String {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string()
}

/// Signs in a new partner admin (pat@acme.example) of `organization_id`.
pub(super) async fn partner_admin_of(f: &Fixture, organization_id: &str) -> SessionToken {
    let hash = argon2_hash("partner passphrase");
    let organization = organization_id.to_string();
    f.app
        .store()
        .write(move |tx| -> Result<(), StoreError> {
            tx.execute(
                "INSERT INTO users (id, firstname, lastname, email, app_role, organization_id, password_hash, created_at, updated_at)
                 VALUES ('pa', 'Pat', 'Partner', 'pat@acme.example', 'partner_admin', ?1, ?2, 'now', 'now')",
                [organization, hash],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    f.app
        .sign_in("pat@acme.example", "partner passphrase")
        .await
        .unwrap()
        .0
}

/// Runs SQL that sets the scene (accounts, grants, audit entries).
pub(super) async fn execute(app: &App, sql: &'static str) {
    app.store()
        .write(move |tx| tx.execute_batch(sql).map_err(StoreError::from))
        .await
        .unwrap();
}

/// The status of the step called `name`.
pub(super) fn status_of(detail: &ExecutionDetail, name: &str) -> StepStatus {
    detail
        .steps
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("the execution has a step {name}"))
        .status
}
