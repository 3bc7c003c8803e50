//! Settings (admin): importing a HyOpps v0.3 database.

use std::path::Path;

use hyopps_contract::{ImportReport, ImportV03Request, WireError};
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
    Ok(state
        .core
        .import_v03(&state.session(), Path::new(&request.path))
        .await?)
}
