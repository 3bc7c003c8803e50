//! What keeps a window's session alive and what it hears: a screen reloading itself on an engine
//! event is not the person's activity, and a signed-out window gets no engine events. What runs
//! beside the window follows an edited hyopps.toml.

use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use hyopps_app::{App, AuthPolicy, ManualClock};
use hyopps_contract::EXECUTION_CHANGED_EVENT;
use hyopps_lib::DesktopState;
use hyopps_store::Store;
use serde_json::json;
use tauri::test::mock_builder;
use tauri::{Listener, Manager};

use super::{harness_of, harness_with_settings, Harness};

/// Seeded by migrations/0001_init.sql.
const SEEDED_ADMIN_ID: &str = "95f6adb1-79ba-434a-9faf-d4d303b7d1ab";

fn harness_with_clock() -> (Harness, Arc<ManualClock>) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join(hyopps_app::DATABASE_FILE)).unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(),
    ));
    let core = App::new(store, clock.clone(), AuthPolicy::default());
    (harness_of(dir, core, mock_builder()), clock)
}

fn signed_in_admin(h: &Harness) {
    h.sign_in("admin@hyopps.local", "admin123").unwrap();
    h.invoke(
        "change_password",
        json!({"request": {"current_password": "admin123", "new_password": "correct horse battery"}}),
    )
    .unwrap();
}

#[test]
fn screens_reloading_on_events_do_not_keep_an_idle_session_alive() {
    let (h, clock) = harness_with_clock();
    signed_in_admin(&h);
    let refreshes = [
        ("dashboard_summary", json!({"activity": "refresh"})),
        (
            "list_executions",
            json!({"request": {}, "activity": "refresh"}),
        ),
        ("dashboard_summary", json!({"activity": "refresh"})),
    ];
    for (index, (command, args)) in refreshes.iter().enumerate() {
        clock.advance(chrono::Duration::hours(3));
        let hours_idle = 3 * (index + 1);
        let answer = h.invoke(command, args.clone());
        if hours_idle <= 8 {
            answer.unwrap_or_else(|e| {
                panic!("a refresh inside the idle time is answered ({command}): {e}")
            });
        } else {
            let error = answer.expect_err(
                "refreshes every 3 hours are not the person's activity: after 9 idle hours the session has ended",
            );
            assert_eq!(error["code"], "Unauthorized", "{error}");
            assert!(
                error["message"]
                    .as_str()
                    .unwrap()
                    .contains("8 hours without activity"),
                "{error}"
            );
        }
    }
}

#[test]
fn what_the_person_asks_for_keeps_the_session_alive() {
    let (h, clock) = harness_with_clock();
    signed_in_admin(&h);
    for _ in 0..3 {
        clock.advance(chrono::Duration::hours(7));
        h.invoke("dashboard_summary", json!({}))
            .expect("a request without `activity` is the person's, and counts as activity");
        h.invoke(
            "list_executions",
            json!({"request": {}, "activity": "user"}),
        )
        .expect("so does one marked `user`");
    }
}

#[test]
fn a_signed_out_window_hears_no_engine_events() {
    let dir = tempfile::tempdir().unwrap();
    let core = App::open(dir.path()).unwrap();
    // The forwarder shows desktop notifications too: it needs the plugin.
    let h = harness_of(
        dir,
        core,
        mock_builder().plugin(tauri_plugin_notification::init()),
    );
    let handle = h._app.handle().clone();
    hyopps_lib::forward_engine_events(
        handle.clone(),
        handle.state::<DesktopState>().core().unwrap().engine(),
    );
    let (heard, events) = mpsc::channel::<String>();
    handle.listen_any(EXECUTION_CHANGED_EVENT, move |event| {
        let _ = heard.send(event.payload().to_string());
    });
    let start_behind_the_window = || {
        let engine = handle
            .state::<DesktopState>()
            .core()
            .unwrap()
            .engine()
            .clone();
        tauri::async_runtime::block_on(engine.start("new_partner", SEEDED_ADMIN_ID, None))
            .expect("the engine starts an execution")
    };

    let before = start_behind_the_window();
    assert!(
        events.recv_timeout(Duration::from_millis(500)).is_err(),
        "no one is signed in: the window hears nothing of {before}"
    );

    signed_in_admin(&h);
    let started = h
        .invoke(
            "start_execution",
            json!({"request": {"workflow": "new_partner"}}),
        )
        .unwrap();
    let payload = events
        .recv_timeout(Duration::from_secs(5))
        .expect("a signed-in admin's window hears of the execution it started");
    assert!(
        payload.contains(started["summary"]["id"].as_str().unwrap()),
        "{payload}"
    );
    while events.recv_timeout(Duration::from_millis(200)).is_ok() {}

    h.invoke("sign_out", json!({})).unwrap();
    let after = start_behind_the_window();
    assert!(
        events.recv_timeout(Duration::from_millis(500)).is_err(),
        "signed out again: the window hears nothing of {after}"
    );
}

#[test]
fn what_runs_beside_the_window_follows_an_edited_hyopps_toml_without_settings_being_opened() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("hyopps.toml");
    let core = App::open(dir.path()).unwrap();
    let sources = hyopps_app::settings::SettingsSources {
        config_file: Some(config.clone()),
        environment: Arc::new(|name| {
            (name == "HYOPPS_METABASE_API_KEY").then(|| "mb_window_session_key".to_owned())
        }),
        ..hyopps_app::settings::SettingsSources::isolated()
    };
    // The engine's notifications need the plugin.
    let h = harness_with_settings(
        dir,
        core,
        mock_builder().plugin(tauri_plugin_notification::init()),
        sources,
    );
    hyopps_lib::start_engine(h._app.handle());
    signed_in_admin(&h);
    let metabase_account = || {
        h.invoke(
            "get_metabase_account",
            json!({"request": {"user_id": SEEDED_ADMIN_ID}}),
        )
        .unwrap_err()["message"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };
    let before = metabase_account();
    assert!(
        before.contains("Settings → Metabase"),
        "not configured yet: {before}"
    );

    let nothing_there = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    std::fs::write(
        &config,
        format!("[metabase]\nurl = \"http://{nothing_there}\"\n"),
    )
    .unwrap();
    let started = std::time::Instant::now();
    loop {
        let after = metabase_account();
        if after.contains("could not be reached") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the edited file was not taken up within 10 s (it is looked at every 2 s): {after}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_partner_admins_window_hears_only_its_own_organisations_executions() {
    let dir = tempfile::tempdir().unwrap();
    let core = App::open(dir.path()).unwrap();
    let h = harness_of(
        dir,
        core,
        mock_builder().plugin(tauri_plugin_notification::init()),
    );
    let handle = h._app.handle().clone();
    let state = handle.state::<DesktopState>();
    let core = state.core().unwrap();
    let hash = {
        use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
        argon2::Argon2::default()
            .hash_password(b"partner passphrase", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string()
    };
    core.store()
        .write_blocking(move |tx| -> Result<(), hyopps_store::StoreError> {
            tx.execute_batch(
                "INSERT INTO organizations (id, name, created_at) VALUES
                   ('org-a', 'Org A', 'now'), ('org-b', 'Org B', 'now');",
            )?;
            tx.execute(
                "INSERT INTO users (id, firstname, lastname, email, app_role, organization_id,
                                    password_hash, created_at, updated_at)
                 VALUES ('pat', 'Pat', 'Partner', 'pat@org-a.example', 'partner_admin', 'org-a',
                         ?1, 'now', 'now')",
                [hash.as_str()],
            )?;
            Ok(())
        })
        .unwrap();
    hyopps_lib::forward_engine_events(handle.clone(), core.engine());
    let (heard, events) = mpsc::channel::<String>();
    handle.listen_any(EXECUTION_CHANGED_EVENT, move |event| {
        let _ = heard.send(event.payload().to_string());
    });
    h.sign_in("pat@org-a.example", "partner passphrase")
        .unwrap();
    let start_for = |requested_by: &str, organisation: &str| {
        tauri::async_runtime::block_on(core.engine().start(
            "new_partner_user",
            requested_by,
            Some(organisation),
        ))
        .expect("the engine starts an execution")
    };

    let other = start_for(SEEDED_ADMIN_ID, "org-b");
    assert!(
        events.recv_timeout(Duration::from_millis(500)).is_err(),
        "another organisation's execution {other} is not heard of in the partner's window"
    );
    let own = start_for("pat", "org-a");
    let payload = events
        .recv_timeout(Duration::from_secs(5))
        .expect("the partner admin's window hears of its organisation's execution");
    assert!(payload.contains(&own), "{payload}");
}
