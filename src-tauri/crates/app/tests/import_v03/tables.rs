//! Every v0.3 table lands: ids kept, ours mapped, values normalised; twice is once.

use super::*;

#[tokio::test]
async fn imports_every_table_keeping_ids_and_mapping_ours() {
    let env = env().await;
    with_local_rows(&env).await;
    let file = env.v03("hyopps_py.db", Variant::Latest);

    let report = env.import(&file).await.unwrap();

    assert_eq!(report.source, file.display().to_string());
    let expected = [
        ("organizations", (2, 0, 1, 0)),
        ("users", (3, 0, 2, 0)),
        ("studio_companies", (3, 0, 0, 0)),
        ("user_studio_access", (3, 0, 0, 1)),
        ("user_studio_companies", (1, 0, 0, 0)),
        ("system_groups", (3, 0, 0, 0)),
        ("organization_integrations", (2, 0, 0, 0)),
        ("organization_documentation", (1, 0, 0, 0)),
        ("resources", (1, 0, 6, 0)),
        ("access_grants", (3, 0, 0, 0)),
        ("workflow_definitions", (1, 0, 2, 0)),
        ("workflow_step_definitions", (2, 0, 17, 0)),
        ("workflow_executions", (6, 0, 0, 0)),
        ("workflow_step_executions", (STEP_EXECUTIONS, 0, 0, 0)),
    ];
    let tables: Vec<&str> = report.tables.iter().map(|t| t.table.as_str()).collect();
    assert_eq!(
        tables,
        expected.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
        "one line per v0.3 table, in import order"
    );
    for (table, counts) in expected {
        assert_eq!(
            counted(&report, table),
            counts,
            "{table}: (imported, already present, merged, skipped)"
        );
    }
    let printed = report.to_string();
    assert!(printed.contains("users"), "{printed}");
    assert!(!printed.contains("$2"), "the report never shows a hash");

    // Organisations: ids kept, JSON kept or made JSON, times normalised; Initech is ours.
    assert_eq!(env.count("organizations"), 3);
    assert_eq!(
        env.get::<String>(
            "SELECT account_types FROM organizations WHERE id = ?1",
            [ORG_ACME]
        ),
        r#"["partner", "client"]"#
    );
    assert_eq!(
        env.get::<String>(
            "SELECT account_types FROM organizations WHERE id = ?1",
            [ORG_GLOBEX]
        ),
        r#"["partner"]"#,
        "a bare v0.3 value becomes a JSON array"
    );
    assert_eq!(
        env.get::<String>(
            "SELECT created_at FROM organizations WHERE id = ?1",
            [ORG_ACME]
        ),
        "2025-03-01T10:00:00.000Z",
        "datetime('now') becomes ISO-8601 UTC with milliseconds"
    );
    assert_eq!(
        env.get::<String>(
            "SELECT created_at FROM organizations WHERE id = ?1",
            [ORG_GLOBEX]
        ),
        "2025-03-02T11:30:00.123Z",
        "isoformat() microseconds become milliseconds"
    );
    assert_eq!(
        env.get::<String>("SELECT name FROM organizations WHERE id = ?1", [LOCAL_ORG]),
        "INITECH",
        "the organisation here wins over v0.3's of the same name"
    );

    // Users.
    assert_eq!(
        env.count("users"),
        5,
        "seeded admin + Eve here + three imported"
    );
    let partner: (
        String,
        String,
        String,
        Option<String>,
        String,
        String,
        i64,
        i64,
        String,
        String,
    ) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT languages, skills, roles, organization_id, app_role, password_hash,
                        must_change_password, metabase_user_id, created_at, updated_at
                   FROM users WHERE id = ?1",
                [USER_PARTNER],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                    ))
                },
            )?)
        })
        .unwrap();
    assert_eq!(partner.0, r#"["en"]"#);
    assert_eq!(
        partner.1, r#"["sql","python"]"#,
        "a comma list becomes a JSON array"
    );
    assert_eq!(partner.2, r#"["lead"]"#);
    assert_eq!(partner.3.as_deref(), Some(ORG_ACME));
    assert_eq!(partner.4, "partner_admin");
    assert!(
        partner.5.starts_with("$2b$"),
        "a partner admin keeps the bcrypt hash until the next sign-in"
    );
    assert_eq!((partner.6, partner.7), (0, 17));
    assert_eq!(partner.8, "2025-03-05T09:15:00.500Z");
    assert_eq!(
        partner.9, partner.8,
        "v0.3 had no updated_at: the creation time"
    );
    assert_eq!(
        env.get::<Option<String>>(
            "SELECT password_hash FROM users WHERE id = ?1",
            [USER_PLAIN]
        ),
        None,
        "a `user`'s v0.3 hash may be a random one: it is not kept"
    );
    assert_eq!(
        env.get::<Option<String>>(
            "SELECT organization_id FROM users WHERE id = ?1",
            [USER_PARTNER_NO_ORG]
        ),
        None,
        "a partner admin without organisation is imported as it is"
    );
    let no_v03_ids: i64 = env.get(
        "SELECT COUNT(*) FROM users WHERE id IN (?1, ?2)",
        [USER_ADMIN, USER_EXISTING],
    );
    assert_eq!(no_v03_ids, 0, "users already here are not duplicated");
    assert_eq!(
        env.get::<String>(
            "SELECT firstname || ' ' || lastname FROM users WHERE id = ?1",
            [LOCAL_USER]
        ),
        "Eve Here",
        "the user here wins over v0.3's of the same email"
    );
    let (first, last, must_change): (String, String, i64) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT firstname, lastname, must_change_password FROM users WHERE id = ?1",
                [SEEDED_ADMIN],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        (first.as_str(), last.as_str(), must_change),
        ("Ada", "Admin", 0),
        "the untouched seeded admin takes v0.3's admin names and password"
    );

    // Studio.
    assert_eq!(env.count("studio_companies"), 3);
    assert_eq!(
        env.get::<String>(
            "SELECT created_at FROM studio_companies WHERE id = ?1",
            [SC_GLOBEX_TEST]
        ),
        NOW,
        "a missing required time gets the import's time"
    );
    assert_eq!(
        env.get::<String>(
            "SELECT user_id FROM user_studio_access WHERE studio_company_id = ?1",
            [SC_GLOBEX_TEST]
        ),
        LOCAL_USER,
        "references to a merged user point to ours"
    );
    assert_eq!(
        env.get::<Option<String>>(
            "SELECT revoked_at FROM user_studio_access WHERE id = '8c74c596-0000-4000-8000-000000000002'",
            []
        )
        .as_deref(),
        Some("2025-04-01T08:00:00.000Z")
    );
    assert_eq!(env.count("user_studio_companies"), 1);

    // Groups, integrations, documentation.
    assert_eq!(env.count("system_groups"), 3);
    let acme: (i64, String, i64, i64, String) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT keycloak_confirmed, keycloak_cluster, metabase_collection_id, lms_confirmed, updated_at
                   FROM organization_integrations WHERE organization_id = ?1",
                [ORG_ACME],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        acme,
        (
            1,
            "prod-eu".into(),
            12,
            1,
            "2025-03-03T08:00:00.000Z".into()
        )
    );
    assert_eq!(
        env.get::<Option<i64>>(
            "SELECT metabase_collection_id FROM organization_integrations WHERE organization_id = ?1",
            [ORG_GLOBEX]
        ),
        None,
        "v0.3's fake collection id names nothing in Metabase"
    );
    assert_eq!(
        env.get::<Option<String>>(
            "SELECT add_docu FROM organization_documentation WHERE organization_id = ?1",
            [ORG_ACME]
        ),
        None
    );

    // Resources and grants: v0.3's resource ids become ours.
    assert_eq!(env.count("resources"), 7, "our six and v0.3's Jira");
    assert_eq!(
        env.get::<String>("SELECT name FROM resources WHERE id = ?1", [RESOURCES[6].0]),
        "Jira"
    );
    let grant: (String, String, String) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT resource_id, granted_by, execution_id FROM access_grants WHERE id = ?1",
                [GRANT_METABASE],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        grant,
        (
            OUR_METABASE.into(),
            SEEDED_ADMIN.into(),
            EXEC_COMPLETED.into()
        ),
        "resource and granting admin are ours"
    );
    assert_eq!(
        env.get::<String>(
            "SELECT resource_id FROM access_grants WHERE user_id = ?1",
            [LOCAL_USER]
        ),
        OUR_STUDIO
    );

    // Workflows: ours (seven, 8 + 9 + 7 + 7 + 7 + 5 + 5 steps) kept, v0.3's unknown one
    // imported with its ids.
    assert_eq!(env.count("workflow_definitions"), 8);
    assert_eq!(env.count("workflow_step_definitions"), 50);
    assert_eq!(
        env.get::<String>(
            "SELECT name FROM workflow_definitions WHERE id = ?1",
            [WF_LEGACY]
        ),
        "legacy_offboarding"
    );

    // Executions in every v0.3 state.
    let statuses: Vec<(String, String)> = env
        .store()
        .read_blocking(|c| {
            let mut s = c.prepare("SELECT id, status FROM workflow_executions ORDER BY id")?;
            let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok::<_, StoreError>(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .unwrap();
    let mut expected_statuses = vec![
        (EXEC_COMPLETED.to_string(), "completed".to_string()),
        (EXEC_FAILED.into(), "failed".into()),
        (EXEC_AWAITING.into(), "awaiting_input".into()),
        (
            EXEC_RUNNING.into(),
            "failed".into(), // interrupted: see nothing_acts_by_itself
        ),
        (EXEC_PENDING.into(), "pending".into()),
        (EXEC_LEGACY.into(), "completed".into()),
    ];
    expected_statuses.sort();
    assert_eq!(statuses, expected_statuses, "ids and statuses 1:1");
    let completed: (String, String, String, String) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT workflow_definition_id, requested_by, completed_at, updated_at FROM workflow_executions WHERE id = ?1",
                [EXEC_COMPLETED],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        completed,
        (
            OUR_NEW_PARTNER_USER.into(),
            USER_PARTNER.into(),
            "2025-03-10T09:05:00.250Z".into(),
            "2025-03-10T09:05:00.250Z".into()
        ),
        "our workflow id; updated_at is the completion"
    );
    let running: (Option<String>, Option<String>, String, String) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT organization_id, user_id, requested_by, updated_at FROM workflow_executions WHERE id = ?1",
                [EXEC_RUNNING],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        running,
        (None, Some(LOCAL_USER.into()), SEEDED_ADMIN.into(), "2025-03-21T10:00:00.000Z".into()),
        "a deleted organisation is detached, a merged user and admin are ours, updated_at is the creation"
    );
    assert_eq!(
        env.get::<String>(
            "SELECT organization_id FROM workflow_executions WHERE id = ?1",
            [EXEC_LEGACY]
        ),
        LOCAL_ORG
    );
    assert_eq!(
        env.get::<String>(
            "SELECT workflow_definition_id FROM workflow_executions WHERE id = ?1",
            [EXEC_FAILED]
        ),
        OUR_NEW_PARTNER
    );

    // Step executions point to our step definitions, at the same position with the same name.
    assert_eq!(
        env.count("workflow_step_executions") as u64,
        STEP_EXECUTIONS
    );
    let mismatched: i64 = env.get(
        "SELECT COUNT(*) FROM workflow_step_executions se
           JOIN workflow_executions e ON e.id = se.execution_id
           JOIN workflow_step_definitions sd ON sd.id = se.step_definition_id
          WHERE sd.workflow_definition_id <> e.workflow_definition_id OR sd.step_order <> se.step_order",
        [],
    );
    assert_eq!(
        mismatched, 0,
        "every step execution points to its step in its workflow"
    );
    let on_our_steps: i64 = env.get(
        "SELECT COUNT(*) FROM workflow_step_executions WHERE execution_id = ?1
            AND step_definition_id IN (SELECT id FROM workflow_step_definitions WHERE workflow_definition_id = ?2)",
        [EXEC_COMPLETED, OUR_NEW_PARTNER_USER],
    );
    assert_eq!(on_our_steps, 9);
    let input: String = env.get(
        "SELECT manual_input FROM workflow_step_executions WHERE execution_id = ?1 AND step_order = 2",
        [EXEC_COMPLETED],
    );
    let input: serde_json::Value = serde_json::from_str(&input).unwrap();
    assert_eq!(
        input["selected_studio_company_ids"],
        serde_json::json!([SC_ACME_TEST, SC_ACME_PROD]),
        "v0.3's field names are kept"
    );
    let step3: (String, Option<String>, String) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT status, error, started_at FROM workflow_step_executions WHERE execution_id = ?1 AND step_order = 3",
                [EXEC_FAILED],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        step3,
        (
            "failed".into(),
            Some("Metabase returned 500".into()),
            "2025-03-02T11:29:50.000Z".into()
        )
    );
    assert_eq!(
        env.get::<String>(
            "SELECT output FROM workflow_step_executions WHERE execution_id = ?1 AND step_order = 2",
            [EXEC_LEGACY]
        ),
        r#""done""#,
        "an output that is not JSON is kept as a JSON string"
    );
    assert_eq!(
        env.get::<String>(
            "SELECT completed_at FROM workflow_step_executions WHERE execution_id = ?1 AND step_order = 9",
            [EXEC_COMPLETED]
        ),
        "2025-03-10T09:04:59.999Z"
    );

    // One audit entry, counts only.
    let (actor, summary): (Option<String>, String) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT actor_user_id, summary FROM audit_log WHERE action = 'imported_v03'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!(actor, None, "the command line has no signed-in actor");
    let summary: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(summary["tables"]["users"]["imported"], 3);
    assert_eq!(summary["file"], "hyopps_py.db");
    assert!(
        !summary.to_string().contains("$2"),
        "no hash in the audit log"
    );
}

#[tokio::test]
async fn importing_twice_changes_nothing() {
    let env = env().await;
    with_local_rows(&env).await;
    let file = env.v03("hyopps_py.db", Variant::Latest);
    let first = env.import(&file).await.unwrap();
    let before = dump(env.store());
    let audit_before = env.count("audit_log");

    env.clock.advance(chrono::Duration::hours(1));
    let second = env.import(&file).await.unwrap();

    assert_eq!(
        dump(env.store()),
        before,
        "the second import changes no row of any table"
    );
    assert_eq!(
        env.count("audit_log"),
        audit_before + 1,
        "only its own audit entry"
    );
    for (first, second) in first.tables.iter().zip(&second.tables) {
        assert_eq!(second.imported, 0, "{}: nothing new", second.table);
        assert_eq!(
            second.already_present, first.imported,
            "{}: what the first import wrote is already present",
            second.table
        );
        assert_eq!(second.merged, first.merged, "{}", second.table);
        assert_eq!(second.skipped, first.skipped, "{}", second.table);
    }
}
