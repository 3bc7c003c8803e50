//! Backups of the database: the ones kept (made every day, or by hand with "Back up now"), and
//! putting one back ("Restore from a backup…").

use serde::{Deserialize, Serialize};

/// How many of the automatic and hand-made backups are kept; older ones are removed after each
/// new one. The copies kept aside by a restore are never removed by HyOpps.
pub const KEEP_BACKUPS: u32 = 14;

/// The backups folder and what is in it, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupOverview {
    /// Where the backups are, on the computer that holds the database.
    pub folder: String,
    pub keep: u32,
    pub backups: Vec<BackupFile>,
}

/// One backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupFile {
    /// The file's name in the backups folder, e.g. `hyopps-2026-12-06-201500.sqlite`.
    pub name: String,
    /// The whole path, for restoring it.
    pub path: String,
    /// When it was made (RFC 3339, UTC).
    pub made_at: String,
    pub bytes: u64,
    pub kind: BackupKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// Made by the daily backup or by "Back up now"; the newest [`KEEP_BACKUPS`] are kept.
    Regular,
    /// The database as it was just before a restore replaced it; kept until removed by hand.
    BeforeRestore,
}

/// A backup just made, and how many old ones were removed to keep [`KEEP_BACKUPS`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupMade {
    pub backup: BackupFile,
    pub removed: u32,
}

/// Put the database file at `path` back as HyOpps's database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreBackupRequest {
    pub path: String,
}

/// The backup is checked and waits beside the database; HyOpps restarts to put it in place
/// (keeping the current database aside as a [`BackupKind::BeforeRestore`] backup).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestoreStaged {
    pub file_name: String,
}
