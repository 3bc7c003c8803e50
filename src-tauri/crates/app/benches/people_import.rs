//! Adding people from a file, printed (not asserted): the preview of a 10,000-line file (the
//! largest one file may hold) and the start of 1,000 onboardings from one file (the one write
//! transaction that creates them, each with its first two forms answered):
//! `cargo bench -p hyopps-app --bench people_import`.
//!
//! No system is called: a preview reads only the database, and the auto steps of the started
//! onboardings run later, paced by the engine (no worker runs here).

use std::sync::Arc;
use std::time::{Duration, Instant};

use hyopps_app::{App, AuthPolicy, SessionToken, SystemClock};
use hyopps_contract::{ExecutionListRequest, PeopleFile, PeopleImportRequest};
use hyopps_store::{Store, StoreError};

const ORGANIZATION: &str = "org-obrien";
const PREVIEW_ROWS: usize = 10_000;
const STARTED_ROWS: usize = 1_000;
const RUNS: usize = 5;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(bench());
}

async fn bench() {
    let dir = tempfile::tempdir().expect("a folder");
    let store = Store::open(&dir.path().join("hyopps.db")).expect("a database");
    let app = App::new(store, Arc::new(SystemClock), AuthPolicy::default());
    let admin = signed_in_admin(&app).await;
    seed_organization(&app).await;

    let ten_thousand = request(people_file(PREVIEW_ROWS, 0));
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let preview = app
            .preview_people_import(&admin, ten_thousand.clone())
            .await
            .expect("the preview");
        times.push(started.elapsed());
        assert_eq!(preview.new as usize, PREVIEW_ROWS, "every line is new");
    }
    println!(
        "preview of {PREVIEW_ROWS} lines ({:.1} MB): median {:.0} ms, best {:.0} ms of {RUNS}",
        ten_thousand.file.contents.len() as f64 / 1e6,
        ms(median(&mut times)),
        ms(*times.iter().min().unwrap())
    );

    let thousand = request(people_file(STARTED_ROWS, PREVIEW_ROWS));
    let started = Instant::now();
    let answer = app
        .start_people_import(&admin, thousand)
        .await
        .expect("the start");
    let wall = started.elapsed();
    let executions = app
        .list_executions(&admin, ExecutionListRequest::default())
        .await
        .expect("the list")
        .total;
    println!(
        "start of {} onboardings from one file: {:.2} s ({:.2} ms each), {executions} executions waiting to run",
        answer.started,
        wall.as_secs_f64(),
        ms(wall) / f64::from(answer.started.max(1))
    );
}

/// `rows` people of O'Brien & Söhne, numbered from `first`, as a German spreadsheet saves them.
fn people_file(rows: usize, first: usize) -> PeopleFile {
    let mut contents =
        String::from("\u{feff}E-Mail;Vorname;Nachname;Languages;Roles;Studio companies\r\n");
    for i in first..first + rows {
        contents.push_str(&format!(
            "person{i}@obrien-soehne.example;Siobhán {i};Ó Briain-Müller + Söhne;de, en;Lead, Analyst;O'Brien & Söhne PROD\r\n"
        ));
    }
    PeopleFile {
        file_name: "Neue Kollegen.csv".into(),
        contents,
    }
}

fn request(file: PeopleFile) -> PeopleImportRequest {
    PeopleImportRequest {
        organization_id: Some(ORGANIZATION.into()),
        file,
    }
}

async fn signed_in_admin(app: &App) -> SessionToken {
    let (admin, _) = app
        .sign_in("admin@hyopps.local", "admin123")
        .await
        .expect("the default admin");
    app.change_own_password(&admin, "admin123", "a much better passphrase")
        .await
        .expect("a new password");
    admin
}

async fn seed_organization(app: &App) {
    app.store()
        .write(|tx| -> Result<(), StoreError> {
            tx.execute_batch(&format!(
                "INSERT INTO organizations (id, name, created_at) VALUES ('{ORGANIZATION}', 'O''Brien & Söhne', 'now');
                 INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at) VALUES
                   ('sc-test', '{ORGANIZATION}', '3001', 'O''Brien & Söhne TEST', 'test', 'now'),
                   ('sc-prod', '{ORGANIZATION}', '3002', 'O''Brien & Söhne PROD', 'prod', 'now');"
            ))?;
            Ok(())
        })
        .await
        .expect("the organisation");
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
