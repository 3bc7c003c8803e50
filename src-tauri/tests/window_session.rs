//! What keeps a window's session alive and what it hears: a screen reloading itself on an engine
//! event is not the person's activity, and a signed-out window gets no engine events.

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

use super::{harness_of, Harness};

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
