//! Putting a backup back. The live database is never swapped under open connections: a checked
//! copy of the backup waits beside it ([`PENDING_FILE`]), and the next open of the data folder
//! (the desktop restarts for it; `hyopps-server restore` opens it at once) keeps the current
//! database aside in the backups folder and moves the copy into its place.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use hyopps_contract::{BackupKind, RestoreStaged};
use hyopps_store::backup::{self, NotARestorableDatabase};
use serde::{Deserialize, Serialize};

use super::{folder, io_failed};
use crate::{create_private_dir, AppError, DATABASE_FILE};

/// The checked copy waiting to replace the database, in the data folder.
pub const PENDING_FILE: &str = "restore-pending.sqlite";
/// Who asked for it and which file it was, for the audit entry of the restored database.
const PENDING_NOTE: &str = "restore-pending.json";

#[derive(Debug, Serialize, Deserialize)]
struct PendingNote {
    file_name: String,
    requested_by: Option<String>,
}

/// A restore that has just been put in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedRestore {
    /// The backup's file name.
    pub file_name: String,
    /// Where the database it replaced was kept, if there was one.
    pub kept_aside: Option<PathBuf>,
    /// The account that asked for it (none from the command line).
    pub requested_by: Option<String>,
}

/// Whether a restore waits for the next open of `data_dir`.
pub fn restore_pending(data_dir: &Path) -> bool {
    data_dir.join(PENDING_FILE).is_file()
}

/// Checks the file at `source` and copies it beside the database, to replace it at the next
/// open. Reads the file only; a file that is not a HyOpps database of a known version is
/// refused on the field `file` and nothing changes.
pub fn stage(
    data_dir: &Path,
    source: &Path,
    requested_by: Option<&str>,
) -> Result<RestoreStaged, AppError> {
    if source.as_os_str().is_empty() || source.to_string_lossy().trim().is_empty() {
        return Err(AppError::invalid("file", "Choose a backup file."));
    }
    let file_name = source
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| source.display().to_string());
    if is_same_file(source, &data_dir.join(DATABASE_FILE)) {
        return Err(AppError::invalid(
            "file",
            "This is the database HyOpps has open now. Choose one of its backups instead.",
        ));
    }
    backup::check_file(source).map_err(|refusal| refused(&file_name, refusal))?;
    let pending = data_dir.join(PENDING_FILE);
    let partial = data_dir.join(format!("{PENDING_FILE}.partial"));
    remove_if_present(&partial)?;
    backup::copy_file(source, &partial)?;
    std::fs::rename(&partial, &pending)
        .map_err(|error| io_failed("put the backup beside the database", error))?;
    let note = PendingNote {
        file_name: file_name.clone(),
        requested_by: requested_by.map(str::to_string),
    };
    let note = serde_json::to_vec(&note).map_err(|error| AppError::Internal(error.to_string()))?;
    std::fs::write(data_dir.join(PENDING_NOTE), note)
        .map_err(|error| io_failed("note who asked for the restore", error))?;
    Ok(RestoreStaged { file_name })
}

/// Puts a waiting restore in place, before the database is opened: the current database is
/// copied into the backups folder first (a `before-restore-…` backup), then the copy replaces
/// it. A waiting file that no longer checks out is removed and the current database stays.
pub(crate) fn apply_pending(
    data_dir: &Path,
    now: DateTime<Utc>,
) -> Result<Option<AppliedRestore>, AppError> {
    let pending = data_dir.join(PENDING_FILE);
    if !pending.is_file() {
        return Ok(None);
    }
    let note = std::fs::read(data_dir.join(PENDING_NOTE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<PendingNote>(&bytes).ok());
    if let Err(refusal) = backup::check_file(&pending) {
        tracing::error!(
            ?refusal,
            "the backup waiting to be restored is not usable; the current database stays"
        );
        remove_if_present(&pending)?;
        remove_if_present(&data_dir.join(PENDING_NOTE))?;
        return Ok(None);
    }
    let live = data_dir.join(DATABASE_FILE);
    let kept_aside = if live.is_file() && std::fs::metadata(&live).map(|m| m.len()).unwrap_or(0) > 0
    {
        let aside = folder::path_for(data_dir, BackupKind::BeforeRestore, now);
        create_private_dir(&folder::folder(data_dir))
            .map_err(|error| io_failed("create the backups folder", error))?;
        let partial = aside.with_extension("sqlite.partial");
        remove_if_present(&partial)?;
        backup::copy_file(&live, &partial)?;
        std::fs::rename(&partial, &aside)
            .map_err(|error| io_failed("keep the current database aside", error))?;
        Some(aside)
    } else {
        None
    };
    // The write-ahead log and its index belong to the file being replaced: left behind, SQLite
    // would apply them to the restored one. Their content is in the copy kept aside.
    for suffix in ["-wal", "-shm"] {
        remove_if_present(&data_dir.join(format!("{DATABASE_FILE}{suffix}")))?;
    }
    std::fs::rename(&pending, &live)
        .map_err(|error| io_failed("put the backup in place of the database", error))?;
    remove_if_present(&data_dir.join(PENDING_NOTE))?;
    let (file_name, requested_by) = match note {
        Some(note) => (note.file_name, note.requested_by),
        None => (PENDING_FILE.to_string(), None),
    };
    Ok(Some(AppliedRestore {
        file_name,
        kept_aside,
        requested_by,
    }))
}

/// The message for a file that cannot be restored, naming it.
fn refused(file_name: &str, refusal: NotARestorableDatabase) -> AppError {
    let message = match refusal {
        NotARestorableDatabase::Unreadable(why) => format!("{file_name} could not be read: {why}."),
        NotARestorableDatabase::NotSqlite => {
            format!("{file_name} is not a HyOpps backup: it is not a database file at all.")
        }
        NotARestorableDatabase::NotHyOpps => format!(
            "{file_name} is not a HyOpps backup: it is a database of another program (a HyOpps \
             v0.3 database is brought in with \"Import from HyOpps v0.3…\" instead)."
        ),
        NotARestorableDatabase::Newer { found, known } => format!(
            "{file_name} was made by a newer HyOpps (database version {found}; this one knows up \
             to {known}). Update HyOpps first, then restore it."
        ),
        NotARestorableDatabase::Damaged(why) => {
            format!("{file_name} is damaged and cannot be restored ({why}).")
        }
    };
    AppError::invalid("file", message)
}

fn is_same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn remove_if_present(path: &Path) -> Result<(), AppError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(io_failed(&format!("remove {}", path.display()), error)),
    }
}
