//! One app window under WebDriver, with bounded waits and screenshots.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::{CmdError, ErrorStatus};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::driver::Driver;

/// How long any single wait may take before the test fails.
pub const WAIT_LIMIT: Duration = Duration::from_secs(20);

/// How to launch the app.
#[derive(Default)]
pub struct Launch {
    /// The scenario's name: the screenshot folder is named after it.
    pub scenario: &'static str,
    /// Writes what the scenario needs into the data directory before the app starts.
    pub seed: Option<fn(&Path)>,
    /// Another workstation: its own session bus, so it is not taken for a second launch of the
    /// HyOpps already running (one HyOpps per desktop session).
    pub own_session_bus: bool,
    /// The desktop asks for dark windows (GTK's dark variant), as a person's dark OS setting does.
    pub dark_desktop: bool,
}

pub struct AppWindow {
    client: Client,
    shots: PathBuf,
    shot_count: u32,
    // Dropped after the client: the driver goes, then the data directory.
    _driver: Driver,
    data_dir: tempfile::TempDir,
}

impl AppWindow {
    pub async fn launch(launch: Launch) -> AppWindow {
        let app = app_binary();
        let data_dir = tempfile::Builder::new()
            .prefix("hyopps-e2e-")
            .tempdir()
            .unwrap();
        if let Some(seed) = launch.seed {
            seed(data_dir.path());
        }
        let driver = Driver::start(data_dir.path(), launch.own_session_bus, launch.dark_desktop);
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("tauri:options".into(), json!({ "application": app }));
        capabilities.insert("browserName".into(), json!("wry"));
        // Both drivers listen by now (`Driver::start` waits for them), but a first session
        // request on a busy machine may still be refused: it is tried again, a few times,
        // before the scenario fails.
        let mut attempt = 1;
        let client = loop {
            let connected = ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&format!("http://127.0.0.1:{}", driver.port))
                .await;
            match connected {
                Ok(client) => break client,
                Err(e) if attempt < 3 => {
                    println!("WebDriver did not start the app (attempt {attempt}): {e}");
                    attempt += 1;
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
                Err(e) => panic!("WebDriver could not start the app {app}: {e}"),
            }
        };
        let shots = screenshot_root().join(launch.scenario);
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots).unwrap();
        println!("screenshots of {}: {}", launch.scenario, shots.display());
        AppWindow {
            client,
            shots,
            shot_count: 0,
            _driver: driver,
            data_dir,
        }
    }

    pub fn data_dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// The process group of the driver, the app and its WebKit processes (for measurements).
    pub fn process_group(&self) -> u32 {
        self._driver.process_group()
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Waits until the window's title is `expected` (the page sets it once the screen shows).
    pub async fn wait_for_title(&self, expected: &str) {
        self.wait_until_script("return document.title;", json!(expected))
            .await;
    }

    /// Waits until a native window on the X display has exactly this title (what the title bar,
    /// the taskbar and the window switcher show), as `xdotool` finds it.
    pub async fn wait_for_native_title(&self, expected: &str) {
        let started = Instant::now();
        let exact = format!("^{}$", regex_escape(expected));
        loop {
            let found = std::process::Command::new("xdotool")
                .args(["search", "--name", &exact])
                .output()
                .expect("xdotool runs (scripts/setup.sh installs it)");
            if found.status.success() && !found.stdout.is_empty() {
                return;
            }
            assert!(
                started.elapsed() < WAIT_LIMIT,
                "no native window is titled {expected:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Presses `keys` (xdotool's names, e.g. `ctrl+k`, `F5`) on the real keyboard of the X
    /// display, with the window titled `title` focused: what reaches the native menu's
    /// shortcuts, which WebDriver's keys (sent into the page) never do.
    pub fn press_native_keys(&self, title: &str, keys: &str) {
        let exact = format!("^{}$", regex_escape(title));
        let output = std::process::Command::new("xdotool")
            .args([
                "search",
                "--name",
                &exact,
                "windowfocus",
                "--sync",
                "key",
                keys,
            ])
            .output()
            .expect("xdotool runs (scripts/setup.sh installs it)");
        assert!(
            output.status.success(),
            "xdotool could not press {keys} in the window {title:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Waits until `script` returns `expected`.
    pub async fn wait_until_script(&self, script: &str, expected: serde_json::Value) {
        let started = Instant::now();
        loop {
            let value = self.script_value(script).await;
            if value == expected {
                return;
            }
            assert!(
                started.elapsed() < WAIT_LIMIT,
                "{script:?} returned {value}, not {expected}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// What `script` (a function body, run in the page) returns.
    pub async fn script_value(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("the script {script:?} failed: {e}"))
    }

    /// The element with this id, once it is displayed.
    pub async fn wait_for(&self, id: &str) -> Element {
        let selector = format!("#{id}");
        let started = Instant::now();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(&selector)).await {
                if element.is_displayed().await.unwrap_or(false) {
                    return element;
                }
            }
            if started.elapsed() >= WAIT_LIMIT {
                let shot = self.shots.join("failure.png");
                if let Ok(png) = self.client.screenshot().await {
                    let _ = std::fs::write(&shot, png);
                }
                panic!(
                    "#{id} did not appear within {WAIT_LIMIT:?}; the window then: {}",
                    shot.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element's text contains `expected`, and returns the whole text.
    pub async fn wait_for_text(&self, id: &str, expected: &str) -> String {
        let started = Instant::now();
        loop {
            let text = self.wait_for(id).await.text().await.unwrap_or_default();
            if text.contains(expected) {
                return text;
            }
            if started.elapsed() >= WAIT_LIMIT {
                let shot = self.shots.join("failure.png");
                if let Ok(png) = self.client.screenshot().await {
                    let _ = std::fs::write(&shot, png);
                }
                panic!(
                    "#{id} never showed {expected:?}; it shows {text:?}; the window then: {}",
                    shot.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element's attribute has this value.
    pub async fn wait_for_attribute(&self, id: &str, attribute: &str, expected: &str) {
        let started = Instant::now();
        loop {
            let element = self.wait_for(id).await;
            let value = element
                .attr(attribute)
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            if value == expected {
                return;
            }
            if started.elapsed() >= WAIT_LIMIT {
                let shot = self.shots.join("failure.png");
                if let Ok(png) = self.client.screenshot().await {
                    let _ = std::fs::write(&shot, png);
                }
                panic!("#{id} never had {attribute}={expected:?} (it has {value:?}); the window then: {}", shot.display());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Replaces the content of an input, as typing would. Retried while the screen re-renders
    /// the input under our hands (a stale element), within the wait limit.
    pub async fn fill(&self, id: &str, text: &str) {
        let started = Instant::now();
        loop {
            let input = self.wait_for(id).await;
            self.reveal(&input).await;
            let typed = match input.clear().await {
                Ok(()) => input.send_keys(text).await,
                Err(error) => Err(error),
            };
            match typed {
                Ok(()) => return,
                Err(error) if started.elapsed() >= WAIT_LIMIT => {
                    panic!("could not type into #{id}: {error}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Clicks the element once it is displayed. Retried, within the wait limit, only when the
    /// click never happened: the screen re-rendered the element under our hands (stale), or
    /// something still covers it or keeps it from being clicked. Any other error is final, so
    /// a click that did happen is never made twice.
    pub async fn click(&self, id: &str) {
        let started = Instant::now();
        loop {
            let element = self.wait_for(id).await;
            self.reveal(&element).await;
            match element.click().await {
                Ok(()) => return,
                Err(error) if click_never_happened(&error) && started.elapsed() < WAIT_LIMIT => {
                    tokio::time::sleep(Duration::from_millis(100)).await
                }
                Err(error) => panic!("could not click #{id}: {error}"),
            }
        }
    }

    /// Scrolls the element into the middle of its scrolling container: WebKitWebDriver does not
    /// scroll inner containers itself and refuses to touch what is out of sight.
    async fn reveal(&self, element: &Element) {
        let Ok(arg) = serde_json::to_value(element) else {
            return;
        };
        let _ = self
            .client
            .execute("arguments[0].scrollIntoView({block: 'center'});", vec![arg])
            .await;
    }

    /// Chooses the option with this value in a `<select>`.
    pub async fn select(&self, id: &str, value: &str) {
        self.wait_for(id)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("could not choose {value} in #{id}: {e}"));
    }

    /// Chooses the option with this visible text in a `<select>`. The options are compared
    /// here rather than by WebDriver's label lookup, whose XPath breaks on an apostrophe (and
    /// partners are called O'Brien).
    ///
    /// The options may still be loading: they are read again until the one named is there,
    /// within the wait limit.
    pub async fn select_label(&self, id: &str, label: &str) {
        let started = Instant::now();
        loop {
            let select = self.wait_for(id).await;
            let options = select.find_all(Locator::Css("option")).await;
            let mut seen = Vec::new();
            for option in options.unwrap_or_default() {
                let text = option.text().await.unwrap_or_default();
                if text.trim() == label {
                    let value = option.attr("value").await.ok().flatten();
                    let value = value
                        .unwrap_or_else(|| panic!("the option {label:?} of #{id} has no value"));
                    return self.select(id, &value).await;
                }
                seen.push(text);
            }
            assert!(
                started.elapsed() < WAIT_LIMIT,
                "#{id} has no option {label:?}; it has {seen:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the first element matching a CSS selector.
    pub async fn click_first(&self, selector: &str) {
        let started = Instant::now();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(selector)).await {
                self.reveal(&element).await;
                element
                    .click()
                    .await
                    .unwrap_or_else(|e| panic!("could not click {selector}: {e}"));
                return;
            }
            assert!(started.elapsed() < WAIT_LIMIT, "nothing matched {selector}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the first element matching a CSS selector whose text contains `text` (a link
    /// named after an organisation, among others whose ids the test cannot know).
    pub async fn click_first_with_text(&self, selector: &str, text: &str) {
        let started = Instant::now();
        loop {
            let elements = self
                .client
                .find_all(Locator::Css(selector))
                .await
                .unwrap_or_default();
            for element in elements {
                if element.text().await.is_ok_and(|t| t.contains(text)) {
                    self.reveal(&element).await;
                    element
                        .click()
                        .await
                        .unwrap_or_else(|e| panic!("could not click {selector} ({text}): {e}"));
                    return;
                }
            }
            assert!(
                started.elapsed() < WAIT_LIMIT,
                "nothing matching {selector} says {text:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The id of the first element matching `selector`, once there is one (rows whose ids
    /// the test cannot know in advance).
    pub async fn first_id(&self, selector: &str) -> String {
        let started = Instant::now();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(selector)).await {
                if let Ok(Some(id)) = element.attr("id").await {
                    return id;
                }
            }
            assert!(started.elapsed() < WAIT_LIMIT, "nothing matched {selector}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The `attribute` of every element matching `selector` now (without waiting), in page
    /// order: rows whose number and ids the test cannot know in advance.
    pub async fn attributes(&self, selector: &str, attribute: &str) -> Vec<String> {
        let elements = self
            .client
            .find_all(Locator::Css(selector))
            .await
            .unwrap_or_default();
        let mut values = Vec::with_capacity(elements.len());
        for element in elements {
            let value = element.attr(attribute).await.ok().flatten();
            values.push(value.unwrap_or_default());
        }
        values
    }

    /// Waits until the input or select has this value (a select whose options still load has
    /// none yet).
    pub async fn wait_for_value(&self, id: &str, expected: &str) {
        let started = Instant::now();
        loop {
            let value = self.value(id).await;
            if value == expected {
                return;
            }
            assert!(
                started.elapsed() < WAIT_LIMIT,
                "#{id} never had the value {expected:?} (it has {value:?})"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn value(&self, id: &str) -> String {
        self.wait_for(id)
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    }

    /// Whether an element with this id exists now (without waiting).
    pub async fn exists(&self, id: &str) -> bool {
        self.client
            .find(Locator::Css(&format!("#{id}")))
            .await
            .is_ok()
    }

    /// Waits until no element has this id (a banner that goes away).
    pub async fn wait_until_gone(&self, id: &str) {
        let started = Instant::now();
        while self.exists(id).await {
            assert!(
                started.elapsed() < WAIT_LIMIT,
                "#{id} was still there after {WAIT_LIMIT:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Scrolls the element `id` into sight (before a screenshot of a card further down).
    pub async fn show(&self, id: &str) {
        let element = self.wait_for(id).await;
        self.reveal(&element).await;
    }

    /// Saves the window as `NN-name.png` in the scenario's folder.
    pub async fn screenshot(&mut self, name: &str) {
        let png = self
            .client
            .screenshot()
            .await
            .expect("a screenshot of the window");
        std::fs::write(self.next_shot(name), png).unwrap();
    }

    /// Saves the whole X screen as `NN-name.png`: the window and what WebDriver cannot see,
    /// such as a native file dialog over it.
    pub fn screenshot_screen(&mut self, name: &str) {
        let path = self.next_shot(name);
        let output = std::process::Command::new("import")
            .args(["-window", "root"])
            .arg(&path)
            .output()
            .expect("ImageMagick's `import` runs (scripts/setup.sh installs it)");
        assert!(
            output.status.success(),
            "import could not capture the screen: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// The scenario folder's next `NN-name.png`, numbered in the order the shots are taken.
    fn next_shot(&mut self, name: &str) -> PathBuf {
        self.shot_count += 1;
        self.shots
            .join(format!("{:02}-{name}.png", self.shot_count))
    }

    /// Ends the WebDriver session (closing the app) and stops the driver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

fn app_binary() -> String {
    let path = std::env::var("HYOPPS_E2E_APP")
        .expect("HYOPPS_E2E_APP must name the built app binary; scripts/test.sh sets it");
    assert!(
        Path::new(&path).is_file(),
        "HYOPPS_E2E_APP={path} is not a file"
    );
    std::fs::canonicalize(&path).unwrap().display().to_string()
}

fn screenshot_root() -> PathBuf {
    match std::env::var_os("HYOPPS_E2E_SCREENSHOTS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../target/e2e-screenshots"),
    }
}

/// `text` as a POSIX extended regular expression matching itself.
fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\.^$|?*+()[]{}".contains(c);
            special
                .then_some('\\')
                .into_iter()
                .chain(std::iter::once(c))
        })
        .collect()
}

/// The WebDriver errors by which a click is refused before it is made.
fn click_never_happened(error: &CmdError) -> bool {
    matches!(error, CmdError::Standard(refusal) if matches!(
        refusal.error,
        ErrorStatus::StaleElementReference
            | ErrorStatus::ElementClickIntercepted
            | ErrorStatus::ElementNotInteractable
    ))
}
