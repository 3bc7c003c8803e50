//! The workflows' definitions are the one source of their database rows: written at start-up,
//! under the ids the first release seeded, so existing executions and v0.3 imports keep pointing
//! at them.

use std::sync::Arc;

use hyopps_connectors::{Connectors, LiveConnectors};
use hyopps_engine::workflows::standard;
use hyopps_engine::{
    CompletedBy, Engine, EngineError, StepDefinition, StepKind, UnusedSystems, Workflow,
    WorkflowDefinition,
};
use hyopps_store::definitions::{self, StoredStep};
use hyopps_store::{Store, StoreError};

use crate::support::{engine_for, fixture, policy, FakeRemote, TestFlow, ADMIN, TEST_FLOW};

fn standard_workflows() -> Vec<Arc<dyn Workflow>> {
    standard(LiveConnectors::new(Connectors::not_configured()))
}

fn stored(store: &Store, name: &str) -> Option<(String, String, Vec<StoredStep>)> {
    let name = name.to_string();
    store
        .write_blocking(move |tx| definitions::stored(tx, &name))
        .unwrap()
}

fn expected_steps(definition: &WorkflowDefinition) -> Vec<StoredStep> {
    definition
        .steps
        .iter()
        .zip(1..)
        .map(|(s, order)| {
            (
                s.id.to_string(),
                order,
                s.name.to_string(),
                s.label.to_string(),
                s.kind.as_str().to_string(),
                s.description.to_string(),
            )
        })
        .collect()
}

fn count(store: &Store, table: &'static str) -> i64 {
    store
        .write_blocking(move |tx| -> Result<i64, StoreError> {
            Ok(tx.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        })
        .unwrap()
}

#[test]
fn the_rows_written_at_start_up_match_the_definitions_and_keep_the_seeded_ids() {
    let f = fixture();
    let workflows = standard_workflows();
    // The migration seeded the two onboarding workflows before any engine started; a workflow
    // added since (the offboarding) is written by the first start only.
    let seeded: Vec<_> = workflows
        .iter()
        .map(|w| stored(&f.store, w.definition().name))
        .collect();
    let names_seeded: Vec<&str> = workflows
        .iter()
        .zip(&seeded)
        .filter(|(_, s)| s.is_some())
        .map(|(w, _)| w.definition().name)
        .collect();
    assert_eq!(names_seeded, ["new_partner", "new_partner_user"]);
    let added: Vec<_> = workflows
        .iter()
        .zip(&seeded)
        .filter(|(_, s)| s.is_none())
        .map(|(w, _)| w.definition())
        .collect();
    let before = (
        count(&f.store, "workflow_definitions"),
        count(&f.store, "workflow_step_definitions"),
    );

    let _engine = Engine::new(
        f.store.clone(),
        f.clock.clone(),
        policy(),
        standard_workflows(),
    );
    let _again = Engine::new(
        f.store.clone(),
        f.clock.clone(),
        policy(),
        standard_workflows(),
    );

    for (workflow, seeded) in workflows.iter().zip(seeded) {
        let definition = workflow.definition();
        let (id, description, steps) = stored(&f.store, definition.name).unwrap();
        assert_eq!(
            id, definition.id,
            "{}: the row has the definition's id",
            definition.name
        );
        assert_eq!(description, definition.description);
        assert_eq!(
            steps,
            expected_steps(definition),
            "{}: the stored steps are the definition's, in its order",
            definition.name
        );
        if let Some(seeded) = seeded {
            assert_eq!(
                id, seeded.0,
                "{}: the workflow keeps the id the migration seeded",
                definition.name
            );
            let seeded_ids: Vec<&String> = seeded.2.iter().map(|s| &s.0).collect();
            let ids: Vec<&String> = steps.iter().map(|s| &s.0).collect();
            assert_eq!(
                ids, seeded_ids,
                "{}: every step keeps its seeded id",
                definition.name
            );
        }
    }
    let added_steps: usize = added.iter().map(|d| d.steps.len()).sum();
    assert_eq!(
        (
            count(&f.store, "workflow_definitions"),
            count(&f.store, "workflow_step_definitions"),
        ),
        (
            before.0 + i64::try_from(added.len()).unwrap(),
            before.1 + i64::try_from(added_steps).unwrap()
        ),
        "the first start adds the workflows the seed lacks; writing them twice adds no row"
    );
}

#[test]
fn a_stored_row_that_differs_from_its_definition_is_corrected_at_start_up() {
    let f = fixture();
    f.store
        .write_blocking(|tx| -> Result<(), StoreError> {
            tx.execute(
                "UPDATE workflow_step_definitions SET label = 'Old label', description = 'old'
                  WHERE name = 'lms_setup'",
                [],
            )?;
            // Two steps swapped, as when a release reorders them.
            tx.execute_batch(
                "UPDATE workflow_step_definitions SET step_order = 100 WHERE name = 'create_teams_channel';
                 UPDATE workflow_step_definitions SET step_order = 6 WHERE name = 'create_slack_group';
                 UPDATE workflow_step_definitions SET step_order = 7 WHERE name = 'create_teams_channel';",
            )?;
            Ok(())
        })
        .unwrap();
    let workflows = standard_workflows();
    let _engine = Engine::new(
        f.store.clone(),
        f.clock.clone(),
        policy(),
        standard_workflows(),
    );
    let new_partner = workflows
        .iter()
        .map(|w| w.definition())
        .find(|d| d.name == "new_partner")
        .unwrap();
    let (_, _, steps) = stored(&f.store, "new_partner").unwrap();
    assert_eq!(
        steps,
        expected_steps(new_partner),
        "the definition, not an older row, says what a step is called and where it runs"
    );
}

#[tokio::test]
async fn a_workflow_with_no_rows_yet_gets_them_from_its_definition_and_runs() {
    // No `define_test_workflow`: the definition alone is enough.
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("hyopps.db")).unwrap();
    let clock = Arc::new(hyopps_engine::ManualClock::new(chrono::Utc::now()));
    let remote = Arc::new(FakeRemote::default());
    let engine = engine_for(&store, clock, &remote);
    let (_, _, steps) = stored(&store, TEST_FLOW.name).expect("written at start-up");
    assert_eq!(steps, expected_steps(&TEST_FLOW));
    let id = engine.start(TEST_FLOW.name, ADMIN, None).await;
    assert!(id.is_ok(), "the new workflow starts: {id:?}");
}

#[test]
fn no_step_name_or_id_is_defined_twice() {
    let mut ids = std::collections::HashSet::new();
    for workflow in standard_workflows() {
        let definition = workflow.definition();
        assert_eq!(
            definition.problems(),
            Vec::<String>::new(),
            "{} defines each step once",
            definition.name
        );
        assert!(
            ids.insert(definition.id),
            "{}: its id is its own",
            definition.name
        );
        for step in definition.steps {
            assert!(
                ids.insert(step.id),
                "{}.{}: a step id belongs to one step of one workflow",
                definition.name,
                step.name
            );
        }
    }
}

const TWICE: WorkflowDefinition = WorkflowDefinition {
    id: "twice",
    name: "twice",
    description: "A step named twice",
    steps: &[
        TEST_FLOW.steps[0],
        StepDefinition {
            id: "another",
            kind: StepKind::Auto,
            completed_by: CompletedBy::OperatorsOnly,
            ..TEST_FLOW.steps[0]
        },
    ],
    unused_systems: UnusedSystems::Skipped,
};

struct Twice(TestFlow);

impl Workflow for Twice {
    fn definition(&self) -> &'static WorkflowDefinition {
        &TWICE
    }
    fn validate_input(
        &self,
        step: &str,
        input: &serde_json::Value,
        context: &hyopps_engine::StepContext,
        conn: &hyopps_store::Connection,
    ) -> Result<serde_json::Value, hyopps_engine::FieldErrors> {
        self.0.validate_input(step, input, context, conn)
    }
    fn run_auto<'a>(
        &'a self,
        step: &'a str,
        context: &'a hyopps_engine::StepContext,
        facts: &'a serde_json::Value,
    ) -> hyopps_engine::StepFuture<'a> {
        self.0.run_auto(step, context, facts)
    }
    fn apply(
        &self,
        step: &str,
        result: &serde_json::Value,
        context: &hyopps_engine::StepContext,
        tx: &hyopps_store::Transaction<'_>,
        now: &str,
    ) -> Result<hyopps_engine::Applied, EngineError> {
        self.0.apply(step, result, context, tx, now)
    }
}

#[tokio::test]
async fn a_definition_that_names_a_step_twice_is_refused_and_nothing_starts() {
    assert_eq!(
        TWICE.problems(),
        vec!["twice: the step name ask_name is defined twice".to_string()]
    );
    let f = fixture();
    let twice: Arc<dyn Workflow> = Arc::new(Twice(TestFlow {
        remote: Arc::clone(&f.remote),
    }));
    let engine = Engine::new(f.store.clone(), f.clock.clone(), policy(), vec![twice]);
    assert!(
        stored(&f.store, "twice").is_none(),
        "nothing of a contradictory definition is written"
    );
    match engine.start("twice", ADMIN, None).await {
        Err(EngineError::Conflict(message)) => assert!(
            message.contains("ask_name is defined twice"),
            "the refusal says what is wrong: {message}"
        ),
        other => panic!("a workflow whose definitions were refused must not start: {other:?}"),
    }
}
