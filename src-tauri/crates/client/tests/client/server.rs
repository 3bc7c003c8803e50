//! A hyopps-server on a free loopback port, on a fresh data folder.

use hyopps_contract::{ServerAddress, SignInRequest};
use hyopps_server::{serve, serve_tls, tls, ServerState, SignInLimit};

pub const ADMIN: &str = "admin@hyopps.local";
pub const SEEDED_PASSWORD: &str = "admin123";
pub const ADMIN_PASSWORD: &str = "correct horse battery";

/// The server tests' certificate authority and a certificate for 127.0.0.1 signed by it.
pub const TLS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../server/tests/api/tls");

pub struct TestServer {
    pub address: ServerAddress,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
    _stopping: tokio::sync::watch::Sender<bool>,
}

pub async fn start(https: bool) -> TestServer {
    let dir = tempfile::tempdir().unwrap();
    let app = hyopps_app::App::open(dir.path())
        .unwrap()
        .with_settings_sources(hyopps_app::settings::SettingsSources::isolated());
    hyopps_server::start_engine(&app).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (stopping, stopped) = tokio::sync::watch::channel(false);
    let state = ServerState::new(app, SignInLimit::default(), stopped, Vec::new());
    let (stop, stop_signal) = tokio::sync::oneshot::channel::<()>();
    let shutdown = async move {
        let _ = stop_signal.await;
    };
    let url = if https {
        let config = tls::load_config(
            format!("{TLS_DIR}/cert.pem").as_ref(),
            format!("{TLS_DIR}/key.pem").as_ref(),
        )
        .unwrap();
        tokio::spawn(serve_tls(listener, config, state, shutdown));
        format!("https://127.0.0.1:{port}")
    } else {
        tokio::spawn(serve(listener, state, shutdown));
        format!("http://127.0.0.1:{port}")
    };
    TestServer {
        address: ServerAddress { url, ca_file: None },
        _dir: dir,
        _stop: stop,
        _stopping: stopping,
    }
}

pub fn sign_in_request(email: &str, password: &str) -> SignInRequest {
    SignInRequest {
        email: email.to_owned(),
        password: password.to_owned(),
    }
}
