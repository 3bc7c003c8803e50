//! The main flows in the real app window. Run by `scripts/test.sh`, which builds the app, starts
//! Xvfb and a session bus, and sets `HYOPPS_E2E_APP`.

mod admin_console;
mod desktop;
mod import_v03;
mod integrations;
mod partner_panel;
mod team;

use hyopps_e2e::{AppWindow, Launch};

const ADMIN: &str = "admin@hyopps.local";
const NEW_PASSWORD: &str = "a far better passphrase";

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn first_sign_in_forced_password_change_dashboard_sign_out_and_back() {
    let mut w = AppWindow::launch(Launch {
        scenario: "foundation-sign-in",
        ..Launch::default()
    })
    .await;

    w.wait_for("sign-in-email").await;
    w.screenshot("sign-in").await;

    w.fill("sign-in-email", ADMIN).await;
    w.fill("sign-in-password", "not the password").await;
    w.click("sign-in-submit").await;
    w.wait_for_text("sign-in-error", "Email or password is incorrect.")
        .await;
    w.screenshot("wrong-password").await;

    w.fill("sign-in-password", "admin123").await;
    w.click("sign-in-submit").await;
    w.wait_for("new-password").await;
    assert!(
        !w.exists("app-frame").await,
        "nothing of the app before the new password is set"
    );
    w.screenshot("set-new-password").await;

    w.fill("current-password", "admin123").await;
    w.fill("new-password", "too short").await;
    w.fill("confirm-password", "too short").await;
    w.click("set-password-submit").await;
    w.wait_for_text("new-password-error", "at least 12 characters")
        .await;
    w.screenshot("password-too-short").await;

    w.fill("new-password", NEW_PASSWORD).await;
    w.fill("confirm-password", NEW_PASSWORD).await;
    w.click("set-password-submit").await;
    w.wait_for("page-dashboard").await;
    w.wait_for_text("signed-in-user", "Default Admin").await;
    for nav in [
        "nav-dashboard",
        "nav-executions",
        "nav-organisations",
        "nav-users",
        "nav-settings",
        "nav-audit",
    ] {
        w.wait_for(nav).await;
    }
    assert!(
        !w.exists("nav-partner").await,
        "an admin does not see the partner panel"
    );
    w.screenshot("dashboard").await;

    w.click("nav-organisations").await;
    w.wait_for("page-organisations").await;
    w.screenshot("organisations-empty").await;

    w.click("sign-out").await;
    w.wait_for("sign-in-email").await;
    assert_eq!(
        w.value("sign-in-email").await,
        ADMIN,
        "the last email is remembered"
    );
    w.screenshot("signed-out").await;

    w.fill("sign-in-password", "admin123").await;
    w.click("sign-in-submit").await;
    w.wait_for_text("sign-in-error", "Email or password is incorrect.")
        .await;

    w.fill("sign-in-password", NEW_PASSWORD).await;
    w.click("sign-in-submit").await;
    w.wait_for("page-dashboard").await;
    assert!(
        !w.exists("new-password").await,
        "no forced change the second time"
    );
    w.screenshot("signed-in-again").await;

    assert!(
        w.data_dir().join("hyopps.db").is_file(),
        "the database lives in HYOPPS_DATA_DIR"
    );
    let logs =
        std::fs::read_dir(w.data_dir().join("logs")).expect("a logs folder in the data directory");
    let log_text: String = logs
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
        .collect();
    assert!(log_text.contains("signed in"), "sign-ins are logged");
    for secret in ["admin123", NEW_PASSWORD] {
        assert!(!log_text.contains(secret), "no password in the log file");
    }
    w.close().await;
}

/// The default admin's first sign-in, up to the dashboard.
async fn sign_in_as_new_admin(w: &AppWindow) {
    w.fill("sign-in-email", ADMIN).await;
    w.fill("sign-in-password", "admin123").await;
    w.click("sign-in-submit").await;
    w.fill("current-password", "admin123").await;
    w.fill("new-password", NEW_PASSWORD).await;
    w.fill("confirm-password", NEW_PASSWORD).await;
    w.click("set-password-submit").await;
    w.wait_for("page-dashboard").await;
}

/// Waits for step `order` to fail, then completes it by hand with `external_id` (if the step
/// produces one) and a note.
async fn complete_by_hand(
    w: &mut AppWindow,
    order: u32,
    external_id: Option<&str>,
    shot: Option<&str>,
) {
    let status = format!("step-{order}-status");
    w.wait_for_attribute(&status, "data-status", "failed").await;
    if let Some(name) = shot {
        w.screenshot(name).await;
    }
    w.click("execution-complete-by-hand").await;
    if let Some(id) = external_id {
        w.fill("hand-external-id", id).await;
    }
    w.fill("hand-note", "Done by hand in the system itself (E2E)")
        .await;
    w.click("hand-submit").await;
    w.wait_for_attribute(&status, "data-status", "completed")
        .await;
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn new_partner_then_new_partner_user_with_unconfigured_systems_completed_by_hand() {
    let mut w = AppWindow::launch(Launch {
        scenario: "workflows",
        ..Launch::default()
    })
    .await;
    sign_in_as_new_admin(&w).await;

    // new_partner, step 1: the organisation and its Studio companies.
    w.click("start-new_partner").await;
    w.wait_for("page-execution").await;
    w.wait_for("field-organization_name").await;
    w.screenshot("new-partner-step-1").await;
    w.click("step-form-submit").await;
    w.wait_for_text("field-organization_name-error", "This field is required.")
        .await;
    w.fill("field-organization_name", "Acme Widgets").await;
    w.fill("field-studio_company_name_test", "Acme TEST").await;
    w.fill("field-studio_company_id_test", "1001").await;
    w.fill("field-studio_company_name_prod", "Acme PROD").await;
    w.fill("field-studio_company_id_prod", "1002").await;
    w.click("step-form-submit").await;

    // Step 2: Infrabot.
    w.wait_for("field-keycloak_cluster").await;
    w.screenshot("new-partner-step-2-infrabot").await;
    w.select("field-keycloak_cluster", "prod-eu").await;
    w.click("field-keycloak_confirmed").await;
    w.click("step-form-submit").await;

    // Steps 3-7 call systems that are not configured: each fails saying so, and is done by hand.
    w.wait_for_text("step-3", "Metabase is not configured")
        .await;
    complete_by_hand(&mut w, 3, Some("101"), Some("metabase-not-configured")).await;
    complete_by_hand(&mut w, 4, Some("7"), None).await;
    complete_by_hand(&mut w, 5, None, None).await;
    complete_by_hand(&mut w, 6, Some("19:channel@thread.tacv2"), None).await;
    complete_by_hand(&mut w, 7, Some("S0123"), None).await;

    // Step 8: the LMS.
    w.wait_for("field-lms_confirmed").await;
    w.click("field-lms_confirmed").await;
    w.click("step-form-submit").await;
    w.wait_for_attribute("execution-status", "data-status", "completed")
        .await;
    w.screenshot("new-partner-completed").await;

    // new_partner_user for that organisation.
    w.click("nav-dashboard").await;
    w.click("start-new_partner_user").await;
    w.wait_for("field-organization_id").await;
    w.select_label("field-organization_id", "Acme Widgets")
        .await;
    w.click("step-form-submit").await;
    w.wait_for("field-firstname").await;
    w.fill("field-firstname", "Ada").await;
    w.fill("field-lastname", "Lovelace").await;
    w.fill("field-email", "not an email").await;
    w.fill("field-languages", "en, fr").await;
    w.click_first("input[id^='field-selected_studio_company_ids-']")
        .await;
    w.click("step-form-submit").await;
    w.wait_for_text("field-email-error", "Enter an email address")
        .await;
    w.screenshot("user-details-invalid-email").await;
    w.fill("field-email", "ada@acme.example").await;
    w.click("step-form-submit").await;

    // Step 3: no Studio webhook, so it is a manual task.
    w.wait_for("field-studio_access_confirmed").await;
    w.screenshot("studio-manual-task").await;
    w.click("field-studio_access_confirmed").await;
    w.click("step-form-submit").await;
    complete_by_hand(&mut w, 4, Some("55"), None).await;
    complete_by_hand(&mut w, 5, Some("aad-user-1"), None).await;
    complete_by_hand(&mut w, 6, Some("U0456"), None).await;
    w.wait_for("field-studio_user_company_id").await;
    w.fill("field-studio_user_company_id", "2001").await;
    w.fill("field-studio_user_company_name", "Ada Lovelace")
        .await;
    w.click("step-form-submit").await;
    complete_by_hand(&mut w, 8, Some("kc-user-1"), None).await;
    complete_by_hand(&mut w, 9, None, None).await;
    w.wait_for_attribute("execution-status", "data-status", "completed")
        .await;
    w.screenshot("new-partner-user-completed").await;

    w.click("nav-executions").await;
    w.wait_for("executions-table").await;
    w.wait_for_text("executions-table", "Acme Widgets").await;
    w.screenshot("executions-list").await;
    w.close().await;
}
