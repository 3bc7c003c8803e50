//! Backups through the app's public use cases, on real SQLite files in a temporary data
//! folder: "Back up now", the daily backup and how many are kept, a restore put in place at the
//! next open (the desktop restarts for it), and every file a restore must refuse, leaving
//! everything as it was.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Duration, TimeZone, Utc};
use hyopps_app::backups::{restore_pending, stage_restore, BACKUPS_DIR, PENDING_FILE};
use hyopps_app::{App, AppError, AuthPolicy, ManualClock, SessionToken, DATABASE_FILE};
use hyopps_contract::{
    AuditFilter, AuditListRequest, BackupKind, ErrorCode, OrganizationListRequest, WireError,
    KEEP_BACKUPS,
};
use hyopps_store::{Store, StoreError};

const SEEDED_ADMIN: &str = "admin@hyopps.local";
const PASSWORD: &str = "a much better passphrase";
/// Names as partners have them: punctuation, accents, more than fifty characters.
const KEPT: &str = "O'Brien & Söhne <Logistik> — Niederlassung Süd, Zweigstelle München";
const LATER: &str = "Müller + Partner";

async fn signed_in_admin(app: &App) -> SessionToken {
    let (token, _) = app.sign_in(SEEDED_ADMIN, "admin123").await.unwrap();
    app.change_own_password(&token, "admin123", PASSWORD)
        .await
        .unwrap();
    token
}

async fn sign_in_again(app: &App) -> SessionToken {
    app.sign_in(SEEDED_ADMIN, PASSWORD).await.unwrap().0
}

fn add_organization(app: &App, id: &str, name: &str) {
    let (id, name) = (id.to_string(), name.to_string());
    app.store()
        .write_blocking(move |tx| -> Result<(), StoreError> {
            tx.execute(
                "INSERT INTO organizations (id, name, account_types, created_at)
                 VALUES (?1, ?2, '[\"partner\"]', '2026-12-01T08:00:00.000Z')",
                [&id, &name],
            )?;
            Ok(())
        })
        .unwrap();
}

async fn organization_names(app: &App, admin: &SessionToken) -> Vec<String> {
    let page = app
        .list_organizations(admin, OrganizationListRequest::default())
        .await
        .unwrap();
    let mut names: Vec<String> = page.items.into_iter().map(|row| row.name).collect();
    names.sort();
    names
}

async fn audit_actions(app: &App, admin: &SessionToken) -> Vec<String> {
    let request = AuditListRequest {
        filter: AuditFilter {
            target_type: Some("database".into()),
            ..AuditFilter::default()
        },
        page: 1,
        page_size: 100,
    };
    let page = app.list_audit_log(admin, request).await.unwrap();
    page.items.into_iter().map(|entry| entry.action).collect()
}

fn wire(error: AppError) -> WireError {
    WireError::from(error)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[tokio::test]
async fn a_backup_put_back_returns_the_database_to_that_moment_and_keeps_the_later_one_aside() {
    let data = tempfile::tempdir().unwrap();
    let app = App::open(data.path()).unwrap();
    let admin = signed_in_admin(&app).await;
    add_organization(&app, "org-kept", KEPT);

    let made = app.back_up_now(&admin).await.unwrap();
    assert_eq!(made.removed, 0);
    assert_eq!(made.backup.kind, BackupKind::Regular);
    assert!(made.backup.bytes > 0, "the backup holds the database");
    let listed = app.list_backups(&admin).await.unwrap();
    assert_eq!(listed.keep, KEEP_BACKUPS);
    assert_eq!(listed.backups, vec![made.backup.clone()]);
    assert_eq!(
        Path::new(&listed.folder),
        data.path().join(BACKUPS_DIR),
        "the backups are beside the database"
    );

    // Work goes on after the backup, then the admin puts it back.
    add_organization(&app, "org-later", LATER);
    let staged = app
        .restore_backup(&admin, Path::new(&made.backup.path))
        .await
        .unwrap();
    assert_eq!(staged.file_name, made.backup.name);
    assert!(restore_pending(data.path()));
    assert_eq!(
        organization_names(&app, &admin).await,
        [LATER, KEPT],
        "nothing changes before the restart"
    );

    // The restart: this app closes, the next open puts the backup in place.
    drop(app);
    let app = App::open(data.path()).unwrap();
    let admin = sign_in_again(&app).await;
    assert_eq!(
        organization_names(&app, &admin).await,
        [KEPT],
        "the database is as it was when the backup was made"
    );
    assert!(!restore_pending(data.path()), "the restore is done once");
    assert_eq!(
        audit_actions(&app, &admin).await,
        ["database_restored"],
        "the restored database says it was restored (its backup was made before the entry saying so)"
    );

    // What was replaced is kept, whole, as a backup of its own kind.
    let backups = app.list_backups(&admin).await.unwrap().backups;
    let aside: Vec<_> = backups
        .iter()
        .filter(|backup| backup.kind == BackupKind::BeforeRestore)
        .collect();
    assert_eq!(aside.len(), 1, "one copy kept aside: {backups:?}");
    let replaced = App::new(
        Store::open(&copy_of(&aside[0].path, data.path())).unwrap(),
        Arc::new(ManualClock::new(Utc::now())),
        AuthPolicy::default(),
    );
    let admin_there = sign_in_again(&replaced).await;
    assert_eq!(
        organization_names(&replaced, &admin_there).await,
        [LATER, KEPT],
        "the database the restore replaced holds the later work"
    );
    assert_eq!(
        audit_actions(&replaced, &admin_there).await,
        ["restore_requested", "backup_made"]
    );

    // Opening again restores nothing more.
    drop(app);
    let app = App::open(data.path()).unwrap();
    let admin = sign_in_again(&app).await;
    assert_eq!(organization_names(&app, &admin).await, [KEPT]);
}

/// A copy of a backup to open, so that opening it (which migrates and writes) leaves the
/// backup itself as it was.
fn copy_of(path: &str, data_dir: &Path) -> PathBuf {
    let copy = data_dir.join("opened-copy.sqlite");
    std::fs::copy(path, &copy).unwrap();
    copy
}

#[tokio::test]
async fn a_file_that_is_not_a_hyopps_backup_is_refused_and_nothing_changes() {
    let data = tempfile::tempdir().unwrap();
    let app = App::open(data.path()).unwrap();
    let admin = signed_in_admin(&app).await;
    add_organization(&app, "org-kept", KEPT);
    let elsewhere = tempfile::tempdir().unwrap();

    let text = elsewhere.path().join("notes.sqlite");
    std::fs::write(
        &text,
        "Backup of O'Brien & Söhne — not really, just text.\n",
    )
    .unwrap();
    let other_program = elsewhere.path().join("inventory.sqlite");
    rusqlite::Connection::open(&other_program)
        .unwrap()
        .execute_batch("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);")
        .unwrap();
    let v03 = elsewhere.path().join("hyopps_py.db");
    hyopps_v03_fixture::build(&v03, hyopps_v03_fixture::Variant::Latest);
    let newer = elsewhere.path().join("from-the-future.sqlite");
    app.store().copy_to(&newer).await.unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let truncated = elsewhere.path().join("cut-short.sqlite");
    let whole = std::fs::read(&newer).unwrap();
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();
    let live = data.path().join(DATABASE_FILE);

    let cases: [(&Path, &str); 8] = [
        (Path::new(""), "Choose a backup file."),
        (
            &elsewhere.path().join("missing.sqlite"),
            "missing.sqlite could not be read",
        ),
        (
            &text,
            "notes.sqlite is not a HyOpps backup: it is not a database file at all.",
        ),
        (
            &other_program,
            "inventory.sqlite is not a HyOpps backup: it is a database of another program",
        ),
        (&v03, "Import from HyOpps v0.3"),
        (&newer, "was made by a newer HyOpps (database version 999"),
        (&truncated, "cut-short.sqlite"),
        (&live, "This is the database HyOpps has open now."),
    ];
    for (path, expected) in cases {
        let error = wire(app.restore_backup(&admin, path).await.unwrap_err());
        assert_eq!(error.code, ErrorCode::Validation, "{path:?}: {error:?}");
        let message = error.fields.get("file").cloned().unwrap_or_default();
        assert!(
            message.contains(expected),
            "{path:?} is refused saying {expected:?}; it said {message:?}"
        );
        assert!(
            !restore_pending(data.path()),
            "{path:?}: nothing waits to be restored"
        );
    }
    assert_eq!(
        files_in(data.path())
            .iter()
            .filter(|name| name.contains("restore"))
            .count(),
        0,
        "no file was left beside the database"
    );

    drop(app);
    let app = App::open(data.path()).unwrap();
    let admin = sign_in_again(&app).await;
    assert_eq!(organization_names(&app, &admin).await, [KEPT]);
    assert!(
        audit_actions(&app, &admin).await.is_empty(),
        "no restore was recorded"
    );
}

#[tokio::test]
async fn only_administrators_back_up_and_restore() {
    let data = tempfile::tempdir().unwrap();
    let app = App::open(data.path()).unwrap();
    let signed_out = SessionToken::none();
    assert_eq!(
        wire(app.back_up_now(&signed_out).await.unwrap_err()).code,
        ErrorCode::Unauthorized
    );
    assert_eq!(
        wire(app.list_backups(&signed_out).await.unwrap_err()).code,
        ErrorCode::Unauthorized
    );
    let admin = signed_in_admin(&app).await;
    let made = app.back_up_now(&admin).await.unwrap();
    assert_eq!(
        wire(
            app.restore_backup(&signed_out, Path::new(&made.backup.path))
                .await
                .unwrap_err()
        )
        .code,
        ErrorCode::Unauthorized
    );
    assert!(!restore_pending(data.path()));
}

#[tokio::test]
async fn the_daily_backup_comes_once_a_day_and_the_newest_fourteen_are_kept() {
    let data = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 12, 1, 3, 0, 0).unwrap(),
    ));
    let app = App::new(
        Store::open(&data.path().join(DATABASE_FILE)).unwrap(),
        clock.clone(),
        AuthPolicy::default(),
    );
    let first = app.back_up_if_due().await.unwrap();
    assert!(first.is_some(), "no backup yet: one is due");
    clock.advance(Duration::hours(23));
    assert_eq!(
        app.back_up_if_due().await.unwrap(),
        None,
        "23 hours later the last one is recent enough"
    );
    clock.advance(Duration::hours(1));
    assert!(app.back_up_if_due().await.unwrap().is_some(), "a day later");

    // Twenty days of daily backups: the newest fourteen stay, each new one removing the oldest.
    let mut removed = 0;
    for _ in 0..20 {
        clock.advance(Duration::days(1));
        removed += app.back_up_if_due().await.unwrap().unwrap().removed;
    }
    let folder = data.path().join(BACKUPS_DIR);
    let kept = files_in(&folder);
    assert_eq!(kept.len(), KEEP_BACKUPS as usize, "{kept:?}");
    assert_eq!(removed, 22 - KEEP_BACKUPS);
    assert_eq!(kept.last().unwrap(), "hyopps-2026-12-22-030000.sqlite");
    assert_eq!(kept.first().unwrap(), "hyopps-2026-12-09-030000.sqlite");

    // A copy kept aside by a restore and a file put there by hand are never removed.
    std::fs::write(folder.join("my-copy.sqlite"), "mine").unwrap();
    std::fs::copy(
        folder.join(&kept[0]),
        folder.join("before-restore-2026-01-01-000000.sqlite"),
    )
    .unwrap();
    clock.advance(Duration::days(1));
    app.back_up_if_due().await.unwrap().unwrap();
    let now_kept = files_in(&folder);
    assert!(now_kept.contains(&"my-copy.sqlite".to_string()));
    assert!(now_kept.contains(&"before-restore-2026-01-01-000000.sqlite".to_string()));
    assert_eq!(now_kept.len(), KEEP_BACKUPS as usize + 2);
}

#[test]
fn a_restore_from_the_command_line_is_put_in_place_at_the_next_open() {
    let data = tempfile::tempdir().unwrap();
    let backup = {
        let app = App::open(data.path()).unwrap();
        add_organization(&app, "org-kept", KEPT);
        // `hyopps-server backup` beside a serving server: the file is only read.
        let made = hyopps_app::backups::back_up_folder(data.path(), Utc::now()).unwrap();
        add_organization(&app, "org-later", LATER);
        made.backup
    };
    let staged = stage_restore(data.path(), Path::new(&backup.path), None).unwrap();
    assert_eq!(staged.file_name, backup.name);
    assert!(data.path().join(PENDING_FILE).is_file());
    let app = App::open(data.path()).unwrap();
    let names: Vec<String> = app
        .store()
        .read_blocking(|c| -> Result<Vec<String>, StoreError> {
            let mut statement = c.prepare("SELECT name FROM organizations ORDER BY name")?;
            let names = statement
                .query_map([], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            Ok(names)
        })
        .unwrap();
    assert_eq!(names, [KEPT]);
}
