//! Settings (admin): the outside systems' connection settings and secrets, their connection
//! tests, and importing a HyOpps v0.3 database.

use hyopps_contract::{
    ConnectionCheck, ImportReport, ImportV03Request, SaveSystemSettingsRequest, SettingsOverview,
    WireError,
};
use serde::Serialize;

use super::dialog::{choose_file, FileFilter};
use super::{call, call_args, call_with};

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

/// Every system's settings; a secret only as "set, and where from".
pub async fn get_settings() -> Result<SettingsOverview, WireError> {
    call("get_settings").await
}

/// Saves one system's values and its secret; answers with every system as it is now. An
/// invalid value is a `Validation` error keyed by the setting's key (`secret` for the secret).
pub async fn save_system_settings(
    request: &SaveSystemSettingsRequest,
) -> Result<SettingsOverview, WireError> {
    call_with("save_system_settings", request).await
}

/// One real, harmless call to `system` with its saved settings.
pub async fn test_connection(system: &str) -> Result<ConnectionCheck, WireError> {
    #[derive(Serialize)]
    struct Args<'a> {
        system: &'a str,
    }
    call_args("test_connection", &Args { system }).await
}

/// A short email to `to` through the saved SMTP settings.
pub async fn send_test_email(to: &str) -> Result<ConnectionCheck, WireError> {
    #[derive(Serialize)]
    struct Args<'a> {
        to: &'a str,
    }
    call_args("send_test_email", &Args { to }).await
}
