//! The main flows in the real app window. Run by `scripts/test.sh`, which builds the app, starts
//! Xvfb and a session bus, and sets `HYOPPS_E2E_APP`.

use hyopps_e2e::{AppWindow, Launch};

const ADMIN: &str = "admin@hyopps.local";
const NEW_PASSWORD: &str = "a far better passphrase";

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn first_sign_in_forced_password_change_dashboard_sign_out_and_back() {
    let mut w = AppWindow::launch(Launch {
        scenario: "foundation-sign-in",
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
