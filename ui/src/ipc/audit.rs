//! The audit log (admin): a filtered page of it, the filter's choices, and its CSV export.

use hyopps_contract::{
    AuditEntryView, AuditFilterOptions, AuditListRequest, ExportAuditLogRequest, Page, SavedExport,
    WireError,
};

use hyopps_contract::commands::{AuditFilterOptionsCommand, ExportAuditLogCsv, ListAuditLog};

use super::dialog::choose_save_path;
use super::users::CSV_FILES;
use super::{call, call_with};

pub async fn list_audit_log(request: &AuditListRequest) -> Result<Page<AuditEntryView>, WireError> {
    call_with::<ListAuditLog, _>(request).await
}

/// The actions and target types that occur, for the filter's selects.
pub async fn audit_filter_options() -> Result<AuditFilterOptions, WireError> {
    call::<AuditFilterOptionsCommand>().await
}

/// Asks where to save the audit log CSV; `None` when the admin cancels.
pub async fn choose_audit_export_path(default_name: &str) -> Result<Option<String>, WireError> {
    choose_save_path("Export the audit log as CSV", default_name, CSV_FILES).await
}

pub async fn export_audit_log_csv(
    request: &ExportAuditLogRequest,
) -> Result<SavedExport, WireError> {
    call_with::<ExportAuditLogCsv, _>(request).await
}
