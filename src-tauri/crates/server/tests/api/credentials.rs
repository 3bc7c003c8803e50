//! Secrets from systemd's credentials: a file named like the `HYOPPS_…` variable in
//! `$CREDENTIALS_DIRECTORY`, read by the binary as if the variable were set.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::support::{ADMIN_EMAIL, ADMIN_PASSWORD, SEEDED_PASSWORD};

const BINARY: &str = env!("CARGO_BIN_EXE_hyopps-server");

/// Stops the server however the test ends.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_secret_in_the_credentials_directory_is_in_effect_as_its_variable() {
    let dir = tempfile::tempdir().unwrap();
    let credentials = dir.path().join("credentials");
    std::fs::create_dir_all(&credentials).unwrap();
    std::fs::write(
        credentials.join("HYOPPS_SLACK_TOKEN"),
        "xoxb-from-a-credential\n",
    )
    .unwrap();
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let _server = Running(
        Command::new(BINARY)
            .args(["--data-dir", dir.path().join("data").to_str().unwrap()])
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .env("CREDENTIALS_DIRECTORY", &credentials)
            .env_remove("HYOPPS_SLACK_TOKEN")
            .env_remove("HYOPPS_CONFIG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while client.get(format!("{base}/health")).send().await.is_err() {
        assert!(Instant::now() < deadline, "the server did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let call = |command: &str, token: Option<&str>, body: Value| {
        let mut request = client.post(format!("{base}/api/v1/{command}")).json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let signed_in = call(
        "sign_in",
        None,
        json!({"request": {"email": ADMIN_EMAIL, "password": SEEDED_PASSWORD}}),
    )
    .await;
    let token = signed_in["token"].as_str().unwrap().to_owned();
    call(
        "change_password",
        Some(&token),
        json!({"request": {"current_password": SEEDED_PASSWORD, "new_password": ADMIN_PASSWORD}}),
    )
    .await;
    let settings = call("get_settings", Some(&token), json!({})).await;
    let slack = settings["systems"]
        .as_array()
        .unwrap_or_else(|| panic!("the settings: {settings}"))
        .iter()
        .find(|system| system["id"] == "slack")
        .expect("Slack is one of the systems");
    assert_eq!(
        slack["secret"]["source"], "environment",
        "the credential file stands for HYOPPS_SLACK_TOKEN: {slack}"
    );
    assert!(
        !settings.to_string().contains("xoxb-from-a-credential"),
        "the secret itself is never answered"
    );
}
