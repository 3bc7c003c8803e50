//! The backups folder (`backups/` in the data folder): what its files are called, what is in it,
//! and removing the regular backups beyond the newest [`KEEP_BACKUPS`].
//!
//! A backup's name says when it was made (`hyopps-2026-12-06-201500.sqlite`, UTC), so listing
//! and pruning never open a file, and a file copied in by hand with another name is left alone.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use hyopps_contract::{BackupFile, BackupKind, KEEP_BACKUPS};

/// The folder's name in the data folder.
pub const BACKUPS_DIR: &str = "backups";

const REGULAR_PREFIX: &str = "hyopps-";
const BEFORE_RESTORE_PREFIX: &str = "before-restore-";
const EXTENSION: &str = ".sqlite";
const STAMP_FORMAT: &str = "%Y-%m-%d-%H%M%S";

pub(crate) fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join(BACKUPS_DIR)
}

/// The path a backup of this kind made at `at` gets. Two in the same second (a double click)
/// would share it: the caller refuses a path that exists.
pub(crate) fn path_for(data_dir: &Path, kind: BackupKind, at: DateTime<Utc>) -> PathBuf {
    let prefix = match kind {
        BackupKind::Regular => REGULAR_PREFIX,
        BackupKind::BeforeRestore => BEFORE_RESTORE_PREFIX,
    };
    folder(data_dir).join(format!("{prefix}{}{EXTENSION}", at.format(STAMP_FORMAT)))
}

/// Every backup in the folder, newest first; an absent folder has none.
pub(crate) fn list(data_dir: &Path) -> std::io::Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(folder(data_dir)) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(error),
    };
    let mut backups = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((kind, made_at)) = parse_name(&name) else {
            continue;
        };
        let metadata = entry.metadata()?;
        if !metadata.is_file() {
            continue;
        }
        backups.push(BackupFile {
            path: entry.path().display().to_string(),
            name,
            made_at: made_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            bytes: metadata.len(),
            kind,
        });
    }
    // RFC 3339 in UTC sorts as time does.
    backups.sort_by(|a, b| b.made_at.cmp(&a.made_at).then(a.name.cmp(&b.name)));
    Ok(backups)
}

/// When the newest regular backup was made, if there is one.
pub(crate) fn newest_regular(data_dir: &Path) -> std::io::Result<Option<DateTime<Utc>>> {
    Ok(list(data_dir)?
        .into_iter()
        .filter(|backup| backup.kind == BackupKind::Regular)
        .find_map(|backup| parse_name(&backup.name).map(|(_, at)| at)))
}

/// Removes the regular backups beyond the newest [`KEEP_BACKUPS`]; answers how many went.
pub(crate) fn prune(data_dir: &Path) -> std::io::Result<u32> {
    let mut removed = 0;
    let regular = list(data_dir)?
        .into_iter()
        .filter(|backup| backup.kind == BackupKind::Regular);
    for old in regular.skip(KEEP_BACKUPS as usize) {
        std::fs::remove_file(&old.path)?;
        removed += 1;
    }
    Ok(removed)
}

fn parse_name(name: &str) -> Option<(BackupKind, DateTime<Utc>)> {
    let (kind, rest) = if let Some(rest) = name.strip_prefix(REGULAR_PREFIX) {
        (BackupKind::Regular, rest)
    } else {
        (
            BackupKind::BeforeRestore,
            name.strip_prefix(BEFORE_RESTORE_PREFIX)?,
        )
    };
    let stamp = rest.strip_suffix(EXTENSION)?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT).ok()?;
    Some((kind, at.and_utc()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_backup_is_named_after_the_moment_it_was_made_and_read_back_from_its_name() {
        let at = Utc.with_ymd_and_hms(2026, 12, 6, 20, 15, 0).unwrap();
        let path = path_for(Path::new("/data"), BackupKind::Regular, at);
        assert_eq!(
            path,
            Path::new("/data/backups/hyopps-2026-12-06-201500.sqlite")
        );
        let name = path.file_name().unwrap().to_str().unwrap();
        assert_eq!(parse_name(name), Some((BackupKind::Regular, at)));
        assert_eq!(
            parse_name("before-restore-2026-12-06-201500.sqlite"),
            Some((BackupKind::BeforeRestore, at))
        );
    }

    #[test]
    fn files_that_are_not_named_as_backups_are_not_backups() {
        for name in [
            "hyopps.db",
            "hyopps-2026-12-06.sqlite",
            "hyopps-2026-12-06-201500.sqlite.partial",
            "notes.txt",
            "hyopps-yesterday.sqlite",
        ] {
            assert_eq!(parse_name(name), None, "{name} is not a backup");
        }
    }
}
