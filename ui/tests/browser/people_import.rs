//! Browser tests of "Add people from a file…": the chosen file is read and previewed in a
//! dialog that lists refused lines first and starts nothing; confirming starts the file for
//! the organisation with the very file previewed; a refused file says why and opens nothing;
//! a cancelled dialog calls nothing.

use crate::support::*;
use hyopps_contract::{
    ImportRowState, PeopleFile, PeopleImportPreview, PeopleImportProgress, PeopleImportRow,
    PeopleImportStarted,
};
use hyopps_ui::components::{PeopleImportCard, PeopleImportCardProps};
use serde_json::json;
use wasm_bindgen_test::*;
use yew::prelude::*;

const CHOSEN: &str = "/home/ops/people of O'Brien.csv";
const CONTENTS: &str = "Email;First name;Last name\nsean@obrien.example;Seán;O'Brien\n";

fn js(value: &impl serde::Serialize) -> String {
    format!("Promise.resolve({})", serde_json::to_string(value).unwrap())
}

fn file() -> PeopleFile {
    PeopleFile {
        file_name: "people of O'Brien.csv".into(),
        contents: CONTENTS.into(),
    }
}

fn row(line: u32, name: &str, state: ImportRowState) -> PeopleImportRow {
    PeopleImportRow {
        line,
        name: name.into(),
        email: format!("{}@obrien.example", name.to_lowercase().replace(' ', ".")),
        state,
    }
}

fn preview() -> PeopleImportPreview {
    PeopleImportPreview {
        organization_name: "O'Brien & Söhne".into(),
        file_name: "people of O'Brien.csv".into(),
        rows: vec![
            row(2, "Seán O'Brien", ImportRowState::New),
            row(3, "Ada Lovelace", ImportRowState::AlreadyHere),
            row(
                4,
                "Bad Email",
                ImportRowState::Invalid {
                    column: "Email".into(),
                    problem: "Enter an email address like name@example.com.".into(),
                },
            ),
            row(5, "Jo Müller", ImportRowState::New),
        ],
        new: 2,
        skipped: 1,
        invalid: 1,
        notes: vec!["Not read (HyOpps has no such field): \"Phone\".".into()],
    }
}

fn progress() -> PeopleImportProgress {
    PeopleImportProgress {
        id: "f1".into(),
        file_name: "people of O'Brien.csv".into(),
        started_at: "2026-12-06T10:00:00.000Z".into(),
        started_by: Some("Default Admin".into()),
        started: 2,
        done: 1,
        waiting: 1,
        failed: 0,
        cancelled: 0,
        skipped: 1,
        invalid: 1,
    }
}

fn started() -> PeopleImportStarted {
    PeopleImportStarted {
        import_id: Some("f1".into()),
        started: 2,
        skipped: 1,
        invalid: 1,
        message: "Started onboarding 2 people of O'Brien & Söhne; 1 already in O'Brien & Söhne, 1 row refused.".into(),
    }
}

/// The card for organisation o1; `on_started` counts how often the page around was told.
async fn mount_card_telling(on_started: Callback<()>) -> Mounted<PeopleImportCard> {
    let page = mount::<PeopleImportCard>(PeopleImportCardProps {
        organization_id: Some(AttrValue::from("o1")),
        on_started,
    })
    .await;
    page.wait_for("people-import-choose", "the card offers the file")
        .await;
    page
}

async fn mount_card() -> Mounted<PeopleImportCard> {
    mount_card_telling(Callback::noop()).await
}

#[wasm_bindgen_test]
async fn a_chosen_file_is_previewed_refused_lines_first_then_confirmed_and_started_for_the_organisation(
) {
    fake_backend(&[
        // No file before the start; the one started after it.
        (
            "people_imports",
            &format!(
                "Promise.resolve(window.__hyoppsCalls.some((c) => c.startsWith('start_people_import')) ? {} : [])",
                serde_json::to_string(&[progress()]).unwrap()
            ),
        ),
        ("read_people_file", &js(&file())),
        ("preview_people_import", &js(&preview())),
        ("start_people_import", &js(&started())),
    ]);
    fake_dialog(&format!("return Promise.resolve({CHOSEN:?});"));
    let page = mount_card().await;

    page.click("people-import-choose").await;
    page.wait_for("people-import-modal", "the preview opens")
        .await;
    assert_eq!(
        calls_of("read_people_file"),
        vec![json!({"request": {"path": CHOSEN}})],
        "the chosen path is read by this computer"
    );
    assert_eq!(
        calls_of("preview_people_import"),
        vec![json!({"request": {"organization_id": "o1", "file": file()}})]
    );
    assert!(
        calls_of("start_people_import").is_empty(),
        "nothing starts before the admin confirms"
    );
    assert_eq!(
        page.text("people-import-summary"),
        "4 people in people of O'Brien.csv: 2 new, 1 already in O'Brien & Söhne, 1 refused."
    );
    let rows = page
        .find("people-import-rows")
        .unwrap()
        .query_selector_all("tr[data-state]")
        .unwrap();
    let order: Vec<String> = (0..rows.length())
        .map(|i| {
            let row: web_sys::Element = wasm_bindgen::JsCast::unchecked_into(rows.item(i).unwrap());
            row.id()
        })
        .collect();
    assert_eq!(
        order,
        [
            "people-import-row-4",
            "people-import-row-2",
            "people-import-row-5",
            "people-import-row-3"
        ],
        "refused lines first, then the new people, then those already there"
    );
    assert!(page
        .text("people-import-row-4")
        .contains("Email: Enter an email address like name@example.com."));
    assert_eq!(
        page.text("people-import-confirm"),
        "Start onboarding 2 people"
    );

    page.click("people-import-confirm").await;
    page.wait_for("people-import-started", "the start is confirmed")
        .await;
    assert_eq!(
        calls_of("start_people_import"),
        vec![json!({"request": {"organization_id": "o1", "file": file()}})],
        "the file previewed is the file started"
    );
    assert!(
        page.find("people-import-modal").is_none(),
        "the dialog closes"
    );
    assert!(page
        .text("people-import-started")
        .contains("Started onboarding 2 people"));
    let file = page
        .wait_for("people-import-latest", "the started file's progress shows")
        .await;
    assert_eq!(file.get_attribute("data-done").as_deref(), Some("1"));
    assert!(page
        .text("people-import-latest")
        .contains("1 of 2 done, 1 need you"));
}

#[wasm_bindgen_test]
async fn a_refused_file_says_why_and_opens_no_preview() {
    fake_backend(&[
        ("people_imports", "Promise.resolve([])"),
        ("read_people_file", &js(&file())),
        (
            "preview_people_import",
            &format!(
                "Promise.reject({})",
                json!({"code": "Validation", "message": "The file has no Email column.",
                       "fields": {"file": "The file has no Email column."}})
            ),
        ),
    ]);
    fake_dialog(&format!("return Promise.resolve({CHOSEN:?});"));
    let page = mount_card().await;

    page.click("people-import-choose").await;
    page.wait_for("people-import-error", "the refusal shows")
        .await;
    assert!(page
        .text("people-import-error")
        .contains("The file has no Email column."));
    assert!(page.find("people-import-modal").is_none());
}

#[wasm_bindgen_test]
async fn a_cancelled_file_dialog_reads_nothing() {
    fake_backend(&[("people_imports", "Promise.resolve([])")]);
    fake_dialog("return Promise.resolve(null);");
    let page = mount_card().await;

    page.click("people-import-choose").await;
    settle().await;
    assert_eq!(calls_of("dialog.open").len(), 1);
    assert!(calls_of("read_people_file").is_empty());
    assert!(page.find("people-import-modal").is_none());
}
