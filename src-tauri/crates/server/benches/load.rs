//! A team's load on the built `hyopps-server`, printed (not asserted):
//! `cargo bench -p hyopps-server --bench load`.
//!
//! The release binary runs as its own process on loopback, on a fresh data folder with 20
//! organisations, 20 admins and 180 partner admins (9 per organisation). 200 sessions sign in,
//! then for 20 s (`HYOPPS_LOAD_SECONDS`) each one in turn lists its executions (page 1) and reads one execution's
//! detail, while four of the admins start 100 `new_partner` executions between them and answer
//! their two forms, so the executions move through the engine during the run (their first
//! auto step fails at once: no system is configured). Printed: the latency of the reads (p50,
//! p95, p99, max) and of the admins' writes, the errors, the runs started and how many the
//! engine took to their end, and the server process's memory
//! (RSS and PSS) at idle after start-up and at its highest under the load. The load client is
//! this process, so its own work is not in the server's memory.

use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::sync::Semaphore;

const ORGANIZATIONS: usize = 20;
const ADMINS: usize = 20;
const PARTNERS_PER_ORGANIZATION: usize = 9;
/// How long the load lasts; `HYOPPS_LOAD_SECONDS` overrides it.
const DEFAULT_SECONDS: u64 = 20;
const EXECUTIONS: usize = 100;
/// Admins starting runs at the same time (each waits for its own answers, as a person does).
const WRITERS: usize = 4;
const PASSWORD: &str = "a load bench passphrase";

fn seconds() -> u64 {
    std::env::var("HYOPPS_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SECONDS)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let seconds = seconds();
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path()).await;
    let port = free_port();
    let server = std::process::Command::new(env!("CARGO_BIN_EXE_hyopps-server"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .env("HYOPPS_LOG", "warn")
        .env(
            "MALLOC_ARENA_MAX",
            std::env::var("MALLOC_ARENA_MAX").unwrap_or_default(),
        )
        .spawn()
        .expect("the release hyopps-server starts");
    let server = Stopped(server);
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap();
    wait_for_health(&http, &base).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let idle = memory(server.0.id());

    let emails = accounts();
    let started = Instant::now();
    let tokens = sign_in_all(&http, &base, &emails).await;
    println!(
        "{} sessions signed in in {:.1} s (argon2id, 8 at a time)",
        tokens.len(),
        started.elapsed().as_secs_f64()
    );
    let signed_in = memory(server.0.id());
    let admin = tokens[0].clone();
    // A first run, so every session has an execution to read from the start.
    let first = start_run(&http, &base, &admin, 0).await.0;

    let running = Arc::new(AtomicUsize::new(0));
    let stop_at = Instant::now() + Duration::from_secs(seconds);
    let writers: Vec<_> = tokens[..WRITERS]
        .iter()
        .map(|token| {
            tokio::spawn(keep_runs_moving(
                http.clone(),
                base.clone(),
                token.clone(),
                Arc::clone(&running),
                stop_at,
                seconds,
            ))
        })
        .collect();
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = tokio::spawn(sample_memory(server.0.id(), Arc::clone(&peak), stop_at));

    let errors = Arc::new(AtomicUsize::new(0));
    let mut readers = Vec::new();
    for token in tokens {
        let (http, base, first) = (http.clone(), base.clone(), first.clone());
        let errors = Arc::clone(&errors);
        readers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < stop_at {
                let began = Instant::now();
                let list = call(
                    &http,
                    &base,
                    &token,
                    "list_executions",
                    json!({"request": {}}),
                )
                .await;
                latencies.push(began.elapsed());
                let id = match list {
                    Ok(page) => page["items"][0]["id"]
                        .as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| first.clone()),
                    Err(_) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                        first.clone()
                    }
                };
                let began = Instant::now();
                let detail = call(
                    &http,
                    &base,
                    &token,
                    "get_execution",
                    json!({"request": {"execution_id": id}}),
                )
                .await;
                latencies.push(began.elapsed());
                // A partner admin may not see the admins' runs: that is a 404, not an error.
                if let Err(status) = detail {
                    if status != 404 {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for reader in readers {
        latencies.extend(reader.await.unwrap());
    }
    let mut writes = Vec::new();
    for writer in writers {
        writes.extend(writer.await.unwrap());
    }
    sampler.await.unwrap();
    let ended = call(
        &http,
        &base,
        &admin,
        "list_executions",
        json!({"request": {"status": "failed", "page_size": 1}}),
    )
    .await
    .map(|page| page["total"].as_u64().unwrap_or(0))
    .unwrap_or(0);
    let breakdown = std::fs::read_to_string(format!("/proc/{}/status", server.0.id()))
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("Rss") || l.starts_with("Threads") || l.starts_with("VmHWM"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ");
    println!("server after the load: {breakdown}");
    drop(server);

    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q) as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{} reads by 200 sessions in {seconds} s ({:.0}/s) while {} runs started ({} taken by the engine to their end)",
        latencies.len(),
        latencies.len() as f64 / seconds as f64,
        running.load(Ordering::Relaxed).min(EXECUTIONS),
        ended
    );
    writes.sort();
    let write_at = |q: f64| writes[((writes.len() as f64 - 1.0) * q) as usize];
    println!(
        "writes ({} by {WRITERS} admins: start, two forms): p50 {:.1}, p95 {:.1}, max {:.1} ms",
        writes.len(),
        ms(write_at(0.50)),
        ms(write_at(0.95)),
        ms(*writes.last().unwrap())
    );
    println!(
        "latency ms: p50 {:.1}, p95 {:.1}, p99 {:.1}, max {:.1}; errors {}",
        ms(at(0.50)),
        ms(at(0.95)),
        ms(at(0.99)),
        ms(*latencies.last().unwrap()),
        errors.load(Ordering::Relaxed)
    );
    println!(
        "server memory: idle RSS {} MiB / PSS {} MiB; 200 sessions signed in RSS {} MiB; under load, highest RSS {} MiB",
        idle.0 / 1024,
        idle.1 / 1024,
        signed_in.0 / 1024,
        peak.load(Ordering::Relaxed) / 1024
    );
}

/// The admin with a password of their own, 20 organisations, 19 more admins and 180 partner
/// admins, all with `PASSWORD`, none with a password to change.
async fn seed(dir: &Path) {
    let hash = {
        use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
        argon2::Argon2::default()
            .hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string()
    };
    let store = hyopps_store::Store::open(&dir.join("hyopps.db")).unwrap();
    let mut sql = format!(
        "UPDATE users SET password_hash = '{hash}', must_change_password = 0 WHERE email = 'admin@hyopps.local';"
    );
    for o in 0..ORGANIZATIONS {
        sql.push_str(&format!(
            "INSERT INTO organizations (id, name, created_at) VALUES ('org-{o}', 'Müller + Partner {o} GmbH', 'now');"
        ));
        for p in 0..PARTNERS_PER_ORGANIZATION {
            sql.push_str(&format!(
                "INSERT INTO users (id, firstname, lastname, email, app_role, organization_id, password_hash, must_change_password, created_at, updated_at)
                 VALUES ('p-{o}-{p}', 'Siobhán', 'O''Brien {p}', 'p{p}@org{o}.example', 'partner_admin', 'org-{o}', '{hash}', 0, 'now', 'now');"
            ));
        }
    }
    for a in 1..ADMINS {
        sql.push_str(&format!(
            "INSERT INTO users (id, firstname, lastname, email, app_role, password_hash, must_change_password, created_at, updated_at)
             VALUES ('a-{a}', 'Ada', 'Ops {a}', 'ops{a}@hyopps.example', 'admin', '{hash}', 0, 'now', 'now');"
        ));
    }
    store
        .write_blocking(move |tx| {
            tx.execute_batch(&sql)
                .map_err(hyopps_store::StoreError::from)
        })
        .unwrap();
}

fn accounts() -> Vec<String> {
    let mut emails = vec!["admin@hyopps.local".to_owned()];
    emails.extend((1..ADMINS).map(|a| format!("ops{a}@hyopps.example")));
    for o in 0..ORGANIZATIONS {
        emails.extend((0..PARTNERS_PER_ORGANIZATION).map(|p| format!("p{p}@org{o}.example")));
    }
    emails
}

async fn sign_in_all(http: &reqwest::Client, base: &str, emails: &[String]) -> Vec<String> {
    let gate = Arc::new(Semaphore::new(8));
    let mut pending = Vec::new();
    for email in emails {
        let (http, base, email, gate) = (
            http.clone(),
            base.to_owned(),
            email.clone(),
            Arc::clone(&gate),
        );
        pending.push(tokio::spawn(async move {
            let _turn = gate.acquire().await.unwrap();
            let answer = call(
                &http,
                &base,
                "",
                "sign_in",
                json!({"request": {"email": email, "password": PASSWORD}}),
            )
            .await
            .unwrap_or_else(|status| panic!("{email} could not sign in: {status}"));
            answer["token"].as_str().unwrap().to_owned()
        }));
    }
    let mut tokens = Vec::new();
    for task in pending {
        tokens.push(task.await.unwrap());
    }
    tokens
}

/// One admin: starts `new_partner` runs and answers their two forms until `stop_at` or
/// `EXECUTIONS` runs between all admins; their auto steps then run in the server's engine.
/// Answers how long each of its writes took.
async fn keep_runs_moving(
    http: reqwest::Client,
    base: String,
    admin: String,
    running: Arc<AtomicUsize>,
    stop_at: Instant,
    seconds: u64,
) -> Vec<Duration> {
    // Spread over the first half of the run, so the engine works through the whole of it.
    let pause = Duration::from_millis(seconds * 500 * WRITERS as u64 / EXECUTIONS as u64);
    let mut writes = Vec::new();
    while Instant::now() < stop_at {
        let n = running.fetch_add(1, Ordering::Relaxed) + 1;
        if n > EXECUTIONS {
            break;
        }
        writes.extend(start_run(&http, &base, &admin, n).await.1);
        tokio::time::sleep(pause).await;
    }
    writes
}

/// Run `n`: its organisation and Studio ids are its own (HyOpps refuses a Studio id twice).
/// Answers its id and how long each of its three writes took.
async fn start_run(
    http: &reqwest::Client,
    base: &str,
    admin: &str,
    n: usize,
) -> (String, Vec<Duration>) {
    let began = Instant::now();
    let started = call(
        http,
        base,
        admin,
        "start_execution",
        json!({"request": {"workflow": "new_partner"}}),
    )
    .await
    .expect("an admin starts new_partner");
    let mut took = vec![began.elapsed()];
    let id = started["summary"]["id"].as_str().unwrap().to_owned();
    let organisation = json!({
        "organization_name": format!("O'Brien & Söhne {n}"),
        "studio_company_name_test": format!("OBS {n} TEST"),
        "studio_company_id_test": (10_000 + 2 * n).to_string(),
        "studio_company_name_prod": format!("OBS {n} PROD"),
        "studio_company_id_prod": (10_001 + 2 * n).to_string(),
    });
    let keycloak =
        json!({ "keycloak_cluster": "prod-eu", "scopes": "openid", "keycloak_confirmed": true });
    for input in [organisation, keycloak] {
        let began = Instant::now();
        call(
            http,
            base,
            admin,
            "submit_step_input",
            json!({"request": {"execution_id": id, "input": input}}),
        )
        .await
        .unwrap_or_else(|status| panic!("run {n}'s forms are refused: {status}"));
        took.push(began.elapsed());
    }
    (id, took)
}

/// The server process, killed when the bench ends, however it ends.
struct Stopped(std::process::Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A command; the answer's JSON, or the HTTP status it was refused with.
async fn call(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    command: &str,
    args: Value,
) -> Result<Value, u16> {
    let mut request = http.post(format!("{base}/api/v1/{command}")).json(&args);
    if !token.is_empty() {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.map_err(|_| 0_u16)?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(status);
    }
    response.json().await.map_err(|_| 0_u16)
}

async fn wait_for_health(http: &reqwest::Client, base: &str) {
    let started = Instant::now();
    while http.get(format!("{base}/health")).send().await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn sample_memory(pid: u32, peak: Arc<AtomicU64>, stop_at: Instant) {
    while Instant::now() < stop_at {
        peak.fetch_max(memory(pid).0, Ordering::Relaxed);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The process's RSS and PSS in KiB (Linux).
fn memory(pid: u32) -> (u64, u64) {
    let field = |file: &str, name: &str| {
        std::fs::read_to_string(format!("/proc/{pid}/{file}"))
            .unwrap_or_default()
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    (field("status", "VmRSS:"), field("smaps_rollup", "Pss:"))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
