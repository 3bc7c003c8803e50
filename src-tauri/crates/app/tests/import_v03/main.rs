//! Importing a HyOpps v0.3 database through the app's public use cases: v0.3 files are
//! built from v0.3's schema (see the `hyopps-v03-fixture` crate) in temporary folders and imported into a real
//! HyOpps database.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use hyopps_app::import::{import_v03_file, ImportReport};
use hyopps_app::{Access, App, AppError, AuthPolicy, Clock, ManualClock, SessionToken};
use hyopps_contract::ErrorCode;
use hyopps_store::{Store, StoreError};
use hyopps_v03_fixture::*;
use rusqlite::types::{FromSql, Value};
use rusqlite::{params, Params};

/// Seeded by migrations/0001_init.sql.
const SEEDED_ADMIN: &str = "95f6adb1-79ba-434a-9faf-d4d303b7d1ab";
const SEEDED_ADMIN_PASSWORD: &str = "admin123";
const OUR_METABASE: &str = "474c49bb-a618-4d57-89ee-f01983c9b969";
const OUR_STUDIO: &str = "403c888d-27e8-420d-87a7-92665388e621";
const OUR_NEW_PARTNER_USER: &str = "1bbbf5d4-b379-4004-b762-dd9584020fe2";
const OUR_NEW_PARTNER: &str = "62881516-a050-43c4-816f-d2d9c2f41aa7";
/// Already in HyOpps before the import: the same things as v0.3's Initech and Eve.
const LOCAL_ORG: &str = "aaaaaaaa-0000-4000-8000-0000000001a1";
const LOCAL_USER: &str = "aaaaaaaa-0000-4000-8000-0000000001a2";
const NOW: &str = "2026-11-25T09:00:00.000Z";

mod files;
mod imported_people;
mod nothing_acts_by_itself;
mod passwords;
mod tables;

struct Env {
    dir: tempfile::TempDir,
    app: App,
    clock: Arc<ManualClock>,
}

impl Env {
    fn store(&self) -> &Store {
        self.app.store()
    }

    /// A v0.3 database in this test's folder.
    fn v03(&self, name: &str, variant: Variant) -> PathBuf {
        let path = self.dir.path().join(name);
        build(&path, variant);
        path
    }

    async fn import(&self, path: &Path) -> Result<ImportReport, AppError> {
        import_v03_file(self.store(), path, None, self.clock.now()).await
    }

    fn get<T: FromSql>(&self, sql: &str, params: impl Params) -> T {
        self.store()
            .read_blocking(|conn| Ok::<_, StoreError>(conn.query_row(sql, params, |r| r.get(0))?))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    fn count(&self, table: &str) -> i64 {
        self.get(&format!("SELECT COUNT(*) FROM {table}"), [])
    }
}

async fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("hyopps.db")).unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(),
    ));
    let app = App::new(store, clock.clone(), AuthPolicy::default());
    Env { dir, app, clock }
}

/// HyOpps already knows Initech (as "INITECH") and Eve (in lower case), under its own ids.
async fn with_local_rows(env: &Env) {
    env.store()
        .write(|tx| -> Result<(), StoreError> {
            tx.execute(
                "INSERT INTO organizations (id, name, created_at) VALUES (?1, 'INITECH', '2026-01-01T00:00:00.000Z')",
                [LOCAL_ORG],
            )?;
            tx.execute(
                "INSERT INTO users (id, firstname, lastname, email, created_at, updated_at)
                 VALUES (?1, 'Eve', 'Here', 'existing@example.com', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
                [LOCAL_USER],
            )?;
            Ok(())
        })
        .await
        .unwrap();
}

/// Every table but the audit log, every row, every value: what "nothing changed" compares.
fn dump(store: &Store) -> BTreeMap<String, Vec<String>> {
    store
        .read_blocking(|conn| -> Result<_, StoreError> {
            let mut dump = BTreeMap::new();
            for table in table_names(conn)? {
                if table == "audit_log" {
                    continue;
                }
                // By the first column: the id, or the key of a table without one.
                let mut statement =
                    conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))?;
                let columns = statement.column_count();
                let rows = statement
                    .query_map([], |row| {
                        (0..columns)
                            .map(|i| row.get::<_, Value>(i))
                            .collect::<Result<Vec<_>, _>>()
                            .map(|values| format!("{values:?}"))
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                dump.insert(table, rows);
            }
            Ok(dump)
        })
        .unwrap()
}

/// Rows per table, the audit log included: what "nothing written" compares.
fn row_counts(store: &Store) -> BTreeMap<String, i64> {
    store
        .read_blocking(|conn| -> Result<_, StoreError> {
            let mut counts = BTreeMap::new();
            for table in table_names(conn)? {
                let n =
                    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?;
                counts.insert(table, n);
            }
            Ok(counts)
        })
        .unwrap()
}

/// The tables, without the audit log's search index (`audit_search` and its shadow tables):
/// it follows the audit log entry by entry, and is compared with it.
fn table_names(conn: &rusqlite::Connection) -> Result<Vec<String>, StoreError> {
    let mut statement = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
            AND name NOT LIKE 'audit_search%' ORDER BY name",
    )?;
    let names = statement
        .query_map([], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?;
    Ok(names)
}

/// (imported, already present, merged, skipped) of one table.
fn counted(report: &ImportReport, table: &str) -> (u64, u64, u64, u64) {
    let count = report
        .table(table)
        .unwrap_or_else(|| panic!("the report has no line for {table}"));
    (
        count.imported,
        count.already_present,
        count.merged,
        count.skipped,
    )
}

fn refusal(error: AppError) -> String {
    assert_eq!(error.code(), ErrorCode::Validation, "{error}");
    let AppError::Validation { fields, .. } = &error else {
        unreachable!()
    };
    fields
        .get("file")
        .unwrap_or_else(|| panic!("the refusal is about the file: {error}"))
        .clone()
}

async fn signed_in_seeded_admin(env: &Env) -> SessionToken {
    let (token, _) = env
        .app
        .sign_in("admin@hyopps.local", SEEDED_ADMIN_PASSWORD)
        .await
        .unwrap();
    env.app
        .change_own_password(&token, SEEDED_ADMIN_PASSWORD, "a chosen admin passphrase")
        .await
        .unwrap();
    token
}
