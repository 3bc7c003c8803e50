//! Both onboarding workflows through the app's use cases: forms, auto steps against in-process
//! fake systems (find-or-create, like the real connectors), side effects, operator actions and
//! what a partner admin may see.

#[path = "workflows/account_reuse.rs"]
mod account_reuse;
#[path = "workflows/ids_and_grants.rs"]
mod ids_and_grants;
#[path = "workflows/operators_only.rs"]
mod operators_only;
#[path = "workflows/partner_admin.rs"]
mod partner_admin;
/// Two admins answering the same step at once.
#[path = "workflows/two_admins.rs"]
mod two_admins;

use std::sync::Arc;

use hyopps_app::{App, AuthPolicy, SessionToken, SystemClock};
use hyopps_connectors::in_memory::InMemorySystems;
use hyopps_contract::{
    CompleteByHandRequest, ErrorCode, ExecutionDetail, ExecutionListRequest, ExecutionStatus,
    StepStatus, WireError,
};
use hyopps_store::{Store, StoreError};
use serde_json::json;

struct Fixture {
    _dir: tempfile::TempDir,
    app: App,
    admin: SessionToken,
}

async fn fixture(fake: Option<&Arc<InMemorySystems>>) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("hyopps.db")).unwrap();
    let mut app = App::new(store, Arc::new(SystemClock), AuthPolicy::default());
    if let Some(fake) = fake {
        app = app.with_connectors(fake.connectors());
    }
    let (token, _) = app.sign_in("admin@hyopps.local", "admin123").await.unwrap();
    app.change_own_password(&token, "admin123", "a much better passphrase")
        .await
        .unwrap();
    Fixture {
        _dir: dir,
        app,
        admin: token,
    }
}

/// The user form's rules are the user page's.
#[path = "workflows/form_rules.rs"]
mod form_rules;
/// What a partner admin sees of the admin's executions and of their own.
#[path = "workflows/partner_scope.rs"]
mod partner_scope;

fn wire(error: hyopps_app::AppError) -> WireError {
    WireError::from(error)
}

/// Runs the auto steps that are due (the background workers' job in the app).
async fn run(app: &App) {
    app.engine().run_due().await.unwrap();
}

async fn onboard_partner(f: &Fixture) -> ExecutionDetail {
    let started = f
        .app
        .start_execution(&f.admin, "new_partner")
        .await
        .unwrap();
    let id = started.summary.id.clone();
    assert_eq!(started.summary.status, ExecutionStatus::AwaitingInput);
    assert_eq!(
        started.form.as_ref().unwrap().fields.len(),
        6,
        "step 1's form has the organisation, four Studio fields and the systems it uses"
    );
    f.app
        .submit_step_input(
            &f.admin,
            &id,
            json!({
                "organization_name": "Acme Widgets", "studio_company_name_test": "Acme TEST",
                "studio_company_id_test": "1001", "studio_company_name_prod": "Acme PROD",
                "studio_company_id_prod": "1002",
            }),
        )
        .await
        .unwrap();
    let step2 = f
        .app
        .submit_step_input(&f.admin, &id, json!({ "keycloak_cluster": "prod-eu", "scopes": "openid", "keycloak_confirmed": true }))
        .await
        .unwrap();
    assert_eq!(
        step2.summary.status,
        ExecutionStatus::Running,
        "auto steps 3-7 are due"
    );
    run(&f.app).await;
    let at_lms = f.app.get_execution(&f.admin, &id).await.unwrap();
    assert_eq!(
        at_lms.summary.status,
        ExecutionStatus::AwaitingInput,
        "{:?}",
        at_lms.summary.error
    );
    assert_eq!(at_lms.summary.current_step_order, 8);
    f.app
        .submit_step_input(&f.admin, &id, json!({ "lms_confirmed": true }))
        .await
        .unwrap()
}

fn scalar(app: &App, sql: &'static str) -> String {
    app.store()
        .read_blocking(move |c| -> Result<String, StoreError> {
            let value: rusqlite::types::Value = c.query_row(sql, [], |r| r.get(0))?;
            Ok(match value {
                rusqlite::types::Value::Integer(n) => n.to_string(),
                rusqlite::types::Value::Text(t) => t,
                other => format!("{other:?}"),
            })
        })
        .unwrap()
}

#[tokio::test]
async fn new_partner_then_new_partner_user_run_end_to_end() {
    let fake = Arc::new(InMemorySystems::default());
    let f = fixture(Some(&fake)).await;
    let done = onboard_partner(&f).await;
    assert_eq!(done.summary.status, ExecutionStatus::Completed);
    assert!(done.steps.iter().all(|s| s.status == StepStatus::Completed));
    let org_id = done
        .summary
        .organization_id
        .clone()
        .expect("linked to its organisation");
    assert_eq!(
        done.summary.organization_name.as_deref(),
        Some("Acme Widgets")
    );
    assert_eq!(
        scalar(&f.app, "SELECT group_concat(tool || '=' || external_id, ',') FROM (SELECT * FROM system_groups ORDER BY tool)"),
        "metabase=mbgroup-2,slack=usergroup-6,teams=channel-5",
        "each created group is recorded on the organisation"
    );
    assert_eq!(
        scalar(&f.app, "SELECT keycloak_cluster || ',' || keycloak_confirmed || ',' || lms_confirmed || ',' || metabase_collection_id FROM organization_integrations"),
        "prod-eu,1,1,1"
    );
    assert_eq!(scalar(&f.app, "SELECT count(*) FROM studio_companies"), "2");

    // The Metabase group new_partner made is the one new_partner_user uses (v0.3's defect).
    let user_flow = f
        .app
        .start_execution(&f.admin, "new_partner_user")
        .await
        .unwrap();
    let id = user_flow.summary.id.clone();
    let step2 = f
        .app
        .submit_step_input(&f.admin, &id, json!({ "organization_id": org_id }))
        .await
        .unwrap();
    let companies: Vec<String> = match &step2.form.as_ref().unwrap().fields[6].kind {
        hyopps_contract::FieldKind::MultiSelect { options } => {
            options.iter().map(|o| o.value.clone()).collect()
        }
        other => panic!("the Studio companies are a multi-select, not {other:?}"),
    };
    assert_eq!(
        companies.len(),
        2,
        "the organisation's two companies are offered"
    );
    f.app
        .submit_step_input(
            &f.admin,
            &id,
            json!({
                "firstname": "Ada", "lastname": "Lovelace", "email": "Ada@Acme.example",
                "languages": "en, fr", "skills": ["analysis"], "roles": [],
                "selected_studio_company_ids": [companies[1]],
            }),
        )
        .await
        .unwrap();
    run(&f.app).await;
    let done = f.app.get_execution(&f.admin, &id).await.unwrap();
    assert_eq!(
        done.summary.status,
        ExecutionStatus::Completed,
        "{:?}",
        done.summary.error
    );
    assert_eq!(done.summary.user_name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(fake.count("mbmembership"), 1);
    assert_eq!(
        fake.names("mbmembership"),
        ["ada@acme.example/mbgroup-2"],
        "the user joined the group new_partner created"
    );
    assert_eq!(
        scalar(
            &f.app,
            "SELECT metabase_user_id FROM users WHERE email = 'ada@acme.example'"
        ),
        "9"
    );
    assert_eq!(
        scalar(&f.app, "SELECT group_concat(r.name, ',') FROM (SELECT r.name FROM access_grants g JOIN resources r ON r.id = g.resource_id ORDER BY r.name) r"),
        "KeyCloak,Metabase,Microsoft Teams,Slack,Studio",
        "a grant for each resource actually given"
    );
    assert_eq!(
        scalar(&f.app, "SELECT count(*) FROM user_studio_access"),
        "1"
    );
    assert_eq!(
        scalar(&f.app, "SELECT studio_id FROM user_studio_companies"),
        "studio-company-14"
    );
    assert_eq!(
        fake.emails().len(),
        1,
        "the documentation email was sent once"
    );
    assert_eq!(scalar(&f.app, "SELECT app_role || ',' || ifnull(password_hash, 'none') FROM users WHERE email = 'ada@acme.example'"), "user,none");
}

#[tokio::test]
async fn unconfigured_systems_fail_with_what_to_do_and_can_be_completed_by_hand() {
    let f = fixture(None).await;
    let started = f
        .app
        .start_execution(&f.admin, "new_partner")
        .await
        .unwrap();
    let id = started.summary.id;
    f.app
        .submit_step_input(&f.admin, &id, json!({
            "organization_name": "Globex", "studio_company_name_test": "G TEST", "studio_company_id_test": "7",
            "studio_company_name_prod": "G PROD", "studio_company_id_prod": "8",
        }))
        .await
        .unwrap();
    f.app
        .submit_step_input(
            &f.admin,
            &id,
            json!({ "keycloak_cluster": "prod-us", "keycloak_confirmed": true }),
        )
        .await
        .unwrap();
    run(&f.app).await;
    let failed = f.app.get_execution(&f.admin, &id).await.unwrap();
    assert_eq!(failed.summary.status, ExecutionStatus::Failed);
    assert_eq!(
        failed.summary.error.as_deref(),
        Some("Metabase is not configured: open Settings → Metabase.")
    );
    let step3 = &failed.steps[2];
    assert_eq!(
        step3.hand_completion_label.as_deref(),
        Some("Metabase collection id")
    );

    let missing = wire(
        f.app
            .complete_step_by_hand(
                &f.admin,
                CompleteByHandRequest {
                    execution_id: id.clone(),
                    external_id: " ".into(),
                    note: "made it".into(),
                    step_order: None,
                },
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(
        missing.field("external_id"),
        Some("Enter the Metabase collection id.")
    );
    let no_note = wire(
        f.app
            .complete_step_by_hand(
                &f.admin,
                CompleteByHandRequest {
                    execution_id: id.clone(),
                    external_id: "42".into(),
                    note: "".into(),
                    step_order: None,
                },
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(
        no_note.field("note"),
        Some("Say what you did, for the record.")
    );

    let after = f
        .app
        .complete_step_by_hand(
            &f.admin,
            CompleteByHandRequest {
                execution_id: id.clone(),
                external_id: "42".into(),
                note: "cloned by hand".into(),
                step_order: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(after.steps[2].status, StepStatus::Completed);
    assert_eq!(
        after.steps[2].completed_by_name.as_deref(),
        Some("Default Admin")
    );
    assert_eq!(
        scalar(
            &f.app,
            "SELECT metabase_collection_id FROM organization_integrations"
        ),
        "42"
    );
    run(&f.app).await;
    let next = f.app.get_execution(&f.admin, &id).await.unwrap();
    assert_eq!(
        next.summary.current_step_order, 4,
        "the next Metabase step fails the same honest way"
    );
    assert_eq!(next.summary.status, ExecutionStatus::Failed);

    let cancelled = f.app.cancel_execution(&f.admin, &id).await.unwrap();
    assert_eq!(cancelled.summary.status, ExecutionStatus::Cancelled);
}

#[tokio::test]
async fn bad_form_input_gets_field_messages_and_changes_nothing() {
    let f = fixture(None).await;
    let id = f
        .app
        .start_execution(&f.admin, "new_partner")
        .await
        .unwrap()
        .summary
        .id;
    let err = wire(
        f.app
            .submit_step_input(&f.admin, &id, json!({
                "organization_name": "x".repeat(201), "studio_company_name_test": "",
                "studio_company_id_test": "5", "studio_company_name_prod": "P", "studio_company_id_prod": "5",
            }))
            .await
            .unwrap_err(),
    );
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(
        err.field("organization_name"),
        Some("Use at most 200 characters (this has 201)."),
        "the organisation page's limit, so a name one accepts the other does too"
    );
    assert_eq!(
        err.field("studio_company_name_test"),
        Some("This field is required.")
    );
    assert_eq!(
        err.field("studio_company_id_prod"),
        Some("The PROD company needs another Studio id than the TEST one.")
    );
    assert_eq!(scalar(&f.app, "SELECT count(*) FROM organizations"), "0");

    let not_object = wire(
        f.app
            .submit_step_input(&f.admin, &id, json!("hello"))
            .await
            .unwrap_err(),
    );
    assert_eq!(not_object.code, ErrorCode::Validation);
    let unknown = wire(
        f.app
            .submit_step_input(&f.admin, "nope", json!({}))
            .await
            .unwrap_err(),
    );
    assert_eq!(unknown.code, ErrorCode::NotFound);
    let unknown_workflow = wire(
        f.app
            .start_execution(&f.admin, "delete_everything")
            .await
            .unwrap_err(),
    );
    assert_eq!(unknown_workflow.code, ErrorCode::NotFound);
    let huge = wire(
        f.app
            .submit_step_input(
                &f.admin,
                &id,
                json!({ "organization_name": "x".repeat(70_000) }),
            )
            .await
            .unwrap_err(),
    );
    assert!(huge.message.contains("too large"), "{}", huge.message);
}

#[tokio::test]
async fn a_studio_id_of_another_organisation_is_refused() {
    let fake = Arc::new(InMemorySystems::default());
    let f = fixture(Some(&fake)).await;
    onboard_partner(&f).await;
    let id = f
        .app
        .start_execution(&f.admin, "new_partner")
        .await
        .unwrap()
        .summary
        .id;
    let err = wire(
        f.app
            .submit_step_input(&f.admin, &id, json!({
                "organization_name": "Other", "studio_company_name_test": "T", "studio_company_id_test": "1001",
                "studio_company_name_prod": "P", "studio_company_id_prod": "2002",
            }))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        err.field("studio_company_id_test"),
        Some("Studio id 1001 already belongs to Acme Widgets.")
    );
}

#[tokio::test]
async fn a_partner_admin_adds_users_to_their_own_organisation_only() {
    let fake = Arc::new(InMemorySystems::default());
    let f = fixture(Some(&fake)).await;
    let acme = onboard_partner(&f).await.summary.organization_id.unwrap();
    let admins_own = f
        .app
        .start_execution(&f.admin, "new_partner_user")
        .await
        .unwrap()
        .summary
        .id;
    let hash = {
        use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
        argon2::Argon2::default()
            .hash_password(b"partner passphrase", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string()
    };
    let org = acme.clone();
    f.app
        .store()
        .write(move |tx| -> Result<(), StoreError> {
            tx.execute("INSERT INTO organizations (id, name, created_at) VALUES ('other-org', 'Other', 'now')", [])?;
            tx.execute(
                "INSERT INTO users (id, firstname, lastname, email, app_role, organization_id, password_hash, created_at, updated_at)
                 VALUES ('pa', 'Pat', 'Partner', 'pat@acme.example', 'partner_admin', ?1, ?2, 'now', 'now')",
                [org, hash],
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let (partner, _) = f
        .app
        .sign_in("pat@acme.example", "partner passphrase")
        .await
        .unwrap();

    let workflows = f.app.list_workflows(&partner).await.unwrap();
    assert_eq!(
        workflows
            .iter()
            .map(|w| w.name.as_str())
            .collect::<Vec<_>>(),
        ["new_partner_user", "offboard_partner_user"],
        "a partner admin adds and offboards their organisation's people, nothing else"
    );
    let forbidden = wire(
        f.app
            .start_execution(&partner, "new_partner")
            .await
            .unwrap_err(),
    );
    assert_eq!(forbidden.code, ErrorCode::Forbidden);

    let started = f
        .app
        .start_execution(&partner, "new_partner_user")
        .await
        .unwrap();
    assert_eq!(
        started.summary.current_step_order, 2,
        "step 1 is done for their organisation"
    );
    assert_eq!(
        started.summary.organization_id.as_deref(),
        Some(acme.as_str())
    );
    assert_eq!(started.form.unwrap().title, "Enter the user's details");

    let list = f
        .app
        .list_executions(
            &partner,
            ExecutionListRequest {
                organization_id: Some("other-org".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        list.total, 1,
        "only their own organisation's executions, whatever the filter asked"
    );
    assert_eq!(list.items[0].id, started.summary.id);

    let hidden = wire(
        f.app
            .get_execution(&partner, &admins_own)
            .await
            .unwrap_err(),
    );
    assert_eq!(
        hidden.code,
        ErrorCode::NotFound,
        "the admin's execution without an organisation is invisible"
    );
    let cancel = wire(
        f.app
            .cancel_execution(&partner, &started.summary.id)
            .await
            .unwrap_err(),
    );
    assert_eq!(
        cancel.code,
        ErrorCode::Forbidden,
        "cancelling is an admin's action"
    );

    // The panel: their organisation, and the user they add appears with the access given.
    let own = started.summary.id.clone();
    f.app
        .submit_step_input(
            &partner,
            &own,
            json!({ "firstname": "Grace", "lastname": "Hopper", "email": "grace@acme.example" }),
        )
        .await
        .unwrap();
    run(&f.app).await;
    let overview = f.app.partner_overview(&partner).await.unwrap();
    assert_eq!(overview.organization.name, "Acme Widgets");
    assert_eq!(overview.organization.studio_companies.len(), 2);
    let grace = overview
        .users
        .iter()
        .find(|u| u.email == "grace@acme.example")
        .expect("the added user is listed");
    assert_eq!(
        grace.access,
        ["KeyCloak", "Metabase", "Microsoft Teams", "Slack"],
        "no Studio company was chosen"
    );
    assert!(
        overview
            .users
            .iter()
            .all(|u| u.email != "admin@hyopps.local"),
        "only their organisation's people"
    );
    let admin_panel = wire(f.app.partner_overview(&f.admin).await.unwrap_err());
    assert_eq!(admin_panel.code, ErrorCode::Forbidden);

    let admin_list = f
        .app
        .list_executions(&f.admin, ExecutionListRequest::default())
        .await
        .unwrap();
    assert_eq!(admin_list.total, 3);
    let searched = f
        .app
        .list_executions(
            &f.admin,
            ExecutionListRequest {
                search: Some("acme".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        searched.total, 2,
        "the new_partner and the partner admin's execution name Acme"
    );
}

#[tokio::test]
async fn the_dashboard_shows_waiting_failed_and_completed_executions() {
    let f = fixture(None).await;
    let waiting = f
        .app
        .start_execution(&f.admin, "new_partner_user")
        .await
        .unwrap()
        .summary
        .id;
    let summary = f.app.dashboard_summary(&f.admin).await.unwrap();
    assert_eq!(summary.awaiting_input.len(), 1);
    assert_eq!(summary.awaiting_input[0].id, waiting);
    assert!(summary.failed.is_empty() && summary.recently_completed.is_empty());
}
