//! The access check of everything (admins only, checked in the core): the screen's overview,
//! a check now, and the daily schedule.

use hyopps_app::save_csv_export;
use hyopps_contract::commands::{AccessReportCsv, NoArgs};
use hyopps_contract::{
    AccessCheckRun, AccessCheckSchedule, AccessOverview, CsvExport, ExportAccessReportRequest,
    SavedExport, WireError,
};
use tauri::State;

use crate::{remote, DesktopState};

#[tauri::command]
pub async fn access_overview(state: State<'_, DesktopState>) -> Result<AccessOverview, WireError> {
    Ok(state.core()?.access_overview(&state.session()).await?)
}

/// Checks every organisation now; may take a while with many organisations.
#[tauri::command]
pub async fn check_all_access(state: State<'_, DesktopState>) -> Result<AccessCheckRun, WireError> {
    Ok(state.core()?.check_all_access(&state.session()).await?)
}

#[tauri::command]
pub async fn set_access_check_schedule(
    state: State<'_, DesktopState>,
    request: AccessCheckSchedule,
) -> Result<AccessOverview, WireError> {
    Ok(state
        .core()?
        .set_access_check_schedule(&state.session(), request)
        .await?)
}

/// Writes the latest check's differences as CSV to the chosen file.
#[tauri::command]
pub async fn export_access_report_csv(
    state: State<'_, DesktopState>,
    request: ExportAccessReportRequest,
) -> Result<SavedExport, WireError> {
    let Some(link) = state.server() else {
        return Ok(state
            .core()?
            .save_access_report_csv(&state.session(), request)
            .await?);
    };
    // On a server: the server makes the export (and audits it), this computer saves it.
    save_csv_export(&request.path, async move {
        let token = remote::signed_in(&link)?;
        link.client
            .command::<AccessReportCsv>(Some(token), &NoArgs {})
            .await
    })
    .await
}

/// The same export as text (what a server answers a desktop that works on it).
#[tauri::command]
pub async fn access_report_csv(state: State<'_, DesktopState>) -> Result<CsvExport, WireError> {
    Ok(state
        .core()?
        .export_access_report_csv(&state.session())
        .await?)
}
