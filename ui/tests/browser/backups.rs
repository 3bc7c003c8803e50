//! Browser tests of Settings → Backups: the list in words, "Back up now", and a restore that
//! asks first, sends the chosen file, and says the app restarts; a refused file keeps the
//! question open with the reason; cancelling sends nothing.

use crate::support::*;
use hyopps_contract::{BackupFile, BackupKind, BackupMade, BackupOverview, RestoreStaged};
use hyopps_ui::components::BackupsCard;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

const FOLDER: &str = "/home/ada/.local/share/com.hyopps.desktop/backups";

fn backup(name: &str, made_at: &str, bytes: u64, kind: BackupKind) -> BackupFile {
    BackupFile {
        name: name.into(),
        path: format!("{FOLDER}/{name}"),
        made_at: made_at.into(),
        bytes,
        kind,
    }
}

fn overview() -> BackupOverview {
    BackupOverview {
        folder: FOLDER.into(),
        keep: 14,
        backups: vec![
            backup(
                "hyopps-2026-12-06-030000.sqlite",
                "2026-12-06T03:00:00Z",
                1_400_000,
                BackupKind::Regular,
            ),
            backup(
                "before-restore-2026-12-05-120000.sqlite",
                "2026-12-05T12:00:00Z",
                819_200,
                BackupKind::BeforeRestore,
            ),
        ],
    }
}

fn js(value: &impl serde::Serialize) -> String {
    format!("Promise.resolve({})", serde_json::to_string(value).unwrap())
}

fn row_texts(page: &Mounted<BackupsCard>) -> Vec<String> {
    let table = page.find("backups-list").expect("the list of backups");
    let rows = table.query_selector_all("tbody tr").unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|row| row.text_content())
        .collect()
}

async fn restore_listed(page: &Mounted<BackupsCard>, name: &str) {
    let button = page
        .wait_until("the backup's Restore… button", || {
            page.root
                .query_selector(&format!("button[aria-label='Restore {name}']"))
                .ok()
                .flatten()
        })
        .await;
    button.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    settle().await;
    page.wait_for("backups-restore-modal", "the restore asks first")
        .await;
}

#[wasm_bindgen_test]
async fn the_backups_are_listed_in_words_and_back_up_now_adds_one() {
    let made = BackupMade {
        backup: backup(
            "hyopps-2026-12-06-201500.sqlite",
            "2026-12-06T20:15:00Z",
            1_500_000,
            BackupKind::Regular,
        ),
        removed: 1,
    };
    fake_backend(&[
        ("list_backups", &js(&overview())),
        ("back_up_now", &js(&made)),
    ]);
    let page = mount::<BackupsCard>(()).await;
    page.wait_for("backups-list", "the backups are listed")
        .await;

    let intro = page.text("backups-intro");
    assert!(
        intro.contains(FOLDER) && intro.contains("keeps the newest 14"),
        "where the backups are and how many are kept: {intro}"
    );
    let rows = row_texts(&page);
    assert_eq!(rows.len(), 2);
    assert!(
        rows[0].contains("Backup") && rows[0].contains("1.4 MB"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].contains("Kept before a restore") && rows[1].contains("819 KB"),
        "{}",
        rows[1]
    );
    assert!(
        !rows[0].contains("hyopps-2026"),
        "the file name is not the main text: {}",
        rows[0]
    );

    page.click("backups-back-up-now").await;
    page.wait_for("backups-made", "the new backup is confirmed")
        .await;
    let made = page.text("backups-made");
    assert!(
        made.ends_with(
            "Backed up: hyopps-2026-12-06-201500.sqlite (1.5 MB). The oldest backup was removed."
        ),
        "names the backup, its size and what was removed: {made}"
    );
    assert_eq!(calls_of("back_up_now").len(), 1);
    page.wait_until("the list is read again", || {
        (calls_of("list_backups").len() == 2).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_restore_asks_first_then_sends_the_file_and_says_the_app_restarts() {
    let staged = RestoreStaged {
        file_name: "hyopps-2026-12-06-030000.sqlite".into(),
    };
    fake_backend(&[
        ("list_backups", &js(&overview())),
        ("restore_backup", &js(&staged)),
    ]);
    let page = mount::<BackupsCard>(()).await;
    restore_listed(&page, "hyopps-2026-12-06-030000.sqlite").await;
    let question = page.text("backups-restore-modal");
    assert!(
        question.contains("Restore hyopps-2026-12-06-030000.sqlite?")
            && question.contains("kept in the backups folder"),
        "the question names the file and says the current database is kept: {question}"
    );
    assert!(
        calls_of("restore_backup").is_empty(),
        "nothing before the confirmation"
    );

    page.click("backups-restore-confirm").await;
    page.wait_for("backups-restarting", "the app says it restarts")
        .await;
    assert_eq!(
        calls_of("restore_backup"),
        vec![json!({"request": {"path": format!("{FOLDER}/hyopps-2026-12-06-030000.sqlite")}})]
    );
    assert!(page.find("backups-restore-modal").is_none());
    assert!(page
        .text("backups-restarting")
        .contains("Restoring hyopps-2026-12-06-030000.sqlite: HyOpps restarts now."));
}

#[wasm_bindgen_test]
async fn a_refused_file_keeps_the_question_open_with_the_reason_and_cancel_sends_nothing() {
    fake_backend(&[
        ("list_backups", &js(&overview())),
        (
            "restore_backup",
            "Promise.reject({code: 'Validation', message: 'notes.sqlite is not a HyOpps backup: it is not a database file at all.', fields: {file: 'notes.sqlite is not a HyOpps backup: it is not a database file at all.'}})",
        ),
    ]);
    fake_dialog("return Promise.resolve('/home/ada/Desktop/notes.sqlite');");
    let page = mount::<BackupsCard>(()).await;
    page.wait_for("backups-list", "the backups are listed")
        .await;

    page.click("backups-restore-file").await;
    page.wait_for("backups-restore-modal", "the chosen file is asked about")
        .await;
    assert!(page
        .text("backups-restore-modal")
        .contains("Restore notes.sqlite?"));
    page.click("backups-restore-confirm").await;
    page.wait_until("the refusal is shown in the question", || {
        page.text("backups-restore-modal")
            .contains("is not a HyOpps backup")
            .then_some(())
    })
    .await;
    assert!(page.find("backups-restarting").is_none(), "no restart");

    page.click("backups-restore-cancel").await;
    settle().await;
    assert!(page.find("backups-restore-modal").is_none());
    assert_eq!(
        calls_of("restore_backup").len(),
        1,
        "cancelling sends nothing more"
    );
}
