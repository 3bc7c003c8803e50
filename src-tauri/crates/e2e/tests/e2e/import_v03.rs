//! Issue #7 in the window: the admin imports a HyOpps v0.3 database from Settings through the
//! native file dialog (cancelled once, then chosen), reads the report, finds v0.3's
//! organisations and people under their v0.3 ids, imports the same file again to no effect;
//! then v0.3's partner admin signs in with their v0.3 (bcrypt) password and sees their
//! organisation.

use fantoccini::Locator;
use hyopps_e2e::{AppWindow, Launch, NativeDialog};
use hyopps_v03_fixture::{self as v03, Variant};

use super::{sign_in_as_new_admin, NEW_PASSWORD};

/// The title the Settings card gives the dialog (ui/src/ipc/settings.rs).
const DIALOG_TITLE: &str = "Choose the hyopps_py.db of HyOpps v0.3";

/// The report's numbers for one v0.3 table: imported, already present, merged, skipped.
async fn report_row(w: &AppWindow, table: &str) -> [u64; 4] {
    let row = format!("import-v03-row-{table}");
    w.wait_for(&row).await;
    let cells = w
        .client()
        .find_all(Locator::Css(&format!("#{row} td")))
        .await
        .unwrap();
    let mut texts = Vec::new();
    for cell in cells {
        texts.push(cell.text().await.unwrap());
    }
    assert_eq!(texts.first().map(String::as_str), Some(table), "{texts:?}");
    let numbers: Vec<u64> = texts[1..]
        .iter()
        .map(|n| {
            n.trim()
                .parse()
                .unwrap_or_else(|_| panic!("{table}: {texts:?}"))
        })
        .collect();
    numbers.try_into().expect("four counts per table")
}

async fn import_through_the_dialog(w: &mut AppWindow, source: &std::path::Path, shot: &str) {
    w.click("import-v03-choose").await;
    let dialog = NativeDialog::wait(DIALOG_TITLE).await;
    w.screenshot_screen(shot);
    dialog.choose(source).await;
    w.wait_for("import-v03-result").await;
}

#[tokio::test]
#[ignore = "needs the built app, Xvfb and tauri-driver: run scripts/test.sh"]
async fn an_admin_imports_a_v03_database_and_its_partner_admin_signs_in_with_the_v03_password() {
    // Alone in its folder: the dialog's location field completes names as they are typed.
    let folder = tempfile::Builder::new()
        .prefix("hyopps-v03-")
        .tempdir()
        .unwrap();
    let source = folder.path().join("hyopps_py.db");
    v03::build(&source, Variant::Latest);
    let original = std::fs::read(&source).unwrap();

    let mut w = AppWindow::launch(Launch {
        scenario: "import-v03",
        ..Launch::default()
    })
    .await;
    sign_in_as_new_admin(&w).await;
    w.click("nav-settings").await;
    w.wait_for("import-v03-card").await;
    w.screenshot("settings").await;

    // Cancelled: nothing is imported and nothing is said.
    w.click("import-v03-choose").await;
    NativeDialog::wait(DIALOG_TITLE).await.cancel().await;
    w.wait_for_attribute("import-v03-choose", "disabled", "")
        .await;
    assert!(
        !w.exists("import-v03-result").await && !w.exists("import-v03-error").await,
        "a cancelled dialog imports nothing and reports nothing"
    );

    import_through_the_dialog(&mut w, &source, "file-dialog").await;
    w.wait_for_text("import-v03-result", "Imported").await;
    w.wait_for_attribute("import-v03-choose", "disabled", "")
        .await;
    w.screenshot("report").await;
    let organizations = report_row(&w, "organizations").await;
    assert_eq!(
        organizations[0], 3,
        "Acme, Globex and Initech are new here: {organizations:?}"
    );
    let users = report_row(&w, "users").await;
    assert!(
        users[0] >= 3,
        "v0.3's people come in (the admin's email merges with ours): {users:?}"
    );

    w.click("nav-organisations").await;
    for id in [v03::ORG_ACME, v03::ORG_GLOBEX, v03::ORG_INITECH] {
        w.wait_for(&format!("organisation-row-{id}")).await;
    }
    w.screenshot("organisations").await;
    w.click("nav-users").await;
    w.wait_for(&format!("user-row-{}", v03::USER_PARTNER)).await;
    w.screenshot("users").await;

    // The same file again: every row is already here.
    w.click("nav-settings").await;
    import_through_the_dialog(&mut w, &source, "file-dialog-again").await;
    w.wait_for_text("import-v03-result", "Nothing new").await;
    let again = report_row(&w, "organizations").await;
    assert_eq!(again[0], 0, "nothing imported twice: {again:?}");
    w.screenshot("report-again").await;
    assert_eq!(
        std::fs::read(&source).unwrap(),
        original,
        "the v0.3 file is only read"
    );

    // v0.3's partner admin signs in with the password they had in v0.3.
    w.click("sign-out").await;
    w.fill("sign-in-email", v03::PARTNER_EMAIL).await;
    w.fill("sign-in-password", v03::PARTNER_PASSWORD).await;
    w.click("sign-in-submit").await;
    w.wait_for("page-partner").await;
    w.wait_for_text("partner-organisation-name", "Acme").await;
    w.screenshot("v03-partner-admin").await;

    // And the admin still signs in with the password chosen here, not v0.3's.
    w.click("sign-out").await;
    w.fill("sign-in-email", "admin@hyopps.local").await;
    w.fill("sign-in-password", NEW_PASSWORD).await;
    w.click("sign-in-submit").await;
    w.wait_for("page-dashboard").await;
    w.close().await;
}
