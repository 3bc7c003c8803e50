//! Step outputs are typed structs now, but what they store must read as before: executions
//! already in databases, and v0.3 imports, hold these key names and later steps read them.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use hyopps_connectors::in_memory::InMemorySystems;
use hyopps_connectors::{Connectors, LiveConnectors};
use hyopps_engine::{workflows, Engine, ManualClock, WorkflowDefinition};
use hyopps_store::{executions, Store, StoreError};
use serde_json::{json, Value};

use crate::support::{policy, ADMIN};

fn keys(value: &Option<Value>) -> BTreeSet<String> {
    value
        .as_ref()
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn definition(name: &str) -> &'static WorkflowDefinition {
    workflows::standard(LiveConnectors::new(Connectors::not_configured()))
        .iter()
        .map(|w| w.definition())
        .find(|d| d.name == name)
        .expect("a standard workflow")
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

async fn steps(store: &Store, id: &str) -> Vec<executions::StepRow> {
    let id = id.to_string();
    store
        .read(move |c| executions::steps(c, &id))
        .await
        .unwrap()
}

/// (step, keys of its manual input, keys of its output) for every step, in order; an id entered
/// by hand is recorded under a key the step's own result has, so later steps read it alike.
fn assert_stored(
    definition: &WorkflowDefinition,
    rows: &[executions::StepRow],
    expected: &[(&str, &[&str], &[&str])],
) {
    assert_eq!(rows.len(), expected.len());
    for (row, (name, input, output)) in rows.iter().zip(expected) {
        if let Some(by_hand) = definition.step(name).and_then(|s| s.by_hand) {
            assert!(
                output.contains(&by_hand.key),
                "{name}: an id entered by hand is recorded as {}, a key its result has",
                by_hand.key
            );
        }
        assert_eq!(&row.name, name);
        assert_eq!(row.status, "completed", "{name}: {:?}", row.error);
        assert_eq!(
            keys(&row.manual_input),
            set(input),
            "{name}: the keys of its stored input"
        );
        assert_eq!(
            keys(&row.output),
            set(output),
            "{name}: the keys of its stored output"
        );
    }
}

#[tokio::test]
async fn both_workflows_store_their_steps_under_the_same_key_names_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("hyopps.db")).unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(),
    ));
    let systems = Arc::new(InMemorySystems::default());
    let engine = Engine::new(
        store.clone(),
        clock,
        policy(),
        workflows::standard(systems.connectors()),
    );

    let partner = engine.start("new_partner", ADMIN, None).await.unwrap();
    let inputs = [
        json!({ "organization_name": "Acme", "studio_company_name_test": "Acme TEST",
                "studio_company_id_test": "t-1", "studio_company_name_prod": "Acme PROD",
                "studio_company_id_prod": "p-1" }),
        json!({ "keycloak_cluster": "prod-eu", "scopes": "read", "keycloak_confirmed": true }),
    ];
    for input in inputs {
        engine.submit_input(&partner, input, ADMIN).await.unwrap();
    }
    engine.run_due().await.unwrap();
    engine
        .submit_input(&partner, json!({ "lms_confirmed": true }), ADMIN)
        .await
        .unwrap();
    let np_input_1: &[&str] = &[
        "organization_name",
        "studio_company_name_test",
        "studio_company_id_test",
        "studio_company_name_prod",
        "studio_company_id_prod",
    ];
    assert_stored(
        definition("new_partner"),
        &steps(&store, &partner).await,
        &[
            ("input_studio_companies", np_input_1, &["organization_id"]),
            (
                "trigger_infrabot",
                &["keycloak_cluster", "scopes", "keycloak_confirmed"],
                &[],
            ),
            (
                "clone_metabase_collection",
                &[],
                &["metabase_collection_id"],
            ),
            (
                "create_metabase_group",
                &[],
                &["metabase_group_id", "metabase_group_name"],
            ),
            ("grant_metabase_db_access", &[], &["metabase_db_access"]),
            (
                "create_teams_channel",
                &[],
                &[
                    "teams_channel_id",
                    "teams_channel_name",
                    "teams_channel_private",
                ],
            ),
            (
                "create_slack_group",
                &[],
                &["slack_group_id", "slack_group_handle"],
            ),
            ("lms_setup", &["lms_confirmed", "notes"], &[]),
        ],
    );

    let organization_id = engine_org(&store, &partner).await;
    let company_id: String = store
        .write_blocking({
            let org = organization_id.clone();
            move |tx| -> Result<String, StoreError> {
                Ok(tx.query_row(
                    "SELECT id FROM studio_companies WHERE organization_id = ?1 AND environment = 'prod'",
                    [&org],
                    |r| r.get(0),
                )?)
            }
        })
        .unwrap();
    let person = engine.start("new_partner_user", ADMIN, None).await.unwrap();
    engine
        .submit_input(
            &person,
            json!({ "organization_id": organization_id }),
            ADMIN,
        )
        .await
        .unwrap();
    engine
        .submit_input(
            &person,
            json!({ "firstname": "Ada", "lastname": "Lovelace", "email": "ada@acme.test",
                    "languages": "en", "skills": "", "roles": "",
                    "selected_studio_company_ids": [company_id] }),
            ADMIN,
        )
        .await
        .unwrap();
    engine.run_due().await.unwrap();
    let details: &[&str] = &[
        "firstname",
        "lastname",
        "email",
        "languages",
        "skills",
        "roles",
        "selected_studio_company_ids",
    ];
    assert_stored(
        definition("new_partner_user"),
        &steps(&store, &person).await,
        &[
            (
                "select_organization",
                &["organization_id"],
                &["organization_name"],
            ),
            (
                "input_user_details",
                details,
                &["user_id", "user_created", "user_attached"],
            ),
            (
                "add_user_to_studio_companies",
                &[],
                &["studio_companies_granted"],
            ),
            ("add_user_to_metabase_group", &[], &["metabase_user_id"]),
            ("add_user_to_teams_channel", &[], &["teams_user_id"]),
            ("add_user_to_slack_group", &[], &["slack_user_id"]),
            (
                "create_studio_user_company",
                &[],
                &["studio_user_company_id", "studio_user_company_name"],
            ),
            (
                "send_studio_invite",
                &[],
                &[
                    "keycloak_user_id",
                    "keycloak_group_id",
                    "keycloak_group_name",
                ],
            ),
            ("share_documentation", &[], &["documentation_sent_to"]),
        ],
    );
}

async fn engine_org(store: &Store, execution_id: &str) -> String {
    let id = execution_id.to_string();
    store
        .read(move |c| executions::get(c, &id))
        .await
        .unwrap()
        .unwrap()
        .organization_id
        .expect("new_partner links its organisation")
}
