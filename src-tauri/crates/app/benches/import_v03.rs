//! Importing a large HyOpps v0.3 database, printed (not asserted):
//! `cargo bench -p hyopps-app --bench import_v03`.
//!
//! The file is built from v0.3's own schema (`hyopps-v03-fixture`) and grown to a big
//! installation: 5,000 organisations with two Studio companies, three system groups, their
//! integrations and documentation each; 20,000 people with Studio access and three access
//! grants each; 20,000 completed `new_partner_user` executions with their nine steps. Each run
//! imports it into a new HyOpps database (one transaction), then imports it again (nothing
//! changes), and the figures are the median of the runs.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use hyopps_app::import::{import_v03_file, ImportReport};
use hyopps_store::Store;
use hyopps_v03_fixture::{self as v03, Variant};

const ORGANIZATIONS: u32 = 5_000;
const USERS: u32 = 20_000;
const EXECUTIONS: u32 = 20_000;
const RUNS: usize = 3;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("hyopps_py.db");
    let started = Instant::now();
    grow(&source);
    let size = std::fs::metadata(&source).unwrap().len();
    println!(
        "built a v0.3 database of {:.1} MiB in {:.1} s\n",
        size as f64 / (1024.0 * 1024.0),
        started.elapsed().as_secs_f64()
    );

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut first = Vec::new();
    let mut again = Vec::new();
    let mut rows = 0;
    for run in 0..RUNS {
        let target = dir.path().join(format!("hyopps-{run}.db"));
        let store = Store::open(&target).unwrap();
        let (took, report) = runtime.block_on(timed_import(&store, &source));
        rows = report.tables.iter().map(|t| t.total()).sum::<u64>();
        assert!(
            report.total_imported() > 0,
            "the first import brings rows in"
        );
        first.push(took);
        let (took, report) = runtime.block_on(timed_import(&store, &source));
        assert_eq!(
            report.total_imported(),
            0,
            "the second import changes nothing"
        );
        again.push(took);
    }
    let first = median(first);
    let again = median(again);
    println!("{rows} v0.3 rows, median of {RUNS} runs:");
    println!(
        "  first import         {:>7.2} s  ({:.0} rows/s)",
        first.as_secs_f64(),
        rows as f64 / first.as_secs_f64()
    );
    println!(
        "  the same file again  {:>7.2} s  ({:.0} rows/s)",
        again.as_secs_f64(),
        rows as f64 / again.as_secs_f64()
    );
}

async fn timed_import(store: &Store, source: &Path) -> (Duration, ImportReport) {
    let started = Instant::now();
    let report = import_v03_file(store, source, None, Utc::now())
        .await
        .expect("the v0.3 database imports");
    (started.elapsed(), report)
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

/// The fixture's data set (workflows, resources, a few of everything), then the bulk, written
/// by SQLite itself from a counter so that building the file takes seconds.
fn grow(path: &Path) {
    v03::build(path, Variant::Latest);
    let conn = rusqlite::Connection::open(path).unwrap();
    // As v0.3 (Python's sqlite3) ran: foreign keys not enforced.
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    let id = |kind: u32, n: &str| format!("printf('{kind:08x}-0000-4000-8000-%012x', {n})");
    let (org, user, company, execution) =
        (id(0xa1, "i"), id(0xb1, "i"), id(0xc1, "i"), id(0xd1, "i"));
    let org_of_user = id(0xa1, "(i % 5000) + 1");
    let org_of_execution = id(0xa1, "(i % 5000) + 1");
    let user_of_execution = id(0xb1, "i");
    let company_of_user = id(0xc1, "((i % 5000) * 2) + 1");
    let sql = format!(
        "BEGIN;
         CREATE TEMP TABLE n(i INTEGER PRIMARY KEY);
         WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < {USERS})
           INSERT INTO n SELECT i FROM c;
         INSERT INTO organizations (id, name, account_types, created_at)
           SELECT {org}, 'Partner ' || i, '[\"partner\"]', '2025-03-01 10:00:00' FROM n WHERE i <= {ORGANIZATIONS};
         INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at)
           SELECT {company}, {org_of_company}, 'st-' || (100000 + i), 'Partner ' || ((i + 1) / 2) || CASE i % 2 WHEN 1 THEN ' TEST' ELSE ' PROD' END,
                  CASE i % 2 WHEN 1 THEN 'test' ELSE 'prod' END, '2025-03-01 10:01:00'
             FROM n WHERE i <= {COMPANIES};
         INSERT INTO system_groups (id, organization_id, tool, external_name, external_id, created_at)
           SELECT {group}, {org_of_group}, CASE i % 3 WHEN 0 THEN 'metabase' WHEN 1 THEN 'teams' ELSE 'slack' END,
                  'ext-' || i, 'G' || i, '2025-03-01 10:03:00'
             FROM n WHERE i <= {GROUPS};
         INSERT INTO organization_integrations (id, organization_id, keycloak_confirmed, keycloak_cluster,
                                                metabase_collection_id, lms_confirmed, updated_at)
           SELECT {integration}, {org}, 1, 'prod-eu', i, 1, '2025-03-03 08:00:00' FROM n WHERE i <= {ORGANIZATIONS};
         INSERT INTO organization_documentation (id, organization_id, internal_docu, generique_docu, add_docu, updated_at)
           SELECT {documentation}, {org}, 'https://docs.example/internal/' || i, 'https://docs.example/partners', NULL,
                  '2025-03-03 08:00:00'
             FROM n WHERE i <= {ORGANIZATIONS};
         INSERT INTO users (id, firstname, lastname, email, languages, skills, roles, organization_id, app_role,
                            password_hash, metabase_user_id, created_at)
           SELECT {user}, 'Person', 'Number ' || i, 'person' || i || '@partner.example', '[\"en\"]', '[]', '[]',
                  {org_of_user}, 'user', 'random-' || i, 1000 + i, '2025-03-10 09:00:00'
             FROM n;
         INSERT INTO user_studio_access (id, user_id, studio_company_id, granted_at, revoked_at)
           SELECT {access}, {user}, {company_of_user}, '2025-03-10 09:01:00', NULL FROM n;
         INSERT INTO access_grants (id, user_id, resource_id, permission, granted_by, granted_at, revoked_at, execution_id)
           SELECT printf('%08x-0000-4000-8000-%012x', 0xe1 + r.k, n.i), {user}, r.id, 'read', NULL,
                  '2025-03-10 09:02:00', NULL, {execution_of_user}
             FROM n JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM resources LIMIT 3) r;
         INSERT INTO workflow_executions (id, workflow_definition_id, organization_id, user_id, requested_by, status,
                                          current_step_order, created_at, completed_at)
           SELECT {execution}, '{workflow}', {org_of_execution}, {user_of_execution}, NULL, 'completed', 9,
                  '2025-03-10 09:00:00', '2025-03-10T09:05:00.250000'
             FROM n WHERE i <= {EXECUTIONS};
         INSERT INTO workflow_step_executions (id, execution_id, step_definition_id, step_order, status, manual_input,
                                               output, error, completed_by, started_at, completed_at)
           SELECT printf('%08x-0000-4000-8000-%012x', 0xf0 + s.step_order, n.i), {execution}, s.id, s.step_order,
                  'completed', CASE s.type WHEN 'manual' THEN '{{\"notes\": \"by hand\"}}' END, '{{}}', NULL, NULL,
                  '2025-03-10 09:00:00', '2025-03-10 09:01:00'
             FROM n JOIN workflow_step_definitions s ON s.workflow_definition_id = '{workflow}'
            WHERE n.i <= {EXECUTIONS};
         COMMIT;",
        org_of_company = id(0xa1, "(i + 1) / 2"),
        group = id(0xa2, "i"),
        org_of_group = id(0xa1, "((i - 1) / 3) + 1"),
        integration = id(0xa3, "i"),
        documentation = id(0xa4, "i"),
        access = id(0xb2, "i"),
        execution_of_user = id(0xd1, "i"),
        workflow = v03::WF_NEW_PARTNER_USER,
        COMPANIES = ORGANIZATIONS * 2,
        GROUPS = ORGANIZATIONS * 3,
    );
    conn.execute_batch(&sql).unwrap();
}
