//! Browser tests of the sign-in screen: its own checks, the backend's refusals, a remembered
//! email, the first sign-in's forced password change, and the start-up outside a Tauri window.

use crate::support::*;
use hyopps_ui::pages::{SignInPage, SignInPageProps};
use hyopps_ui::App;
use wasm_bindgen_test::*;
use yew::Callback;

const SESSION_MUST_CHANGE: &str = r#"{"user":{"id":"u1","email":"admin@hyopps.local","display_name":"Ada Admin","app_role":"admin","organization_id":null,"organization_name":null},"must_change_password":true,"idle_timeout_minutes":480}"#;
const SESSION_ADMIN: &str = r#"{"user":{"id":"u1","email":"admin@hyopps.local","display_name":"Ada Admin","app_role":"admin","organization_id":null,"organization_name":null},"must_change_password":false,"idle_timeout_minutes":480}"#;

async fn mount_sign_in(remembered_email: Option<&str>) -> Mounted<SignInPage> {
    mount(SignInPageProps {
        remembered_email: remembered_email.map(str::to_owned),
        notice: None,
        on_signed_in: Callback::noop(),
    })
    .await
}

async fn mount_app() -> Mounted<App> {
    mount(()).await
}

// --- the tests ---------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn empty_fields_show_both_field_errors_and_never_invoke() {
    fake_invoke("return Promise.resolve(null);");
    let page = mount_sign_in(None).await;

    page.click("sign-in-submit").await;

    page.wait_for(
        "sign-in-email-error",
        "an empty email is refused before sending",
    )
    .await;
    assert_eq!(
        page.text("sign-in-email-error"),
        "Enter your email address."
    );
    assert_eq!(page.text("sign-in-password-error"), "Enter your password.");
    assert!(
        page.find("sign-in-error").is_none(),
        "no backend alert without a backend call"
    );
    assert_eq!(
        calls_of("sign_in"),
        Vec::<serde_json::Value>::new(),
        "the client's own checks never invoke"
    );
}

#[wasm_bindgen_test]
async fn a_refused_sign_in_shows_the_backend_message() {
    fake_invoke(
        "return Promise.reject({code: 'Unauthorized', message: 'Email or password is incorrect.'});",
    );
    let page = mount_sign_in(None).await;

    page.type_into("sign-in-email", "admin@hyopps.local").await;
    page.type_into("sign-in-password", "wrong-password").await;
    page.click("sign-in-submit").await;

    page.wait_for("sign-in-error", "a rejected invoke becomes the alert")
        .await;
    assert!(
        page.text("sign-in-error")
            .contains("Email or password is incorrect."),
        "the alert shows the backend's message: {}",
        page.text("sign-in-error")
    );
    assert_eq!(
        calls_of("sign_in"),
        [
            serde_json::json!({"request": {"email": "admin@hyopps.local", "password": "wrong-password"}})
        ],
        "one call, its input wrapped in `request`"
    );
    assert!(
        page.find("sign-in-email-error").is_none(),
        "a non-validation error puts nothing under the fields"
    );
    let button = page.find("sign-in-submit").unwrap();
    assert!(
        !button.has_attribute("disabled"),
        "the button is usable again after the answer"
    );
}

#[wasm_bindgen_test]
async fn a_rejection_that_is_not_a_wire_error_is_still_shown() {
    // Tauri itself rejects with a plain string, e.g. when a command is not allowed.
    fake_invoke("return Promise.reject('Command sign_in not allowed by ACL');");
    let page = mount_sign_in(Some("admin@hyopps.local")).await;

    page.type_into("sign-in-password", "whatever").await;
    page.click("sign-in-submit").await;

    page.wait_for(
        "sign-in-error",
        "a string rejection becomes an Internal error",
    )
    .await;
    assert!(page
        .text("sign-in-error")
        .contains("Command sign_in not allowed by ACL"));
}

#[wasm_bindgen_test]
async fn a_remembered_email_is_prefilled_and_focus_starts_in_the_password() {
    fake_invoke("return Promise.resolve(null);");
    let page = mount_sign_in(Some("ops@example.com")).await;

    assert_eq!(page.input("sign-in-email").value(), "ops@example.com");
    let focused = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .map(|e| e.id());
    assert_eq!(focused.as_deref(), Some("sign-in-password"));
}

#[wasm_bindgen_test]
async fn a_first_sign_in_leads_to_the_set_password_form() {
    fake_backend(&[
        ("current_session", "Promise.resolve(null)"),
        ("remembered_email", "Promise.resolve(null)"),
        ("sign_in", &format!("Promise.resolve({SESSION_MUST_CHANGE})")),
        (
            "change_password",
            "Promise.reject({code: 'Validation', message: 'Choose a password that is not your email address.', fields: {new_password: 'Choose a password that is not your email address.'}})",
        ),
    ]);
    let app = mount_app().await;

    app.wait_for("sign-in-email", "no session at start shows sign-in")
        .await;
    app.type_into("sign-in-email", "admin@hyopps.local").await;
    app.type_into("sign-in-password", "admin123").await;
    app.click("sign-in-submit").await;

    app.wait_for(
        "current-password",
        "must_change_password leads to the password form",
    )
    .await;
    assert!(
        app.find("app-frame").is_none(),
        "nothing else before a new password is set"
    );

    // The client's own checks first…
    app.type_into("new-password", "short").await;
    app.type_into("confirm-password", "shorter").await;
    app.click("set-password-submit").await;
    app.wait_for("new-password-error", "a short password is refused locally")
        .await;
    assert_eq!(
        app.text("new-password-error"),
        "Use at least 12 characters."
    );
    assert_eq!(
        app.text("confirm-password-error"),
        "The two new passwords differ."
    );
    assert!(!calls().iter().any(|c| c.starts_with("change_password")));

    // …then the backend's field errors under the fields and its message in the alert.
    app.type_into("current-password", "admin123").await;
    app.type_into("new-password", "admin@hyopps.local").await;
    app.type_into("confirm-password", "admin@hyopps.local")
        .await;
    app.click("set-password-submit").await;
    app.wait_for("set-password-error", "a backend Validation error is shown")
        .await;
    assert!(app
        .text("set-password-error")
        .contains("not your email address"));
    assert_eq!(
        app.text("new-password-error"),
        "Choose a password that is not your email address."
    );
    assert!(app.find("confirm-password-error").is_none());
}

#[wasm_bindgen_test]
async fn a_live_session_opens_the_frame_and_sign_out_returns_to_a_prefilled_sign_in() {
    fake_backend(&[
        (
            "current_session",
            &format!("Promise.resolve({SESSION_ADMIN})"),
        ),
        ("sign_out", "Promise.resolve(null)"),
        ("list_workflows", "Promise.resolve([])"),
        (
            "dashboard_summary",
            "Promise.resolve({awaiting_input: [], failed: [], recently_completed: []})",
        ),
        (
            "list_executions",
            "Promise.resolve({items: [], total: 0, page: 1, page_size: 25})",
        ),
    ]);
    let app = mount_app().await;

    app.wait_for("app-frame", "a reload with a live session skips sign-in")
        .await;
    assert_eq!(app.text("signed-in-user"), "Ada Admin");
    for id in [
        "nav-dashboard",
        "nav-executions",
        "nav-organisations",
        "nav-users",
        "nav-settings",
        "nav-audit",
    ] {
        assert!(app.find(id).is_some(), "admins get #{id}");
    }
    assert!(
        app.find("nav-partner").is_none(),
        "the partner panel is not an admin item"
    );
    app.wait_for("page-dashboard", "admins land on the dashboard")
        .await;
    assert!(app
        .text("page-dashboard")
        .contains("Signed in as Ada Admin"));

    app.click("nav-executions").await;
    app.wait_for("page-executions", "the nav switches pages")
        .await;
    app.wait_until("an empty list says so", || {
        app.text("page-executions")
            .contains("No workflow executions yet.")
            .then_some(())
    })
    .await;
    // Back to "/" so the page URL does not leak into other tests.
    app.click("nav-dashboard").await;
    app.wait_for("page-dashboard", "and back").await;

    app.click("sign-out").await;
    app.wait_for("sign-in-email", "sign-out returns to sign-in")
        .await;
    assert_eq!(
        app.input("sign-in-email").value(),
        "admin@hyopps.local",
        "the email of the account just signed out is prefilled"
    );
    assert!(calls().contains(&"sign_out {}".to_owned()));
}

#[wasm_bindgen_test]
async fn outside_a_tauri_window_the_start_up_error_is_shown() {
    // e.g. `trunk serve` opened in a plain browser: there is no `window.__TAURI__`.
    fake_invoke("return Promise.resolve(null);");
    js_sys::Reflect::delete_property(&web_sys::window().unwrap(), &"__TAURI__".into()).unwrap();
    let app = mount_app().await;

    let deadline = js_sys::Date::now() + 2_000.0;
    let alert = loop {
        let found = app
            .root
            .query_selector(".pf-v6-c-alert.pf-m-danger")
            .unwrap();
        if found.is_some() || js_sys::Date::now() > deadline {
            break found;
        }
        next_task().await;
    };
    let text = alert
        .unwrap_or_else(|| panic!("a failed start shows an error: {}", app.root.inner_html()))
        .text_content()
        .unwrap_or_default();
    assert!(
        text.contains("not connected to the app"),
        "says what is wrong: {text}"
    );
    assert!(text.contains("Try again"), "and offers a retry: {text}");
}
