//! `hyopps-server backup` and `restore FILE`, through the binary: a backup beside a serving
//! server, a restore refused while it serves, a file that is not a backup refused with nothing
//! changed, and a restore that brings the database back and keeps the replaced one.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use hyopps_app::data_lock::{DataLock, Holder};
use hyopps_app::App;
use hyopps_server::cli::{parse, Command as Parsed};
use hyopps_store::StoreError;

const BINARY: &str = env!("CARGO_BIN_EXE_hyopps-server");

fn run(args: &[&str], data_dir: &Path) -> Output {
    Command::new(BINARY)
        .args(args)
        .args(["--data-dir", data_dir.to_str().unwrap()])
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn add_organization(data_dir: &Path, name: &'static str) {
    let app = App::open(data_dir).unwrap();
    app.store()
        .write_blocking(move |tx| -> Result<(), StoreError> {
            tx.execute(
                "INSERT INTO organizations (id, name, account_types, created_at)
                 VALUES (lower(hex(randomblob(16))), ?1, '[\"partner\"]', '2026-12-01T08:00:00.000Z')",
                [name],
            )?;
            Ok(())
        })
        .unwrap();
}

fn organization_names(data_dir: &Path) -> Vec<String> {
    let app = App::open(data_dir).unwrap();
    app.store()
        .read_blocking(|c| -> Result<Vec<String>, StoreError> {
            let mut statement = c.prepare("SELECT name FROM organizations ORDER BY name")?;
            let names = statement
                .query_map([], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            Ok(names)
        })
        .unwrap()
}

fn backups_in(data_dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(data_dir.join("backups"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    paths
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_backup_is_made_beside_a_serving_server_and_restored_only_while_it_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    add_organization(&data_dir, "O'Brien & Söhne");

    // The server holds the folder; a backup only reads the database.
    let serving = DataLock::try_acquire(&data_dir, Holder::Server).unwrap();
    let made = run(&["backup"], &data_dir);
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    let backups = backups_in(&data_dir);
    assert_eq!(backups.len(), 1, "{backups:?}");
    let stdout = String::from_utf8_lossy(&made.stdout);
    assert!(
        stdout.contains(backups[0].to_str().unwrap()),
        "says where the backup is: {stdout}"
    );
    let backup = backups[0].to_str().unwrap().to_string();

    let refused = run(&["restore", &backup], &data_dir);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("hyopps-server is serving this data folder"),
        "{}",
        stderr(&refused)
    );
    drop(serving);

    add_organization(&data_dir, "Müller + Partner");
    let not_a_backup = dir.path().join("notes.sqlite");
    std::fs::write(&not_a_backup, "not a database").unwrap();
    let refused = run(&["restore", not_a_backup.to_str().unwrap()], &data_dir);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("notes.sqlite is not a HyOpps backup"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        organization_names(&data_dir),
        ["Müller + Partner", "O'Brien & Söhne"],
        "a refused file changes nothing"
    );

    let restored = run(&["restore", &backup], &data_dir);
    assert_eq!(restored.status.code(), Some(0), "{}", stderr(&restored));
    assert_eq!(organization_names(&data_dir), ["O'Brien & Söhne"]);
    let kept: Vec<String> = backups_in(&data_dir)
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "the replaced database is kept aside");

    let args = |list: &[&str]| parse(list.iter().map(std::ffi::OsString::from));
    assert_eq!(
        args(&["backup", "--data-dir", "d"]),
        Ok(Parsed::Backup {
            data_dir: "d".into()
        })
    );
    assert_eq!(
        args(&["restore", "b.sqlite", "--data-dir", "d"]),
        Ok(Parsed::Restore {
            data_dir: "d".into(),
            file: "b.sqlite".into()
        })
    );
    assert!(args(&["restore"]).unwrap_err().contains("backup file"));
    assert!(
        args(&["backup", "--data-dir", "d", "--listen", "127.0.0.1:1"])
            .unwrap_err()
            .contains("does not serve")
    );
}
