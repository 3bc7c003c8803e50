//! End-to-end harness: launches the built HyOpps binary in a real window through tauri-driver
//! and WebKitWebDriver, and drives it like a person would.
//!
//! Each [`AppWindow`] gets its own data directory (and XDG folders), its own tauri-driver on a
//! free port, and a screenshot folder under `target/e2e-screenshots/<scenario>/`. Rules: waits
//! are bounded and fail with a message naming what was awaited; a window is closed and its
//! driver stopped even when a test fails; the caller provides the display (Xvfb) and a session
//! bus, as `scripts/test.sh` does. The binary comes from `HYOPPS_E2E_APP`. Native file dialogs
//! are outside WebDriver's reach: [`NativeDialog`] types into them with xdotool. A team's
//! scenarios run the built `hyopps-server` beside the windows ([`TeamServer`]).

mod driver;
mod native_dialog;
mod server;
mod window;

pub use native_dialog::NativeDialog;
pub use server::TeamServer;
pub use window::{AppWindow, Launch, WAIT_LIMIT};
