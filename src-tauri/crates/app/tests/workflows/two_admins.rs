//! Two admins on the same execution at once: the step each screen showed travels with the
//! answer, so the second answer never lands on the next step, and its refusal says who was
//! first.

use hyopps_app::SessionToken;
use hyopps_contract::{ErrorCode, StepStatus, SubmitInputRequest};
use hyopps_store::StoreError;
use serde_json::{json, Value};

use super::partner_admin::argon2_hash;
use super::{fixture, wire, Fixture};

/// Ada Lovelace, a second admin, signed in.
async fn second_admin(f: &Fixture) -> SessionToken {
    let hash = argon2_hash("ada's own passphrase");
    f.app
        .store()
        .write(move |tx| -> Result<(), StoreError> {
            tx.execute(
                "INSERT INTO users (id, firstname, lastname, email, app_role, password_hash, created_at, updated_at)
                 VALUES ('ada', 'Ada', 'Lovelace', 'ada@hyopps.example', 'admin', ?1, 'now', 'now')",
                [hash],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    f.app
        .sign_in("ada@hyopps.example", "ada's own passphrase")
        .await
        .unwrap()
        .0
}

fn organisation(name: &str) -> Value {
    json!({
        "organization_name": name, "studio_company_name_test": "Acme TEST",
        "studio_company_id_test": "1001", "studio_company_name_prod": "Acme PROD",
        "studio_company_id_prod": "1002",
    })
}

fn answer(execution_id: &str, input: Value, step_order: u32) -> SubmitInputRequest {
    SubmitInputRequest {
        execution_id: execution_id.to_owned(),
        input,
        step_order: Some(step_order),
    }
}

#[tokio::test]
async fn of_two_admins_answering_the_same_step_the_second_is_told_who_was_first() {
    let f = fixture(None).await;
    let ada = second_admin(&f).await;
    let started = f
        .app
        .start_execution(&f.admin, "new_partner")
        .await
        .unwrap();
    let id = started.summary.id.clone();
    let shown = started.form.expect("step 1 waits for its form").step_order;
    let label = started.steps[0].label.clone();

    f.app
        .submit_input(&f.admin, answer(&id, organisation("Acme Widgets"), shown))
        .await
        .expect("the first answer goes through");
    let late = wire(
        f.app
            .submit_input(&ada, answer(&id, organisation("Acme Widgets Ltd"), shown))
            .await
            .unwrap_err(),
    );
    assert_eq!(late.code, ErrorCode::Conflict);
    assert_eq!(
        late.message,
        format!(
            "Already done: Default Admin completed \"{label}\". Reload the execution to see where it stands."
        )
    );

    let detail = f.app.get_execution(&f.admin, &id).await.unwrap();
    assert_eq!(
        detail.steps[1].status,
        StepStatus::AwaitingInput,
        "the late answer did not land on the next step"
    );
    assert_eq!(
        detail.summary.organization_name.as_deref(),
        Some("Acme Widgets"),
        "the first answer stands"
    );

    let twice = wire(
        f.app
            .submit_input(&f.admin, answer(&id, organisation("Acme Widgets"), shown))
            .await
            .unwrap_err(),
    );
    assert!(
        twice.message.starts_with("Already done: You completed"),
        "a second press of one's own button reads as one's own: {}",
        twice.message
    );
}
