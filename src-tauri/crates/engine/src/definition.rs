//! A workflow's definition, in one typed place: its steps in order, each with its kind, label,
//! description, the system it calls and who may complete it. The database rows that executions
//! point at are written from it at start-up ([`sync`]), under ids that never change.

use hyopps_store::definitions::{self, StepRow, WorkflowRow};
use hyopps_store::{StoreError, Transaction};

use crate::HandCompletion;

/// Whether a step runs by itself or waits for a person's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// Run by a background worker against an outside system.
    Auto,
    /// Waits for a form.
    Manual,
}

impl StepKind {
    /// As stored in `workflow_step_definitions.type`.
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Auto => "auto",
            StepKind::Manual => "manual",
        }
    }
}

/// Who may submit a step's form (or its task once it became one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletedBy {
    /// The operations team, or a partner admin for their own organisation.
    AnyAdmin,
    /// Only the operations team: a task in a system partners cannot reach, whose confirmation
    /// records access nobody else can vouch for. A partner admin sees that it waits for them.
    OperatorsOnly,
}

/// One step of a workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepDefinition {
    /// The row's id in `workflow_step_definitions`: fixed for good once released, because
    /// executions (and v0.3 imports) point at it.
    pub id: &'static str,
    /// The step's name within its workflow.
    pub name: &'static str,
    pub kind: StepKind,
    /// What the screens call it.
    pub label: &'static str,
    /// What it does, for the operator.
    pub description: &'static str,
    /// The outside system the step works in (e.g. "metabase"): an auto step's calls respect
    /// its limits, and an organisation that leaves the system out skips the step
    /// ([`hyopps_contract::PartnerSystem::of_step`]).
    pub system: Option<&'static str>,
    pub completed_by: CompletedBy,
    /// For an auto step that produces an id: what an admin enters to complete it by hand.
    pub by_hand: Option<HandCompletion>,
}

impl StepDefinition {
    /// An auto step in `system` that any admin may complete by hand and that produces no id
    /// to enter (the shape of the steps that take access away or move it).
    pub const fn auto_in(
        id: &'static str,
        name: &'static str,
        label: &'static str,
        description: &'static str,
        system: &'static str,
    ) -> StepDefinition {
        StepDefinition {
            id,
            name,
            kind: StepKind::Auto,
            label,
            description,
            system: Some(system),
            completed_by: CompletedBy::AnyAdmin,
            by_hand: None,
        }
    }

    pub fn operators_only(&self) -> bool {
        self.completed_by == CompletedBy::OperatorsOnly
    }
}

/// What the engine does with a step in a system the execution's organisation leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnusedSystems {
    /// The step is skipped, with "… is not used by <organisation>": a workflow about one
    /// organisation.
    Skipped,
    /// The step runs and looks itself at which organisation uses what: a move between two,
    /// where the old organisation's access goes even when the new one does not use the system.
    LeftToTheSteps,
}

/// A workflow: its name, its description and its steps in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkflowDefinition {
    /// The row's id in `workflow_definitions`: fixed for good once released.
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub steps: &'static [StepDefinition],
    pub unused_systems: UnusedSystems,
}

impl WorkflowDefinition {
    pub fn step(&self, name: &str) -> Option<&'static StepDefinition> {
        self.steps.iter().find(|s| s.name == name)
    }

    /// A step's position, from 1, as stored in `step_order`.
    pub fn order_of(&self, name: &str) -> Option<u32> {
        let index = self.steps.iter().position(|s| s.name == name)?;
        u32::try_from(index + 1).ok()
    }

    /// Where this definition contradicts itself: a step name or id used twice, an id shared
    /// with the workflow. Checked before anything is written.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (i, step) in self.steps.iter().enumerate() {
            let earlier = &self.steps[..i];
            if earlier.iter().any(|s| s.name == step.name) {
                problems.push(format!(
                    "{}: the step name {} is defined twice",
                    self.name, step.name
                ));
            }
            if earlier.iter().any(|s| s.id == step.id) || step.id == self.id {
                problems.push(format!(
                    "{}: the id of step {} is used twice",
                    self.name, step.name
                ));
            }
        }
        problems
    }
}

/// Writes `workflows`' definitions to the database: new rows inserted, changed ones updated,
/// unchanged ones untouched, so running it at every start-up is harmless.
pub fn sync(
    tx: &Transaction<'_>,
    workflows: &[&WorkflowDefinition],
    now: &str,
) -> Result<(), SyncError> {
    let problems: Vec<String> = workflows.iter().flat_map(|w| w.problems()).collect();
    if !problems.is_empty() {
        return Err(SyncError::Invalid(problems.join("; ")));
    }
    for workflow in workflows {
        let steps: Vec<StepRow<'_>> = workflow
            .steps
            .iter()
            .zip(1..)
            .map(|(step, step_order)| StepRow {
                id: step.id,
                step_order,
                name: step.name,
                label: step.label,
                kind: step.kind.as_str(),
                description: step.description,
            })
            .collect();
        let row = WorkflowRow {
            id: workflow.id,
            name: workflow.name,
            description: workflow.description,
        };
        definitions::upsert(tx, &row, &steps, now)?;
    }
    Ok(())
}

/// Why the definitions could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the workflow definitions contradict themselves: {0}")]
    Invalid(String),
    #[error("could not write the workflow definitions: {0}")]
    Store(#[from] StoreError),
}
