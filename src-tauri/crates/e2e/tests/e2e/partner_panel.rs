//! Issue #6 in the window: an admin makes a person of organisation A its partner admin, with a
//! password; that person signs in, sets their own password, sees only organisation A and adds a
//! user through the workflow; the Studio task waits for the operations team, which the admin
//! completes; nothing of organisation B ever appears.

use hyopps_e2e::{AppWindow, Launch};

use super::{sign_in_as_new_admin, ADMIN, NEW_PASSWORD};

const PAT: &str = "pat@org-a.example";
const GIVEN_PASSWORD: &str = "given by the admin 2026";
const OWN_PASSWORD: &str = "pat's very own passphrase";

/// Two organisations; Pat (a plain user of A, no password yet), and a person and an execution
/// of B that A's partner admin must never see.
fn two_organisations(data_dir: &std::path::Path) {
    let store = hyopps_store::Store::open(&data_dir.join("hyopps.db")).unwrap();
    store
        .write_blocking(|tx| -> Result<(), hyopps_store::StoreError> {
            tx.execute_batch(
                "INSERT INTO organizations (id, name, created_at) VALUES
                   ('org-a', 'Org A', '2026-11-01T00:00:00.000Z'), ('org-b', 'Org B', '2026-11-01T00:00:00.000Z');
                 INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at)
                   VALUES ('sc-a', 'org-a', '5001', 'Org A PROD', 'prod', '2026-11-01T00:00:00.000Z');
                 INSERT INTO organization_documentation (id, organization_id, internal_docu, updated_at)
                   VALUES ('doc-a', 'org-a', 'https://docs.example/org-a', '2026-11-01T00:00:00.000Z');
                 INSERT INTO users (id, firstname, lastname, email, app_role, organization_id, created_at, updated_at)
                   VALUES ('pat', 'Pat', 'Partner', 'pat@org-a.example', 'user', 'org-a',
                           '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'),
                          ('bob', 'Bob', 'Other', 'bob@org-b.example', 'user', 'org-b',
                           '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');
                 INSERT INTO workflow_executions (id, workflow_definition_id, organization_id, user_id, requested_by,
                                                  status, current_step_order, created_at, updated_at)
                   VALUES ('exec-b', '1bbbf5d4-b379-4004-b762-dd9584020fe2', 'org-b', 'bob',
                           '95f6adb1-79ba-434a-9faf-d4d303b7d1ab', 'failed', 4,
                           '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');",
            )?;
            Ok(())
        })
        .unwrap();
}

async fn assert_nothing_of_org_b(w: &AppWindow) {
    let text = w
        .wait_for("app-frame")
        .await
        .text()
        .await
        .unwrap_or_default();
    for other in ["Org B", "Bob Other", "bob@org-b.example"] {
        assert!(
            !text.contains(other),
            "{other} appeared to org A's partner admin:\n{text}"
        );
    }
}

/// The admin, on Pat's detail: partner admin of Org A, with a first password.
async fn admin_makes_pat_partner_admin(w: &mut AppWindow) {
    sign_in_as_new_admin(w).await;
    w.click("nav-users").await;
    w.wait_for("users-table").await;
    w.click("user-link-pat").await;
    w.wait_for("page-user").await;
    w.select("user-app_role", "partner_admin").await;
    w.click("user-save").await;
    w.wait_for_text("user-new_password-error", "password").await;
    w.screenshot("partner-admin-needs-a-password").await;
    w.fill("user-new_password", GIVEN_PASSWORD).await;
    w.click("user-save").await;
    w.wait_for("user-saved").await;
    w.screenshot("pat-made-partner-admin").await;
    w.click("sign-out").await;
    w.wait_for("sign-in-email").await;
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn an_admin_makes_a_partner_admin_who_sees_only_their_organisation_and_adds_a_user() {
    let mut w = AppWindow::launch(Launch {
        scenario: "partner-admin",
        seed: Some(two_organisations),
        ..Launch::default()
    })
    .await;
    admin_makes_pat_partner_admin(&mut w).await;

    sign_in(&w, PAT, GIVEN_PASSWORD).await;
    // A password the admin chose is changed at the first sign-in.
    w.fill("current-password", GIVEN_PASSWORD).await;
    w.fill("new-password", OWN_PASSWORD).await;
    w.fill("confirm-password", OWN_PASSWORD).await;
    w.click("set-password-submit").await;
    w.wait_for("page-partner").await;
    w.wait_for_text("partner-organisation-name", "Org A").await;
    w.wait_for_text("partner-docs", "https://docs.example/org-a")
        .await;
    assert!(!w.exists("nav-organisations").await, "no admin navigation");
    assert_nothing_of_org_b(&w).await;
    w.screenshot("partner-panel").await;

    w.click("partner-add-user").await;
    w.wait_for("page-execution").await;
    w.wait_for("field-firstname").await;
    w.screenshot("partner-add-user-form").await;
    w.fill("field-firstname", "Grace").await;
    w.fill("field-lastname", "Hopper").await;
    w.fill("field-email", "grace@org-a.example").await;
    w.click_first("input[id^='field-selected_studio_company_ids-']")
        .await;
    w.click("step-form-submit").await;

    // No Studio webhook: step 3 is a task for the operations team, never the partner admin's.
    w.wait_for_text(
        "step-waits-for-operations",
        "Waiting for the operations team",
    )
    .await;
    assert!(
        !w.exists("field-studio_access_confirmed").await,
        "a partner admin cannot confirm Studio access nobody gave"
    );
    assert!(
        !w.exists("step-3-error").await,
        "the operations team's instructions are theirs, not the partner admin's"
    );
    w.screenshot("partner-waits-for-operations").await;
    w.click("sign-out").await;
    w.wait_for("sign-in-email").await;

    // The admin finds the run waiting for them and confirms the Studio access.
    sign_in(&w, ADMIN, NEW_PASSWORD).await;
    w.wait_for("page-dashboard").await;
    w.click_first("#dashboard-awaiting a").await;
    w.wait_for("field-studio_access_confirmed").await;
    w.click("field-studio_access_confirmed").await;
    w.click("step-form-submit").await;
    w.wait_for_attribute("step-4-status", "data-status", "failed")
        .await;
    w.click("sign-out").await;
    w.wait_for("sign-in-email").await;

    // Back to the partner admin: Metabase failed honestly; they may retry, nothing more.
    sign_in(&w, PAT, OWN_PASSWORD).await;
    w.wait_for("page-partner").await;
    w.click_first("#partner-executions a").await;
    w.wait_for_attribute("step-4-status", "data-status", "failed")
        .await;
    w.wait_for_text("step-4", "Org A has no Metabase group yet")
        .await;
    w.wait_for("execution-retry").await;
    assert!(
        !w.exists("execution-complete-by-hand").await,
        "completing by hand is for admins"
    );
    assert!(
        !w.exists("execution-cancel").await,
        "cancelling is for admins"
    );
    assert_nothing_of_org_b(&w).await;
    w.screenshot("partner-execution-failed-step").await;

    w.click("nav-partner").await;
    w.wait_for_text("partner-users", "grace@org-a.example")
        .await;
    assert_nothing_of_org_b(&w).await;
    w.screenshot("partner-panel-with-new-user").await;
    w.close().await;
}

async fn sign_in(w: &AppWindow, email: &str, password: &str) {
    w.fill("sign-in-email", email).await;
    w.fill("sign-in-password", password).await;
    w.click("sign-in-submit").await;
}
