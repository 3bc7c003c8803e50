//! The CSV exports written to the file the admin chose in the native save dialog.

use std::path::{Path, PathBuf};

use hyopps_contract::{
    CsvExport, ExportAccessReportRequest, ExportAuditLogRequest, ExportUsersRequest, SavedExport,
};

use crate::{Access, App, AppError, SessionToken};

impl App {
    /// The filtered users with their access, as CSV, into `request.path`.
    pub async fn save_users_csv(
        &self,
        token: &SessionToken,
        request: ExportUsersRequest,
    ) -> Result<SavedExport, AppError> {
        self.authorize(token, Access::Admin).await?;
        let path = chosen_file(&request.path)?;
        let export = self.export_users_csv(token, request.filter).await?;
        write(path, export).await
    }

    /// The latest check of everything's differences, as CSV, into `request.path`.
    pub async fn save_access_report_csv(
        &self,
        token: &SessionToken,
        request: ExportAccessReportRequest,
    ) -> Result<SavedExport, AppError> {
        self.authorize(token, Access::Admin).await?;
        let path = chosen_file(&request.path)?;
        let export = self.export_access_report_csv(token).await?;
        write(path, export).await
    }

    /// The filtered audit log, as CSV, into `request.path`.
    pub async fn save_audit_log_csv(
        &self,
        token: &SessionToken,
        request: ExportAuditLogRequest,
    ) -> Result<SavedExport, AppError> {
        self.authorize(token, Access::Admin).await?;
        let path = chosen_file(&request.path)?;
        let export = self.export_audit_log_csv(token, request.filter).await?;
        write(path, export).await
    }
}

/// Saves an export made elsewhere (by a HyOpps server) into the file chosen on this computer,
/// under the same rules as the exports made here. `path` is checked before `export` is asked
/// for, so a wrong path costs no export (and no audit entry) on the server.
pub async fn save_csv_export<F, E>(path: &str, export: F) -> Result<SavedExport, E>
where
    F: std::future::Future<Output = Result<CsvExport, E>>,
    E: From<AppError>,
{
    let path = chosen_file(path)?;
    Ok(write(path, export.await?).await?)
}

/// The dialog answers with an absolute path; anything else did not come from it. The file must
/// be a `.csv`: an export never replaces a document, a script or a settings file of another kind.
fn chosen_file(path: &str) -> Result<PathBuf, AppError> {
    let trimmed = path.trim();
    if trimmed.is_empty() {
        return Err(AppError::invalid("path", "Choose where to save the file."));
    }
    let path = Path::new(trimmed);
    if !path.is_absolute() || path.file_name().is_none() {
        return Err(AppError::invalid(
            "path",
            "Choose the file to save in the save dialog (a full path to a file).",
        ));
    }
    let is_csv = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("csv"));
    if !is_csv {
        return Err(AppError::invalid(
            "path",
            "Save the export as a .csv file, e.g. hyopps-users.csv.",
        ));
    }
    Ok(path.to_path_buf())
}

async fn write(path: PathBuf, export: CsvExport) -> Result<SavedExport, AppError> {
    let (content, rows) = (export.content, export.rows);
    let shown = path.display().to_string();
    tokio::task::spawn_blocking(move || std::fs::write(&path, content))
        .await
        .map_err(|e| AppError::Internal(format!("writing the export stopped: {e}")))?
        .map_err(|e| AppError::invalid("path", format!("{shown} could not be written: {e}.")))?;
    Ok(SavedExport { path: shown, rows })
}
