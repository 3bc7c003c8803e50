//! Settings (admin): importing a HyOpps v0.3 database.

use hyopps_contract::{ImportReport, ImportV03Request, WireError};

use super::call_with;
use super::dialog::{choose_file, FileFilter};

/// Asks for the v0.3 `hyopps_py.db` in the native dialog; `None` when the admin cancels.
pub async fn choose_v03_database() -> Result<Option<String>, WireError> {
    choose_file(
        "Choose the hyopps_py.db of HyOpps v0.3",
        &[FileFilter {
            name: "SQLite database",
            extensions: &["db", "sqlite", "sqlite3"],
        }],
    )
    .await
}

/// Imports the v0.3 database at `request.path`. A file that is not one is a `Validation`
/// error on `file` whose message says what the file is and what to choose instead.
pub async fn import_v03_database(request: &ImportV03Request) -> Result<ImportReport, WireError> {
    call_with("import_v03_database", request).await
}
