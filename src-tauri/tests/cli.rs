//! The built `hyopps` binary's command line: `hyopps import-v03 <file>` runs headless, prints a
//! report and exits 0, or says why it refused and exits non-zero (among others: while the app
//! runs, since it is the database's one writer).

use std::path::Path;
use std::process::{Command, Output};

use hyopps_lib::data_lock::{DataLock, Holder};
use hyopps_store::Connection;

fn hyopps(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hyopps"))
        .args(args)
        .env("HYOPPS_DATA_DIR", data_dir)
        // No display: the command line must not need one.
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the hyopps binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The smallest database v0.3 could have written: its tables with their required columns
/// (older v0.3 had no organization_documentation), one organisation and one partner admin.
fn minimal_v03(path: &Path) {
    let db = Connection::open(path).unwrap();
    db.execute_batch(
        "CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT UNIQUE, account_types TEXT, created_at TEXT);
         CREATE TABLE users (id TEXT PRIMARY KEY, firstname TEXT, lastname TEXT, email TEXT UNIQUE,
             languages TEXT, skills TEXT, roles TEXT, organization_id TEXT, app_role TEXT,
             password_hash TEXT NOT NULL, created_at TEXT);
         CREATE TABLE studio_companies (id TEXT PRIMARY KEY, organization_id TEXT, studio_id TEXT UNIQUE,
             name TEXT, environment TEXT, created_at TEXT);
         CREATE TABLE user_studio_access (id TEXT PRIMARY KEY, user_id TEXT, studio_company_id TEXT,
             granted_at TEXT, revoked_at TEXT);
         CREATE TABLE user_studio_companies (id TEXT PRIMARY KEY, user_id TEXT UNIQUE, studio_id TEXT UNIQUE,
             name TEXT, created_at TEXT);
         CREATE TABLE system_groups (id TEXT PRIMARY KEY, organization_id TEXT, tool TEXT,
             external_name TEXT, external_id TEXT, created_at TEXT);
         CREATE TABLE organization_integrations (id TEXT PRIMARY KEY, organization_id TEXT UNIQUE,
             keycloak_confirmed INTEGER, keycloak_cluster TEXT, metabase_collection_id TEXT,
             lms_confirmed INTEGER, updated_at TEXT);
         CREATE TABLE resources (id TEXT PRIMARY KEY, name TEXT UNIQUE, type TEXT, has_api INTEGER, created_at TEXT);
         CREATE TABLE access_grants (id TEXT PRIMARY KEY, user_id TEXT, resource_id TEXT, permission TEXT,
             granted_by TEXT, granted_at TEXT, revoked_at TEXT, execution_id TEXT);
         CREATE TABLE workflow_definitions (id TEXT PRIMARY KEY, name TEXT UNIQUE, description TEXT, created_at TEXT);
         CREATE TABLE workflow_step_definitions (id TEXT PRIMARY KEY, workflow_definition_id TEXT,
             step_order INTEGER, name TEXT, label TEXT, type TEXT, description TEXT);
         CREATE TABLE workflow_executions (id TEXT PRIMARY KEY, workflow_definition_id TEXT,
             organization_id TEXT, user_id TEXT, requested_by TEXT, status TEXT,
             current_step_order INTEGER, created_at TEXT, completed_at TEXT);
         CREATE TABLE workflow_step_executions (id TEXT PRIMARY KEY, execution_id TEXT,
             step_definition_id TEXT, step_order INTEGER, status TEXT, manual_input TEXT, output TEXT,
             error TEXT, completed_by TEXT, started_at TEXT, completed_at TEXT);
         INSERT INTO organizations VALUES ('o-1', 'Initech', '[\"partner\"]', '2025-01-02 10:00:00');
         INSERT INTO users VALUES ('u-1', 'Peter', 'Gibbons', 'peter@initech.example', '[\"en\"]', '[]', '[]',
             'o-1', 'partner_admin', '$2b$04$abcdefghijklmnopqrstuu5u5u5u5u5u5u5u5u5u5u5u5u5u5u5u5', '2025-01-02 10:00:00');",
    )
    .unwrap();
}

#[test]
fn import_v03_imports_headless_then_changes_nothing_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("hyopps_py.db");
    minimal_v03(&source);
    let before = std::fs::read(&source).unwrap();
    let data = dir.path().join("data");

    let first = hyopps(&data, &["import-v03", source.to_str().unwrap()]);
    assert!(
        first.status.success(),
        "exit 0 on success; stderr: {}",
        text(&first.stderr)
    );
    let report = text(&first.stdout);
    assert!(
        report.contains("organizations"),
        "a count per table: {report}"
    );
    assert!(
        data.join("hyopps.db").is_file(),
        "imported into HYOPPS_DATA_DIR"
    );

    let second = hyopps(&data, &["import-v03", source.to_str().unwrap()]);
    assert!(second.status.success(), "importing again is fine");
    assert_ne!(
        text(&second.stdout),
        report,
        "the second report says the rows were already there"
    );
    assert_eq!(
        std::fs::read(&source).unwrap(),
        before,
        "the source file is never modified"
    );

    let db = Connection::open(data.join("hyopps.db")).unwrap();
    let peter: (String, String) = db
        .query_row(
            "SELECT o.name, u.app_role FROM users u JOIN organizations o ON o.id = u.organization_id
              WHERE u.email = 'peter@initech.example'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(peter, ("Initech".to_string(), "partner_admin".to_string()));
}

#[test]
fn import_v03_refuses_what_is_not_a_v03_database_and_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let garbage = dir.path().join("notes.db");
    std::fs::write(&garbage, b"this is not a database at all").unwrap();

    let refused = hyopps(&data, &["import-v03", garbage.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1), "refused: exit 1");
    assert!(
        text(&refused.stderr).contains("not a SQLite database"),
        "says why: {}",
        text(&refused.stderr)
    );

    let usage = hyopps(&data, &["import-v03"]);
    assert_eq!(
        usage.status.code(),
        Some(2),
        "a missing file is a usage error"
    );
    assert!(
        text(&usage.stderr).contains("usage: hyopps import-v03"),
        "{}",
        text(&usage.stderr)
    );
    let extra = hyopps(&data, &["import-v03", "a.db", "b.db"]);
    assert_eq!(extra.status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn the_data_folder_database_and_logs_are_private_to_their_owner() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("fresh");
    let v03 = dir.path().join("hyopps_py.db");
    minimal_v03(&v03);
    let out = hyopps(&data_dir, &["import-v03", v03.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    assert_eq!(
        mode(&data_dir),
        0o700,
        "the data folder is for its owner only"
    );
    assert_eq!(
        mode(&data_dir.join("hyopps.db")),
        0o600,
        "so is the database"
    );
    let logs = data_dir.join("logs");
    assert_eq!(mode(&logs), 0o700, "and the logs folder");
    let log_files: Vec<_> = std::fs::read_dir(&logs)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert!(!log_files.is_empty(), "the import is logged");
    for file in log_files {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}

#[test]
fn import_v03_refuses_while_the_app_runs_and_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("hyopps_py.db");
    minimal_v03(&source);
    let data = dir.path().join("data");
    // The app's own opener: it holds the folder's lock for as long as it has the database.
    let (lock, app) = hyopps_lib::open_core(&data).expect("the app opens its data folder");

    let refused = hyopps(&data, &["import-v03", source.to_str().unwrap()]);

    assert_eq!(refused.status.code(), Some(1), "refused: exit 1");
    assert!(
        text(&refused.stderr).contains("HyOpps is running: import from Settings, or quit it first"),
        "says what to do: {}",
        text(&refused.stderr)
    );
    let organisations: i64 = app
        .store()
        .read_blocking(|conn| -> Result<i64, hyopps_store::StoreError> {
            Ok(conn.query_row("SELECT COUNT(*) FROM organizations", [], |row| row.get(0))?)
        })
        .unwrap();
    assert_eq!(organisations, 0, "nothing was written beside the app");

    drop((app, lock));
    let imported = hyopps(&data, &["import-v03", source.to_str().unwrap()]);
    assert!(
        imported.status.success(),
        "once the app has quit the import runs: {}",
        text(&imported.stderr)
    );
}

#[test]
fn the_app_waits_for_an_import_under_way_before_it_opens_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    // What `hyopps import-v03` holds while it imports.
    let import = DataLock::try_acquire(&data, Holder::Import).unwrap();
    let (opened_tx, opened_rx) = std::sync::mpsc::channel();
    let opener = {
        let data = data.clone();
        std::thread::spawn(move || {
            let opened = hyopps_lib::open_core(&data).map_err(|e| e.to_string());
            opened_tx.send(()).unwrap();
            opened
        })
    };
    assert!(
        opened_rx
            .recv_timeout(std::time::Duration::from_millis(500))
            .is_err(),
        "the app does not open the database while the import writes it"
    );
    drop(import);
    let opened = opener.join().unwrap();
    assert!(
        opened.is_ok(),
        "once the import is done the app opens: {:?}",
        opened.err()
    );
}

#[test]
fn import_v03_says_an_admin_still_on_admin123_must_change_it() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("hyopps_py.db");
    hyopps_v03_fixture::build(&source, hyopps_v03_fixture::Variant::Latest);
    hyopps_v03_fixture::set_password(
        &source,
        hyopps_v03_fixture::ADMIN_EMAIL,
        hyopps_v03_fixture::V03_DEFAULT_PASSWORD,
    );
    let data = dir.path().join("data");

    let imported = hyopps(&data, &["import-v03", source.to_str().unwrap()]);

    assert!(imported.status.success(), "{}", text(&imported.stderr));
    let report = text(&imported.stdout);
    assert!(
        !report.contains("no longer has to change"),
        "admin123 is never declared fine: {report}"
    );
    assert!(
        report.contains("admin@hyopps.local") && report.contains("must choose a new password"),
        "the report says admin123 must go at the first sign-in: {report}"
    );
}

/// A data folder with the organisation O'Brien & Söhne (its PROD Studio company) and the
/// default admin's password set to `PASSWORD`, nothing else.
fn data_with_a_partner(dir: &Path) -> std::path::PathBuf {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let path = data.join("hyopps.db");
    drop(hyopps_store::Store::open(&path).expect("the database is made"));
    let hash = argon2::Argon2::default()
        .hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
    let db = Connection::open(&path).unwrap();
    db.execute(
        "UPDATE users SET password_hash = ?1, must_change_password = 0 WHERE email = 'admin@hyopps.local'",
        [hash],
    )
    .unwrap();
    db.execute_batch(
        "INSERT INTO organizations (id, name, created_at) VALUES ('obrien', 'O''Brien & Söhne', 'now');
         INSERT INTO studio_companies (id, organization_id, studio_id, name, environment, created_at)
           VALUES ('sc-prod', 'obrien', '3002', 'O''Brien & Söhne PROD', 'prod', 'now');",
    )
    .unwrap();
    data
}

const PASSWORD: &str = "a script's long passphrase";

fn onboard(data: &Path, args: &[&str], password: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hyopps"))
        .arg("onboard")
        .args(args)
        .env("HYOPPS_DATA_DIR", data)
        .env("HYOPPS_PASSWORD", password)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("the hyopps binary runs")
}

#[test]
fn onboard_dry_run_prints_what_each_line_becomes_and_starts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_with_a_partner(dir.path());
    let file = dir.path().join("people.csv");
    std::fs::write(
        &file,
        "\u{feff}E-Mail;Vorname;Nachname;Studio companies\r\n\
         aoife@obrien.example;Aoife;Nic Giolla Phádraig;O'Brien & Söhne PROD\r\n\
         jurgen@obrien.example;Jürgen;Müller + Söhne;3002\r\n\
         not-an-email;Nobody;Valid;\r\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let base = [
        "--as",
        "admin@hyopps.local",
        "--organisation",
        "o'brien & söhne",
    ];

    let dry = onboard(
        &data,
        &[&base[..], &["--file", file, "--dry-run"]].concat(),
        PASSWORD,
    );
    let out = text(&dry.stdout);
    assert_eq!(
        dry.status.code(),
        Some(1),
        "a refused line: exit 1 ({out}{})",
        text(&dry.stderr)
    );
    assert!(
        out.contains("people.csv for O'Brien & Söhne: 2 new, 0 already there, 1 refused."),
        "{out}"
    );
    assert!(
        out.contains("line 4: E-Mail: Enter an email address"),
        "{out}"
    );
    assert!(out.contains("Dry run: nothing was started."), "{out}");
    let executions: i64 = Connection::open(data.join("hyopps.db"))
        .unwrap()
        .query_row("SELECT COUNT(*) FROM workflow_executions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(executions, 0, "a dry run starts nothing");

    let wrong = onboard(
        &data,
        &[&base[..], &["--file", file, "--dry-run"]].concat(),
        "wrong",
    );
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        text(&wrong.stderr).contains("Email or password is incorrect."),
        "{}",
        text(&wrong.stderr)
    );

    let unknown = onboard(
        &data,
        &[
            "--as",
            "admin@hyopps.local",
            "--organisation",
            "Nobody GmbH",
            "--file",
            file,
        ],
        PASSWORD,
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        text(&unknown.stderr).contains("there is no organisation called \"Nobody GmbH\""),
        "{}",
        text(&unknown.stderr)
    );

    let usage = onboard(&data, &base, PASSWORD);
    assert_eq!(usage.status.code(), Some(2), "no file: a usage error");
    assert!(text(&usage.stderr).contains("onboard needs --file people.csv."));
}
