//! tauri-driver as a child process with the app's environment.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running tauri-driver, stopped with its whole process group when dropped.
pub(crate) struct Driver {
    child: Child,
    pub(crate) port: u16,
    /// Where tauri-driver's WebKitWebDriver listens.
    native_port: u16,
}

impl Driver {
    /// Starts tauri-driver so that the app it launches sees `data_dir` as its data directory;
    /// with `own_session_bus`, inside a session bus of its own (`dbus-run-session`); with
    /// `dark_desktop`, with GTK's dark variant asked for, as a dark OS setting does.
    ///
    /// Returns once both tauri-driver and the WebKitWebDriver behind it accept connections:
    /// tauri-driver listens at once but proxies to WebKitWebDriver, which may take seconds on a
    /// busy machine, and a session asked for before that fails with a closed connection. A
    /// driver whose WebKitWebDriver never listens (its port taken between choosing and binding)
    /// is stopped and started again on other ports.
    pub(crate) fn start(data_dir: &Path, own_session_bus: bool, dark_desktop: bool) -> Driver {
        const ATTEMPTS: u32 = 3;
        for attempt in 1..=ATTEMPTS {
            let mut driver = Driver::spawn(data_dir, own_session_bus, dark_desktop);
            match driver.wait_until_listening(Duration::from_secs(30)) {
                Ok(()) => return driver,
                Err(why) if attempt < ATTEMPTS => {
                    println!("tauri-driver was not ready (attempt {attempt}): {why}");
                }
                Err(why) => panic!("tauri-driver was not ready after {ATTEMPTS} attempts: {why}"),
            }
        }
        unreachable!("the last attempt returns or panics")
    }

    fn spawn(data_dir: &Path, own_session_bus: bool, dark_desktop: bool) -> Driver {
        let port = free_port();
        let native_port = free_port();
        let xdg = |name: &str| {
            let dir = data_dir.join("xdg").join(name);
            std::fs::create_dir_all(&dir).unwrap();
            dir
        };
        let mut command = match own_session_bus {
            true => {
                let mut command = Command::new("dbus-run-session");
                command.args(["--", &tauri_driver()]);
                command
            }
            false => Command::new(tauri_driver()),
        };
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("HYOPPS_DATA_DIR", data_dir)
            .env("XDG_DATA_HOME", xdg("data"))
            .env("XDG_CONFIG_HOME", xdg("config"))
            .env("XDG_CACHE_HOME", xdg("cache"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if dark_desktop {
            command.env("GTK_THEME", "Adwaita:dark");
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // Its own process group, so the app and WebKit processes it starts go with it.
            command.process_group(0);
        }
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("could not start tauri-driver (run scripts/setup.sh): {e}"));
        Driver {
            child,
            port,
            native_port,
        }
    }

    pub(crate) fn process_group(&self) -> u32 {
        self.child.id()
    }

    /// Waits until tauri-driver and its WebKitWebDriver both accept connections.
    fn wait_until_listening(&mut self, limit: Duration) -> Result<(), String> {
        let started = Instant::now();
        for (name, port) in [
            ("tauri-driver", self.port),
            ("WebKitWebDriver", self.native_port),
        ] {
            while TcpStream::connect(("127.0.0.1", port)).is_err() {
                if let Ok(Some(status)) = self.child.try_wait() {
                    return Err(format!("tauri-driver exited ({status})"));
                }
                if started.elapsed() >= limit {
                    return Err(format!(
                        "{name} did not listen on port {port} within {limit:?}"
                    ));
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Ok(())
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            // The whole group goes, and is gone before the next scenario starts: a lingering
            // app would take the next launch over (one instance at a time).
            let group = format!("-{}", self.child.id());
            let signal = |name: &str| {
                Command::new("kill")
                    .args([name, "--", &group])
                    .stderr(Stdio::null())
                    .status()
                    .is_ok_and(|status| status.success())
            };
            signal("-TERM");
            let deadline = Instant::now() + Duration::from_secs(5);
            while signal("-0") && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
            }
            signal("-KILL");
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tauri_driver() -> String {
    std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into())
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free local port")
}
