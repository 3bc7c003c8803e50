//! Importing a HyOpps v0.3 database (SPEC §7) through the app's public use cases: v0.3 files are
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

/// Imported people follow the rules the user page applies.
mod imported_people;

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

fn table_names(conn: &rusqlite::Connection) -> Result<Vec<String>, StoreError> {
    let mut statement = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
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

#[tokio::test]
async fn imports_every_table_keeping_ids_and_mapping_ours() {
    let env = env().await;
    with_local_rows(&env).await;
    let file = env.v03("hyopps_py.db", Variant::Latest);

    let report = env.import(&file).await.unwrap();

    assert_eq!(report.source, file.display().to_string());
    let expected = [
        ("organizations", (2, 0, 1, 0)),
        ("users", (3, 0, 2, 0)),
        ("studio_companies", (3, 0, 0, 0)),
        ("user_studio_access", (3, 0, 0, 1)),
        ("user_studio_companies", (1, 0, 0, 0)),
        ("system_groups", (3, 0, 0, 0)),
        ("organization_integrations", (2, 0, 0, 0)),
        ("organization_documentation", (1, 0, 0, 0)),
        ("resources", (1, 0, 6, 0)),
        ("access_grants", (3, 0, 0, 0)),
        ("workflow_definitions", (1, 0, 2, 0)),
        ("workflow_step_definitions", (2, 0, 17, 0)),
        ("workflow_executions", (6, 0, 0, 0)),
        ("workflow_step_executions", (STEP_EXECUTIONS, 0, 0, 0)),
    ];
    let tables: Vec<&str> = report.tables.iter().map(|t| t.table.as_str()).collect();
    assert_eq!(
        tables,
        expected.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
        "one line per v0.3 table, in import order"
    );
    for (table, counts) in expected {
        assert_eq!(
            counted(&report, table),
            counts,
            "{table}: (imported, already present, merged, skipped)"
        );
    }
    let printed = report.to_string();
    assert!(printed.contains("users"), "{printed}");
    assert!(!printed.contains("$2"), "the report never shows a hash");

    // Organisations: ids kept, JSON kept or made JSON, times normalised; Initech is ours.
    assert_eq!(env.count("organizations"), 3);
    assert_eq!(
        env.get::<String>(
            "SELECT account_types FROM organizations WHERE id = ?1",
            [ORG_ACME]
        ),
        r#"["partner", "client"]"#
    );
    assert_eq!(
        env.get::<String>(
            "SELECT account_types FROM organizations WHERE id = ?1",
            [ORG_GLOBEX]
        ),
        r#"["partner"]"#,
        "a bare v0.3 value becomes a JSON array"
    );
    assert_eq!(
        env.get::<String>(
            "SELECT created_at FROM organizations WHERE id = ?1",
            [ORG_ACME]
        ),
        "2025-03-01T10:00:00.000Z",
        "datetime('now') becomes ISO-8601 UTC with milliseconds"
    );
    assert_eq!(
        env.get::<String>(
            "SELECT created_at FROM organizations WHERE id = ?1",
            [ORG_GLOBEX]
        ),
        "2025-03-02T11:30:00.123Z",
        "isoformat() microseconds become milliseconds"
    );
    assert_eq!(
        env.get::<String>("SELECT name FROM organizations WHERE id = ?1", [LOCAL_ORG]),
        "INITECH",
        "the organisation here wins over v0.3's of the same name"
    );

    // Users.
    assert_eq!(
        env.count("users"),
        5,
        "seeded admin + Eve here + three imported"
    );
    let partner: (
        String,
        String,
        String,
        Option<String>,
        String,
        String,
        i64,
        i64,
        String,
        String,
    ) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT languages, skills, roles, organization_id, app_role, password_hash,
                        must_change_password, metabase_user_id, created_at, updated_at
                   FROM users WHERE id = ?1",
                [USER_PARTNER],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                    ))
                },
            )?)
        })
        .unwrap();
    assert_eq!(partner.0, r#"["en"]"#);
    assert_eq!(
        partner.1, r#"["sql","python"]"#,
        "a comma list becomes a JSON array"
    );
    assert_eq!(partner.2, r#"["lead"]"#);
    assert_eq!(partner.3.as_deref(), Some(ORG_ACME));
    assert_eq!(partner.4, "partner_admin");
    assert!(
        partner.5.starts_with("$2b$"),
        "a partner admin keeps the bcrypt hash until the next sign-in"
    );
    assert_eq!((partner.6, partner.7), (0, 17));
    assert_eq!(partner.8, "2025-03-05T09:15:00.500Z");
    assert_eq!(
        partner.9, partner.8,
        "v0.3 had no updated_at: the creation time"
    );
    assert_eq!(
        env.get::<Option<String>>(
            "SELECT password_hash FROM users WHERE id = ?1",
            [USER_PLAIN]
        ),
        None,
        "a `user`'s v0.3 hash may be a random one: it is not kept"
    );
    assert_eq!(
        env.get::<Option<String>>(
            "SELECT organization_id FROM users WHERE id = ?1",
            [USER_PARTNER_NO_ORG]
        ),
        None,
        "a partner admin without organisation is imported as it is"
    );
    let no_v03_ids: i64 = env.get(
        "SELECT COUNT(*) FROM users WHERE id IN (?1, ?2)",
        [USER_ADMIN, USER_EXISTING],
    );
    assert_eq!(no_v03_ids, 0, "users already here are not duplicated");
    assert_eq!(
        env.get::<String>(
            "SELECT firstname || ' ' || lastname FROM users WHERE id = ?1",
            [LOCAL_USER]
        ),
        "Eve Here",
        "the user here wins over v0.3's of the same email"
    );
    let (first, last, must_change): (String, String, i64) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT firstname, lastname, must_change_password FROM users WHERE id = ?1",
                [SEEDED_ADMIN],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        (first.as_str(), last.as_str(), must_change),
        ("Ada", "Admin", 0),
        "the untouched seeded admin takes v0.3's admin names and password"
    );

    // Studio.
    assert_eq!(env.count("studio_companies"), 3);
    assert_eq!(
        env.get::<String>(
            "SELECT created_at FROM studio_companies WHERE id = ?1",
            [SC_GLOBEX_TEST]
        ),
        NOW,
        "a missing required time gets the import's time"
    );
    assert_eq!(
        env.get::<String>(
            "SELECT user_id FROM user_studio_access WHERE studio_company_id = ?1",
            [SC_GLOBEX_TEST]
        ),
        LOCAL_USER,
        "references to a merged user point to ours"
    );
    assert_eq!(
        env.get::<Option<String>>(
            "SELECT revoked_at FROM user_studio_access WHERE id = '8c74c596-0000-4000-8000-000000000002'",
            []
        )
        .as_deref(),
        Some("2025-04-01T08:00:00.000Z")
    );
    assert_eq!(env.count("user_studio_companies"), 1);

    // Groups, integrations, documentation.
    assert_eq!(env.count("system_groups"), 3);
    let acme: (i64, String, i64, i64, String) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT keycloak_confirmed, keycloak_cluster, metabase_collection_id, lms_confirmed, updated_at
                   FROM organization_integrations WHERE organization_id = ?1",
                [ORG_ACME],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        acme,
        (
            1,
            "prod-eu".into(),
            12,
            1,
            "2025-03-03T08:00:00.000Z".into()
        )
    );
    assert_eq!(
        env.get::<Option<i64>>(
            "SELECT metabase_collection_id FROM organization_integrations WHERE organization_id = ?1",
            [ORG_GLOBEX]
        ),
        None,
        "v0.3's fake collection id names nothing in Metabase"
    );
    assert_eq!(
        env.get::<Option<String>>(
            "SELECT add_docu FROM organization_documentation WHERE organization_id = ?1",
            [ORG_ACME]
        ),
        None
    );

    // Resources and grants: v0.3's resource ids become ours.
    assert_eq!(env.count("resources"), 7, "our six and v0.3's Jira");
    assert_eq!(
        env.get::<String>("SELECT name FROM resources WHERE id = ?1", [RESOURCES[6].0]),
        "Jira"
    );
    let grant: (String, String, String) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT resource_id, granted_by, execution_id FROM access_grants WHERE id = ?1",
                [GRANT_METABASE],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        grant,
        (
            OUR_METABASE.into(),
            SEEDED_ADMIN.into(),
            EXEC_COMPLETED.into()
        ),
        "resource and granting admin are ours"
    );
    assert_eq!(
        env.get::<String>(
            "SELECT resource_id FROM access_grants WHERE user_id = ?1",
            [LOCAL_USER]
        ),
        OUR_STUDIO
    );

    // Workflows: ours kept, v0.3's unknown one imported with its ids.
    assert_eq!(env.count("workflow_definitions"), 3);
    assert_eq!(env.count("workflow_step_definitions"), 19);
    assert_eq!(
        env.get::<String>(
            "SELECT name FROM workflow_definitions WHERE id = ?1",
            [WF_LEGACY]
        ),
        "legacy_offboarding"
    );

    // Executions in every v0.3 state.
    let statuses: Vec<(String, String)> = env
        .store()
        .read_blocking(|c| {
            let mut s = c.prepare("SELECT id, status FROM workflow_executions ORDER BY id")?;
            let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok::<_, StoreError>(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .unwrap();
    let mut expected_statuses = vec![
        (EXEC_COMPLETED.to_string(), "completed".to_string()),
        (EXEC_FAILED.into(), "failed".into()),
        (EXEC_AWAITING.into(), "awaiting_input".into()),
        (EXEC_RUNNING.into(), "running".into()),
        (EXEC_PENDING.into(), "pending".into()),
        (EXEC_LEGACY.into(), "completed".into()),
    ];
    expected_statuses.sort();
    assert_eq!(statuses, expected_statuses, "ids and statuses 1:1");
    let completed: (String, String, String, String) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT workflow_definition_id, requested_by, completed_at, updated_at FROM workflow_executions WHERE id = ?1",
                [EXEC_COMPLETED],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        completed,
        (
            OUR_NEW_PARTNER_USER.into(),
            USER_PARTNER.into(),
            "2025-03-10T09:05:00.250Z".into(),
            "2025-03-10T09:05:00.250Z".into()
        ),
        "our workflow id; updated_at is the completion"
    );
    let running: (Option<String>, Option<String>, String, String) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT organization_id, user_id, requested_by, updated_at FROM workflow_executions WHERE id = ?1",
                [EXEC_RUNNING],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        running,
        (None, Some(LOCAL_USER.into()), SEEDED_ADMIN.into(), "2025-03-21T10:00:00.000Z".into()),
        "a deleted organisation is detached, a merged user and admin are ours, updated_at is the creation"
    );
    assert_eq!(
        env.get::<String>(
            "SELECT organization_id FROM workflow_executions WHERE id = ?1",
            [EXEC_LEGACY]
        ),
        LOCAL_ORG
    );
    assert_eq!(
        env.get::<String>(
            "SELECT workflow_definition_id FROM workflow_executions WHERE id = ?1",
            [EXEC_FAILED]
        ),
        OUR_NEW_PARTNER
    );

    // Step executions point to our step definitions, at the same position with the same name.
    assert_eq!(
        env.count("workflow_step_executions") as u64,
        STEP_EXECUTIONS
    );
    let mismatched: i64 = env.get(
        "SELECT COUNT(*) FROM workflow_step_executions se
           JOIN workflow_executions e ON e.id = se.execution_id
           JOIN workflow_step_definitions sd ON sd.id = se.step_definition_id
          WHERE sd.workflow_definition_id <> e.workflow_definition_id OR sd.step_order <> se.step_order",
        [],
    );
    assert_eq!(
        mismatched, 0,
        "every step execution points to its step in its workflow"
    );
    let on_our_steps: i64 = env.get(
        "SELECT COUNT(*) FROM workflow_step_executions WHERE execution_id = ?1
            AND step_definition_id IN (SELECT id FROM workflow_step_definitions WHERE workflow_definition_id = ?2)",
        [EXEC_COMPLETED, OUR_NEW_PARTNER_USER],
    );
    assert_eq!(on_our_steps, 9);
    let input: String = env.get(
        "SELECT manual_input FROM workflow_step_executions WHERE execution_id = ?1 AND step_order = 2",
        [EXEC_COMPLETED],
    );
    let input: serde_json::Value = serde_json::from_str(&input).unwrap();
    assert_eq!(
        input["selected_studio_company_ids"],
        serde_json::json!([SC_ACME_TEST, SC_ACME_PROD]),
        "v0.3's field names are kept"
    );
    let step3: (String, Option<String>, String) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT status, error, started_at FROM workflow_step_executions WHERE execution_id = ?1 AND step_order = 3",
                [EXEC_FAILED],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        step3,
        (
            "failed".into(),
            Some("Metabase returned 500".into()),
            "2025-03-02T11:29:50.000Z".into()
        )
    );
    assert_eq!(
        env.get::<String>(
            "SELECT output FROM workflow_step_executions WHERE execution_id = ?1 AND step_order = 2",
            [EXEC_LEGACY]
        ),
        r#""done""#,
        "an output that is not JSON is kept as a JSON string"
    );
    assert_eq!(
        env.get::<String>(
            "SELECT completed_at FROM workflow_step_executions WHERE execution_id = ?1 AND step_order = 9",
            [EXEC_COMPLETED]
        ),
        "2025-03-10T09:04:59.999Z"
    );

    // One audit entry, counts only.
    let (actor, summary): (Option<String>, String) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT actor_user_id, summary FROM audit_log WHERE action = 'imported_v03'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!(actor, None, "the command line has no signed-in actor");
    let summary: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(summary["tables"]["users"]["imported"], 3);
    assert_eq!(summary["file"], "hyopps_py.db");
    assert!(
        !summary.to_string().contains("$2"),
        "no hash in the audit log"
    );
}

#[tokio::test]
async fn importing_twice_changes_nothing() {
    let env = env().await;
    with_local_rows(&env).await;
    let file = env.v03("hyopps_py.db", Variant::Latest);
    let first = env.import(&file).await.unwrap();
    let before = dump(env.store());
    let audit_before = env.count("audit_log");

    env.clock.advance(chrono::Duration::hours(1));
    let second = env.import(&file).await.unwrap();

    assert_eq!(
        dump(env.store()),
        before,
        "the second import changes no row of any table"
    );
    assert_eq!(
        env.count("audit_log"),
        audit_before + 1,
        "only its own audit entry"
    );
    for (first, second) in first.tables.iter().zip(&second.tables) {
        assert_eq!(second.imported, 0, "{}: nothing new", second.table);
        assert_eq!(
            second.already_present, first.imported,
            "{}: what the first import wrote is already present",
            second.table
        );
        assert_eq!(second.merged, first.merged, "{}", second.table);
        assert_eq!(second.skipped, first.skipped, "{}", second.table);
    }
}

#[tokio::test]
async fn a_bcrypt_password_signs_in_once_and_becomes_argon2id() {
    let env = env().await;
    let file = env.v03("hyopps_py.db", Variant::Latest);
    env.import(&file).await.unwrap();

    let (_, session) = env
        .app
        .sign_in(PARTNER_EMAIL, PARTNER_PASSWORD)
        .await
        .unwrap();
    assert_eq!(session.user.id, USER_PARTNER);
    assert!(!session.must_change_password);
    let hash: String = env.get(
        "SELECT password_hash FROM users WHERE id = ?1",
        [USER_PARTNER],
    );
    assert!(
        hash.starts_with("$argon2id$"),
        "the bcrypt hash was replaced at sign-in"
    );
    env.app
        .sign_in(PARTNER_EMAIL, PARTNER_PASSWORD)
        .await
        .expect("the same password signs in against the new hash");

    let wrong = env
        .app
        .sign_in(PARTNER_EMAIL, "not the v0.3 password")
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), ErrorCode::Unauthorized);

    let plain = env
        .app
        .sign_in(PLAIN_EMAIL, "4f8d2c1a-random-never-told")
        .await
        .unwrap_err();
    assert_eq!(
        plain.code(),
        ErrorCode::Unauthorized,
        "a `user` has no password after the import, even with v0.3's random one"
    );
}

#[tokio::test]
async fn the_v03_admin_keeps_its_password_on_the_untouched_seeded_admin() {
    let env = env().await;
    let file = env.v03("hyopps_py.db", Variant::Latest);
    let report = env.import(&file).await.unwrap();
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("admin@hyopps.local")),
        "{:?}",
        report.notes
    );

    let (token, session) = env.app.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    assert_eq!(
        session.user.id, SEEDED_ADMIN,
        "v0.3's admin is our seeded admin"
    );
    assert!(
        !session.must_change_password,
        "not forced to change the password v0.3 admins know"
    );
    assert_eq!(session.user.display_name, "Ada Admin");
    env.app
        .authorize(&token, Access::Admin)
        .await
        .expect("the admin can work at once");
    let seeded = env
        .app
        .sign_in(ADMIN_EMAIL, SEEDED_ADMIN_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(
        seeded.code(),
        ErrorCode::Unauthorized,
        "admin123 no longer signs in"
    );
}

#[tokio::test]
async fn an_admin_who_chose_a_password_keeps_it_and_imports_through_the_app() {
    let env = env().await;
    let token = signed_in_seeded_admin(&env).await;
    let file = env.v03("hyopps_py.db", Variant::Latest);

    let report = env.app.import_v03(&token, &file).await.unwrap();

    assert_eq!(counted(&report, "users"), (4, 0, 1, 0));
    env.app
        .sign_in(ADMIN_EMAIL, "a chosen admin passphrase")
        .await
        .expect("the admin here keeps the password chosen here");
    assert_eq!(
        env.app
            .sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .unwrap_err()
            .code(),
        ErrorCode::Unauthorized
    );
    assert_eq!(
        env.get::<String>("SELECT firstname FROM users WHERE id = ?1", [SEEDED_ADMIN]),
        "Default"
    );
    assert_eq!(
        env.get::<Option<String>>(
            "SELECT actor_user_id FROM audit_log WHERE action = 'imported_v03'",
            []
        ),
        Some(SEEDED_ADMIN.to_string()),
        "the audit log names the admin who imported"
    );
}

#[tokio::test]
async fn only_admins_may_import() {
    let env = env().await;
    let file = env.v03("hyopps_py.db", Variant::Latest);
    env.import(&file).await.unwrap();
    let before = row_counts(env.store());

    let (partner, _) = env
        .app
        .sign_in(PARTNER_EMAIL, PARTNER_PASSWORD)
        .await
        .unwrap();
    let forbidden = env.app.import_v03(&partner, &file).await.unwrap_err();
    assert_eq!(forbidden.code(), ErrorCode::Forbidden);

    let signed_out = env
        .app
        .import_v03(&SessionToken::none(), &file)
        .await
        .unwrap_err();
    assert_eq!(signed_out.code(), ErrorCode::Unauthorized);

    let mut after = row_counts(env.store());
    after.remove("audit_log");
    let mut before = before;
    before.remove("audit_log");
    assert_eq!(after, before);
}

#[tokio::test]
async fn the_source_file_is_never_modified() {
    let env = env().await;
    let file = env.v03("hyopps_py.db", Variant::Latest);
    let bytes = std::fs::read(&file).unwrap();
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();

    env.import(&file).await.unwrap();
    env.import(&file).await.unwrap();

    assert_eq!(std::fs::read(&file).unwrap(), bytes, "same bytes");
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        modified,
        "same mtime"
    );
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut beside = file.clone().into_os_string();
        beside.push(suffix);
        assert!(
            !Path::new(&beside).exists(),
            "no {suffix} file was created beside it"
        );
    }
}

#[tokio::test]
async fn an_older_v03_database_imports() {
    let env = env().await;
    let file = env.v03("old_hyopps_py.db", Variant::Old);

    let report = env.import(&file).await.unwrap();

    assert_eq!(counted(&report, "users"), (4, 0, 1, 0));
    assert_eq!(
        counted(&report, "organization_documentation"),
        (0, 0, 0, 0),
        "the table did not exist yet"
    );
    assert_eq!(
        counted(&report, "workflow_step_executions").0,
        STEP_EXECUTIONS
    );
    assert_eq!(
        env.get::<Option<i64>>(
            "SELECT metabase_user_id FROM users WHERE id = ?1",
            [USER_PLAIN]
        ),
        None,
        "no metabase_user_id column in the older v0.3"
    );
    assert_eq!(
        env.get::<String>("SELECT app_role FROM users WHERE id = ?1", [USER_PARTNER]),
        "user",
        "before partner admins, partners were users"
    );
    assert_eq!(
        env.get::<Option<String>>(
            "SELECT password_hash FROM users WHERE id = ?1",
            [USER_PARTNER]
        ),
        None
    );
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.starts_with("4 accounts with the role `user`")),
        "{:?}",
        report.notes
    );
}

#[tokio::test]
async fn files_that_are_not_v03_databases_are_refused_and_nothing_is_written() {
    let env = env().await;
    let dir = env.dir.path();
    let before = row_counts(env.store());

    let empty = dir.join("empty.db");
    std::fs::write(&empty, b"").unwrap();

    let garbage = dir.join("garbage.db");
    let mut seed = 0x2545_f491_u32;
    let noise: Vec<u8> = (0..8192)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as u8
        })
        .collect();
    std::fs::write(&garbage, noise).unwrap();

    let whole = env.v03("whole.db", Variant::Latest);
    let whole_bytes = std::fs::read(&whole).unwrap();
    let truncated = dir.join("truncated.db");
    std::fs::write(&truncated, &whole_bytes[..whole_bytes.len() / 3]).unwrap();
    let cut_header = dir.join("cut_header.db");
    std::fs::write(&cut_header, &whole_bytes[..10]).unwrap();

    let other_app = dir.join("notes.db");
    rusqlite::Connection::open(&other_app)
        .unwrap()
        .execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello');")
        .unwrap();

    let ours = dir.join("ours.db");
    let mut conn = rusqlite::Connection::open(&ours).unwrap();
    hyopps_store::migrations().to_latest(&mut conn).unwrap();
    drop(conn);

    let cases: [(&Path, &str); 7] = [
        (
            &empty,
            "is not a SQLite database, so it cannot be a HyOpps v0.3 database",
        ),
        (
            &garbage,
            "is not a SQLite database, so it cannot be a HyOpps v0.3 database",
        ),
        (&cut_header, "is not a SQLite database"),
        (&truncated, "is a damaged SQLite database"),
        (
            &other_app,
            "is not a HyOpps v0.3 database: it has no tables `users`, `organizations`",
        ),
        (
            &ours,
            "is a database of this HyOpps version (or newer), not v0.3",
        ),
        (dir, "is a folder"),
    ];
    for (path, expected) in cases {
        let message = refusal(env.import(path).await.unwrap_err());
        assert!(message.contains(expected), "{}: {message}", path.display());
        assert!(
            message.starts_with(&path.display().to_string()),
            "the message names the file: {message}"
        );
    }
    let missing = refusal(env.import(&dir.join("nowhere.db")).await.unwrap_err());
    assert!(missing.contains("cannot be read"), "{missing}");

    assert_eq!(
        row_counts(env.store()),
        before,
        "nothing was written, not even an audit entry"
    );
}

#[tokio::test]
async fn a_file_with_unwritten_changes_beside_it_is_refused() {
    let env = env().await;
    let file = env.v03("hyopps_py.db", Variant::Latest);
    let mut wal = file.clone().into_os_string();
    wal.push("-wal");
    std::fs::write(&wal, b"v0.3 is still running").unwrap();

    let message = refusal(env.import(&file).await.unwrap_err());
    assert!(message.contains("Stop HyOpps v0.3"), "{message}");
    assert_eq!(env.count("audit_log"), 0);
}

#[tokio::test]
async fn a_row_our_schema_cannot_hold_refuses_the_whole_import() {
    let env = env().await;
    let file = env.dir.path().join("odd.db");
    let conn = create(&file, Variant::Latest);
    populate(&conn, Variant::Latest);
    // A status no HyOpps knows, as a v0.3 without that CHECK could hold.
    conn.pragma_update(None, "ignore_check_constraints", true)
        .unwrap();
    conn.execute(
        "UPDATE workflow_step_executions SET status = 'retrying' WHERE step_order = 3 AND execution_id = ?1",
        params![EXEC_RUNNING],
    )
    .unwrap();
    drop(conn);
    let before = row_counts(env.store());

    let message = refusal(env.import(&file).await.unwrap_err());

    assert!(
        message.contains("`workflow_step_executions`"),
        "names the table: {message}"
    );
    assert!(message.contains("Nothing was imported"), "{message}");
    assert_eq!(
        row_counts(env.store()),
        before,
        "one transaction: nothing written"
    );
}
