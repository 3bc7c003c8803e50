//! Backups in the operator's words: sizes as people read them, what a new backup did, and
//! which kind each file is.

use hyopps_contract::{BackupFile, BackupKind, BackupMade};

/// A file's size, rounded as a file manager shows it ("820 KB", "1.4 MB").
pub fn size_text(bytes: u64) -> String {
    const KB: f64 = 1000.0;
    let bytes = bytes as f64;
    if bytes < KB {
        format!("{bytes} bytes")
    } else if bytes < KB * KB {
        format!("{:.0} KB", bytes / KB)
    } else if bytes < KB * KB * KB {
        format!("{:.1} MB", bytes / (KB * KB))
    } else {
        format!("{:.1} GB", bytes / (KB * KB * KB))
    }
}

/// What the list says a file is.
pub fn kind_text(backup: &BackupFile) -> &'static str {
    match backup.kind {
        BackupKind::Regular => "Backup",
        BackupKind::BeforeRestore => "Kept before a restore",
    }
}

/// What "Back up now" did, in one line.
pub fn made_text(made: &BackupMade) -> String {
    let mut text = format!(
        "Backed up: {} ({}).",
        made.backup.name,
        size_text(made.backup.bytes)
    );
    match made.removed {
        0 => {}
        1 => text.push_str(" The oldest backup was removed."),
        n => text.push_str(&format!(" The {n} oldest backups were removed.")),
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backup(kind: BackupKind, bytes: u64) -> BackupFile {
        BackupFile {
            name: "hyopps-2026-12-06-201500.sqlite".into(),
            path: "/data/backups/hyopps-2026-12-06-201500.sqlite".into(),
            made_at: "2026-12-06T20:15:00Z".into(),
            bytes,
            kind,
        }
    }

    #[test]
    fn sizes_read_as_a_file_manager_shows_them() {
        assert_eq!(size_text(512), "512 bytes");
        assert_eq!(size_text(819_200), "819 KB");
        assert_eq!(size_text(1_400_000), "1.4 MB");
        assert_eq!(size_text(2_500_000_000), "2.5 GB");
    }

    #[test]
    fn a_new_backup_says_its_name_its_size_and_what_was_removed() {
        let made = |removed| BackupMade {
            backup: backup(BackupKind::Regular, 1_400_000),
            removed,
        };
        assert_eq!(
            made_text(&made(0)),
            "Backed up: hyopps-2026-12-06-201500.sqlite (1.4 MB)."
        );
        assert_eq!(
            made_text(&made(1)),
            "Backed up: hyopps-2026-12-06-201500.sqlite (1.4 MB). The oldest backup was removed."
        );
        assert!(made_text(&made(3)).ends_with("The 3 oldest backups were removed."));
    }

    #[test]
    fn a_copy_kept_by_a_restore_says_so() {
        assert_eq!(kind_text(&backup(BackupKind::Regular, 1)), "Backup");
        assert_eq!(
            kind_text(&backup(BackupKind::BeforeRestore, 1)),
            "Kept before a restore"
        );
    }
}
