//! Ids entered by hand are checked as the kind the step produces, and later steps read them
//! typed; each access is recorded by the step that gives it, so a run that stops half-way
//! leaves on record what it gave.

use std::sync::Arc;

use hyopps_connectors::in_memory::InMemorySystems;
use hyopps_connectors::{Connectors, NotConfigured};
use hyopps_contract::{CompleteByHandRequest, ErrorCode, ExecutionStatus, FieldKind, StepStatus};
use serde_json::json;

use super::partner_admin::status_of;
use super::{fixture, onboard_partner, run, scalar, wire, Fixture};

fn by_hand(id: &str, external_id: &str) -> CompleteByHandRequest {
    CompleteByHandRequest {
        execution_id: id.into(),
        external_id: external_id.into(),
        note: "cloned in Metabase by hand".into(),
        step_order: None,
    }
}

#[tokio::test]
async fn a_hand_entered_metabase_collection_id_is_a_number_and_step_4_grants_the_group_access() {
    let Fixture { _dir, app, admin } = fixture(None).await;
    let id = app
        .start_execution(&admin, "new_partner")
        .await
        .unwrap()
        .summary
        .id;
    app.submit_step_input(&admin, &id, json!({
        "organization_name": "Globex", "studio_company_name_test": "G TEST", "studio_company_id_test": "7",
        "studio_company_name_prod": "G PROD", "studio_company_id_prod": "8",
    }))
    .await
    .unwrap();
    app.submit_step_input(
        &admin,
        &id,
        json!({ "keycloak_cluster": "prod-eu", "keycloak_confirmed": true }),
    )
    .await
    .unwrap();
    run(&app).await;

    for bad in ["abc", "0", "-4", "12.5"] {
        let refused = wire(
            app.complete_step_by_hand(&admin, by_hand(&id, bad))
                .await
                .unwrap_err(),
        );
        assert_eq!(refused.code, ErrorCode::Validation, "{bad}");
        assert!(
            refused
                .field("external_id")
                .is_some_and(|m| m.contains("whole numbers from 1 up")),
            "{bad}: {refused:?}"
        );
    }
    let still = app.get_execution(&admin, &id).await.unwrap();
    assert_eq!(
        status_of(&still, "clone_metabase_collection"),
        StepStatus::Failed,
        "a refused id changes nothing"
    );

    let done = app
        .complete_step_by_hand(&admin, by_hand(&id, " 42 "))
        .await
        .unwrap();
    assert_eq!(
        done.steps[2].output.as_ref().unwrap()["metabase_collection_id"],
        json!(42),
        "recorded as the number Metabase uses, not as text"
    );

    // Metabase configured now: step 4 must give its group access to collection 42.
    let fake = Arc::new(InMemorySystems::default());
    let app = app.with_connectors(fake.connectors());
    run(&app).await;
    let after = app.get_execution(&admin, &id).await.unwrap();
    assert_eq!(
        status_of(&after, "create_metabase_group"),
        StepStatus::Completed,
        "{:?}",
        after.summary.error
    );
    assert_eq!(
        fake.names("collection-grant"),
        ["mbgroup-1/42"],
        "the group was given the hand-entered collection, not silently skipped"
    );
}

#[tokio::test]
async fn each_access_is_recorded_by_its_step_and_stays_recorded_when_the_run_stops() {
    let fake = Arc::new(InMemorySystems::default());
    let f = fixture(Some(&fake)).await;
    let acme = onboard_partner(&f).await.summary.organization_id.unwrap();
    let Fixture { _dir, app, admin } = f;
    // Slack fails (not configured): the run stops at step 6.
    let app = app.with_connectors(Connectors {
        slack: Arc::new(NotConfigured::system("Slack")),
        ..fake.connectors()
    });
    let id = app
        .start_execution(&admin, "new_partner_user")
        .await
        .unwrap()
        .summary
        .id;
    let details = app
        .submit_step_input(&admin, &id, json!({ "organization_id": acme }))
        .await
        .unwrap()
        .form
        .unwrap();
    let company = match &details.fields[6].kind {
        FieldKind::MultiSelect { options } => options[0].value.clone(),
        other => panic!("the Studio companies are a multi-select, not {other:?}"),
    };
    app.submit_step_input(
        &admin,
        &id,
        json!({ "firstname": "Ada", "lastname": "Lovelace", "email": "ada@acme.example",
                "selected_studio_company_ids": [company] }),
    )
    .await
    .unwrap();
    run(&app).await;
    let failed = app.get_execution(&admin, &id).await.unwrap();
    assert_eq!(
        status_of(&failed, "add_user_to_slack_group"),
        StepStatus::Failed
    );

    let grants = "SELECT group_concat(name, ',') FROM (SELECT r.name FROM access_grants g
                    JOIN resources r ON r.id = g.resource_id JOIN workflow_executions e ON e.id = g.execution_id
                   WHERE g.revoked_at IS NULL ORDER BY r.name)";
    assert_eq!(
        scalar(&app, grants),
        "Metabase,Microsoft Teams,Studio",
        "steps 3-5 gave Studio, Metabase and Teams: each is on record with this execution"
    );
    let cancelled = app.cancel_execution(&admin, &id).await.unwrap();
    assert_eq!(cancelled.summary.status, ExecutionStatus::Cancelled);
    assert_eq!(
        scalar(&app, grants),
        "Metabase,Microsoft Teams,Studio",
        "cancelling takes nothing back that was given"
    );
}
