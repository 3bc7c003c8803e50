//! Small user preferences kept with tauri-plugin-store in the data directory (never a password
//! or a token): the last email signed in with, and where the window works.

use std::path::Path;

use hyopps_contract::Workplace;
use tauri::Runtime;
use tauri_plugin_store::StoreExt;

const FILE: &str = "preferences.json";
const LAST_EMAIL: &str = "last_signed_in_email";
const WORKPLACE: &str = "workplace";

pub fn remembered_email<R: Runtime>(app: &tauri::AppHandle<R>, data_dir: &Path) -> Option<String> {
    let store = app.store(data_dir.join(FILE)).ok()?;
    store.get(LAST_EMAIL)?.as_str().map(str::to_owned)
}

pub fn remember_email<R: Runtime>(app: &tauri::AppHandle<R>, data_dir: &Path, email: &str) {
    remember(app, data_dir, LAST_EMAIL, email.into());
}

/// Where the window worked last: this computer unless a server was chosen.
pub fn remembered_workplace<R: Runtime>(app: &tauri::AppHandle<R>, data_dir: &Path) -> Workplace {
    app.store(data_dir.join(FILE))
        .ok()
        .and_then(|store| store.get(WORKPLACE))
        .and_then(|value| serde_json::from_value(value).ok())
        .unwrap_or_default()
}

pub fn remember_workplace<R: Runtime>(
    app: &tauri::AppHandle<R>,
    data_dir: &Path,
    workplace: &Workplace,
) {
    match serde_json::to_value(workplace) {
        Ok(value) => remember(app, data_dir, WORKPLACE, value),
        Err(error) => tracing::warn!(%error, "could not write down where HyOpps works"),
    }
}

fn remember<R: Runtime>(
    app: &tauri::AppHandle<R>,
    data_dir: &Path,
    key: &str,
    value: serde_json::Value,
) {
    match app.store(data_dir.join(FILE)) {
        Ok(store) => {
            store.set(key, value);
            if let Err(error) = store.save() {
                tracing::warn!(%error, "could not save the preferences file");
            }
        }
        Err(error) => tracing::warn!(%error, "could not open the preferences file"),
    }
}
