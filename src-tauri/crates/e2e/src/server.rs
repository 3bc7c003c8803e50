//! The built `hyopps-server` as a child process on a free loopback port: the team's server
//! for scenarios with several workstations. It can be killed with SIGKILL and started again on
//! the same port and data folder. Its secrets come as systemd would give them: one file per
//! `HYOPPS_*` name in the folder `$CREDENTIALS_DIRECTORY` names.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::window::WAIT_LIMIT;

pub struct TeamServer {
    child: Option<Child>,
    port: u16,
    data_dir: tempfile::TempDir,
    credentials: tempfile::TempDir,
}

impl TeamServer {
    /// Starts the server on a fresh data folder that `seed` has prepared, with these secrets
    /// (`HYOPPS_*` name, value).
    pub async fn start<F: std::future::Future<Output = ()>>(
        seed: impl FnOnce(PathBuf) -> F,
        secrets: &[(&str, &str)],
    ) -> TeamServer {
        let data_dir = tempfile::Builder::new()
            .prefix("hyopps-e2e-server-")
            .tempdir()
            .unwrap();
        seed(data_dir.path().to_path_buf()).await;
        let credentials = tempfile::Builder::new()
            .prefix("hyopps-e2e-credentials-")
            .tempdir()
            .unwrap();
        for (name, value) in secrets {
            std::fs::write(credentials.path().join(name), value).unwrap();
        }
        let mut server = TeamServer {
            child: None,
            port: free_port(),
            data_dir,
            credentials,
        };
        server.spawn();
        server
    }

    /// The address a desktop connects to.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// What the server has logged so far (for a failing test's message).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.data_dir.path().join("server-e2e.log")).unwrap_or_default()
    }

    /// SIGKILL: no shutdown, no goodbye to the clients, a step possibly half-way.
    pub fn kill_hard(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().expect("the server can be killed");
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port and data folder.
    pub fn restart(&mut self) {
        self.kill_hard();
        self.spawn();
    }

    fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.data_dir.path().join("server-e2e.log"))
            .unwrap();
        let child = Command::new(server_binary())
            .args(["--data-dir"])
            .arg(self.data_dir.path())
            .args(["--listen", &format!("127.0.0.1:{}", self.port)])
            .env("CREDENTIALS_DIRECTORY", self.credentials.path())
            .stdout(Stdio::from(log.try_clone().unwrap()))
            .stderr(Stdio::from(log))
            .spawn()
            .unwrap_or_else(|e| panic!("could not start hyopps-server: {e}"));
        self.child = Some(child);
        let started = Instant::now();
        // It listens only once its database is open and its engine runs.
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                started.elapsed() < WAIT_LIMIT,
                "hyopps-server did not listen within {WAIT_LIMIT:?}; its log: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for TeamServer {
    fn drop(&mut self) {
        self.kill_hard();
    }
}

/// `HYOPPS_E2E_SERVER`, or the `hyopps-server` built next to the app binary.
fn server_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("HYOPPS_E2E_SERVER") {
        return PathBuf::from(path);
    }
    let app = std::env::var("HYOPPS_E2E_APP")
        .expect("HYOPPS_E2E_APP must name the built app binary; scripts/test.sh sets it");
    let server = Path::new(&app).with_file_name("hyopps-server");
    assert!(
        server.is_file(),
        "{} is not built: run `cargo build -p hyopps-server` (scripts/test.sh does)",
        server.display()
    );
    server
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
