//! Where HyOpps keeps its files: the platform's app-data folder, or `HYOPPS_DATA_DIR`.

use std::path::PathBuf;

use tauri::{Manager, Runtime};

/// Overrides the data directory (tests, portable installs, several profiles side by side).
pub const DATA_DIR_ENV: &str = "HYOPPS_DATA_DIR";

pub fn data_dir<R: Runtime>(
    app: &tauri::AppHandle<R>,
) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let dir = match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => app.path().app_data_dir()?,
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("could not create the data directory {}: {e}", dir.display()))?;
    Ok(dir)
}
