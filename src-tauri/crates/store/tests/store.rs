//! The store through its public interface, on real SQLite files in temporary folders.

#[path = "store/committed_together.rs"]
mod committed_together;
#[path = "store/execution_order.rs"]
mod execution_order;
#[path = "store/person_reuse.rs"]
mod person_reuse;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::thread;

use hyopps_store::{
    migration_file_names, migrations, users, Store, StoreError, EXPECTED_BUSY_TIMEOUT_MS,
};

fn open_temp() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("hyopps.db")).expect("a fresh database opens");
    (dir, store)
}

/// The audit entry 'taken' that a failing job inserts again. It exists before any job runs, so
/// whether a job fails cannot depend on the order the writer happens to run them in.
fn insert_the_row_failing_jobs_collide_with(store: &Store) {
    store
        .write_blocking(|tx| -> Result<(), StoreError> {
            tx.execute(
                "INSERT INTO audit_log (id, at, action) VALUES ('taken', 'now', 'sentinel')",
                [],
            )?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn migrations_validate() {
    migrations()
        .validate()
        .expect("every migration applies cleanly to an empty database");
}

#[test]
fn every_migration_file_is_listed_in_order() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../migrations");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".sql"))
        .collect();
    let listed: Vec<&str> = migration_file_names().collect();
    assert_eq!(
        listed
            .iter()
            .map(|s| s.to_string())
            .collect::<BTreeSet<_>>(),
        on_disk,
        "a file in migrations/ that is not listed would never be applied"
    );
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted, "migrations are applied in file-name order");
}

#[test]
fn the_pragmas_really_took_on_writer_and_readers() {
    let (_dir, store) = open_temp();
    let on_writer = store
        .write_blocking(|tx| -> Result<_, StoreError> {
            let journal: String = tx.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            let synchronous: i64 = tx.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
            let foreign_keys: i64 = tx.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
            let busy: i64 = tx.query_row("PRAGMA busy_timeout", [], |r| r.get(0))?;
            Ok((journal, synchronous, foreign_keys, busy))
        })
        .unwrap();
    assert_eq!(
        on_writer,
        ("wal".to_string(), 1, 1, EXPECTED_BUSY_TIMEOUT_MS),
        "writer: WAL, NORMAL, FK on, busy timeout"
    );

    let on_reader = store
        .read_blocking(|conn| -> Result<_, StoreError> {
            let foreign_keys: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
            let query_only: i64 = conn.query_row("PRAGMA query_only", [], |r| r.get(0))?;
            Ok((foreign_keys, query_only))
        })
        .unwrap();
    assert_eq!(
        on_reader,
        (1, 1),
        "readers enforce foreign keys and refuse writes"
    );
}

#[test]
fn a_reader_cannot_write() {
    let (_dir, store) = open_temp();
    let result = store.read_blocking(|conn| -> Result<usize, StoreError> {
        Ok(conn.execute("DELETE FROM resources", [])?)
    });
    assert!(result.is_err(), "query_only readers must refuse writes");
}

#[test]
fn seed_data_is_present() {
    let (_dir, store) = open_temp();
    let (resources, workflows, steps_np, steps_npu, admin) = store
        .read_blocking(|conn| -> Result<_, StoreError> {
            let resources: Vec<String> = conn
                .prepare("SELECT name FROM resources ORDER BY name")?
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let workflows: i64 =
                conn.query_row("SELECT count(*) FROM workflow_definitions", [], |r| {
                    r.get(0)
                })?;
            let count_steps = |name: &str| -> rusqlite::Result<i64> {
                conn.query_row(
                    "SELECT count(*) FROM workflow_step_definitions s JOIN workflow_definitions d
                      ON d.id = s.workflow_definition_id WHERE d.name = ?1",
                    [name],
                    |r| r.get(0),
                )
            };
            let admin = users::credentials_by_email(conn, "ADMIN@hyopps.local")?;
            Ok((
                resources,
                workflows,
                count_steps("new_partner")?,
                count_steps("new_partner_user")?,
                admin,
            ))
        })
        .unwrap();
    assert_eq!(
        resources,
        [
            "KeyCloak",
            "LMS",
            "Metabase",
            "Microsoft Teams",
            "Slack",
            "Studio"
        ]
    );
    assert_eq!(workflows, 2);
    assert_eq!(steps_np, 8, "new_partner has 8 steps");
    assert_eq!(steps_npu, 9, "new_partner_user has 9 steps");
    let admin = admin.expect("the default admin is seeded and found regardless of email case");
    assert_eq!(admin.app_role, "admin");
    assert!(
        admin.must_change_password,
        "the default admin must set a new password first"
    );
    assert!(admin.password_hash.unwrap().starts_with("$argon2id$"));
}

#[test]
fn reopening_keeps_data_and_does_not_reseed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hyopps.db");
    drop(Store::open(&path).unwrap());
    let store = Store::open(&path).expect("an existing, migrated database reopens");
    let admins: i64 = store
        .read_blocking(|c| -> Result<_, StoreError> {
            Ok(c.query_row(
                "SELECT count(*) FROM users WHERE app_role = 'admin'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(admins, 1);
}

#[cfg(unix)]
#[test]
fn the_database_and_its_wal_are_private_to_their_owner() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hyopps.db");
    let store = Store::open(&path).unwrap();
    store
        .write_blocking(|tx| -> Result<_, StoreError> {
            Ok(tx.execute(
                "INSERT INTO organizations (id, name, created_at) VALUES ('o1', 'Acme', 'now')",
                [],
            )?)
        })
        .unwrap();
    let wal = dir.path().join("hyopps.db-wal");
    assert_eq!(
        mode(&path),
        0o600,
        "password hashes and people's data: owner only"
    );
    assert_eq!(mode(&wal), 0o600, "the WAL holds the same data: {wal:?}");
    drop(store);

    // An older version left it readable by everyone: opening it again makes it private.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    drop(Store::open(&path).unwrap());
    assert_eq!(
        mode(&path),
        0o600,
        "an existing database is made private too"
    );
}

#[test]
fn a_failed_job_rolls_back_everything_it_wrote() {
    let (_dir, store) = open_temp();
    let result: Result<(), StoreError> = store.write_blocking(|tx| {
        tx.execute("DELETE FROM access_grants", [])?;
        tx.execute(
            "INSERT INTO organizations (id, name, created_at) VALUES ('o1', 'Acme', 'now')",
            [],
        )?;
        // A second organisation of the same name (any case) violates UNIQUE: the whole job fails.
        tx.execute(
            "INSERT INTO organizations (id, name, created_at) VALUES ('o2', 'ACME', 'now')",
            [],
        )?;
        Ok(())
    });
    assert!(
        result.is_err(),
        "organisation names are unique regardless of case"
    );
    let count: i64 = store
        .read_blocking(|c| -> Result<_, StoreError> {
            Ok(c.query_row("SELECT count(*) FROM organizations", [], |r| r.get(0))?)
        })
        .unwrap();
    assert_eq!(
        count, 0,
        "the first insert was rolled back with the failed job"
    );
}

#[test]
fn a_panicking_job_does_not_stop_the_writer() {
    let (_dir, store) = open_temp();
    let panicked =
        store.write_blocking(|_tx| -> Result<(), StoreError> { panic!("a bug in a job") });
    assert!(matches!(panicked, Err(StoreError::WorkerGone(_))));
    store
        .write_blocking(|tx| -> Result<_, StoreError> {
            Ok(tx.execute("DELETE FROM audit_log", [])?)
        })
        .expect("the writer still takes jobs after one panicked");
}

#[test]
fn many_threads_writing_and_reading_at_once_get_no_lock_error() {
    const THREADS: usize = 16;
    const WRITES_EACH: usize = 100;
    let (_dir, store) = open_temp();
    insert_the_row_failing_jobs_collide_with(&store);
    let store = Arc::new(store);
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let store = Arc::clone(&store);
            thread::spawn(move || {
                for i in 0..WRITES_EACH {
                    store
                        .write_blocking(move |tx| -> Result<_, StoreError> {
                            Ok(tx.execute(
                                "INSERT INTO audit_log (id, at, action) VALUES (?1, '2026-01-01T00:00:00.000Z', 'test')",
                                [format!("{t}-{i}")],
                            )?)
                        })
                        .unwrap_or_else(|e| panic!("write {t}-{i} failed: {e}"));
                    store
                        .read_blocking(|c| -> Result<i64, StoreError> {
                            Ok(c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)
                        })
                        .unwrap_or_else(|e| panic!("read during writes failed: {e}"));
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("no writer thread panicked");
    }
    let count: i64 = store
        .read_blocking(|c| -> Result<_, StoreError> {
            Ok(c.query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'test'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(
        count,
        (THREADS * WRITES_EACH) as i64,
        "every write landed exactly once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_writes_from_many_tasks_all_land() {
    let (_dir, store) = open_temp();
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .write(move |tx| -> Result<_, StoreError> {
                        Ok(tx.execute(
                            "INSERT INTO audit_log (id, at, action) VALUES (?1, 'now', 'async')",
                            [i.to_string()],
                        )?)
                    })
                    .await
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().expect("async write succeeds");
    }
    let count: i64 = store
        .read(|c| -> Result<_, StoreError> {
            Ok(c.query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'async'",
                [],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(count, 200);
}

#[test]
fn failed_logins_lock_the_account_at_the_limit() {
    let (_dir, store) = open_temp();
    let admin_id = store
        .read_blocking(|c| users::credentials_by_email(c, "admin@hyopps.local"))
        .unwrap()
        .unwrap()
        .id;
    for expected in 1..=2 {
        let id = admin_id.clone();
        let outcome = store
            .write_blocking(move |tx| {
                users::record_failed_login(tx, &id, 3, "2026-01-01T00:15:00.000Z", "now")
            })
            .unwrap();
        assert_eq!(outcome.failed_logins, expected);
        assert_eq!(outcome.locked_until, None);
    }
    let id = admin_id.clone();
    let third = store
        .write_blocking(move |tx| {
            users::record_failed_login(tx, &id, 3, "2026-01-01T00:15:00.000Z", "now")
        })
        .unwrap();
    assert_eq!(
        third.locked_until.as_deref(),
        Some("2026-01-01T00:15:00.000Z"),
        "the third failure locks"
    );
    assert_eq!(
        third.failed_logins, 0,
        "the counter starts again for after the lock"
    );
}

#[test]
fn concurrent_jobs_fail_alone() {
    const THREADS: usize = 8;
    const JOBS_EACH: usize = 50;
    let (_dir, store) = open_temp();
    insert_the_row_failing_jobs_collide_with(&store);
    let store = Arc::new(store);
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let store = Arc::clone(&store);
            thread::spawn(move || {
                for i in 0..JOBS_EACH {
                    let fails = i % 2 == 1;
                    let result = store.write_blocking(move |tx| -> Result<(), StoreError> {
                        tx.execute(
                            "INSERT INTO audit_log (id, at, action) VALUES (?1, 'now', 'batch')",
                            [format!("{t}-{i}")],
                        )?;
                        if fails {
                            // A constraint violation after a successful insert in the same job.
                            tx.execute("INSERT INTO audit_log (id, at, action) VALUES ('taken', 'now', 'dup')", [])?;
                        }
                        Ok(())
                    });
                    assert_eq!(result.is_err(), fails, "job {t}-{i} reports its own outcome");
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    let rows: i64 = store
        .read_blocking(|c| -> Result<_, StoreError> {
            Ok(c.query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'batch'",
                [],
                |r| r.get(0),
            )?)
        })
        .unwrap();
    assert_eq!(
        rows,
        (THREADS * JOBS_EACH / 2) as i64,
        "every failed job's first insert was undone, and no other job's"
    );
}
