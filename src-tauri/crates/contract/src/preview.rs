//! A workflow's preview: what each step that is left will do, read from the live systems
//! without changing anything, before anyone starts it or submits the form that sets it going.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What to preview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "of", rename_all = "snake_case")]
pub enum PreviewRequest {
    /// The steps an execution under way has left. `draft` is the waiting step's form as filled
    /// in so far: checked like a submission, then used as if submitted (nothing is stored).
    Execution {
        execution_id: String,
        #[serde(default)]
        draft: Option<Value>,
    },
    /// A person's offboarding, before it is started (a partner admin: of their own people).
    Offboarding { user_id: String },
    /// An organisation's offboarding, before it is started (admins only).
    OrganizationOffboarding { organization_id: String },
}

/// What a step will do, as far as the systems said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreviewOutcome {
    /// The system was read: the step will change something there.
    Changes,
    /// The system was read: what the step does is already so.
    NothingToChange,
    /// The step will stop and wait for an operator (a group missing on record, a system not
    /// configured, an account the system refuses): the reason is given.
    WillStop,
    /// The organisation does not use the step's system.
    Skipped,
    /// A person completes the step (a form, an approval, a task in a system without an API).
    WaitsForAPerson,
    /// The step cannot be looked at ahead (it sends or creates something only it can): its
    /// description says what it does.
    Planned,
    /// The system could not be read now (unreachable, busy), or what the step needs is not
    /// known yet (an earlier form): the reason is given.
    CannotTell,
}

impl PreviewOutcome {
    /// The word the screens show before the step's sentence.
    pub fn label(self) -> &'static str {
        match self {
            PreviewOutcome::Changes => "Will change",
            PreviewOutcome::NothingToChange => "Already so",
            PreviewOutcome::WillStop => "Will stop",
            PreviewOutcome::Skipped => "Skipped",
            PreviewOutcome::WaitsForAPerson => "Waits for a person",
            PreviewOutcome::Planned => "Will run",
            PreviewOutcome::CannotTell => "Cannot tell",
        }
    }
}

/// One step of a preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepPreview {
    pub order: u32,
    pub label: String,
    pub outcome: PreviewOutcome,
    /// What the step will do, in the operator's words ("Adds ada@… to the Metabase group
    /// O'Brien & Söhne (12); finds her existing account 17.").
    pub says: String,
}

/// A whole preview: the workflow and who or what it is about, then its steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowPreview {
    /// The workflow's label ("Offboard a partner user").
    pub workflow: String,
    pub steps: Vec<StepPreview>,
}
