//! The audit log screen and its CSV export (admins only, checked in the core).

use hyopps_contract::{
    AuditEntryView, AuditFilterOptions, AuditListRequest, ExportAuditLogRequest, Page, SavedExport,
    WireError,
};
use tauri::State;

use crate::DesktopState;

/// A page of the audit log, newest first, filtered.
#[tauri::command]
pub async fn list_audit_log(
    state: State<'_, DesktopState>,
    request: AuditListRequest,
) -> Result<Page<AuditEntryView>, WireError> {
    Ok(state.core.list_audit_log(&state.session(), request).await?)
}

/// The actions and target types the filters offer.
#[tauri::command]
pub async fn audit_filter_options(
    state: State<'_, DesktopState>,
) -> Result<AuditFilterOptions, WireError> {
    Ok(state.core.audit_filter_options(&state.session()).await?)
}

/// Writes the filtered audit log as CSV to the chosen file.
#[tauri::command]
pub async fn export_audit_log_csv(
    state: State<'_, DesktopState>,
    request: ExportAuditLogRequest,
) -> Result<SavedExport, WireError> {
    Ok(state
        .core
        .save_audit_log_csv(&state.session(), request)
        .await?)
}
