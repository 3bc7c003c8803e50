use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hyopps_server::cli::{check_plain_http, parse, Command as Parsed, Options};
use serde_json::json;

use super::support::{ADMIN_EMAIL, ADMIN_PASSWORD, SEEDED_PASSWORD};

const BINARY: &str = env!("CARGO_BIN_EXE_hyopps-server");

#[test]
fn plain_http_off_loopback_is_refused_before_anything_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let output = Command::new(BINARY)
        .args([
            "--data-dir",
            data_dir.to_str().unwrap(),
            "--listen",
            "0.0.0.0:0",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("Refusing to serve plain HTTP on 0.0.0.0:0")
            && stderr.contains("--allow-plain-http"),
        "says why and what to do: {stderr}"
    );
    assert!(!data_dir.exists(), "no data folder or database was created");
}

#[test]
fn loopback_is_served_and_allow_plain_http_warns() {
    let options = |listen: &str, allow_plain_http| Options {
        data_dir: "d".into(),
        listen: listen.parse::<SocketAddr>().unwrap(),
        allow_plain_http,
        tls: None,
        trusted_proxies: Vec::new(),
    };
    assert_eq!(
        check_plain_http(&options("127.0.0.1:8440", false)),
        Ok(None)
    );
    assert_eq!(check_plain_http(&options("[::1]:8440", false)), Ok(None));
    assert!(check_plain_http(&options("192.0.2.10:8440", false)).is_err());
    let warning = check_plain_http(&options("192.0.2.10:8440", true))
        .unwrap()
        .expect("a warning at every start");
    assert!(warning.contains("unencrypted"), "{warning}");
}

#[test]
fn the_command_line_names_what_is_missing_or_wrong() {
    let args = |list: &[&str]| parse(list.iter().map(std::ffi::OsString::from));
    assert_eq!(
        args(&["--data-dir", "/srv/hyopps", "--listen", "127.0.0.1:8440"]),
        Ok(Parsed::Serve(Options {
            data_dir: "/srv/hyopps".into(),
            listen: "127.0.0.1:8440".parse().unwrap(),
            allow_plain_http: false,
            tls: None,
            trusted_proxies: Vec::new(),
        }))
    );
    assert_eq!(
        args(&[
            "--data-dir",
            "d",
            "--listen",
            "127.0.0.1:8440",
            "--trusted-proxy",
            "127.0.0.1",
            "--trusted-proxy",
            "::1",
        ]),
        Ok(Parsed::Serve(Options {
            data_dir: "d".into(),
            listen: "127.0.0.1:8440".parse().unwrap(),
            allow_plain_http: false,
            tls: None,
            trusted_proxies: vec!["127.0.0.1".parse().unwrap(), "::1".parse().unwrap()],
        })),
        "several proxies, IPv4 and IPv6"
    );
    for wrong in [
        &["--trusted-proxy"][..],
        &["--trusted-proxy", "proxy.example"],
    ] {
        let mut list = vec!["--data-dir", "d", "--listen", "127.0.0.1:1"];
        list.extend_from_slice(wrong);
        assert!(
            args(&list).unwrap_err().contains("the proxy's IP address"),
            "{wrong:?}"
        );
    }
    assert!(
        args(&[
            "import-v03",
            "f.db",
            "--data-dir",
            "d",
            "--trusted-proxy",
            "::1"
        ])
        .unwrap_err()
        .contains("only takes --data-dir"),
        "an import does not serve"
    );
    assert!(args(&["--listen", "127.0.0.1:1"])
        .unwrap_err()
        .contains("--data-dir"));
    assert!(args(&["--data-dir", "d", "--listen", "localhost"])
        .unwrap_err()
        .contains("127.0.0.1:8440"));
    assert!(
        args(&["--data-dir", "d", "--listen", "127.0.0.1:1", "--frobnicate"])
            .unwrap_err()
            .contains("--frobnicate")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_binary_serves_on_loopback_and_stops_cleanly_on_sigterm_with_a_stream_open() {
    let dir = tempfile::tempdir().unwrap();
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}");
    let mut child = Command::new(BINARY)
        .args(["--data-dir", dir.path().to_str().unwrap()])
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .env("HYOPPS_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let health = loop {
        if let Ok(response) = client.get(format!("{base}/health")).send().await {
            break response;
        }
        assert!(Instant::now() < deadline, "the server did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(health.status().as_u16(), 200);

    // A signed-in admin with the event stream open, as a desktop would keep it.
    let signed_in: serde_json::Value = client
        .post(format!("{base}/api/v1/sign_in"))
        .json(&json!({"request": {"email": ADMIN_EMAIL, "password": SEEDED_PASSWORD}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = signed_in["token"].as_str().unwrap();
    let changed = client
        .post(format!("{base}/api/v1/change_password"))
        .bearer_auth(token)
        .json(&json!({"request": {"current_password": SEEDED_PASSWORD, "new_password": ADMIN_PASSWORD}}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status().as_u16(), 200);
    let mut stream = client
        .get(format!("{base}/api/v1/events"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status().as_u16(), 200);

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the server did not stop within 20 s of SIGTERM with a stream open");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(status.success(), "a clean stop on SIGTERM: {stderr}");
    assert!(stderr.contains("hyopps-server stopped"), "{stderr}");
    // The stream ended with the server rather than hanging.
    let rest = tokio::time::timeout(Duration::from_secs(5), async {
        while let Ok(Some(_)) = stream.chunk().await {}
    })
    .await;
    assert!(
        rest.is_ok(),
        "the event stream ended when the server stopped"
    );
    assert!(
        dir.path().join("hyopps.db").exists(),
        "the store was opened in the data folder"
    );
}

#[test]
fn import_v03_brings_a_v03_database_into_the_data_folder_once() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("hyopps_py.db");
    hyopps_v03_fixture::build(&source, hyopps_v03_fixture::Variant::Latest);
    let before = std::fs::read(&source).unwrap();
    let data_dir = dir.path().join("data");
    let import = || {
        Command::new(BINARY)
            .args(["import-v03", source.to_str().unwrap()])
            .args(["--data-dir", data_dir.to_str().unwrap()])
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let first = import();
    let report = String::from_utf8_lossy(&first.stdout).into_owned();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        report.contains("organizations"),
        "a count per table: {report}"
    );
    let second = import();
    assert!(second.status.success());
    assert_ne!(
        String::from_utf8_lossy(&second.stdout),
        report,
        "the second report says the rows were already there"
    );
    assert_eq!(
        std::fs::read(&source).unwrap(),
        before,
        "the file is only read"
    );
    let db = hyopps_store::Connection::open(data_dir.join("hyopps.db")).unwrap();
    let organizations: i64 = db
        .query_row("SELECT COUNT(*) FROM organizations", [], |r| r.get(0))
        .unwrap();
    assert!(
        organizations > 0,
        "the organisations are in the server's database"
    );
}

#[test]
fn import_v03_refuses_what_is_not_a_v03_database_and_serving_options() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("notes.db");
    std::fs::write(&garbage, b"this is not a database at all").unwrap();
    let data_dir = dir.path().join("data");
    let refused = Command::new(BINARY)
        .args(["import-v03", garbage.to_str().unwrap()])
        .args(["--data-dir", data_dir.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("not a SQLite database"),
        "says why: {stderr}"
    );

    let args = |list: &[&str]| parse(list.iter().map(std::ffi::OsString::from));
    assert_eq!(
        args(&["import-v03", "old.db", "--data-dir", "d"]),
        Ok(Parsed::ImportV03 {
            data_dir: "d".into(),
            file: "old.db".into()
        })
    );
    assert!(args(&["import-v03"]).unwrap_err().contains("file"));
    assert!(args(&["import-v03", "old.db"])
        .unwrap_err()
        .contains("--data-dir"));
    assert!(args(&[
        "import-v03",
        "old.db",
        "--data-dir",
        "d",
        "--listen",
        "127.0.0.1:1"
    ])
    .unwrap_err()
    .contains("does not serve"));
}

#[test]
fn a_data_folder_the_desktop_app_holds_is_neither_served_nor_imported_into() {
    use hyopps_app::data_lock::{DataLock, Holder, LockError};
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    std::fs::create_dir_all(&data_dir).unwrap();
    let source = dir.path().join("hyopps_py.db");
    hyopps_v03_fixture::build(&source, hyopps_v03_fixture::Variant::Latest);
    // What the running desktop app holds from start to quit.
    let desktop = DataLock::try_acquire(&data_dir, Holder::App).unwrap();

    let served = Command::new(BINARY)
        .args(["--data-dir", data_dir.to_str().unwrap()])
        .args(["--listen", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&served.stderr);
    assert!(!served.status.success(), "a second writer must not start");
    assert!(
        stderr.contains("HyOpps is running with this data folder")
            && stderr.contains("stop it first"),
        "says who has the folder and what to do: {stderr}"
    );
    let imported = Command::new(BINARY)
        .args(["import-v03", source.to_str().unwrap()])
        .args(["--data-dir", data_dir.to_str().unwrap()])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(imported.status.code(), Some(1));
    assert!(
        !data_dir.join("hyopps.db").exists(),
        "neither opened the desktop's database"
    );
    drop(desktop);

    // And the other way round: while a server serves the folder, the desktop is told so.
    let server = DataLock::try_acquire(&data_dir, Holder::Server).unwrap();
    let refused = DataLock::try_acquire(&data_dir, Holder::App).unwrap_err();
    assert!(
        matches!(refused, LockError::Held(Some(Holder::Server))),
        "the desktop learns a server has it: {refused:?}"
    );
    assert_eq!(
        refused.to_string(),
        "hyopps-server is serving this data folder"
    );
    drop(server);
}
