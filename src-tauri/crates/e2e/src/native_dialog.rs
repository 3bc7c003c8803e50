//! The native file dialogs. The dialog plugin opens GTK's file chooser as a window of its own,
//! out of WebDriver's reach (it drives the web view only), so the test finds it by its title on
//! the X display and types into it with xdotool, through the XTEST extension, as a person at the
//! keyboard would: the location field, a path, Enter.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::window::WAIT_LIMIT;

/// The app window's title (tauri.conf.json).
const APP_TITLE: &str = "HyOpps";

/// An open file chooser, found by its title.
pub struct NativeDialog {
    title: String,
    window: String,
}

impl NativeDialog {
    /// Waits until a window titled exactly `title` is shown, and gives it the keyboard.
    pub async fn wait(title: &str) -> NativeDialog {
        let started = Instant::now();
        let window = loop {
            if let Some(window) = visible_window(title) {
                break window;
            }
            assert!(
                started.elapsed() < WAIT_LIMIT,
                "the file dialog {title:?} did not open within {WAIT_LIMIT:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        // There is no window manager under Xvfb to hand the new window the focus.
        xdotool(&["windowfocus", "--sync", &window]);
        // GTK connects its widgets a moment after the window maps; keys sent before are lost.
        tokio::time::sleep(Duration::from_millis(500)).await;
        NativeDialog {
            title: title.to_owned(),
            window,
        }
    }

    /// In an "open" dialog: types `path` into the location field (Ctrl+L) and confirms, then
    /// waits for the dialog to close.
    pub async fn choose(self, path: &Path) {
        xdotool(&["windowfocus", "--sync", &self.window]);
        xdotool(&["key", "--clearmodifiers", "ctrl+l"]);
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.type_path_and_confirm(path).await;
    }

    /// In a "save" dialog: replaces the proposed name with `path` (the name field takes a whole
    /// path and has the focus already) and confirms, then waits for the dialog to close.
    pub async fn save_as(self, path: &Path) {
        xdotool(&["windowfocus", "--sync", &self.window]);
        xdotool(&["key", "--clearmodifiers", "ctrl+a"]);
        self.type_path_and_confirm(path).await;
    }

    async fn type_path_and_confirm(self, path: &Path) {
        let path = path.to_str().expect("a UTF-8 path");
        xdotool(&["type", "--delay", "10", "--", path]);
        // The field completes file names as they are typed; let it settle before Enter.
        tokio::time::sleep(Duration::from_millis(300)).await;
        xdotool(&["key", "Return"]);
        self.wait_closed().await;
    }

    /// Closes the dialog as Escape does: the app hears "cancelled".
    pub async fn cancel(self) {
        xdotool(&["windowfocus", "--sync", &self.window]);
        xdotool(&["key", "Escape"]);
        self.wait_closed().await;
    }

    async fn wait_closed(&self) {
        let started = Instant::now();
        while visible_window(&self.title).is_some() {
            assert!(
                started.elapsed() < WAIT_LIMIT,
                "the file dialog {:?} did not close within {WAIT_LIMIT:?}: a path it refused?",
                self.title
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // As a window manager would, give the keyboard back to the app window: WebKit holds
        // its CSS transitions (a button fading back from "disabled") while the window is
        // inactive, and screenshots would show them unfinished.
        if let Some(app) = visible_window(APP_TITLE) {
            xdotool(&["windowfocus", &app]);
        }
    }
}

/// The id of the shown window whose title is exactly `title`, if there is one.
fn visible_window(title: &str) -> Option<String> {
    let pattern = format!("^{}$", escape_regex(title));
    let output = run_xdotool(&["search", "--onlyvisible", "--name", &pattern]);
    // xdotool exits 1 when nothing matches.
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .next()
        .map(str::to_owned)
}

fn xdotool(args: &[&str]) {
    let output = run_xdotool(args);
    assert!(
        output.status.success(),
        "xdotool {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Bounded by coreutils' `timeout`: `--sync` waits for the X server without a limit of its
/// own, and a test must fail, not hang.
fn run_xdotool(args: &[&str]) -> Output {
    Command::new("timeout")
        .arg(WAIT_LIMIT.as_secs().to_string())
        .arg("xdotool")
        .args(args)
        .output()
        .expect("xdotool runs (scripts/setup.sh installs it)")
}

/// xdotool matches titles as POSIX extended regular expressions.
fn escape_regex(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}
