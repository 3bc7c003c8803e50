//! The admin console's lists at 100,000 organisations, 100,000 users (with 200,000 access grants)
//! and 1,000,000 audit entries, printed (not asserted):
//! `cargo bench -p hyopps-app --bench admin_lists`.
//!
//! Each figure is one use case through `App` (authorisation, the read on a pooled connection,
//! the mapping), 50 runs after 5 warm-up runs, as p50 and p95 in milliseconds. Set
//! `HYOPPS_BENCH_DB=/some/file.db` to keep the filled database (e.g. to look at query plans).

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyopps_app::{App, AppError, AuthPolicy, SystemClock};
use hyopps_contract::{
    AppRole, AuditFilter, AuditListRequest, OrganizationListRequest, OrganizationSort,
    SortDirection, UserFilter, UserListRequest,
};
use hyopps_store::{Store, StoreError};

const ORGANIZATIONS: usize = 100_000;
const USERS: usize = 100_000;
/// As many as a busy team records in years: the free-text search is measured at this size.
const AUDIT_ENTRIES: usize = 1_000_000;
/// Users are spread over the first 20,000 organisations, five each.
const ORGANIZATIONS_WITH_USERS: usize = 20_000;
const RUNS: usize = 50;
const WARM_UP: usize = 5;

const ADJECTIVES: [&str; 16] = [
    "Blue", "Swift", "Quiet", "Bright", "Northern", "Golden", "Silver", "Rapid", "Green", "Solid",
    "Clear", "Prime", "Urban", "Coastal", "Alpine", "Royal",
];
const NOUNS: [&str; 16] = [
    "Falcon",
    "Harbour",
    "Widgets",
    "Logistics",
    "Systems",
    "Bakery",
    "Analytics",
    "Motors",
    "Foods",
    "Energy",
    "Textiles",
    "Labs",
    "Media",
    "Partners",
    "Works",
    "Retail",
];
const FIRST_NAMES: [&str; 20] = [
    "Ada",
    "Grace",
    "Alan",
    "Edsger",
    "Barbara",
    "Donald",
    "Margaret",
    "Dennis",
    "Ken",
    "Linus",
    "Frances",
    "John",
    "Radia",
    "Tim",
    "Vint",
    "Hedy",
    "Katherine",
    "Niklaus",
    "Leslie",
    "Guido",
];
const LAST_NAMES: [&str; 25] = [
    "Lovelace",
    "Hopper",
    "Turing",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Hamilton",
    "Ritchie",
    "Thompson",
    "Torvalds",
    "Allen",
    "McCarthy",
    "Perlman",
    "Berners-Lee",
    "Cerf",
    "Lamarr",
    "Johnson",
    "Wirth",
    "Lamport",
    "Rossum",
    "Backus",
    "Kay",
    "Hoare",
    "Milner",
    "Church",
];
const ACTIONS: [&str; 8] = [
    "signed_in",
    "step_completed",
    "user_updated",
    "organization_updated",
    "step_failed",
    "execution_started",
    "password_set",
    "studio_company_added",
];
const METABASE: &str = "474c49bb-a618-4d57-89ee-f01983c9b969";
const SLACK: &str = "74b07a65-0da9-4b75-945c-189edb0b5a15";
const DEFAULT_ADMIN: &str = "95f6adb1-79ba-434a-9faf-d4d303b7d1ab";

fn main() {
    let keep = std::env::var_os("HYOPPS_BENCH_DB").map(PathBuf::from);
    let dir = tempfile::tempdir().unwrap();
    let path = keep.unwrap_or_else(|| dir.path().join("bench.db"));
    let _ = std::fs::remove_file(&path);
    let store = Store::open(&path).unwrap();
    let started = Instant::now();
    fill(&store);
    println!(
        "filled {ORGANIZATIONS} organisations, {USERS} users, {} access grants and {AUDIT_ENTRIES} audit entries in {:.1} s\n",
        USERS * 2,
        started.elapsed().as_secs_f64()
    );
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(measure_all(store));
}

/// One transaction, prepared statements: the whole fill is a few seconds.
fn fill(store: &Store) {
    store
        .write_blocking(|tx| -> Result<(), StoreError> {
            let mut organization = tx.prepare(
                "INSERT INTO organizations (id, name, account_types, created_at) VALUES (?1, ?2, '[\"partner\"]', ?3)",
            )?;
            let mut integration = tx.prepare(
                "INSERT INTO organization_integrations (id, organization_id, keycloak_confirmed, keycloak_cluster,
                        metabase_collection_id, lms_confirmed, updated_at)
                 VALUES (?1, ?2, 1, 'prod-eu', ?3, 1, ?4)",
            )?;
            let mut group = tx.prepare(
                "INSERT INTO system_groups (id, organization_id, tool, external_id, external_name, created_at)
                 VALUES (?1, ?2, 'metabase', ?3, ?4, ?5)",
            )?;
            for i in 0..ORGANIZATIONS {
                let id = format!("org-{i:06}");
                let created = stamp_minutes(i);
                organization.execute(rusqlite::params![
                    id,
                    format!(
                        "{} {} {i:06}",
                        ADJECTIVES[i % 16],
                        NOUNS[(i / 16) % 16]
                    ),
                    created
                ])?;
                integration.execute(rusqlite::params![format!("integ-{i}"), id, i as i64, created])?;
                group.execute(rusqlite::params![format!("group-{i}"), id, (i + 1).to_string(), format!("ext-{i}"), created])?;
            }
            let mut user = tx.prepare(
                "INSERT INTO users (id, firstname, lastname, email, languages, organization_id, app_role,
                        password_hash, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, '[\"en\"]', ?5, ?6, ?7, ?8, ?8)",
            )?;
            let mut grant = tx.prepare(
                "INSERT INTO access_grants (id, user_id, resource_id, permission, granted_at) VALUES (?1, ?2, ?3, 'read', ?4)",
            )?;
            for i in 0..USERS {
                let id = format!("user-{i:06}");
                let (first, last) = (FIRST_NAMES[i % 20], LAST_NAMES[(i / 20) % 25]);
                let role = match i {
                    _ if i % 5_000 == 1 => "admin",
                    _ if i % 100 == 0 => "partner_admin",
                    _ => "user",
                };
                let created = stamp_minutes(i);
                user.execute(rusqlite::params![
                    id,
                    first,
                    last,
                    format!("{}.{}.{i}@example{}.com", first.to_lowercase(), last.to_lowercase(), i % 50),
                    format!("org-{:06}", i % ORGANIZATIONS_WITH_USERS),
                    role,
                    (role != "user").then_some("$argon2id$v=19$m=19456,t=2,p=1$bench$bench"),
                    created
                ])?;
                for resource in [METABASE, SLACK] {
                    grant.execute(rusqlite::params![format!("{id}-{resource}"), id, resource, created])?;
                }
            }
            let mut entry = tx.prepare(
                "INSERT INTO audit_log (id, at, actor_user_id, action, target_type, target_id, summary)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for i in 0..AUDIT_ENTRIES {
                // A third each about users, organisations and executions.
                let (target_type, target_id) = match i % 3 {
                    0 => ("user", format!("user-{:06}", i % USERS)),
                    1 => ("organization", format!("org-{:06}", i % ORGANIZATIONS)),
                    _ => ("execution", format!("exec-{i}")),
                };
                entry.execute(rusqlite::params![
                    format!("audit-{i}"),
                    stamp_minutes(i),
                    DEFAULT_ADMIN,
                    ACTIONS[i % ACTIONS.len()],
                    target_type,
                    target_id,
                    format!("{{\"before\":{{\"firstname\":\"{}\"}},\"after\":{{\"firstname\":\"X{i}\"}}}}", FIRST_NAMES[i % 20]),
                ])?;
            }
            Ok(())
        })
        .unwrap();
}

/// 2020-01-01 plus `minutes`, as the store stamps times.
fn stamp_minutes(minutes: usize) -> String {
    let at = chrono::DateTime::parse_from_rfc3339("2020-01-01T00:00:00Z").unwrap()
        + chrono::Duration::minutes(minutes as i64);
    hyopps_engine::stamp(at.with_timezone(&chrono::Utc))
}

async fn measure_all(store: Store) {
    let app = App::new(store, Arc::new(SystemClock), AuthPolicy::default());
    let (token, _) = app.sign_in("admin@hyopps.local", "admin123").await.unwrap();
    app.change_own_password(&token, "admin123", "benchmark passphrase")
        .await
        .unwrap();
    let (app, token) = (&app, &token);
    println!(
        "{:<58} {:>9} {:>9} {:>9}",
        "use case", "p50 ms", "p95 ms", "rows"
    );

    let organizations = |request: OrganizationListRequest| async move {
        app.list_organizations(token, request)
            .await
            .map(|p| p.total)
    };
    measure("organisations: page 1 by name", || {
        organizations(OrganizationListRequest::default())
    })
    .await;
    measure("organisations: late page (3,999 of 4,000)", || {
        organizations(OrganizationListRequest {
            page: 3_999,
            ..Default::default()
        })
    })
    .await;
    measure("organisations: newest first, page 1", || {
        organizations(OrganizationListRequest {
            sort: OrganizationSort::CreatedAt,
            direction: SortDirection::Desc,
            ..Default::default()
        })
    })
    .await;
    measure("organisations: name search \"falcon\" (many match)", || {
        organizations(OrganizationListRequest {
            search: Some("falcon".into()),
            ..Default::default()
        })
    })
    .await;
    measure(
        "organisations: name search \"054321\" (one matches)",
        || {
            organizations(OrganizationListRequest {
                search: Some("054321".into()),
                ..Default::default()
            })
        },
    )
    .await;
    measure(
        "organisation detail (5 users, groups, integrations)",
        || async {
            app.get_organization(token, "org-000123")
                .await
                .map(|d| d.user_total)
        },
    )
    .await;

    let users = |filter: UserFilter, page: u32| async move {
        app.list_users(
            token,
            UserListRequest {
                filter,
                page,
                page_size: 25,
            },
        )
        .await
        .map(|p| p.total)
    };
    measure("users: page 1", || users(UserFilter::default(), 1)).await;
    measure("users: late page (3,999 of 4,000)", || {
        users(UserFilter::default(), 3_999)
    })
    .await;
    measure("users: filtered by organisation", || {
        users(
            UserFilter {
                organization_id: Some("org-000123".into()),
                ..Default::default()
            },
            1,
        )
    })
    .await;
    measure("users: filtered by role partner_admin", || {
        users(
            UserFilter {
                app_role: Some(AppRole::PartnerAdmin),
                ..Default::default()
            },
            1,
        )
    })
    .await;
    measure("users: filtered by role user, late page", || {
        users(
            UserFilter {
                app_role: Some(AppRole::User),
                ..Default::default()
            },
            3_900,
        )
    })
    .await;
    measure("users: search by email \".54321@\" (one matches)", || {
        users(
            UserFilter {
                search: Some(".54321@".into()),
                ..Default::default()
            },
            1,
        )
    })
    .await;
    measure(
        "users: search by name \"grace hopper\" (many match)",
        || {
            users(
                UserFilter {
                    search: Some("grace hopper".into()),
                    ..Default::default()
                },
                1,
            )
        },
    )
    .await;
    measure("users: search \"lovelace\" in one organisation", || {
        users(
            UserFilter {
                search: Some("lovelace".into()),
                organization_id: Some("org-000000".into()),
                ..Default::default()
            },
            1,
        )
    })
    .await;
    measure("user detail", || async {
        app.get_user(token, "user-054321")
            .await
            .map(|d| d.access_grants.len() as u64)
    })
    .await;

    let audit = |filter: AuditFilter, page: u32| async move {
        app.list_audit_log(
            token,
            AuditListRequest {
                filter,
                page,
                page_size: 50,
            },
        )
        .await
        .map(|p| p.total)
    };
    measure("audit log: page 1", || audit(AuditFilter::default(), 1)).await;
    measure("audit log: late page (3,999 of 4,000)", || {
        audit(AuditFilter::default(), 3_999)
    })
    .await;
    measure("audit log: filtered by action", || {
        audit(
            AuditFilter {
                action: Some("password_set".into()),
                ..Default::default()
            },
            1,
        )
    })
    .await;
    measure("audit log: filtered by target", || {
        audit(
            AuditFilter {
                target_type: Some("user".into()),
                target_id: Some("user-054321".into()),
                ..Default::default()
            },
            1,
        )
    })
    .await;
    measure("audit log: filtered by target type", || {
        audit(
            AuditFilter {
                target_type: Some("user".into()),
                ..Default::default()
            },
            1,
        )
    })
    .await;
    measure("audit log: one day", || {
        audit(
            AuditFilter {
                from: Some("2020-02-01".into()),
                to: Some("2020-02-01".into()),
                ..Default::default()
            },
            1,
        )
    })
    .await;
    let search = |text: &'static str| {
        audit(
            AuditFilter {
                text: Some(text.into()),
                ..Default::default()
            },
            1,
        )
    };
    measure("audit log: free text \"X123456\" (one entry)", || {
        search("X123456")
    })
    .await;
    measure("audit log: free text \"margaret\" (1 in 20)", || {
        search("margaret")
    })
    .await;
    measure(
        "audit log: free text \"X9\" (two letters: read through)",
        || search("X9"),
    )
    .await;
    measure("audit log: filter choices", || async {
        app.audit_filter_options(token)
            .await
            .map(|o| o.actions.len() as u64)
    })
    .await;

    let started = Instant::now();
    let export = app
        .export_users_csv(token, UserFilter::default())
        .await
        .unwrap();
    println!(
        "\nusers CSV export: {} rows, {:.1} MB in {} ms",
        export.rows,
        export.content.len() as f64 / 1e6,
        started.elapsed().as_millis()
    );
    let started = Instant::now();
    let export = app
        .export_audit_log_csv(token, AuditFilter::default())
        .await
        .unwrap();
    println!(
        "audit log CSV export: {} rows, {:.1} MB in {} ms",
        export.rows,
        export.content.len() as f64 / 1e6,
        started.elapsed().as_millis()
    );
}

/// Runs `call` (warm-up, then [`RUNS`] times) and prints p50/p95 and its row count.
async fn measure<F, Fut>(label: &str, call: F)
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<u64, AppError>>,
{
    for _ in 0..WARM_UP {
        call().await.unwrap();
    }
    let mut times: Vec<Duration> = Vec::with_capacity(RUNS);
    let mut rows = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        rows = call().await.unwrap();
        times.push(started.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1_000.0;
    println!(
        "{label:<58} {:>9.2} {:>9.2} {rows:>9}",
        ms(times[RUNS / 2]),
        ms(times[RUNS * 95 / 100])
    );
}
