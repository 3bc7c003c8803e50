//! Settings (admin): the outside systems' connection settings and secrets, their connection
//! tests, and importing a HyOpps v0.3 database.

use hyopps_contract::{
    BackupMade, BackupOverview, ConnectionCheck, ImportReport, ImportV03Request,
    RestoreBackupRequest, RestoreStaged, SaveSystemSettingsRequest, SettingsOverview, WireError,
};

use hyopps_contract::commands::{
    BackUpNow, EmailToArgs, GetSettings, ImportV03Database, ListBackups, RestoreBackup,
    SaveSystemSettings, SendTestEmail, SystemArgs, TestConnection,
};

use super::dialog::{choose_file, FileFilter};
use super::{call, call_with, command};

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
    call_with::<ImportV03Database, _>(request).await
}

/// Every system's settings; a secret only as "set, and where from".
pub async fn get_settings() -> Result<SettingsOverview, WireError> {
    call::<GetSettings>().await
}

/// Saves one system's values and its secret; answers with every system as it is now. An
/// invalid value is a `Validation` error keyed by the setting's key (`secret` for the secret).
pub async fn save_system_settings(
    request: &SaveSystemSettingsRequest,
) -> Result<SettingsOverview, WireError> {
    call_with::<SaveSystemSettings, _>(request).await
}

/// One real, harmless call to `system` with its saved settings.
pub async fn test_connection(system: &str) -> Result<ConnectionCheck, WireError> {
    command::<TestConnection>(&SystemArgs {
        system: system.to_owned(),
    })
    .await
}

/// A short email to `to` through the saved SMTP settings.
pub async fn send_test_email(to: &str) -> Result<ConnectionCheck, WireError> {
    command::<SendTestEmail>(&EmailToArgs { to: to.to_owned() }).await
}

/// The backups kept where the database is, newest first.
pub async fn list_backups() -> Result<BackupOverview, WireError> {
    call::<ListBackups>().await
}

pub async fn back_up_now() -> Result<BackupMade, WireError> {
    call::<BackUpNow>().await
}

/// The native open dialog for a backup file; `None` when cancelled.
pub async fn choose_backup_file() -> Result<Option<String>, WireError> {
    choose_file(
        "Choose a HyOpps backup to restore",
        &[FileFilter {
            name: "HyOpps backup",
            extensions: &["sqlite", "db"],
        }],
    )
    .await
}

/// Checks the backup and sets it to replace the database; the app then restarts. A file that
/// is not a HyOpps backup is a `Validation` error on `file`.
pub async fn restore_backup(request: &RestoreBackupRequest) -> Result<RestoreStaged, WireError> {
    call_with::<RestoreBackup, _>(request).await
}
