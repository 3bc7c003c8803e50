//! Engine throughput, printed (not asserted): `cargo bench -p hyopps-engine --bench throughput`.
//!
//! 1. 1,000 `new_partner_user` executions against zero-latency in-process systems:
//!    executions/s and step transitions/s.
//! 2. 100 executions whose every connector call takes 200 ms: wall time, to show concurrency.
//! 3. The physical limit: single-row write transactions in a bare loop with the same database
//!    settings (`hyopps_store::configure_connection`) (through the store's writer, and on a raw connection), so the engine's figures
//!    read as a fraction of it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use hyopps_connectors::in_memory::InMemorySystems;
use hyopps_engine::{workflows, Engine, Limit, RetryPolicy, SystemClock, SystemLimits};
use hyopps_store::{Store, StoreError};
use serde_json::json;

const ADMIN: &str = "95f6adb1-79ba-434a-9faf-d4d303b7d1ab";
const STEPS_PER_EXECUTION: u64 = 9;

struct Setup {
    _dir: tempfile::TempDir,
    store: Store,
    organization_id: String,
    company_id: String,
}

/// A fresh database with one fully provisioned organisation.
fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.db")).unwrap();
    store
        .write_blocking(|tx| -> Result<(), StoreError> {
            tx.execute_batch(
                "INSERT INTO organizations (id, name, created_at) VALUES ('org', 'Bench Org', 'now');
                 INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at)
                   VALUES ('company', 'org', 's-1', 'Bench PROD', 'prod', 'now');
                 INSERT INTO system_groups (id, organization_id, tool, external_id, external_name, created_at) VALUES
                   ('g1', 'org', 'metabase', '7', 'ext-bench-org', 'now'),
                   ('g2', 'org', 'teams', 'channel-1', 'Bench Org', 'now'),
                   ('g3', 'org', 'slack', 'S1', 'ext-bench-org', 'now'),
                   ('g4', 'org', 'keycloak', 'kc-1', 'ext-bench-org', 'now');",
            )?;
            Ok(())
        })
        .unwrap();
    Setup {
        _dir: dir,
        store,
        organization_id: "org".into(),
        company_id: "company".into(),
    }
}

/// Runs `count` executions with `workers` workers; returns the wall time.
async fn run_executions(count: usize, workers: usize, latency: Duration) -> Duration {
    let setup = setup();
    let systems = Arc::new(InMemorySystems::with_latency(latency));
    // As many calls at once per system as there are workers: this measures the engine.
    let limits = SystemLimits {
        default: Limit {
            concurrency: workers,
            min_interval: Duration::ZERO,
        },
        ..SystemLimits::default()
    };
    let engine = Engine::with_limits(
        setup.store.clone(),
        Arc::new(SystemClock),
        RetryPolicy::default(),
        workflows::standard(systems.connectors()),
        limits,
    );
    let handles = engine.spawn_workers(workers);
    let started = Instant::now();
    let mut submissions = Vec::with_capacity(count);
    for n in 0..count {
        let (engine, org, company) = (
            engine.clone(),
            setup.organization_id.clone(),
            setup.company_id.clone(),
        );
        submissions.push(tokio::spawn(async move {
            let id = engine.start("new_partner_user", ADMIN, None).await.unwrap();
            engine.submit_input(&id, json!({ "organization_id": org }), ADMIN).await.unwrap();
            let details = json!({
                "firstname": "User", "lastname": format!("{n}"), "email": format!("user{n}@bench.example"),
                "languages": ["en"], "skills": [], "roles": [], "selected_studio_company_ids": [company],
            });
            engine.submit_input(&id, details, ADMIN).await.unwrap();
        }));
    }
    for submission in submissions {
        submission.await.unwrap();
    }
    loop {
        let done: i64 = setup
            .store
            .read(|c| -> Result<i64, StoreError> {
                Ok(c.query_row(
                    "SELECT count(*) FROM workflow_executions WHERE status IN ('completed', 'failed')",
                    [],
                    |r| r.get(0),
                )?)
            })
            .await
            .unwrap();
        if done as usize == count {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let elapsed = started.elapsed();
    let failed: i64 = setup
        .store
        .read(|c| -> Result<i64, StoreError> {
            Ok(c.query_row(
                "SELECT count(*) FROM workflow_executions WHERE status = 'failed'",
                [],
                |r| r.get(0),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(failed, 0, "every execution completes");
    for handle in handles {
        handle.abort();
    }
    elapsed
}

fn bare_commit_rate(transactions: usize) -> (f64, f64) {
    let setup = setup();
    let started = Instant::now();
    for i in 0..transactions {
        setup
            .store
            .write_blocking(move |tx| -> Result<(), StoreError> {
                tx.execute(
                    "INSERT INTO audit_log (id, at, action) VALUES (?1, 'now', 'bench')",
                    [format!("w{i}")],
                )?;
                Ok(())
            })
            .unwrap();
    }
    let through_writer = transactions as f64 / started.elapsed().as_secs_f64();

    // The same settings on a plain connection, without the writer thread's hand-off.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("raw.db");
    drop(Store::open(&path).unwrap());
    let raw = rusqlite::Connection::open(&path).unwrap();
    hyopps_store::configure_connection(&raw).unwrap();
    let started = Instant::now();
    for i in 0..transactions {
        raw.execute_batch("BEGIN IMMEDIATE").unwrap();
        raw.execute(
            "INSERT INTO audit_log (id, at, action) VALUES (?1, 'now', 'bench')",
            [format!("r{i}")],
        )
        .unwrap();
        raw.execute_batch("COMMIT").unwrap();
    }
    let raw_rate = transactions as f64 / started.elapsed().as_secs_f64();
    (through_writer, raw_rate)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let (writer_rate, raw_rate) = bare_commit_rate(20_000);
    println!("physical limit: single-row write transactions, WAL + synchronous=NORMAL");
    println!("  bare loop on a raw connection    {raw_rate:>9.0} commits/s");
    println!("  through the store's one writer   {writer_rate:>9.0} commits/s");

    for workers in [1, 4] {
        let count = 1_000;
        let elapsed = run_executions(count, workers, Duration::ZERO).await;
        let executions = count as f64 / elapsed.as_secs_f64();
        let transitions = (count as u64 * STEPS_PER_EXECUTION) as f64 / elapsed.as_secs_f64();
        println!("{count} new_partner_user executions, zero-latency systems, {workers} worker(s):");
        println!(
            "  {:.2} s  {executions:>7.0} executions/s  {transitions:>7.0} step transitions/s",
            elapsed.as_secs_f64()
        );
        println!(
            "  = {:.1}% of the bare commit rate in step transitions",
            100.0 * transitions / raw_rate
        );
    }

    let latency = Duration::from_millis(200);
    for workers in [4, 50] {
        let elapsed = run_executions(100, workers, latency).await;
        println!(
            "100 executions, {} ms per connector call, {workers} workers: {:.1} s wall",
            latency.as_millis(),
            elapsed.as_secs_f64()
        );
    }
}
