//! Browser tests of Settings → Import from HyOpps v0.3…: the native file dialog (faked), the
//! command it leads to, the report, a cancelled dialog and a refused file.

use crate::support::*;
use hyopps_contract::{ImportReport, TableCount};
use hyopps_ui::pages::SettingsPage;
use serde_json::json;
use wasm_bindgen_test::*;

const CHOSEN: &str = "/home/ada/hyopps-v03/hyopps_py.db";

fn report() -> ImportReport {
    let mut organizations = TableCount::new("organizations");
    organizations.imported = 2;
    organizations.merged = 1;
    let mut users = TableCount::new("users");
    users.imported = 5;
    users.already_present = 1;
    users.skipped = 1;
    ImportReport {
        source: CHOSEN.into(),
        tables: vec![organizations, users],
        notes: vec!["3 accounts have no password yet: set one for them under Users.".into()],
    }
}

fn js(value: &impl serde::Serialize) -> String {
    format!("Promise.resolve({})", serde_json::to_string(value).unwrap())
}

async fn mount_settings() -> Mounted<SettingsPage> {
    let page = mount::<SettingsPage>(()).await;
    page.wait_for(
        "import-v03-choose",
        "the import button is on the settings page",
    )
    .await;
    page
}

fn cells(page: &Mounted<SettingsPage>, row: &str) -> Vec<String> {
    let row = page
        .find(row)
        .unwrap_or_else(|| panic!("#{row} is not on screen"));
    let cells = row.query_selector_all("td").unwrap();
    (0..cells.length())
        .filter_map(|i| cells.item(i))
        .filter_map(|cell| cell.text_content())
        .collect()
}

#[wasm_bindgen_test]
async fn a_chosen_file_is_imported_and_its_report_shown() {
    fake_backend(&[("import_v03_database", &js(&report()))]);
    fake_dialog(&format!("return Promise.resolve({CHOSEN:?});"));
    let page = mount_settings().await;
    assert!(
        page.find("page-settings").is_some(),
        "the import is part of the settings page"
    );

    page.click("import-v03-choose").await;
    page.wait_for("import-v03-report", "the report appears")
        .await;

    let dialogs = calls_of("dialog.open");
    assert_eq!(dialogs.len(), 1, "one dialog per click");
    assert_eq!(dialogs[0]["multiple"], false);
    assert_eq!(dialogs[0]["directory"], false);
    assert_eq!(
        dialogs[0]["filters"],
        json!([{"name": "SQLite database", "extensions": ["db", "sqlite", "sqlite3"]}]),
        "the dialog offers SQLite files"
    );
    assert_eq!(
        calls_of("import_v03_database"),
        vec![json!({"request": {"path": CHOSEN}})],
        "the chosen path goes to the command as it came from the dialog"
    );
    assert_eq!(
        cells(&page, "import-v03-row-organizations"),
        ["organizations", "2", "0", "1", "0"]
    );
    assert_eq!(
        cells(&page, "import-v03-row-users"),
        ["users", "5", "1", "0", "1"],
        "imported, already present, merged, skipped"
    );
    let result = page.text("import-v03-result");
    assert!(
        result.contains(&format!("Imported 7 rows of 10 from {CHOSEN}.")),
        "the summary counts the rows: {result}"
    );
    assert!(
        page.text("import-v03-notes")
            .contains("3 accounts have no password yet"),
        "the notes are shown"
    );
    assert!(page.find("import-v03-error").is_none());
    assert!(
        page.find("import-v03-pending").is_none(),
        "no longer pending"
    );
}

#[wasm_bindgen_test]
async fn the_import_shows_it_is_pending_until_it_answers() {
    // The answer waits until the test releases it.
    fake_backend(&[(
        "import_v03_database",
        "new Promise((resolve) => { window.__hyoppsRelease = resolve; })",
    )]);
    fake_dialog(&format!("return Promise.resolve({CHOSEN:?});"));
    let page = mount_settings().await;

    page.click("import-v03-choose").await;
    page.wait_for("import-v03-pending", "pending while importing")
        .await;
    assert!(page.text("import-v03-pending").contains(CHOSEN));
    let button = page.find("import-v03-choose").unwrap();
    assert!(
        button.has_attribute("disabled")
            || button.get_attribute("aria-disabled").as_deref() == Some("true"),
        "one import at a time: {}",
        button.outer_html()
    );

    let release =
        js_sys::Function::new_with_args("report", "window.__hyoppsRelease(JSON.parse(report));");
    release
        .call1(
            &wasm_bindgen::JsValue::NULL,
            &serde_json::to_string(&report()).unwrap().into(),
        )
        .unwrap();
    page.wait_for("import-v03-report", "the report replaces the pending state")
        .await;
    assert!(page.find("import-v03-pending").is_none());
}

#[wasm_bindgen_test]
async fn a_cancelled_dialog_calls_nothing() {
    fake_backend(&[("import_v03_database", &js(&report()))]);
    fake_dialog("return Promise.resolve(null);");
    let page = mount_settings().await;

    page.click("import-v03-choose").await;
    settle().await;

    assert_eq!(calls_of("dialog.open").len(), 1, "the dialog was opened");
    assert!(
        calls_of("import_v03_database").is_empty(),
        "cancelling imports nothing"
    );
    assert!(page.find("import-v03-report").is_none());
    assert!(page.find("import-v03-error").is_none());
    assert!(page.find("import-v03-pending").is_none());
    let button = page.find("import-v03-choose").unwrap();
    assert!(
        !button.has_attribute("disabled"),
        "the button is ready again: {}",
        button.outer_html()
    );
}

#[wasm_bindgen_test]
async fn a_refused_file_shows_the_backends_message() {
    let message = "/home/ada/notes.db is not a SQLite database, so it cannot be a HyOpps v0.3 database. Choose the hyopps_py.db file of HyOpps v0.3.";
    let refusal = json!({"code": "Validation", "message": message, "fields": {"file": message}});
    fake_backend(&[("import_v03_database", &format!("Promise.reject({refusal})"))]);
    fake_dialog("return Promise.resolve('/home/ada/notes.db');");
    let page = mount_settings().await;

    page.click("import-v03-choose").await;
    page.wait_for("import-v03-error", "the refusal is shown")
        .await;

    let shown = page.text("import-v03-error");
    assert!(
        shown.contains(message),
        "the backend's words, as written: {shown}"
    );
    assert!(
        page.find("import-v03-report").is_none(),
        "no report for a refused file"
    );
}

#[wasm_bindgen_test]
async fn a_dialog_that_fails_shows_why_and_imports_nothing() {
    fake_backend(&[("import_v03_database", &js(&report()))]);
    fake_dialog("return Promise.reject('dialog.open not allowed. Permissions associated with this command: dialog:allow-open');");
    let page = mount_settings().await;

    page.click("import-v03-choose").await;
    page.wait_for("import-v03-error", "the dialog's failure is shown")
        .await;

    assert!(page
        .text("import-v03-error")
        .contains("dialog.open not allowed"));
    assert!(calls_of("import_v03_database").is_empty());
    assert!(
        !page
            .find("import-v03-choose")
            .unwrap()
            .has_attribute("disabled"),
        "the admin can try again"
    );
}
