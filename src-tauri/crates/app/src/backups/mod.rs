//! Backups of the database: one a day by itself, one whenever an admin asks ("Back up now"),
//! the newest [`KEEP_BACKUPS`] kept in `backups/` beside the database ([`folder`]), and putting
//! one back ([`restore`]).
//!
//! A backup is SQLite's online copy of one consistent moment, made on a read connection: the
//! engine and the screens go on meanwhile. The desktop and `hyopps-server` both make the daily
//! one ([`App::keep_daily_backups`]); a restore is checked when it is asked for and again when
//! it is put in place, at the next open of the data folder.

mod folder;
mod restore;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use hyopps_contract::{BackupKind, BackupMade, BackupOverview, RestoreStaged, KEEP_BACKUPS};
use hyopps_store::audit;
use serde_json::json;

use crate::clock::stamp;
use crate::{create_private_dir, Access, App, AppError, SessionToken, DATABASE_FILE};
pub use folder::BACKUPS_DIR;
pub(crate) use restore::apply_pending;
pub use restore::{restore_pending, stage as stage_restore, AppliedRestore, PENDING_FILE};

/// When a running desktop or server first looks whether the daily backup is due (out of the
/// way of start-up), and how often afterwards.
pub const FIRST_BACKUP_LOOK: Duration = Duration::from_secs(60);
pub const BACKUP_LOOK: Duration = Duration::from_secs(60 * 60);

/// How old the newest backup may get before the daily one is made.
const DAILY: chrono::Duration = chrono::Duration::hours(24);

impl App {
    /// The backups kept beside the database, newest first.
    pub async fn list_backups(&self, token: &SessionToken) -> Result<BackupOverview, AppError> {
        self.authorize(token, Access::Admin).await?;
        let data_dir = self.data_dir();
        Ok(BackupOverview {
            folder: folder::folder(&data_dir).display().to_string(),
            keep: KEEP_BACKUPS,
            backups: folder::list(&data_dir)
                .map_err(|e| io_failed("read the backups folder", e))?,
        })
    }

    /// Makes a backup now, whatever the daily one has done.
    pub async fn back_up_now(&self, token: &SessionToken) -> Result<BackupMade, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let made = self.make_backup().await?;
        let summary = json!({ "file": made.backup.name, "bytes": made.backup.bytes, "removed_old": made.removed });
        self.record_database_event(Some(actor.user_id), "backup_made", summary)
            .await?;
        Ok(made)
    }

    /// Checks the file at `path` and sets it to replace the database at the next open (the
    /// desktop restarts for it). The request is recorded in the current database, which is
    /// kept aside with it.
    pub async fn restore_backup(
        &self,
        token: &SessionToken,
        path: &Path,
    ) -> Result<RestoreStaged, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let data_dir = self.data_dir();
        let source = path.to_path_buf();
        let requested_by = actor.user_id.clone();
        let staged = tokio::task::spawn_blocking(move || {
            restore::stage(&data_dir, &source, Some(&requested_by))
        })
        .await
        .map_err(|error| AppError::Internal(error.to_string()))??;
        let summary = json!({ "file": staged.file_name });
        self.record_database_event(Some(actor.user_id), "restore_requested", summary)
            .await?;
        Ok(staged)
    }

    /// Makes the daily backup if the newest one is a day old or there is none; answers it.
    pub async fn back_up_if_due(&self) -> Result<Option<BackupMade>, AppError> {
        let newest = folder::newest_regular(&self.data_dir())
            .map_err(|e| io_failed("read the backups folder", e))?;
        if newest.is_some_and(|made_at| !is_due(made_at, self.clock.now())) {
            return Ok(None);
        }
        self.make_backup().await.map(Some)
    }

    /// The daily backup, for as long as it runs: looked at after `first_look_after`, then
    /// every `every` (the desktop from start to quit, the server while it serves). A failure is
    /// logged and tried again at the next look.
    pub async fn keep_daily_backups(&self, first_look_after: Duration, every: Duration) {
        tokio::time::sleep(first_look_after).await;
        loop {
            match self.back_up_if_due().await {
                Ok(Some(made)) => {
                    tracing::info!(file = %made.backup.name, removed_old = made.removed, "daily backup made")
                }
                Ok(None) => {}
                Err(error) => tracing::error!(%error, "could not make the daily backup"),
            }
            tokio::time::sleep(every).await;
        }
    }

    /// One audit entry about the database as a whole.
    async fn record_database_event(
        &self,
        actor_user_id: Option<String>,
        action: &'static str,
        summary: serde_json::Value,
    ) -> Result<(), AppError> {
        let at = stamp(self.clock.now());
        self.store
            .write(move |tx| database_entry(tx, &at, actor_user_id, action, summary))
            .await?;
        Ok(())
    }

    /// Records, in a database just restored, that it was and what was kept aside. At open,
    /// outside any runtime: the blocking write.
    pub(crate) fn record_restore(&self, restored: &AppliedRestore) -> Result<(), AppError> {
        let at = stamp(self.clock.now());
        let user_id = restored.requested_by.clone();
        let summary = json!({
            "file": restored.file_name,
            "previous_database_kept_as": restored.kept_aside.as_ref().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()),
        });
        self.store.write_blocking(move |tx| {
            database_entry(tx, &at, user_id, "database_restored", summary)
        })?;
        Ok(())
    }

    async fn make_backup(&self) -> Result<BackupMade, AppError> {
        let data_dir = self.data_dir();
        let new = NewBackup::at(&data_dir, self.clock.now())?;
        self.store.copy_to(&new.partial).await?;
        new.finish(&data_dir)
    }

    /// The data folder: where the database file is.
    fn data_dir(&self) -> PathBuf {
        self.store
            .path()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }
}

/// Makes a backup of the database in `data_dir` now without opening HyOpps, only reading the
/// file: `hyopps-server backup` runs it beside a serving server (before an upgrade, from cron).
pub fn back_up_folder(data_dir: &Path, now: DateTime<Utc>) -> Result<BackupMade, AppError> {
    let live = data_dir.join(DATABASE_FILE);
    if !live.is_file() {
        return Err(AppError::NotFound(format!(
            "There is no HyOpps database in {}.",
            data_dir.display()
        )));
    }
    let new = NewBackup::at(data_dir, now)?;
    hyopps_store::backup::copy_file(&live, &new.partial)?;
    new.finish(data_dir)
}

/// A backup being made: written under another name first, so a copy cut short is never taken
/// for a backup.
struct NewBackup {
    path: PathBuf,
    partial: PathBuf,
}

impl NewBackup {
    fn at(data_dir: &Path, now: DateTime<Utc>) -> Result<NewBackup, AppError> {
        create_private_dir(&folder::folder(data_dir))
            .map_err(|e| io_failed("create the backups folder", e))?;
        let path = folder::path_for(data_dir, BackupKind::Regular, now);
        if path.exists() {
            return Err(AppError::Conflict(
                "A backup was made this very second. Wait a moment and try again.".into(),
            ));
        }
        let partial = path.with_extension("sqlite.partial");
        let _ = std::fs::remove_file(&partial);
        Ok(NewBackup { path, partial })
    }

    /// Names the copy as a backup, then removes the old ones beyond [`KEEP_BACKUPS`].
    fn finish(self, data_dir: &Path) -> Result<BackupMade, AppError> {
        std::fs::rename(&self.partial, &self.path)
            .map_err(|e| io_failed("name the new backup", e))?;
        let removed = folder::prune(data_dir).map_err(|e| io_failed("remove old backups", e))?;
        let backup = folder::list(data_dir)
            .map_err(|e| io_failed("read the backups folder", e))?
            .into_iter()
            .find(|backup| Path::new(&backup.path) == self.path)
            .ok_or_else(|| {
                AppError::Internal("the new backup is not in the backups folder".into())
            })?;
        Ok(BackupMade { backup, removed })
    }
}

fn is_due(newest: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - newest >= DAILY
}

/// The audit entry of something done to the database as a whole.
fn database_entry(
    tx: &hyopps_store::Connection,
    at: &str,
    actor_user_id: Option<String>,
    action: &str,
    summary: serde_json::Value,
) -> Result<String, hyopps_store::StoreError> {
    audit::record(
        tx,
        &audit::Entry {
            at,
            actor_user_id: actor_user_id.as_deref(),
            action,
            target_type: "database",
            target_id: None,
            summary,
        },
    )
}

fn io_failed(what: &str, error: std::io::Error) -> AppError {
    AppError::Internal(format!("Could not {what}: {error}"))
}
