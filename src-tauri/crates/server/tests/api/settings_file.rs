//! While the server serves, an edited `hyopps.toml` takes effect by itself: the connectors the
//! workflows (and Retry) use follow the file without a restart and without anyone opening
//! Settings, which would read it again anyway.

use std::time::{Duration, Instant};

use serde_json::json;

use super::support::*;

#[tokio::test(flavor = "multi_thread")]
async fn an_edited_hyopps_toml_takes_effect_while_the_server_serves() {
    let server = start_with_managed_file("mb_settings_file_key").await;
    let admin = server.admin().await;
    let users = server
        .call(
            Some(&admin),
            "list_users",
            json!({"request": {"filter": {"search": "admin@hyopps.local"}}}),
        )
        .await;
    let admin_id = users.body["items"][0]["id"].as_str().unwrap().to_owned();
    let metabase_account = || {
        server.call(
            Some(&admin),
            "get_metabase_account",
            json!({"request": {"user_id": admin_id}}),
        )
    };
    let before = metabase_account().await;
    assert!(
        before.body["message"]
            .as_str()
            .unwrap_or("")
            .contains("Settings → Metabase"),
        "not configured yet: {before:?}"
    );

    // Metabase at an address where nothing listens: the next call must go there.
    let nothing_there = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    std::fs::write(
        server.data_dir().join("hyopps.toml"),
        format!("[metabase]\nurl = \"http://{nothing_there}\"\n"),
    )
    .unwrap();
    let started = Instant::now();
    loop {
        let after = metabase_account().await;
        let message = after.body["message"].as_str().unwrap_or("").to_owned();
        if message.contains("could not be reached") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the edited file was not taken up within 10 s (it is looked at every 2 s): {after:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
