//! Step 2 of new_partner_user reuses an existing account only where that is safe: one of the
//! execution's own organisation, or a `user` of no organisation that never signed in and has
//! no access anywhere (then attached to this organisation). Anyone else's account is refused.

use std::sync::Arc;

use hyopps_connectors::in_memory::InMemorySystems;
use hyopps_contract::{ErrorCode, StepStatus};
use serde_json::json;

use super::partner_admin::{execute, partner_admin_of, status_of};
use super::{fixture, onboard_partner, scalar, wire};

const SCENE: &str = "
    INSERT INTO organizations (id, name, created_at) VALUES ('other-org', 'Other', 'now');
    INSERT INTO users (id, firstname, lastname, email, app_role, organization_id, created_at, updated_at) VALUES
        ('olga', 'Olga', 'Other', 'olga@other.example', 'user', 'other-org', 'now', 'now'),
        ('nora', 'Nora', 'Nowhere', 'nora@nowhere.example', 'user', NULL, 'now', 'now'),
        ('gus', 'Gus', 'Granted', 'gus@nowhere.example', 'user', NULL, 'now', 'now'),
        ('fred', 'Fred', 'Fresh', 'fred@nowhere.example', 'user', NULL, 'now', 'now');
    -- Nora was an administrator once (demoted, her organisation deleted): she signed in.
    INSERT INTO audit_log (id, at, actor_user_id, action, target_type, target_id)
        VALUES ('a1', 'now', 'nora', 'signed_in', 'user', 'nora');
    -- Gus was given Slack by an earlier onboarding.
    INSERT INTO access_grants (id, user_id, resource_id, granted_at)
        SELECT 'g1', 'gus', id, 'now' FROM resources WHERE name = 'Slack';
";

#[tokio::test]
async fn a_partner_admin_reuses_only_accounts_of_their_organisation_or_fresh_ones_of_none() {
    let fake = Arc::new(InMemorySystems::default());
    let f = fixture(Some(&fake)).await;
    let acme = onboard_partner(&f).await.summary.organization_id.unwrap();
    let partner = partner_admin_of(&f, &acme).await;
    execute(&f.app, SCENE).await;
    let id = f
        .app
        .start_execution(&partner, "new_partner_user")
        .await
        .unwrap()
        .summary
        .id;

    for (email, why) in [
        ("admin@hyopps.local", "is an administrator's account"),
        ("Pat@Acme.example", "is a partner administrator's account"),
        ("olga@other.example", "belongs to another organisation"),
        (
            "nora@nowhere.example",
            "is an account that signs in to HyOpps",
        ),
        (
            "gus@nowhere.example",
            "already has access recorded elsewhere",
        ),
    ] {
        let refused = wire(
            f.app
                .submit_step_input(
                    &partner,
                    &id,
                    json!({ "firstname": "Someone", "lastname": "Else", "email": email }),
                )
                .await
                .expect_err(email),
        );
        assert_eq!(refused.code, ErrorCode::Validation, "{email}");
        let message = refused.field("email").unwrap_or_default();
        assert!(message.contains(why), "{email}: {message}");
        assert!(
            !message.contains("Other"),
            "another organisation is not named to a partner admin: {message}"
        );
    }
    let unchanged = f.app.get_execution(&partner, &id).await.unwrap();
    assert_eq!(
        status_of(&unchanged, "input_user_details"),
        StepStatus::AwaitingInput,
        "a refused email changes nothing"
    );
    assert_eq!(
        scalar(
            &f.app,
            "SELECT count(*) FROM users WHERE organization_id IS NULL AND app_role = 'user'"
        ),
        "3",
        "nobody was attached"
    );

    let accepted = f
        .app
        .submit_step_input(
            &partner,
            &id,
            json!({ "firstname": "Fred", "lastname": "Fresh", "email": "FRED@nowhere.example" }),
        )
        .await
        .unwrap();
    assert_eq!(
        accepted.summary.user_id.as_deref(),
        Some("fred"),
        "the fresh account of no organisation is reused"
    );
    assert_eq!(
        scalar(
            &f.app,
            "SELECT organization_id FROM users WHERE id = 'fred'"
        ),
        acme,
        "and attached to the execution's organisation"
    );
    run_and_check_panel(&f, &partner).await;
}

async fn run_and_check_panel(f: &super::Fixture, partner: &hyopps_app::SessionToken) {
    super::run(&f.app).await;
    let overview = f.app.partner_overview(partner).await.unwrap();
    assert!(
        overview
            .users
            .iter()
            .any(|u| u.email == "fred@nowhere.example"),
        "the attached person is one of the organisation's people now"
    );
}

#[tokio::test]
async fn an_admins_execution_refuses_the_same_accounts_and_reuses_its_own_organisations() {
    let fake = Arc::new(InMemorySystems::default());
    let f = fixture(Some(&fake)).await;
    let acme = onboard_partner(&f).await.summary.organization_id.unwrap();
    execute(&f.app, SCENE).await;
    execute(
        &f.app,
        "INSERT INTO users (id, firstname, lastname, email, app_role, organization_id, created_at, updated_at)
         SELECT 'ann', 'Ann', 'Acme', 'ann@acme.example', 'user', id, 'now', 'now'
           FROM organizations WHERE name = 'Acme Widgets'",
    )
    .await;
    let id = f
        .app
        .start_execution(&f.admin, "new_partner_user")
        .await
        .unwrap()
        .summary
        .id;
    f.app
        .submit_step_input(&f.admin, &id, json!({ "organization_id": acme }))
        .await
        .unwrap();
    let admin_account = wire(
        f.app
            .submit_step_input(
                &f.admin,
                &id,
                json!({ "firstname": "D", "lastname": "A", "email": "admin@hyopps.local" }),
            )
            .await
            .unwrap_err(),
    );
    assert!(
        admin_account
            .field("email")
            .is_some_and(|m| m.contains("administrator's account")),
        "an admin's own execution never turns an administrator into a partner's user: {admin_account:?}"
    );
    let reused = f
        .app
        .submit_step_input(
            &f.admin,
            &id,
            json!({ "firstname": "Ann", "lastname": "Acme", "email": "ann@acme.example" }),
        )
        .await
        .unwrap();
    assert_eq!(
        reused.summary.user_id.as_deref(),
        Some("ann"),
        "a user of the organisation is reused as before"
    );
}
