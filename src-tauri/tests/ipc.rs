//! The app's front doors without a window: the commands through Tauri's IPC with the mock
//! runtime (their names, argument shapes, results and the error JSON the UI receives; the
//! authorisation matrix), and the built binary's command line.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

use hyopps_lib::commands::COMMAND_NAMES;
use hyopps_lib::DesktopState;

/// The authorisation matrix over every command.
mod authorization;
/// The built binary's command line (the other front door).
mod cli;
/// The table of commands, the handler and the capability file agree.
mod command_table;
/// A window that works on a HyOpps server.
mod on_server;
/// What a window's session hears and keeps alive: engine events, background refreshes.
mod window_session;

struct Harness {
    _dir: tempfile::TempDir,
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

fn harness() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let core =
        hyopps_app::App::open(dir.path()).expect("the core opens on an empty data directory");
    harness_of(dir, core, mock_builder())
}

/// A harness around `core` (in `dir`), built from `builder` (more plugins, for some tests).
fn harness_of(
    dir: tempfile::TempDir,
    core: hyopps_app::App,
    builder: tauri::Builder<MockRuntime>,
) -> Harness {
    // Secrets in memory, no hyopps.toml: these tests are about the commands, not the keychain.
    harness_with_settings(
        dir,
        core,
        builder,
        hyopps_app::settings::SettingsSources::isolated(),
    )
}

/// As [`harness_of`], with the core's settings and secrets from `sources`.
fn harness_with_settings(
    dir: tempfile::TempDir,
    core: hyopps_app::App,
    builder: tauri::Builder<MockRuntime>,
    sources: hyopps_app::settings::SettingsSources,
) -> Harness {
    let core = core.with_settings_sources(sources);
    let app = builder
        .plugin(tauri_plugin_store::Builder::default().build())
        .invoke_handler(hyopps_lib::invoke_handler())
        .manage(DesktopState::without_logging(
            core,
            dir.path().to_path_buf(),
        ))
        .build(mock_context(noop_assets()))
        .expect("the mock app builds");
    let window =
        tauri::WebviewWindowBuilder::new(&app, hyopps_lib::MAIN_WINDOW, Default::default())
            .build()
            .unwrap();
    Harness {
        _dir: dir,
        _app: app,
        window,
    }
}

impl Harness {
    fn invoke(&self, command: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.window,
            InvokeRequest {
                cmd: command.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                // On Linux the IPC origin must be tauri://localhost, or the call is refused.
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().expect("responses are JSON"))
    }

    fn sign_in(&self, email: &str, password: &str) -> Result<Value, Value> {
        self.invoke(
            "sign_in",
            json!({"request": {"email": email, "password": password}}),
        )
    }
}

#[test]
fn every_listed_command_is_registered_and_nothing_else_answers() {
    let h = harness();
    for name in COMMAND_NAMES {
        if let Err(error) = h.invoke(name, json!({})) {
            let text = error.to_string();
            assert!(
                !text.contains("not found"),
                "{name} is in COMMAND_NAMES but not registered in invoke_handler: {text}"
            );
        }
    }
    let unknown = h.invoke("drop_all_tables", json!({})).unwrap_err();
    assert!(
        unknown.to_string().contains("not found"),
        "unknown commands are refused: {unknown}"
    );
}

#[test]
fn a_command_with_the_wrong_argument_shape_is_refused() {
    let h = harness();
    let error = h
        .invoke(
            "sign_in",
            json!({"email": "admin@hyopps.local", "password": "admin123"}),
        )
        .unwrap_err();
    assert!(
        error.to_string().contains("request"),
        "sign_in takes its fields inside `request`: {error}"
    );
    let error = h
        .invoke(
            "sign_in",
            json!({"request": {"email": "admin@hyopps.local"}}),
        )
        .unwrap_err();
    assert!(
        error.to_string().contains("password"),
        "a missing field is named: {error}"
    );
}

#[test]
fn errors_arrive_as_code_and_message() {
    let h = harness();
    assert_eq!(
        h.sign_in("admin@hyopps.local", "wrong password")
            .unwrap_err(),
        json!({"code": "Unauthorized", "message": "Email or password is incorrect."})
    );
    assert_eq!(
        h.sign_in("", "").unwrap_err(),
        json!({
            "code": "Validation",
            "message": "2 fields need attention.",
            "fields": {"email": "Enter your email address.", "password": "Enter your password."}
        })
    );
    assert_eq!(
        h.invoke(
            "change_password",
            json!({"request": {"current_password": "a", "new_password": "b"}})
        )
        .unwrap_err(),
        json!({"code": "Unauthorized", "message": "You are not signed in. Sign in to continue."}),
        "without a session nothing but sign-in works"
    );
}

#[test]
fn sign_in_change_password_sign_out_and_the_remembered_email() {
    let h = harness();
    assert_eq!(h.invoke("current_session", json!({})).unwrap(), Value::Null);
    assert_eq!(
        h.invoke("remembered_email", json!({})).unwrap(),
        Value::Null
    );

    let session = h
        .sign_in("Admin@HyOpps.local", "admin123")
        .expect("the default admin signs in");
    assert_eq!(session["must_change_password"], true);
    assert_eq!(session["user"]["app_role"], "admin");
    assert_eq!(session["user"]["email"], "admin@hyopps.local");
    assert_eq!(session["idle_timeout_minutes"], 480);

    let weak = h
        .invoke(
            "change_password",
            json!({"request": {"current_password": "admin123", "new_password": "short"}}),
        )
        .unwrap_err();
    assert_eq!(weak["code"], "Validation");
    assert_eq!(
        weak["fields"]["new_password"],
        "Use at least 12 characters (this one has 5)."
    );

    let changed = h
        .invoke(
            "change_password",
            json!({"request": {"current_password": "admin123", "new_password": "correct horse battery"}}),
        )
        .expect("a good password is accepted");
    assert_eq!(changed["must_change_password"], false);
    assert_eq!(
        h.invoke("current_session", json!({})).unwrap()["user"]["email"],
        "admin@hyopps.local"
    );

    assert_eq!(h.invoke("sign_out", json!({})).unwrap(), Value::Null);
    assert_eq!(
        h.invoke("current_session", json!({})).unwrap(),
        Value::Null,
        "signed out"
    );
    assert_eq!(
        h.invoke("remembered_email", json!({})).unwrap(),
        json!("admin@hyopps.local"),
        "the last signed-in email is remembered, never the password"
    );
    h.sign_in("admin@hyopps.local", "correct horse battery")
        .expect("the new password signs in");
}

#[test]
fn the_preferences_file_holds_no_password() {
    let h = harness();
    h.sign_in("admin@hyopps.local", "admin123").unwrap();
    let prefs = std::fs::read_to_string(h._dir.path().join("preferences.json"))
        .expect("preferences are saved");
    assert!(prefs.contains("admin@hyopps.local"));
    assert!(
        !prefs.contains("admin123"),
        "no password in the preferences: {prefs}"
    );
}

#[test]
fn executions_start_list_and_answer_forms_through_ipc() {
    let h = harness();
    h.sign_in("admin@hyopps.local", "admin123").unwrap();
    let refused = h
        .invoke("list_executions", json!({"request": {}}))
        .unwrap_err();
    assert_eq!(
        refused["code"], "Forbidden",
        "nothing before the new password is set"
    );
    h.invoke(
        "change_password",
        json!({"request": {"current_password": "admin123", "new_password": "correct horse battery"}}),
    )
    .unwrap();

    let workflows = h.invoke("list_workflows", json!({})).unwrap();
    let names: Vec<&str> = workflows
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "move_partner_user",
            "new_partner",
            "new_partner_user",
            "offboard_partner",
            "offboard_partner_user",
            "remove_access",
            "restore_access"
        ]
    );
    for from_a_page in [0, 3, 4, 5, 6] {
        assert_eq!(
            workflows[from_a_page]["starts_from_a_person"], true,
            "a move, the offboardings and the repairs start from a person's or an organisation's page"
        );
    }
    assert_eq!(workflows[1]["steps"].as_array().unwrap().len(), 8);
    assert_eq!(workflows[2]["steps"][2]["kind"], "auto");

    let started = h
        .invoke(
            "start_execution",
            json!({"request": {"workflow": "new_partner"}}),
        )
        .unwrap();
    let id = started["summary"]["id"].as_str().unwrap().to_string();
    assert_eq!(started["summary"]["status"], "awaiting_input");
    assert_eq!(started["form"]["fields"][0]["name"], "organization_name");
    assert_eq!(
        started["form"]["fields"][0]["kind"],
        json!({"type": "text"})
    );

    let invalid = h
        .invoke(
            "submit_step_input",
            json!({"request": {"execution_id": id, "input": {"organization_name": ""}}}),
        )
        .unwrap_err();
    assert_eq!(invalid["code"], "Validation");
    assert_eq!(
        invalid["fields"]["organization_name"],
        "This field is required."
    );

    let page = h
        .invoke(
            "list_executions",
            json!({"request": {"status": "awaiting_input", "page": 1, "page_size": 10}}),
        )
        .unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["workflow_label"], "New partner");

    let missing = h
        .invoke(
            "get_execution",
            json!({"request": {"execution_id": "does-not-exist"}}),
        )
        .unwrap_err();
    assert_eq!(
        missing,
        json!({"code": "NotFound", "message": "No execution has this id."})
    );
    let dashboard = h.invoke("dashboard_summary", json!({})).unwrap();
    assert_eq!(dashboard["awaiting_input"].as_array().unwrap().len(), 1);
    let cancelled = h
        .invoke("cancel_execution", json!({"request": {"execution_id": id}}))
        .unwrap();
    assert_eq!(cancelled["summary"]["status"], "cancelled");
}

#[test]
fn importing_a_v03_database_needs_an_admin_and_a_v03_file() {
    let h = harness();
    let not_a_database = h._dir.path().join("notes.db");
    std::fs::write(&not_a_database, "shopping list: milk, eggs\n".repeat(20)).unwrap();
    let path = not_a_database.to_str().unwrap().to_owned();

    let refused = h
        .invoke("import_v03_database", json!({"request": {"path": path}}))
        .unwrap_err();
    assert_eq!(
        refused["code"], "Unauthorized",
        "signed out, nothing is imported: {refused}"
    );
    assert_eq!(
        h.invoke("import_v03_database", json!({"request": {"path": ""}}))
            .unwrap_err()["code"],
        "Unauthorized",
        "access is checked before the input"
    );

    h.sign_in("admin@hyopps.local", "admin123").unwrap();
    h.invoke(
        "change_password",
        json!({"request": {"current_password": "admin123", "new_password": "correct horse battery"}}),
    )
    .unwrap();

    assert_eq!(
        h.invoke("import_v03_database", json!({"request": {"path": "  "}}))
            .unwrap_err(),
        json!({
            "code": "Validation",
            "message": "Choose a v0.3 database file.",
            "fields": {"file": "Choose a v0.3 database file."}
        }),
        "an empty path is refused before the core looks for a file"
    );

    let garbage = h
        .invoke("import_v03_database", json!({"request": {"path": path}}))
        .unwrap_err();
    assert_eq!(garbage["code"], "Validation", "{garbage}");
    let message = garbage["fields"]["file"].as_str().unwrap_or_default();
    assert!(
        message.contains("notes.db") && message.contains("not a SQLite database"),
        "the refusal names the file and says what it is: {garbage}"
    );
    assert_eq!(
        garbage["message"], message,
        "one field error is also the message the alert shows"
    );
}
