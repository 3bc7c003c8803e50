//! The v0.3 file: only read, never changed, and refused (writing nothing) when it is not an
//! intact, untampered v0.3 database.

use super::*;

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
async fn a_file_with_a_virtual_table_is_refused_and_nothing_is_written() {
    let env = env().await;
    let file = env.v03("hyopps_py.db", Variant::Latest);
    rusqlite::Connection::open(&file)
        .unwrap()
        .execute_batch("CREATE VIRTUAL TABLE notes USING fts5(body);")
        .unwrap();
    let before = row_counts(env.store());

    let message = refusal(env.import(&file).await.unwrap_err());

    assert!(
        message.contains("virtual table (`notes`)"),
        "v0.3 never had one: {message}"
    );
    assert_eq!(row_counts(env.store()), before, "nothing was written");
}
