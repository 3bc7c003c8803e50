//! The desktop around the screens: dark mode when the OS is dark, the window's title naming the
//! screen, the menu's keyboard shortcuts, and Settings → Backups making a backup of the window's
//! own database.

use hyopps_e2e::{AppWindow, Launch};

use super::sign_in_as_new_admin;

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn a_dark_desktop_gets_dark_screens_named_in_the_title_with_menu_shortcuts_and_a_backup() {
    let mut w = AppWindow::launch(Launch {
        scenario: "desktop",
        dark_desktop: true,
        ..Launch::default()
    })
    .await;
    w.wait_for("sign-in-email").await;
    w.wait_for_title("Sign in — HyOpps").await;
    sign_in_as_new_admin(&w).await;
    assert_eq!(
        w.script_value("return document.documentElement.classList.contains('pf-v6-theme-dark');")
            .await,
        serde_json::json!(true),
        "a dark desktop gets PatternFly's dark theme"
    );
    w.wait_for_title("Dashboard — HyOpps").await;
    w.wait_for("dashboard-failed").await;
    w.screenshot("dashboard-dark").await;

    // The menu's shortcuts, pressed on the keyboard: Ctrl+K finds a person by name.
    w.press_native_keys("Dashboard — HyOpps", "ctrl+k");
    w.wait_for("jump-dialog").await;
    w.fill("jump-search", "Default Ad").await;
    w.wait_for_text("jump-results", "Default Admin").await;
    w.click("jump-result-0").await;
    w.wait_for_title("User — HyOpps").await;
    w.press_native_keys("User — HyOpps", "ctrl+3");
    w.wait_for("page-organisations").await;
    // Ctrl+N: the dashboard's Start buttons, the first one focused.
    w.press_native_keys("Organisations — HyOpps", "ctrl+n");
    w.wait_for("dashboard-workflows").await;
    w.wait_until_script(
        "return document.activeElement && document.activeElement.id;",
        serde_json::json!("start-new_partner"),
    )
    .await;

    w.click("nav-settings").await;
    w.wait_for("backups-card").await;
    w.wait_for_title("Settings — HyOpps").await;
    w.wait_for_native_title("Settings — HyOpps").await;
    w.wait_for("backups-none").await;
    w.click("backups-back-up-now").await;
    w.wait_for("backups-made").await;
    w.wait_for("backups-list").await;
    let backups: Vec<_> = std::fs::read_dir(w.data_dir().join("backups"))
        .expect("a backups folder in the data folder")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(backups.len(), 1, "one backup, made now: {backups:?}");
    assert!(
        w.wait_for_text("backups-made", &backups[0])
            .await
            .starts_with("Backed up: "),
        "the window names the new backup"
    );
    w.show("backups-card").await;
    w.screenshot("settings-backups-dark").await;
    w.close().await;
}
