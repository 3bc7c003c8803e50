use std::net::SocketAddr;
use std::process::{Command, Stdio};

use hyopps_server::cli::{check_plain_http, parse, Command as Parsed, Options};

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
        }))
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

#[test]
fn the_binary_serves_on_loopback_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let listen = format!("127.0.0.1:{port}");
    let child = Command::new(BINARY)
        .args([
            "--data-dir",
            dir.path().to_str().unwrap(),
            "--listen",
            &listen,
        ])
        .env("HYOPPS_LOG", "info")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let healthy = loop {
        if let Ok(mut stream) = std::net::TcpStream::connect(&listen) {
            use std::io::{Read, Write};
            let _ =
                stream.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            let mut text = String::new();
            let _ = stream.read_to_string(&mut text);
            break text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(
        healthy.starts_with("HTTP/1.1 200") && healthy.contains("\"ok\""),
        "{healthy}"
    );
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "a clean stop on SIGTERM: {stderr}");
    assert!(stderr.contains("hyopps-server stopped"), "{stderr}");
    assert!(
        dir.path().join("hyopps.db").exists(),
        "the store was opened in the data folder"
    );
}
