use std::net::SocketAddr;
use std::process::{Command, Stdio};

use hyopps_server::cli::{check_plain_http, parse, Command as Parsed, Options, TlsFiles};
use serde_json::json;

use super::support::*;

#[tokio::test(flavor = "multi_thread")]
async fn https_serves_the_api_with_the_given_certificate_and_plain_http_gets_nothing() {
    let server = start_tls().await;
    assert!(server.base.starts_with("https://127.0.0.1:"));
    let health = server.get("/health").await;
    assert_eq!(health.status, 200, "{health:?}");
    let admin = server.admin().await;
    let page = server
        .call(Some(&admin), "list_executions", json!({"request": {}}))
        .await;
    assert_eq!(page.status, 200, "a command over HTTPS: {page:?}");

    let plain = server.base.replacen("https://", "http://", 1);
    let answer = reqwest::Client::new()
        .get(format!("{plain}/health"))
        .send()
        .await;
    assert!(
        answer.is_err(),
        "no plain HTTP answer on the HTTPS port: {answer:?}"
    );
}

#[test]
fn with_tls_any_address_is_fine_and_the_files_come_in_pairs() {
    let options = Options {
        data_dir: "d".into(),
        listen: "192.0.2.10:8440".parse::<SocketAddr>().unwrap(),
        allow_plain_http: false,
        tls: Some(TlsFiles {
            cert: "c.pem".into(),
            key: "k.pem".into(),
        }),
        trusted_proxies: Vec::new(),
    };
    assert_eq!(
        check_plain_http(&options),
        Ok(None),
        "no warning with HTTPS"
    );
    let args = |list: &[&str]| parse(list.iter().map(std::ffi::OsString::from));
    let parsed = args(&[
        "--data-dir",
        "d",
        "--listen",
        "192.0.2.10:8440",
        "--tls-cert",
        "c.pem",
        "--tls-key",
        "k.pem",
    ]);
    assert_eq!(parsed, Ok(Parsed::Serve(options)));
    assert!(args(&[
        "--data-dir",
        "d",
        "--listen",
        "127.0.0.1:1",
        "--tls-cert",
        "c.pem"
    ])
    .unwrap_err()
    .contains("--tls-key"));
}

#[test]
fn a_certificate_that_cannot_be_read_stops_the_start_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let output = Command::new(env!("CARGO_BIN_EXE_hyopps-server"))
        .args([
            "--data-dir",
            data_dir.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ])
        .args(["--tls-cert", &format!("{TLS_DIR}/missing.pem")])
        .args(["--tls-key", &format!("{TLS_DIR}/key.pem")])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("missing.pem"), "names the file: {stderr}");
    assert!(!data_dir.exists(), "nothing was opened");

    // A key that is not the certificate's.
    let output = Command::new(env!("CARGO_BIN_EXE_hyopps-server"))
        .args([
            "--data-dir",
            data_dir.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ])
        .args(["--tls-cert", &format!("{TLS_DIR}/ca.pem")])
        .args(["--tls-key", &format!("{TLS_DIR}/key.pem")])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
}
