//! Issue #3 in the window: an admin edits an organisation's documentation links and Metabase
//! group, adds and edits a Studio company, deletes a person after the confirmation that says
//! what goes, and finds each change in the audit log; then saves the users and the audit log as
//! CSV files through the native save dialog.

use hyopps_e2e::{AppWindow, Launch, NativeDialog};

use super::sign_in_as_new_admin;

/// The default admin (migrations/0001_init.sql).
const SEEDED_ADMIN: &str = "95f6adb1-79ba-434a-9faf-d4d303b7d1ab";

/// Initech with two people, one of whom leaves.
fn initech(data_dir: &std::path::Path) {
    let store = hyopps_store::Store::open(&data_dir.join("hyopps.db")).unwrap();
    store
        .write_blocking(|tx| -> Result<(), hyopps_store::StoreError> {
            tx.execute_batch(
                "INSERT INTO organizations (id, name, created_at)
                   VALUES ('initech', 'Initech', '2026-11-01T00:00:00.000Z');
                 INSERT INTO users (id, firstname, lastname, email, app_role, organization_id, created_at, updated_at)
                   VALUES ('peter', 'Peter', 'Gibbons', 'peter@initech.example', 'user', 'initech',
                           '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'),
                          ('milton', 'Milton', 'Waddams', 'milton@initech.example', 'user', 'initech',
                           '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');",
            )?;
            Ok(())
        })
        .unwrap();
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn an_admin_edits_an_organisation_and_its_people() {
    let mut w = AppWindow::launch(Launch {
        scenario: "admin-console",
        seed: Some(initech),
        ..Launch::default()
    })
    .await;
    sign_in_as_new_admin(&w).await;

    w.click("nav-organisations").await;
    w.wait_for("organisation-row-initech").await;
    w.screenshot("organisations").await;
    w.click("organisation-link-initech").await;
    w.wait_for("page-organisation").await;

    // Documentation links: a malformed one is refused with its reason, then fixed.
    w.fill("documentation-internal_docu", "docs.initech.example")
        .await;
    w.click("documentation-save").await;
    w.wait_for_text("documentation-internal_docu-error", "http")
        .await;
    w.screenshot("documentation-link-refused").await;
    w.fill(
        "documentation-internal_docu",
        "https://docs.initech.example/partners",
    )
    .await;
    w.fill(
        "documentation-add_docu",
        "https://initech.example/tps-reports",
    )
    .await;
    w.click("documentation-save").await;
    w.wait_for("documentation-saved").await;

    // The Metabase group made outside HyOpps.
    w.fill("system-group-metabase-external_id", "42").await;
    w.fill("system-group-metabase-external_name", "ext-initech")
        .await;
    w.click("system-group-metabase-save").await;
    w.wait_for("system-group-metabase-saved").await;
    w.wait_for_attribute("system-group-metabase", "data-recorded", "true")
        .await;

    // A Studio company, added then corrected.
    w.fill("studio-company-new-name", "Initech TEST").await;
    w.fill("studio-company-new-studio_id", "7001").await;
    w.select("studio-company-new-environment", "test").await;
    w.click("studio-company-add").await;
    w.wait_for_text("studio-companies-notice", "Initech TEST")
        .await;
    let row = w.first_id("tr[id^='studio-company-']").await;
    w.click(&row.replace("studio-company-", "studio-company-edit-"))
        .await;
    w.fill(&format!("{row}-name"), "Initech PROD").await;
    w.select(&format!("{row}-environment"), "prod").await;
    w.click(&format!("{row}-save")).await;
    w.wait_for_text("studio-companies-notice", "Initech PROD")
        .await;
    w.screenshot("organisation-edited").await;

    // All of Initech's people in the Users screen, then the people in no organisation.
    w.click("organisation-users-all").await;
    w.wait_for("user-row-milton").await;
    // The filter's choices load beside the list: it shows Initech once they are there.
    w.wait_for_value("users-filter-organization", "initech")
        .await;
    assert!(
        !w.exists(&format!("user-row-{SEEDED_ADMIN}")).await,
        "only Initech's people"
    );
    w.screenshot("users-of-initech").await;
    w.select("users-filter-organization", "(none)").await;
    w.wait_for(&format!("user-row-{SEEDED_ADMIN}")).await;
    assert!(
        !w.exists("user-row-peter").await,
        "the admin alone belongs to no organisation"
    );
    w.click("nav-organisations").await;
    w.click("organisation-link-initech").await;
    w.wait_for("page-organisation").await;

    // Milton leaves: the confirmation says what goes with him.
    w.click("organisation-user-link-milton").await;
    w.wait_for("page-user").await;
    w.click("user-delete").await;
    w.wait_for("user-delete-modal").await;
    w.screenshot("user-delete-confirmation").await;
    w.click("user-delete-confirm").await;
    w.wait_for("page-users").await;
    w.wait_for("user-row-peter").await;
    assert!(!w.exists("user-row-milton").await, "Milton is gone");
    w.screenshot("users-after-delete").await;

    // The users as a CSV file, where the admin says in the save dialog.
    let exports = tempfile::Builder::new()
        .prefix("hyopps-exports-")
        .tempdir()
        .unwrap();
    let users_csv = exports.path().join("initech-people.csv");
    w.click("users-export").await;
    let dialog = NativeDialog::wait("Export users as CSV").await;
    w.screenshot_screen("users-export-dialog");
    dialog.save_as(&users_csv).await;
    // Everyone: the default admin and Peter.
    w.wait_for_attribute("users-export-result", "data-rows", "2")
        .await;
    let csv = std::fs::read_to_string(&users_csv).expect("the CSV is where the admin said");
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("id,firstname,lastname,email"), "{csv}");
    assert_eq!(lines.len(), 3, "a header and two people: {csv}");
    assert!(csv.contains("peter@initech.example"), "{csv}");
    assert!(!csv.contains("milton@"), "Milton was deleted: {csv}");

    w.click("nav-audit").await;
    w.wait_for("audit-table").await;
    let log = w.wait_for_text("audit-table", "Initech").await;
    for change in ["documentation", "studio", "person"] {
        assert!(
            log.to_lowercase().contains(change),
            "the audit log shows the {change} change:\n{log}"
        );
    }
    w.screenshot("audit-log").await;

    let audit_csv = exports.path().join("audit.csv");
    w.click("audit-export").await;
    NativeDialog::wait("Export the audit log as CSV")
        .await
        .save_as(&audit_csv)
        .await;
    w.wait_for("audit-export-result").await;
    let csv = std::fs::read_to_string(&audit_csv).expect("the audit CSV is where the admin said");
    assert!(csv.starts_with("at,actor_user_id,actor,action"), "{csv}");
    assert!(
        csv.contains("Milton"),
        "the deletion is in the exported log:\n{csv}"
    );
    w.screenshot("audit-exported").await;
    w.close().await;
}
