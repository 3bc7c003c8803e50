//! Browser tests of the users list: rows and their status attributes, filters and paging,
//! honest empty states, and the CSV export through a faked save dialog (saved, or cancelled).
//! Routed through the app's own `Screens`, as an admin; the backend is the scripted fake of
//! `support`.

use crate::admin_console::*;
use crate::support::*;
use hyopps_contract::{AppRole, UserRow};
use serde_json::json;
use wasm_bindgen_test::*;

// --- the list ------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn the_list_shows_users_and_sends_its_filters_and_pages() {
    let first = page_of(
        vec![
            row("u1", "Ada", AppRole::PartnerAdmin),
            row("u2", "Jo", AppRole::User),
        ],
        30,
        1,
    );
    let second = page_of(vec![row("u3", "Max", AppRole::Admin)], 30, 2);
    fake_invoke(&format!(
        "switch (cmd) {{
           case 'list_organizations': return {};
           case 'list_users': return args.request.page === 2 ? {} : {};
           default: return Promise.reject({{code: 'Internal', message: cmd}});
         }}",
        js(&organizations()),
        js(&second),
        js(&first)
    ));
    let (page, _restore) = mount_at("/users").await;
    page.wait_for("user-row-u1", "a row per user").await;
    assert!(page.find("page-users").is_some());
    assert_eq!(page.text("user-link-u1"), "Ada Smith");
    assert!(page.text("user-row-u1").contains("ada@acme.example"));
    assert!(page.text("user-row-u1").contains("Acme"));
    assert_eq!(
        attribute(&page, "user-row-u1-role", "data-role"),
        "partner_admin"
    );
    assert_eq!(
        attribute(&page, "user-row-u1-password", "data-password"),
        "true"
    );
    assert_eq!(
        attribute(&page, "user-row-u1-locked", "data-locked"),
        "true"
    );
    assert_eq!(
        attribute(&page, "user-row-u2-locked", "data-locked"),
        "false"
    );
    assert_eq!(
        attribute(&page, "user-row-u2-access", "data-access"),
        "Metabase,Slack"
    );
    assert_eq!(page.text("users-paging"), "1–25 of 30");
    assert_eq!(
        requests("list_organizations"),
        [json!({"search": null, "sort": "name", "direction": "asc", "page": 1, "page_size": 200})],
        "the organisation filter asks for the first 200 by name"
    );

    page.click("users-next").await;
    page.wait_for("user-row-u3", "the next page").await;

    page.wait_until("the organisation choices arrive", || {
        page.text("users-filter-organization")
            .contains("Globex")
            .then_some(())
    })
    .await;
    page.type_into("users-filter-organization", "o2").await;
    page.type_into("users-filter-role", "partner_admin").await;
    page.type_into("users-search", " ada ").await;
    let form: web_sys::HtmlFormElement =
        wasm_bindgen::JsCast::unchecked_into(page.find("users-search-form").unwrap());
    form.request_submit().unwrap();
    settle().await;

    let sent = requests("list_users");
    assert_eq!(
        sent[0],
        json!({"filter": {"search": null, "organization_id": null, "without_organization": false, "app_role": null},
               "page": 1, "page_size": 25})
    );
    assert_eq!(sent[1]["page"], 2);
    assert_eq!(
        *sent.last().unwrap(),
        json!({"filter": {"search": "ada", "organization_id": "o2", "without_organization": false,
                          "app_role": "partner_admin"},
               "page": 1, "page_size": 25}),
        "every request: {sent:?}"
    );

    page.click("user-link-u1").await;
    page.wait_until("the name opens the user", || {
        (pathname() == "/users/u1").then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn no_organisation_is_a_filter_choice_of_its_own() {
    fake_backend(&[
        ("list_organizations", &js(&organizations())),
        ("list_users", &js(&page_of(Vec::<UserRow>::new(), 0, 1))),
    ]);
    let (page, _restore) = mount_at("/users").await;
    page.wait_until("the choices", || {
        page.text("users-filter-organization")
            .contains("No organisation")
            .then_some(())
    })
    .await;
    page.type_into("users-filter-organization", "(none)").await;
    settle().await;
    assert_eq!(
        requests("list_users").last().unwrap()["filter"],
        json!({"search": null, "organization_id": null, "without_organization": true, "app_role": null}),
        "asked for the people in no organisation, not for an organisation called \"(none)\""
    );
}

#[wasm_bindgen_test]
async fn a_narrowed_empty_list_says_nothing_matches() {
    fake_backend(&[
        ("list_organizations", &js(&organizations())),
        ("list_users", &js(&page_of(Vec::<UserRow>::new(), 0, 1))),
    ]);
    let (page, _restore) = mount_at("/users").await;
    page.wait_until("the empty state", || {
        page.root
            .text_content()
            .filter(|t| t.contains("No users yet."))
    })
    .await;
    page.type_into("users-filter-role", "admin").await;
    page.wait_until("the filtered empty state", || {
        page.root
            .text_content()
            .filter(|t| t.contains("No users match these filters."))
    })
    .await;
}

#[wasm_bindgen_test]
async fn export_saves_the_filtered_users_where_the_dialog_says() {
    fake_backend(&[
        ("list_organizations", &js(&organizations())),
        (
            "list_users",
            &js(&page_of(vec![row("u1", "Ada", AppRole::User)], 1, 1)),
        ),
        (
            "export_users_csv",
            &js(&json!({"path": "/home/ada/users.csv", "rows": 12})),
        ),
    ]);
    fake_save_dialog("return Promise.resolve('/home/ada/users.csv');");
    let (page, _restore) = mount_at("/users").await;
    page.wait_for("user-row-u1", "the list").await;
    page.type_into("users-filter-role", "user").await;

    page.click("users-export").await;
    page.wait_for("users-export-result", "the export answers")
        .await;
    let dialogs = calls_of("dialog.save");
    assert_eq!(dialogs.len(), 1, "one dialog per click");
    assert_eq!(
        dialogs[0]["defaultPath"],
        format!("hyopps-users-{}.csv", today()),
        "the dialog proposes a dated name"
    );
    assert_eq!(
        dialogs[0]["filters"],
        json!([{"name": "CSV file", "extensions": ["csv"]}])
    );
    assert_eq!(
        requests("export_users_csv"),
        [
            json!({"filter": {"search": null, "organization_id": null, "without_organization": false,
                          "app_role": "user"},
                "path": "/home/ada/users.csv"})
        ],
        "the export takes the list's filter and the chosen path"
    );
    let result = page.text("users-export-result");
    assert!(
        result.contains("Saved 12 users to /home/ada/users.csv."),
        "the path and the row count: {result}"
    );
    assert_eq!(attribute(&page, "users-export-result", "data-rows"), "12");
}

#[wasm_bindgen_test]
async fn a_cancelled_export_dialog_sends_nothing() {
    fake_backend(&[
        ("list_organizations", &js(&organizations())),
        (
            "list_users",
            &js(&page_of(vec![row("u1", "Ada", AppRole::User)], 1, 1)),
        ),
    ]);
    fake_save_dialog("return Promise.resolve(null);");
    let (page, _restore) = mount_at("/users").await;
    page.wait_for("user-row-u1", "the list").await;
    page.click("users-export").await;
    page.wait_until("the dialog was asked", || {
        (calls_of("dialog.save").len() == 1).then_some(())
    })
    .await;
    settle().await;
    assert!(calls_of("export_users_csv").is_empty(), "nothing exported");
    assert!(page.find("users-export-result").is_none());
    assert!(page.find("users-export-error").is_none());
    let button: web_sys::HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(page.find("users-export").unwrap());
    assert!(!button.has_attribute("disabled"), "ready for another try");
}
