//! Executions a step starts as children: they start in the transaction that completes the
//! step, with their first step completed as if its form had been submitted; the parent's next
//! step is held while a child has not ended — a failed child holds it until an operator acts —
//! and the child that ends last (here by being cancelled) lets it run.

use std::sync::Arc;

use hyopps_engine::{
    Applied, ChildExecution, CompletedBy, Engine, EngineError, FieldErrors, StepContext,
    StepDefinition, StepError, StepFuture, StepKind, UnusedSystems, Workflow, WorkflowDefinition,
};
use hyopps_store::{executions, Connection, Transaction};
use serde_json::{json, Value};

use crate::support::{fixture, policy, TestFlow, ADMIN, WORKFLOW};

const PARENT: WorkflowDefinition = WorkflowDefinition {
    id: "parent",
    name: "parent_flow",
    description: "starts two test flows and goes on once they have ended",
    steps: &[
        StepDefinition::auto_in("p1", "start_children", "Start", "", "none"),
        StepDefinition {
            id: "p2",
            name: "after_children",
            kind: StepKind::Auto,
            label: "After",
            description: "",
            system: None,
            completed_by: CompletedBy::AnyAdmin,
            by_hand: None,
        },
    ],
    unused_systems: UnusedSystems::Skipped,
};

struct Parent;

impl Workflow for Parent {
    fn definition(&self) -> &'static WorkflowDefinition {
        &PARENT
    }

    fn validate_input(
        &self,
        _: &str,
        _: &Value,
        _: &StepContext,
        _: &Connection,
    ) -> Result<Value, FieldErrors> {
        Err(FieldErrors::new())
    }

    fn run_auto<'a>(&'a self, step: &'a str, _: &'a StepContext, _: &'a Value) -> StepFuture<'a> {
        Box::pin(async move { Ok(json!({ "ran": step })) })
    }

    fn apply(
        &self,
        step: &str,
        _: &Value,
        _: &StepContext,
        _: &Transaction<'_>,
        _: &str,
    ) -> Result<Applied, EngineError> {
        let children = match step {
            "start_children" => ["Ada", "Bob"]
                .map(|name| ChildExecution {
                    workflow: WORKFLOW,
                    organization_id: None,
                    user_id: None,
                    first_step_input: Some(json!({ "name": name })),
                })
                .to_vec(),
            _ => Vec::new(),
        };
        Ok(Applied {
            children,
            ..Applied::default()
        })
    }
}

#[tokio::test]
async fn a_parent_waits_for_every_child_and_a_failed_one_holds_it_until_an_operator_acts() {
    let f = fixture();
    let flows: Vec<Arc<dyn Workflow>> = vec![
        Arc::new(TestFlow {
            remote: Arc::clone(&f.remote),
        }),
        Arc::new(Parent),
    ];
    let engine = Engine::new(f.store.clone(), f.clock.clone(), policy(), flows);
    // The first child's call to the remote system fails for good.
    f.remote
        .failures
        .lock()
        .unwrap()
        .push_back(StepError::Fatal {
            message: "refused".into(),
        });

    let parent = engine.start("parent_flow", ADMIN, None).await.unwrap();
    engine.run_due().await.unwrap();

    let id = parent.clone();
    let children = f
        .store
        .read(move |c| executions::children(c, &id))
        .await
        .unwrap();
    assert_eq!(children.len(), 2, "one child per name");
    let statuses: Vec<&str> = children.iter().map(|c| c.status.as_str()).collect();
    assert!(
        statuses.contains(&"failed") && statuses.contains(&"completed"),
        "{statuses:?}"
    );
    for child in &children {
        assert!(
            f.audited(&child.id, "execution_started").await == 1,
            "each child's start is in the audit log"
        );
        let org = f.execution(&child.id).await.organization_id;
        assert!(
            org.is_some(),
            "the first step's own side effects ran: {org:?}"
        );
    }
    let held = f.step(&parent, 2).await;
    assert_eq!(
        (held.status.as_str(), held.next_attempt_at.as_deref()),
        ("pending", None),
        "held while a child has not ended: a failed one waits for an operator"
    );
    assert_eq!(f.execution(&parent).await.status, "running");

    let failed = children
        .iter()
        .find(|c| c.status == "failed")
        .unwrap()
        .id
        .clone();
    engine.cancel(&failed, ADMIN).await.unwrap();
    engine.run_due().await.unwrap();
    assert_eq!(
        f.execution(&parent).await.status,
        "completed",
        "the last child ended: it went on"
    );
    assert_eq!(f.step(&parent, 2).await.status, "completed");
}
