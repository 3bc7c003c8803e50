//! Small user preferences kept with tauri-plugin-store in the data directory (never a password).

use std::path::Path;

use tauri::Runtime;
use tauri_plugin_store::StoreExt;

const FILE: &str = "preferences.json";
const LAST_EMAIL: &str = "last_signed_in_email";

pub fn remembered_email<R: Runtime>(app: &tauri::AppHandle<R>, data_dir: &Path) -> Option<String> {
    let store = app.store(data_dir.join(FILE)).ok()?;
    store.get(LAST_EMAIL)?.as_str().map(str::to_owned)
}

pub fn remember_email<R: Runtime>(app: &tauri::AppHandle<R>, data_dir: &Path, email: &str) {
    match app.store(data_dir.join(FILE)) {
        Ok(store) => {
            store.set(LAST_EMAIL, email);
            if let Err(error) = store.save() {
                tracing::warn!(%error, "could not save the preferences file");
            }
        }
        Err(error) => tracing::warn!(%error, "could not open the preferences file"),
    }
}
