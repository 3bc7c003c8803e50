//! A window that works on a HyOpps server: a real hyopps-server on 127.0.0.1, the window's
//! commands through Tauri's IPC. What the window signs in to and works on is the server's;
//! nothing lands on this computer; a server that does not answer changes nothing.

use hyopps_server::{serve, ServerState, SignInLimit};
use serde_json::{json, Value};

use super::{harness, Harness};

const ADMIN: &str = "admin@hyopps.local";
const SEEDED_PASSWORD: &str = "admin123";
const NEW_PASSWORD: &str = "correct horse battery";

/// A hyopps-server on a free loopback port, on its own data folder and runtime.
struct TestServer {
    url: String,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
    _stopping: tokio::sync::watch::Sender<bool>,
    _runtime: tokio::runtime::Runtime,
}

fn start_server() -> TestServer {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (stop, stop_signal) = tokio::sync::oneshot::channel::<()>();
    let (stopping, stopped) = tokio::sync::watch::channel(false);
    let app = hyopps_app::App::open(dir.path())
        .unwrap()
        .with_settings_sources(hyopps_app::settings::SettingsSources::isolated());
    let url = runtime.block_on(async {
        hyopps_server::start_engine(&app).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = ServerState::new(app, SignInLimit::default(), stopped, Vec::new());
        tokio::spawn(serve(listener, state, async move {
            let _ = stop_signal.await;
        }));
        format!("http://127.0.0.1:{port}")
    });
    TestServer {
        url,
        _dir: dir,
        _stop: stop,
        _stopping: stopping,
        _runtime: runtime,
    }
}

fn on_server(url: &str) -> Value {
    json!({"request": {"kind": "server", "url": url}})
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn sign_in_and_set_password(h: &Harness) {
    let first = h.sign_in(ADMIN, SEEDED_PASSWORD).unwrap();
    assert_eq!(first["must_change_password"], true);
    h.invoke(
        "change_password",
        json!({"request": {"current_password": SEEDED_PASSWORD, "new_password": NEW_PASSWORD}}),
    )
    .expect("the password change goes to the server");
}

#[test]
fn a_window_on_a_server_signs_in_there_and_works_on_the_server_s_data() {
    let server = start_server();
    let h = harness();
    let view = h
        .invoke("choose_workplace", on_server(&server.url))
        .expect("a HyOpps server answers its health check");
    assert_eq!(view["workplace"]["kind"], "server");
    assert_eq!(view["workplace"]["url"], server.url);
    assert!(
        view["server_name"]
            .as_str()
            .unwrap()
            .starts_with("127.0.0.1:"),
        "the server is named by its host and port: {view}"
    );
    assert_eq!(h.invoke("connection", json!({})).unwrap(), view);

    sign_in_and_set_password(&h);
    let started = h
        .invoke(
            "start_execution",
            json!({"request": {"workflow": "new_partner"}}),
        )
        .expect("an execution starts on the server");
    let listed = h.invoke("list_executions", json!({"request": {}})).unwrap();
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["items"][0]["id"], started["summary"]["id"]);

    // Back on this computer: its own database never saw the execution, nor the new password.
    h.invoke(
        "choose_workplace",
        json!({"request": {"kind": "this_computer"}}),
    )
    .unwrap();
    assert_eq!(
        h.invoke("current_session", json!({})).unwrap(),
        Value::Null,
        "moving ends the window's session on the server"
    );
    let local = h.sign_in(ADMIN, SEEDED_PASSWORD).unwrap();
    assert_eq!(
        local["must_change_password"], true,
        "this computer's admin still has its own first password"
    );
    h.invoke(
        "change_password",
        json!({"request": {"current_password": SEEDED_PASSWORD, "new_password": NEW_PASSWORD}}),
    )
    .unwrap();
    let here = h.invoke("list_executions", json!({"request": {}})).unwrap();
    assert_eq!(here["total"], 0, "nothing was started on this computer");
}

#[test]
fn signing_out_ends_the_session_on_the_server() {
    let server = start_server();
    let h = harness();
    h.invoke("choose_workplace", on_server(&server.url))
        .unwrap();
    sign_in_and_set_password(&h);
    assert_eq!(
        h.invoke("current_session", json!({})).unwrap()["user"]["email"],
        ADMIN
    );
    h.invoke("sign_out", json!({})).unwrap();
    assert_eq!(h.invoke("current_session", json!({})).unwrap(), Value::Null);
    let refused = h
        .invoke("list_executions", json!({"request": {}}))
        .unwrap_err();
    assert_eq!(
        refused["code"], "Unauthorized",
        "a signed-out window's commands are refused by the server: {refused}"
    );
}

#[test]
fn a_server_that_does_not_answer_changes_nothing() {
    let h = harness();
    let port = closed_port();
    let refused = h
        .invoke(
            "choose_workplace",
            on_server(&format!("http://127.0.0.1:{port}")),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "Unreachable");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains(&format!("127.0.0.1:{port}")),
        "the message names the address that did not answer: {refused}"
    );
    assert_eq!(
        h.invoke("connection", json!({})).unwrap()["workplace"]["kind"],
        "this_computer",
        "a refused choice is not remembered"
    );
    h.sign_in(ADMIN, SEEDED_PASSWORD)
        .expect("the window still works on this computer");

    let malformed = h
        .invoke("choose_workplace", on_server("ftp://hyopps.example.com"))
        .unwrap_err();
    assert_eq!(malformed["code"], "Validation");
    assert!(
        malformed["fields"]["url"].is_string(),
        "an address that is no server's is refused on its field: {malformed}"
    );
    let empty = h.invoke("choose_workplace", on_server("")).unwrap_err();
    assert!(empty["fields"]["url"].is_string(), "{empty}");
}
