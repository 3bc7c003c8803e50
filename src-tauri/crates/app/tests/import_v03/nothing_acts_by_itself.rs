//! Nothing imported acts by itself: a step v0.3 was running waits for an admin instead of being
//! run again at the next start, and documentation links that are not web links (which go into
//! emails to partners) are left empty rather than sent.

use super::*;

#[tokio::test]
async fn a_step_v03_was_running_is_imported_as_failed_and_waits_for_an_admin() {
    let env = env().await;
    let admin = signed_in_seeded_admin(&env).await;
    let file = env.v03("hyopps_py.db", Variant::Latest);

    let report = env.import(&file).await.unwrap();

    let (status, error, completed_at): (String, String, Option<String>) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT status, error, completed_at FROM workflow_step_executions
                  WHERE execution_id = ?1 AND step_order = 3",
                [EXEC_RUNNING],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        status, "failed",
        "v0.3's running step is interrupted, not running"
    );
    assert!(
        error.starts_with("Interrupted") && error.contains("Retry"),
        "the step says why and what to do: {error}"
    );
    assert_eq!(completed_at, None);
    let (status, order, error): (String, i64, String) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT status, current_step_order, error FROM workflow_executions WHERE id = ?1",
                [EXEC_RUNNING],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        (status.as_str(), order),
        ("failed", 3),
        "the execution has failed at that step"
    );
    assert!(error.starts_with("Interrupted"), "{error}");
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.starts_with("1 step that was running in v0.3 was imported as failed")),
        "{:?}",
        report.notes
    );

    let resumed = env.app.engine().resume().await.unwrap();
    assert_eq!(
        resumed, 0,
        "the next start of HyOpps runs nothing that v0.3 had started"
    );
    let running: i64 = env.get(
        "SELECT COUNT(*) FROM workflow_step_executions WHERE status IN ('running', 'pending') AND next_attempt_at IS NOT NULL",
        [],
    );
    assert_eq!(running, 0, "and nothing is due");

    env.app
        .retry_step(&admin, EXEC_RUNNING)
        .await
        .expect("the admin decides: Retry is available");
}

#[tokio::test]
async fn documentation_links_that_are_not_web_links_are_left_empty_and_named() {
    let env = env().await;
    let file = env.v03("hyopps_py.db", Variant::Latest);
    set_acme_documentation(
        &file,
        "javascript:alert(document.cookie)",
        "https://docs.example/generic",
        "file:///etc/passwd",
    );

    let report = env.import(&file).await.unwrap();

    let (internal, generic, additional): (Option<String>, Option<String>, Option<String>) = env
        .store()
        .read_blocking(|c| {
            Ok::<_, StoreError>(c.query_row(
                "SELECT internal_docu, generique_docu, add_docu FROM organization_documentation
                  WHERE organization_id = ?1",
                [ORG_ACME],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
        .unwrap();
    assert_eq!(internal, None, "a javascript: link never reaches an email");
    assert_eq!(generic.as_deref(), Some("https://docs.example/generic"));
    assert_eq!(additional, None, "nor a file: link");
    let notes = report.notes.join("\n");
    for label in [
        "“Partner documentation” of Acme",
        "“Additional documentation” of Acme",
    ] {
        assert!(notes.contains(label), "the report names {label}: {notes}");
    }
    assert!(
        !notes.contains("General documentation"),
        "a web link is kept without a word: {notes}"
    );
}
