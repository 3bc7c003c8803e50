//! The admin console tests' world: a real SQLite file, a clock the tests move, a signed-in admin,
//! and an organisation with everything that can hang off it.

use std::sync::Arc;

use chrono::{TimeZone, Utc};
use hyopps_app::{App, AppError, AuthPolicy, ManualClock, SessionToken};
use hyopps_contract::{ErrorCode, WireError};
use hyopps_store::{Store, StoreError};
use serde_json::json;

pub const ADMIN_EMAIL: &str = "admin@hyopps.local";
pub const ADMIN_ID: &str = "95f6adb1-79ba-434a-9faf-d4d303b7d1ab";
pub const ADMIN_PASSWORD: &str = "a much better passphrase";
/// The password of the accounts the fixture adds.
pub const PASSWORD: &str = "a long enough password";

pub const ACME: &str = "org-acme";
pub const GLOBEX: &str = "org-globex";
pub const PARTNER_ADMIN: &str = "user-pat";
pub const PARTNER_ADMIN_EMAIL: &str = "pat@acme.example";
pub const ADA: &str = "user-ada";
pub const ADA_EMAIL: &str = "ada@acme.example";
pub const ACME_TEST: &str = "company-acme-test";
pub const ACME_PROD: &str = "company-acme-prod";

pub struct Fixture {
    _dir: tempfile::TempDir,
    pub app: App,
    pub clock: Arc<ManualClock>,
    pub admin: SessionToken,
}

pub async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("hyopps.db")).unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(),
    ));
    let app = App::new(store, clock.clone(), AuthPolicy::default());
    let (admin, _) = app.sign_in(ADMIN_EMAIL, "admin123").await.unwrap();
    app.change_own_password(&admin, "admin123", ADMIN_PASSWORD)
        .await
        .unwrap();
    Fixture {
        _dir: dir,
        app,
        clock,
        admin,
    }
}

/// The fixture plus Acme Widgets, fully provisioned, with a partner admin (who can sign in),
/// a user with access everywhere, two Studio companies, four groups, documentation links and
/// a completed execution; and Globex, an empty organisation.
pub async fn fixture_with_acme() -> Fixture {
    let f = fixture().await;
    let hash = argon2_hash(PASSWORD);
    f.app
        .store()
        .write(move |tx| -> Result<(), StoreError> {
            tx.execute_batch(&format!(
                "INSERT INTO organizations (id, name, account_types, created_at) VALUES
                   ('{ACME}', 'Acme Widgets', '[\"partner\"]', '2026-01-10T08:00:00.000Z'),
                   ('{GLOBEX}', 'Globex', '[\"client\",\"internal\"]', '2026-02-01T08:00:00.000Z');
                 INSERT INTO organization_integrations (id, organization_id, keycloak_confirmed, keycloak_cluster,
                        metabase_collection_id, lms_confirmed, updated_at)
                   VALUES ('integ-acme', '{ACME}', 1, 'prod-eu', 42, 1, 'now');
                 INSERT INTO organization_documentation (id, organization_id, internal_docu, generique_docu, add_docu, updated_at)
                   VALUES ('docs-acme', '{ACME}', 'https://docs.example.com/acme', NULL, NULL, 'now');
                 INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at) VALUES
                   ('{ACME_TEST}', '{ACME}', 'S-1001', 'Acme TEST', 'test', 'now'),
                   ('{ACME_PROD}', '{ACME}', 'S-1002', 'Acme PROD', 'prod', 'now');
                 INSERT INTO system_groups (id, organization_id, tool, external_id, external_name, created_at) VALUES
                   ('g-mb', '{ACME}', 'metabase', '7', 'ext-acme-widgets', 'now'),
                   ('g-teams', '{ACME}', 'teams', '19:abc@thread.tacv2', 'Acme Widgets', 'now'),
                   ('g-slack', '{ACME}', 'slack', 'S0ACME', 'ext-acme-widgets', 'now'),
                   ('g-kc', '{ACME}', 'keycloak', 'kc-group-1', 'ext-acme-widgets', 'now');
                 INSERT INTO users (id, firstname, lastname, email, languages, skills, roles, organization_id, app_role,
                        password_hash, metabase_user_id, created_at, updated_at) VALUES
                   ('{PARTNER_ADMIN}', 'Pat', 'Partner', '{PARTNER_ADMIN_EMAIL}', '[]', '[]', '[]', '{ACME}', 'partner_admin',
                    '{hash}', NULL, '2026-03-01T08:00:00.000Z', 'now'),
                   ('{ADA}', 'Ada', 'Lovelace', '{ADA_EMAIL}', '[\"en\"]', '[\"maths\"]', '[\"analyst\"]', '{ACME}', 'user',
                    NULL, 314, '2026-03-02T08:00:00.000Z', 'now');
                 INSERT INTO user_studio_access (id, user_id, studio_company_id, granted_at) VALUES
                   ('access-1', '{ADA}', '{ACME_TEST}', 'now'),
                   ('access-2', '{ADA}', '{ACME_PROD}', 'now');
                 INSERT INTO user_studio_companies (id, user_id, studio_id, name, created_at)
                   VALUES ('personal-ada', '{ADA}', 'P-ADA', 'Ada Lovelace (personal)', 'now');
                 INSERT INTO access_grants (id, user_id, resource_id, permission, granted_by, granted_at, execution_id) VALUES
                   ('grant-1', '{ADA}', '474c49bb-a618-4d57-89ee-f01983c9b969', 'read', '{ADMIN_ID}', 'now', 'exec-done'),
                   ('grant-2', '{ADA}', '74b07a65-0da9-4b75-945c-189edb0b5a15', 'read', '{ADMIN_ID}', 'now', 'exec-done');
                 INSERT INTO workflow_executions (id, workflow_definition_id, organization_id, user_id, requested_by,
                        status, current_step_order, created_at, updated_at, completed_at)
                   VALUES ('exec-done', '1bbbf5d4-b379-4004-b762-dd9584020fe2', '{ACME}', '{ADA}', '{ADMIN_ID}',
                           'completed', 9, '2026-03-02T08:00:00.000Z', '2026-03-02T09:00:00.000Z', '2026-03-02T09:00:00.000Z');"
            ))?;
            Ok(())
        })
        .await
        .unwrap();
    f
}

pub fn argon2_hash(password: &str) -> String {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string()
}

pub fn wire(error: AppError) -> WireError {
    WireError::from(error)
}

/// Asserts a field-level validation error on `field` and returns its message.
pub fn field_error(error: AppError, field: &str) -> String {
    let wire = wire(error);
    assert_eq!(wire.code, ErrorCode::Validation, "{wire:?}");
    wire.field(field)
        .unwrap_or_else(|| panic!("expected an error on {field}, got {:?}", wire.fields))
        .to_string()
}

/// A whole-database fingerprint: counts are not enough for updates, so every row of the
/// tables the admin console changes is compared too.
pub fn snapshot(app: &App) -> String {
    app.store()
        .read_blocking(|c| -> Result<_, StoreError> {
            let mut out = format!("{:?}", counts_on(c)?);
            for table in [
                "organizations",
                "users",
                "studio_companies",
                "system_groups",
                "organization_documentation",
                "user_studio_access",
                "workflow_executions",
            ] {
                let mut statement = c.prepare(&format!("SELECT * FROM {table} ORDER BY id"))?;
                let columns = statement.column_count();
                let mut rows = statement.query([])?;
                while let Some(row) = rows.next()? {
                    for i in 0..columns {
                        let value: rusqlite::types::Value = row.get(i)?;
                        out.push_str(&format!("{value:?}|"));
                    }
                    out.push('\n');
                }
            }
            Ok(out)
        })
        .unwrap()
}

fn counts_on(c: &rusqlite::Connection) -> Result<Vec<(String, i64)>, StoreError> {
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    tables
        .into_iter()
        .map(|t| {
            let n: i64 = c.query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))?;
            Ok((t, n))
        })
        .collect()
}

/// Runs `call`, expects it to fail, and checks it wrote nothing at all.
#[macro_export]
macro_rules! refused_without_writing {
    ($f:expr, $call:expr) => {{
        let before = $crate::support::snapshot(&$f.app);
        let error = $call.await.expect_err("this call must be refused");
        assert_eq!(
            $crate::support::snapshot(&$f.app),
            before,
            "a refused call writes nothing: {error}"
        );
        error
    }};
}

/// One recorded audit entry.
#[derive(Debug, Clone)]
pub struct AuditRow {
    pub actor_user_id: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub summary: serde_json::Value,
}

/// The audit entries, oldest first.
pub fn audit_rows(app: &App) -> Vec<AuditRow> {
    app.store()
        .read_blocking(|c| -> Result<_, StoreError> {
            let mut s = c.prepare(
                "SELECT actor_user_id, action, target_type, target_id, summary FROM audit_log ORDER BY rowid",
            )?;
            let rows = s.query_map([], |r| {
                Ok(AuditRow {
                    actor_user_id: r.get(0)?,
                    action: r.get(1)?,
                    target_type: r.get(2)?,
                    target_id: r.get(3)?,
                    summary: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or(json!(null)),
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .unwrap()
}

/// The newest audit entry.
pub fn last_audit(app: &App) -> AuditRow {
    audit_rows(app).pop().expect("an audit entry")
}

/// One value from the database.
pub fn scalar(app: &App, sql: &str) -> rusqlite::types::Value {
    let sql = sql.to_string();
    app.store()
        .read_blocking(move |c| -> Result<_, StoreError> {
            Ok(c.query_row(&sql, [], |r| r.get(0))?)
        })
        .unwrap()
}

pub fn text(value: rusqlite::types::Value) -> Option<String> {
    match value {
        rusqlite::types::Value::Text(t) => Some(t),
        rusqlite::types::Value::Null => None,
        other => Some(format!("{other:?}")),
    }
}

pub fn integer(value: rusqlite::types::Value) -> i64 {
    match value {
        rusqlite::types::Value::Integer(n) => n,
        other => panic!("expected an integer, got {other:?}"),
    }
}

/// Signs the partner admin in.
pub async fn partner_admin(f: &Fixture) -> SessionToken {
    f.app
        .sign_in(PARTNER_ADMIN_EMAIL, PASSWORD)
        .await
        .expect("the fixture's partner admin signs in")
        .0
}
