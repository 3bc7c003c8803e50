//! Browser tests of the native menu's entries as the window receives them (the shell sends
//! the chosen entry, or its shortcut, as a `menu-action` event): going to a screen with the
//! title following, "Jump to…" finding places by name and opening one, and "Refresh" reading
//! the screen again.

use crate::support::*;
use hyopps_ui::App;
use serde_json::json;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

const ADMIN_SESSION: &str = r#"Promise.resolve({user: {id: 'u1', email: 'admin@hyopps.local', display_name: 'Ada Admin', app_role: 'admin', organization_id: null, organization_name: null}, must_change_password: false, idle_timeout_minutes: 480})"#;
const EMPTY_PAGE: &str = "Promise.resolve({items: [], total: 0, page: 1, page_size: 5})";

fn document_title() -> String {
    web_sys::window().unwrap().document().unwrap().title()
}

fn backend(extra: &[(&str, &str)]) {
    let mut answers = vec![
        ("current_session", ADMIN_SESSION),
        (
            "dashboard_summary",
            "Promise.resolve({awaiting_input: [], failed: [], recently_completed: []})",
        ),
        ("list_workflows", "Promise.resolve([])"),
        (
            "connection",
            "Promise.resolve({workplace: {kind: 'this_computer'}, server_name: null, online: true})",
        ),
    ];
    answers.extend_from_slice(extra);
    fake_backend(&answers);
}

#[wasm_bindgen_test]
async fn a_menu_entry_opens_its_screen_and_the_title_names_it_and_refresh_reads_it_again() {
    let _restore = RestorePath::go(&pathname());
    backend(&[("list_organizations", EMPTY_PAGE)]);
    let page = mount::<App>(()).await;
    page.wait_for("page-dashboard", "signed in, on the dashboard")
        .await;
    page.wait_until("the dashboard's title", || {
        (document_title() == "Dashboard — HyOpps").then_some(())
    })
    .await;
    let summaries = calls_of("dashboard_summary").len();

    emit("menu-action", r#""refresh""#).await;
    page.wait_until("Refresh reads the dashboard again", || {
        (calls_of("dashboard_summary").len() > summaries).then_some(())
    })
    .await;

    emit("menu-action", r#""go_organisations""#).await;
    page.wait_for("page-organisations", "Go → Organisations")
        .await;
    page.wait_until("the title follows", || {
        (document_title() == "Organisations — HyOpps").then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn jump_to_finds_places_by_name_and_opens_the_chosen_one() {
    let _restore = RestorePath::go(&pathname());
    backend(&[
        (
            "list_organizations",
            r#"Promise.resolve({items: [{id: 'org-obrien', name: "O'Brien & Söhne", account_types: ['partner'], created_at: '2026-12-01T08:00:00Z', user_count: 2, integration: {keycloak_confirmed: false, keycloak_cluster: null, metabase_collection_id: null, lms_confirmed: false}, system_groups: [], offboarded_at: null}], total: 1, page: 1, page_size: 5})"#,
        ),
        ("list_users", EMPTY_PAGE),
        ("list_executions", EMPTY_PAGE),
    ]);
    let page = mount::<App>(()).await;
    page.wait_for("page-dashboard", "signed in, on the dashboard")
        .await;

    emit("menu-action", r#""jump""#).await;
    page.wait_for("jump-dialog", "Jump to… opens").await;
    assert!(page.find("jump-hint").is_some(), "it says what to type");
    page.type_into("jump-search", "B").await;
    settle().await;
    assert!(
        calls_of("list_organizations").is_empty(),
        "one letter is not searched"
    );
    page.type_into("jump-search", "Bri").await;
    page.wait_for("jump-results", "the matches are listed")
        .await;
    assert_eq!(
        calls_of("list_organizations")[0]["request"]["search"],
        json!("Bri")
    );
    assert_eq!(
        calls_of("list_users")[0]["request"]["filter"]["search"],
        json!("Bri")
    );
    assert_eq!(
        calls_of("list_executions")[0]["request"]["search"],
        json!("Bri")
    );
    let first = page.text("jump-results");
    assert!(
        first.contains("O'Brien & Söhne") && first.contains("Organisation"),
        "a name and what it is: {first}"
    );
    assert!(!first.contains("org-obrien"), "never the id: {first}");

    page.click("jump-result-0").await;
    page.wait_until("the organisation opens and the dialog closes", || {
        (pathname().ends_with("/organisations/org-obrien") && page.find("jump-dialog").is_none())
            .then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn escape_closes_jump_to_and_nothing_is_searched() {
    let _restore = RestorePath::go(&pathname());
    backend(&[]);
    let page = mount::<App>(()).await;
    page.wait_for("page-dashboard", "signed in, on the dashboard")
        .await;
    emit("menu-action", r#""jump""#).await;
    let dialog = page.wait_for("jump-dialog", "Jump to… opens").await;
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let escape =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    page.find("jump-search")
        .unwrap()
        .dyn_into::<web_sys::HtmlElement>()
        .unwrap()
        .dispatch_event(&escape)
        .unwrap();
    settle().await;
    assert!(
        page.find("jump-dialog").is_none(),
        "Escape closes it: {}",
        dialog.outer_html()
    );
    assert!(calls_of("list_users").is_empty());
}
