//! Component tests in headless Chromium (wasm-bindgen-test-runner, see .cargo/config.toml).
//!
//! Each test mounts into its own fresh `<div>`, replaces `window.__TAURI__.core.invoke` with
//! a scripted fake (recording every call), drives the DOM like a user, and waits a bounded
//! time for the expected element. Tests run one after another in one page, so the fake is
//! installed anew at the start of each.

// Browser-only: natively this test binary is empty.
#![cfg(target_arch = "wasm32")]

use hyopps_ui::pages::{SignInPage, SignInPageProps};
use hyopps_ui::App;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, InputEvent, InputEventInit};
use yew::{AppHandle, Callback, Renderer};

wasm_bindgen_test_configure!(run_in_browser);

// --- the fake backend --------------------------------------------------------------------

/// Installs `invoke(cmd, args)` with `body` as its JS body; calls are recorded as
/// `"<cmd> <args as JSON>"` in `window.__hyoppsCalls`.
fn fake_invoke(body: &str) {
    let window = web_sys::window().unwrap();
    let record = "window.__hyoppsCalls.push(cmd + ' ' + JSON.stringify(args));\n";
    let invoke = js_sys::Function::new_with_args("cmd, args", &format!("{record}{body}"));
    let core = js_sys::Object::new();
    js_sys::Reflect::set(&core, &"invoke".into(), &invoke).unwrap();
    let tauri = js_sys::Object::new();
    js_sys::Reflect::set(&tauri, &"core".into(), &core).unwrap();
    js_sys::Reflect::set(&window, &"__TAURI__".into(), &tauri).unwrap();
    js_sys::Reflect::set(&window, &"__hyoppsCalls".into(), &js_sys::Array::new()).unwrap();
    guard_against_navigation();
}

/// A form submission the app did not prevent would reload the test page and lose every
/// result. This last-in-line listener stops it and records it, so the test can fail instead.
fn guard_against_navigation() {
    let install = js_sys::Function::new_no_args(
        "window.__hyoppsUnhandledSubmits = 0;
         if (!window.__hyoppsGuard) {
           window.__hyoppsGuard = true;
           window.addEventListener('submit', (e) => {
             if (!e.defaultPrevented) { window.__hyoppsUnhandledSubmits += 1; e.preventDefault(); }
           });
         }",
    );
    install.call0(&JsValue::NULL).unwrap();
}

fn unhandled_submits() -> f64 {
    let window = web_sys::window().unwrap();
    js_sys::Reflect::get(&window, &"__hyoppsUnhandledSubmits".into())
        .unwrap()
        .as_f64()
        .unwrap_or_default()
}

fn calls() -> Vec<String> {
    let window = web_sys::window().unwrap();
    let calls: js_sys::Array = js_sys::Reflect::get(&window, &"__hyoppsCalls".into())
        .unwrap()
        .unchecked_into();
    calls.iter().filter_map(|c| c.as_string()).collect()
}

const SESSION_MUST_CHANGE: &str = r#"{"user":{"id":"u1","email":"admin@hyopps.local","display_name":"Ada Admin","app_role":"admin","organization_id":null,"organization_name":null},"must_change_password":true,"idle_timeout_minutes":480}"#;
const SESSION_ADMIN: &str = r#"{"user":{"id":"u1","email":"admin@hyopps.local","display_name":"Ada Admin","app_role":"admin","organization_id":null,"organization_name":null},"must_change_password":false,"idle_timeout_minutes":480}"#;

/// A fake that answers each command from a table; anything else is refused loudly.
fn fake_backend(answers: &[(&str, &str)]) {
    let cases: String = answers
        .iter()
        .map(|(cmd, answer)| format!("case '{cmd}': return {answer};\n"))
        .collect();
    fake_invoke(&format!(
        "switch (cmd) {{\n{cases}default: return Promise.reject({{code: 'Internal', message: 'unexpected command ' + cmd}});\n}}"
    ));
}

// --- driving the DOM ---------------------------------------------------------------------

struct Mounted<C: yew::BaseComponent> {
    root: Element,
    handle: Option<AppHandle<C>>,
}

impl<C: yew::BaseComponent> Mounted<C> {
    fn find(&self, id: &str) -> Option<Element> {
        self.root.query_selector(&format!("#{id}")).unwrap()
    }

    fn text(&self, id: &str) -> String {
        self.find(id)
            .unwrap_or_else(|| panic!("#{id} is not on screen"))
            .text_content()
            .unwrap_or_default()
    }

    fn input(&self, id: &str) -> HtmlInputElement {
        self.find(id)
            .unwrap_or_else(|| panic!("input #{id} is not on screen"))
            .dyn_into()
            .unwrap()
    }

    /// Types `value` the way the browser reports it: the value changes, then `input` bubbles.
    async fn type_into(&self, id: &str, value: &str) {
        let input = self.input(id);
        input.set_value(value);
        let init = InputEventInit::new();
        init.set_bubbles(true);
        let event = InputEvent::new_with_event_init_dict("input", &init).unwrap();
        input.dispatch_event(&event).unwrap();
        settle().await;
    }

    async fn click(&self, id: &str) {
        let element: HtmlElement = self
            .find(id)
            .unwrap_or_else(|| panic!("#{id} is not on screen to click"))
            .dyn_into()
            .unwrap();
        element.click();
        settle().await;
        assert_eq!(
            unhandled_submits(),
            0.0,
            "clicking #{id} submitted a form the app did not handle"
        );
    }

    /// Polls for `#id` for at most two seconds.
    async fn wait_for(&self, id: &str, why: &str) -> Element {
        let deadline = js_sys::Date::now() + 2_000.0;
        while js_sys::Date::now() < deadline {
            if let Some(element) = self.find(id) {
                return element;
            }
            next_task().await;
        }
        panic!(
            "#{id} did not appear within 2 s: {why}\nscreen: {}",
            self.root.inner_html()
        );
    }
}

impl<C: yew::BaseComponent> Drop for Mounted<C> {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

fn fresh_root() -> Element {
    keep_the_test_panic_hook();
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Yew's `Renderer` installs its own panic hook unless one was set through Yew. That would
/// replace wasm-bindgen-test's hook, and a failed assertion would then look like a hang
/// ("Failed to detect test as having been run"). Hand Yew the test hook instead.
fn keep_the_test_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let test_hook = std::panic::take_hook();
        yew::set_custom_panic_hook(Box::new(move |info| test_hook(info)));
    });
}

async fn mount_sign_in(remembered_email: Option<&str>) -> Mounted<SignInPage> {
    let root = fresh_root();
    let props = SignInPageProps {
        remembered_email: remembered_email.map(str::to_owned),
        on_signed_in: Callback::noop(),
    };
    let handle = Renderer::<SignInPage>::with_root_and_props(root.clone(), props).render();
    settle().await;
    Mounted {
        root,
        handle: Some(handle),
    }
}

async fn mount_app() -> Mounted<App> {
    let root = fresh_root();
    let handle = Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    Mounted {
        root,
        handle: Some(handle),
    }
}

/// Lets the browser run one task (events, promise callbacks, Yew's scheduled renders).
///
/// A MessageChannel message rather than `setTimeout`: headless Chromium treats the test page
/// as a background page and throttles its timers by seconds once the debug wasm has used
/// its CPU budget, which made timer-based waits stall at random.
async fn next_task() {
    let promise: js_sys::Promise = js_sys::Function::new_no_args(
        "return new Promise((resolve) => {
           const channel = new MessageChannel();
           channel.port1.onmessage = () => resolve();
           channel.port2.postMessage(null);
         });",
    )
    .call0(&JsValue::NULL)
    .unwrap()
    .unchecked_into();
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Lets Yew render what the last event changed.
async fn settle() {
    for _ in 0..5 {
        next_task().await;
    }
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
        calls(),
        Vec::<String>::new(),
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
        calls(),
        [r#"sign_in {"request":{"email":"admin@hyopps.local","password":"wrong-password"}}"#],
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
    assert!(app
        .text("page-executions")
        .contains("No workflow executions yet."));
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
