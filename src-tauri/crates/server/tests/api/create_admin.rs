//! `hyopps-server create-admin EMAIL --data-dir D`, through the binary.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use hyopps_app::data_lock::{DataLock, Holder};
use hyopps_server::cli::{parse, Command as Parsed};

const BINARY: &str = env!("CARGO_BIN_EXE_hyopps-server");

fn create_admin(data_dir: &Path, email: &str) -> Output {
    Command::new(BINARY)
        .args([
            "create-admin",
            email,
            "--data-dir",
            data_dir.to_str().unwrap(),
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn one_time_password(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .find_map(|line| line.strip_prefix("One-time password: "))
        .unwrap_or_else(|| panic!("the password is printed: {stdout}"))
        .trim()
        .to_owned()
}

async fn scalar(app: &hyopps_app::App, sql: &'static str) -> String {
    app.store()
        .read(move |c| {
            c.query_row(sql, [], |row| row.get::<_, String>(0))
                .map_err(hyopps_store::StoreError::from)
        })
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn create_admin_prints_a_one_time_password_that_must_be_changed_at_first_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");

    let created = create_admin(&data_dir, "Ops@Team.example");
    assert_eq!(
        created.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let password = one_time_password(&created);
    assert!(password.len() >= 16, "a long random password: {password}");
    let second = one_time_password(&create_admin(&data_dir, "second@team.example"));
    assert_ne!(password, second, "each password is random");

    let again = create_admin(&data_dir, "ops@team.example");
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(1), "an existing email is refused");
    assert!(
        stderr.contains("ops@team.example already has an account"),
        "says why: {stderr}"
    );
    assert!(again.stdout.is_empty(), "no password printed for a refusal");
    let bad = create_admin(&data_dir, "not an address");
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        !String::from_utf8_lossy(&bad.stderr).is_empty(),
        "a bad address is explained"
    );

    let app = hyopps_app::App::open(&data_dir).unwrap();
    assert_eq!(
        scalar(
            &app,
            "SELECT count(*) || '' FROM users WHERE email = 'ops@team.example'"
        )
        .await,
        "1",
        "the refused second run created nothing"
    );
    let (_, session) = app
        .sign_in("ops@team.example", &password)
        .await
        .expect("the one-time password signs in");
    assert_eq!(
        session.user.app_role,
        hyopps_contract::AppRole::Admin,
        "an administrator"
    );
    assert!(
        session.must_change_password,
        "the one-time password must be changed before anything else"
    );
    let audited = scalar(
        &app,
        "SELECT ifnull(actor_user_id, 'command line') || ' ' || summary FROM audit_log
          WHERE action = 'admin_created' ORDER BY at LIMIT 1",
    )
    .await;
    assert!(
        audited.starts_with("command line ") && audited.contains("ops@team.example"),
        "the audit log says who was created and from where: {audited}"
    );
    assert!(
        !audited.contains(&password),
        "the audit log never holds the password"
    );
}

#[test]
fn create_admin_refuses_a_data_folder_in_use_and_takes_only_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    std::fs::create_dir_all(&data_dir).unwrap();
    let server = DataLock::try_acquire(&data_dir, Holder::Server).unwrap();
    let refused = create_admin(&data_dir, "ops@team.example");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("hyopps-server is serving this data folder")
            && stderr.contains("stop it first"),
        "says who has the folder: {stderr}"
    );
    drop(server);

    let args = |list: &[&str]| parse(list.iter().map(std::ffi::OsString::from));
    assert_eq!(
        args(&["create-admin", "a@b.example", "--data-dir", "d"]),
        Ok(Parsed::CreateAdmin {
            data_dir: "d".into(),
            email: "a@b.example".into()
        })
    );
    assert!(args(&["create-admin"]).unwrap_err().contains("email"));
    assert!(args(&[
        "create-admin",
        "a@b.example",
        "--data-dir",
        "d",
        "--listen",
        "127.0.0.1:1"
    ])
    .unwrap_err()
    .contains("does not serve"));
}
