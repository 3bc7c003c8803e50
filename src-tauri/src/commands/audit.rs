//! The audit log screen and its CSV export (admins only, checked in the core).

use hyopps_contract::{
    AuditEntryView, AuditFilterOptions, AuditListRequest, ExportAuditLogRequest, Page, SavedExport,
    WireError,
};
use tauri::State;

use hyopps_app::save_csv_export;
use hyopps_contract::commands::{AuditLogCsv, RequestArgs};
use hyopps_contract::{AuditFilter, CsvExport};

use crate::{remote, DesktopState};

/// A page of the audit log, newest first, filtered.
#[tauri::command]
pub async fn list_audit_log(
    state: State<'_, DesktopState>,
    request: AuditListRequest,
) -> Result<Page<AuditEntryView>, WireError> {
    Ok(state
        .core()?
        .list_audit_log(&state.session(), request)
        .await?)
}

/// The actions and target types the filters offer.
#[tauri::command]
pub async fn audit_filter_options(
    state: State<'_, DesktopState>,
) -> Result<AuditFilterOptions, WireError> {
    Ok(state.core()?.audit_filter_options(&state.session()).await?)
}

/// Writes the filtered audit log as CSV to the chosen file.
#[tauri::command]
pub async fn export_audit_log_csv(
    state: State<'_, DesktopState>,
    request: ExportAuditLogRequest,
) -> Result<SavedExport, WireError> {
    let Some(link) = state.server() else {
        return Ok(state
            .core()?
            .save_audit_log_csv(&state.session(), request)
            .await?);
    };
    // On a server: the server makes the export (and audits it), this computer saves it.
    let filter = request.filter;
    save_csv_export(&request.path, async move {
        let args = RequestArgs { request: filter };
        let token = remote::signed_in(&link)?;
        link.client.command::<AuditLogCsv>(Some(token), &args).await
    })
    .await
}

/// The same export as text (what a server answers a desktop that works on it).
#[tauri::command]
pub async fn audit_log_csv(
    state: State<'_, DesktopState>,
    request: AuditFilter,
) -> Result<CsvExport, WireError> {
    Ok(state
        .core()?
        .export_audit_log_csv(&state.session(), request)
        .await?)
}
