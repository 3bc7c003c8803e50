//! Where HyOpps keeps its files: the platform's app-data folder, or `HYOPPS_DATA_DIR`.
//!
//! One function for the desktop app and the command line (`hyopps import-v03`), so that both
//! always open the same database. It needs no Tauri handle: the command line runs without one.

use std::path::PathBuf;

/// Overrides the data directory (tests, portable installs, several profiles side by side).
pub const DATA_DIR_ENV: &str = "HYOPPS_DATA_DIR";

/// `identifier` in tauri.conf.json. Tauri's app-data folder is the platform's data folder joined
/// with it (`~/.local/share/com.hyopps.desktop`, `%APPDATA%\com.hyopps.desktop`, …); a test
/// checks the two agree.
pub const APP_IDENTIFIER: &str = "com.hyopps.desktop";

/// The data directory, created if needed, private to this account (0700 on Unix).
pub fn data_dir() -> Result<PathBuf, Box<dyn std::error::Error>> {
    let dir = match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => dirs::data_dir()
            .ok_or_else(|| {
                format!("this system has no folder for application data: set {DATA_DIR_ENV} to the folder HyOpps should use")
            })?
            .join(APP_IDENTIFIER),
    };
    hyopps_app::create_private_dir(&dir)
        .map_err(|e| format!("could not create the data directory {}: {e}", dir.display()))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_identifier_is_tauri_conf_json_s() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        assert_eq!(
            config["identifier"], APP_IDENTIFIER,
            "the command line must find the database where the app keeps it"
        );
    }
}
