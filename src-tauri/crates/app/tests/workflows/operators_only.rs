//! Steps only the operations team completes: the Studio tasks that became manual (no Studio
//! webhook) record access nobody at the partner can vouch for. A partner admin's answers are
//! refused with the reason, and the form says the step waits for the operations team.

use std::sync::Arc;

use hyopps_connectors::in_memory::InMemorySystems;
use hyopps_connectors::{Connectors, NotConfigured};
use hyopps_contract::{ErrorCode, FieldKind, StepStatus};
use serde_json::json;

use super::partner_admin::{partner_admin_of, status_of};
use super::{fixture, onboard_partner, run, scalar, wire, Fixture};

#[tokio::test]
async fn a_partner_admin_cannot_complete_the_studio_tasks_only_operators_do() {
    let fake = Arc::new(InMemorySystems::default());
    let f = fixture(Some(&fake)).await;
    let acme = onboard_partner(&f).await.summary.organization_id.unwrap();
    let partner = partner_admin_of(&f, &acme).await;
    let Fixture { _dir, app, admin } = f;
    // Studio without a webhook: its steps become tasks for a person.
    let app = app.with_connectors(Connectors {
        studio: Arc::new(NotConfigured::webhook()),
        ..fake.connectors()
    });

    let started = app
        .start_execution(&partner, "new_partner_user")
        .await
        .unwrap();
    let id = started.summary.id;
    let details = started.form.unwrap();
    assert!(
        !details.operators_only,
        "the user's details are the partner admin's to give"
    );
    let company = match &details.fields[6].kind {
        FieldKind::MultiSelect { options } => options[0].value.clone(),
        other => panic!("the Studio companies are a multi-select, not {other:?}"),
    };
    app.submit_step_input(
        &partner,
        &id,
        json!({ "firstname": "Grace", "lastname": "Hopper", "email": "grace@acme.example",
                "selected_studio_company_ids": [company] }),
    )
    .await
    .unwrap();
    run(&app).await;

    let waiting = app.get_execution(&partner, &id).await.unwrap();
    assert_eq!(
        status_of(&waiting, "add_user_to_studio_companies"),
        StepStatus::AwaitingInput
    );
    assert!(
        waiting.form.as_ref().unwrap().operators_only,
        "the screen is told the task is the operations team's"
    );
    let refused = wire(
        app.submit_step_input(&partner, &id, json!({ "studio_access_confirmed": true }))
            .await
            .unwrap_err(),
    );
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert_eq!(
        refused.message,
        "Only the operations team completes the step \"Add to the Studio companies\": it waits for them, and this execution continues once they have."
    );
    assert_eq!(
        scalar(&app, "SELECT count(*) FROM user_studio_access"),
        "0",
        "no Studio access is recorded on a partner admin's word"
    );
    assert_eq!(
        scalar(&app, "SELECT count(*) FROM access_grants g JOIN resources r ON r.id = g.resource_id WHERE r.name = 'Studio'"),
        "0"
    );

    app.submit_step_input(&admin, &id, json!({ "studio_access_confirmed": true }))
        .await
        .expect("the operations team confirms it");
    run(&app).await;
    let personal = app.get_execution(&partner, &id).await.unwrap();
    assert_eq!(
        status_of(&personal, "create_studio_user_company"),
        StepStatus::AwaitingInput,
        "{:?}",
        personal.summary.error
    );
    let refused = wire(
        app.submit_step_input(
            &partner,
            &id,
            json!({ "studio_user_company_id": "s-77", "studio_user_company_name": "Grace Hopper" }),
        )
        .await
        .unwrap_err(),
    );
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert!(refused
        .message
        .contains("Create the personal Studio company"));
    assert_eq!(
        scalar(&app, "SELECT count(*) FROM user_studio_companies"),
        "0"
    );

    app.submit_step_input(
        &admin,
        &id,
        json!({ "studio_user_company_id": "s-77", "studio_user_company_name": "Grace Hopper" }),
    )
    .await
    .unwrap();
    assert_eq!(
        scalar(&app, "SELECT studio_id FROM user_studio_companies"),
        "s-77"
    );
}
