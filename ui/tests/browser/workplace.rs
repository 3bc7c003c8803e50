//! Browser tests of where the window works: the sign-in screen's "Where" line and form (its
//! own check, what it asks the backend, the backend's refusal), and the banner while the
//! server cannot be reached.

use crate::support::*;
use hyopps_ui::components::ConnectionBanner;
use hyopps_ui::pages::{SignInPage, SignInPageProps};
use hyopps_ui::App;
use serde_json::json;
use wasm_bindgen_test::*;
use yew::Callback;

const THIS_COMPUTER: &str =
    r#"Promise.resolve({workplace: {kind: 'this_computer'}, server_name: null, online: true})"#;
const ON_SERVER: &str = r#"Promise.resolve({workplace: {kind: 'server', url: 'https://hyopps.example.com:8443', ca_file: null}, server_name: 'hyopps.example.com:8443', online: true})"#;

async fn mount_sign_in() -> Mounted<SignInPage> {
    mount(SignInPageProps {
        remembered_email: None,
        notice: None,
        on_signed_in: Callback::noop(),
    })
    .await
}

#[wasm_bindgen_test]
async fn the_sign_in_screen_says_where_and_moves_to_a_server() {
    fake_backend(&[
        ("connection", THIS_COMPUTER),
        ("choose_workplace", ON_SERVER),
    ]);
    let page = mount_sign_in().await;
    page.wait_for("workplace-name", "the place is shown once known")
        .await;
    assert_eq!(page.text("workplace-name"), "This computer");

    page.click("workplace-change").await;
    page.click("workplace-server").await;
    page.type_into("workplace-url", " https://hyopps.example.com:8443 ")
        .await;
    page.click("workplace-use").await;

    page.wait_until("the line names the server once the backend moved", || {
        page.find("workplace-name").filter(|name| {
            name.text_content()
                .unwrap_or_default()
                .contains("hyopps.example.com")
        })
    })
    .await;
    assert_eq!(
        page.text("workplace-name"),
        "HyOpps server hyopps.example.com:8443"
    );
    assert_eq!(
        calls_of("choose_workplace"),
        [
            json!({"request": {"kind": "server", "url": "https://hyopps.example.com:8443", "ca_file": null}})
        ],
        "the trimmed address, and no CA file: the system's own authorities"
    );
    assert!(
        page.root
            .text_content()
            .unwrap_or_default()
            .contains("Sign in to the HyOpps server hyopps.example.com:8443"),
        "the card says where the account is"
    );
    assert_eq!(unhandled_submits(), 0.0);
}

#[wasm_bindgen_test]
async fn an_empty_address_is_refused_here_and_an_unreachable_server_is_said() {
    fake_backend(&[
        ("connection", THIS_COMPUTER),
        (
            "choose_workplace",
            "Promise.reject({code: 'Unreachable', message: 'Nothing answers at hyopps.example.com:8443. Check the address, and that the server runs.'})",
        ),
    ]);
    let page = mount_sign_in().await;
    page.wait_for("workplace-change", "the line is shown").await;
    page.click("workplace-change").await;
    page.click("workplace-server").await;
    page.click("workplace-use").await;
    page.wait_for(
        "workplace-url-error",
        "an empty address is refused before sending",
    )
    .await;
    assert!(page
        .text("workplace-url-error")
        .contains("Enter the server's address"));
    assert!(calls_of("choose_workplace").is_empty(), "nothing was sent");

    page.type_into("workplace-url", "https://hyopps.example.com:8443")
        .await;
    page.click("workplace-use").await;
    page.wait_for("workplace-error", "the backend's refusal is shown")
        .await;
    assert!(
        page.text("workplace-error")
            .contains("Nothing answers at hyopps.example.com:8443"),
        "{}",
        page.text("workplace-error")
    );
    assert!(
        page.find("workplace-form").is_some(),
        "the form stays open to correct the address"
    );
    page.click("workplace-cancel").await;
    page.wait_for("workplace-name", "cancelled, the line is back")
        .await;
    assert_eq!(
        page.text("workplace-name"),
        "This computer",
        "nothing moved"
    );
}

#[wasm_bindgen_test]
async fn a_lost_connection_shows_a_banner_until_the_server_answers_again() {
    fake_backend(&[]);
    let page = mount::<ConnectionBanner>(()).await;
    assert!(
        page.find("connection-lost").is_none(),
        "no banner while connected"
    );

    emit(
        "connection-changed",
        r#"{"online": false, "server_name": "hyopps.example.com:8443", "message": "The server closed the connection (it may be restarting)."}"#,
    )
    .await;
    let banner = page
        .wait_for("connection-lost", "a lost connection is shown")
        .await;
    let text = banner.text_content().unwrap_or_default();
    assert!(
        text.contains("hyopps.example.com:8443 cannot be reached")
            && text.contains("it may be restarting")
            && text.contains("keeps trying"),
        "the banner names the server, the reason and that it reconnects: {text}"
    );

    emit(
        "connection-changed",
        r#"{"online": true, "server_name": "hyopps.example.com:8443", "message": null}"#,
    )
    .await;
    page.wait_until("the banner goes once the server answers", || {
        page.find("connection-lost").is_none().then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_session_the_server_ended_returns_to_sign_in_saying_why() {
    fake_backend(&[
        (
            "current_session",
            r#"Promise.resolve({user: {id: 'u1', email: 'admin@hyopps.local', display_name: 'Ada Admin', app_role: 'admin', organization_id: null, organization_name: null}, must_change_password: false, idle_timeout_minutes: 480})"#,
        ),
        (
            "dashboard_summary",
            "Promise.resolve({awaiting_input: [], failed: [], recently_completed: []})",
        ),
        ("list_workflows", "Promise.resolve([])"),
        ("connection", ON_SERVER),
    ]);
    let page = mount::<App>(()).await;
    page.wait_for("app-frame", "signed in at start").await;

    emit(
        "session-ended",
        r#"{"code": "Unauthorized", "message": "You are not signed in. Sign in to continue."}"#,
    )
    .await;
    let notice = page
        .wait_for("sign-in-notice", "the sign-in screen says why")
        .await;
    assert!(
        notice
            .text_content()
            .unwrap_or_default()
            .contains("You are not signed in"),
        "{:?}",
        notice.text_content()
    );
    assert_eq!(
        page.input("sign-in-email").value(),
        "admin@hyopps.local",
        "the account's email is prefilled"
    );
}
