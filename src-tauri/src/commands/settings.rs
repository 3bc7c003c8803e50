//! Settings (admin): the outside systems' connections and secrets, and importing a HyOpps v0.3
//! database.

use std::path::Path;

use hyopps_contract::{
    ConnectionCheck, ErrorCode, ImportReport, ImportV03Request, SaveSystemSettingsRequest,
    SettingsOverview, WireError,
};
use tauri::State;

use crate::DesktopState;

/// Reads the chosen v0.3 file read-only and brings in every row; importing twice changes
/// nothing. The core checks the role first, then refuses an empty path or a file that is not
/// a v0.3 database.
#[tauri::command]
pub async fn import_v03_database(
    state: State<'_, DesktopState>,
    request: ImportV03Request,
) -> Result<ImportReport, WireError> {
    if state.server().is_some() {
        return Err(WireError::new(
            ErrorCode::Conflict,
            "HyOpps works on a server: a v0.3 database is imported on the server itself, with `hyopps-server import-v03 FILE`.",
        ));
    }
    Ok(state
        .core()?
        .import_v03(&state.session(), Path::new(&request.path))
        .await?)
}

/// Every system's settings; secrets only as "set, and where from".
#[tauri::command]
pub async fn get_settings(state: State<'_, DesktopState>) -> Result<SettingsOverview, WireError> {
    Ok(state.core()?.settings_overview(&state.session()).await?)
}

/// Saves one system (the secret into the OS keychain); the workflows use it from the next step.
#[tauri::command]
pub async fn save_system_settings(
    state: State<'_, DesktopState>,
    request: SaveSystemSettingsRequest,
) -> Result<SettingsOverview, WireError> {
    Ok(state
        .core()?
        .save_system_settings(&state.session(), request)
        .await?)
}

/// One real, harmless call to the system with the saved settings.
#[tauri::command]
pub async fn test_connection(
    state: State<'_, DesktopState>,
    system: String,
) -> Result<ConnectionCheck, WireError> {
    Ok(state
        .core()?
        .test_connection(&state.session(), &system)
        .await?)
}

/// A short email through the saved SMTP settings.
#[tauri::command]
pub async fn send_test_email(
    state: State<'_, DesktopState>,
    to: String,
) -> Result<ConnectionCheck, WireError> {
    Ok(state.core()?.send_test_email(&state.session(), &to).await?)
}
