//! Backups (admin, Settings): the ones kept, "Back up now", and putting one back. A restore
//! replaces this computer's database at the next start, so the app restarts once the backup
//! is checked and waiting.

use std::path::Path;
use std::time::Duration;

use hyopps_contract::{
    BackupMade, BackupOverview, ErrorCode, RestoreBackupRequest, RestoreStaged, WireError,
};
use tauri::{AppHandle, Runtime, State};

use crate::DesktopState;

/// Long enough for the answer to reach the window, which then says it is restarting.
const RESTART_AFTER: Duration = Duration::from_millis(800);

#[tauri::command]
pub async fn list_backups(state: State<'_, DesktopState>) -> Result<BackupOverview, WireError> {
    Ok(state.core()?.list_backups(&state.session()).await?)
}

#[tauri::command]
pub async fn back_up_now(state: State<'_, DesktopState>) -> Result<BackupMade, WireError> {
    Ok(state.core()?.back_up_now(&state.session()).await?)
}

/// Checks the chosen file, sets it beside the database, and restarts the app to put it in place.
#[tauri::command]
pub async fn restore_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, DesktopState>,
    request: RestoreBackupRequest,
) -> Result<RestoreStaged, WireError> {
    if state.server().is_some() {
        return Err(WireError::new(
            ErrorCode::Conflict,
            "HyOpps works on a server: its database is restored on the server itself, with `hyopps-server restore FILE` while the server is stopped.",
        ));
    }
    let staged = state
        .core()?
        .restore_backup(&state.session(), Path::new(&request.path))
        .await?;
    tracing::info!(file = %staged.file_name, "restarting to restore a backup");
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(RESTART_AFTER).await;
        app.request_restart();
    });
    Ok(staged)
}
