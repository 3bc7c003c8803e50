//! Workflow executions as the screens see them: lists, the step timeline, the form of the step
//! that waits for input, and the operator actions.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An execution's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExecutionStatus {
    Pending,
    Running,
    AwaitingInput,
    Completed,
    Failed,
    Cancelled,
}

impl ExecutionStatus {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ExecutionStatus::Pending => "pending",
            ExecutionStatus::Running => "running",
            ExecutionStatus::AwaitingInput => "awaiting_input",
            ExecutionStatus::Completed => "completed",
            ExecutionStatus::Failed => "failed",
            ExecutionStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// Nothing more will happen to a terminal execution. A failed one is not terminal: an
    /// operator can retry it.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            ExecutionStatus::Completed | ExecutionStatus::Cancelled
        )
    }

    pub const ALL: [ExecutionStatus; 6] = [
        ExecutionStatus::Pending,
        ExecutionStatus::Running,
        ExecutionStatus::AwaitingInput,
        ExecutionStatus::Completed,
        ExecutionStatus::Failed,
        ExecutionStatus::Cancelled,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ExecutionStatus::Pending => "Pending",
            ExecutionStatus::Running => "Running",
            ExecutionStatus::AwaitingInput => "Awaiting input",
            ExecutionStatus::Completed => "Completed",
            ExecutionStatus::Failed => "Failed",
            ExecutionStatus::Cancelled => "Cancelled",
        }
    }
}

/// A step's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Pending,
    Running,
    AwaitingInput,
    Completed,
    Failed,
    Skipped,
}

impl StepStatus {
    pub const ALL: [StepStatus; 6] = [
        StepStatus::Pending,
        StepStatus::Running,
        StepStatus::AwaitingInput,
        StepStatus::Completed,
        StepStatus::Failed,
        StepStatus::Skipped,
    ];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Pending => "pending",
            StepStatus::Running => "running",
            StepStatus::AwaitingInput => "awaiting_input",
            StepStatus::Completed => "completed",
            StepStatus::Failed => "failed",
            StepStatus::Skipped => "skipped",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn is_terminal(self) -> bool {
        matches!(self, StepStatus::Completed | StepStatus::Skipped)
    }

    pub fn label(self) -> &'static str {
        match self {
            StepStatus::Pending => "Pending",
            StepStatus::Running => "Running",
            StepStatus::AwaitingInput => "Awaiting input",
            StepStatus::Completed => "Completed",
            StepStatus::Failed => "Failed",
            StepStatus::Skipped => "Skipped",
        }
    }
}

/// Whether HyOpps does a step (auto) or a person does (manual).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Auto,
    Manual,
}

impl StepKind {
    pub fn label(self) -> &'static str {
        match self {
            StepKind::Auto => "Auto",
            StepKind::Manual => "Manual",
        }
    }
}

/// A workflow that can be started, for the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowInfo {
    /// `new_partner`, `new_partner_user` or `offboard_partner_user`.
    pub name: String,
    pub label: String,
    pub description: String,
    pub steps: Vec<WorkflowStepInfo>,
    /// Started from a person's or an organisation's page (an offboarding, a move), not from the
    /// list of workflows.
    #[serde(default)]
    pub starts_from_a_person: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowStepInfo {
    pub order: u32,
    pub name: String,
    pub label: String,
    pub kind: StepKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartExecutionRequest {
    pub workflow: String,
}

/// Whom to offboard: a person of a partner organisation (a partner admin: of their own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffboardUserRequest {
    pub user_id: String,
}

/// Whom to move, and to which organisation (admins only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveUserRequest {
    pub user_id: String,
    pub organization_id: String,
}

/// Filters and paging for the executions list. Pages count from 1.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionListRequest {
    #[serde(default)]
    pub status: Option<ExecutionStatus>,
    #[serde(default)]
    pub workflow: Option<String>,
    #[serde(default)]
    pub organization_id: Option<String>,
    /// Matches the organisation's name, the user's name or email, or the execution id.
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub page: u32,
    #[serde(default)]
    pub page_size: u32,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u32,
    pub page_size: u32,
}

/// An execution in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionSummary {
    pub id: String,
    pub workflow: String,
    pub workflow_label: String,
    pub status: ExecutionStatus,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    pub user_id: Option<String>,
    pub user_name: Option<String>,
    pub current_step_order: u32,
    pub current_step_label: Option<String>,
    pub step_count: u32,
    pub requested_by_name: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub completed_at: Option<String>,
    pub error: Option<String>,
}

/// An execution with its step timeline and, when a step waits for input, that step's form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExecutionDetail {
    pub summary: ExecutionSummary,
    pub steps: Vec<StepView>,
    pub form: Option<StepForm>,
    /// The executions this one started (an organisation's offboarding offboards each person in
    /// one of their own), oldest first; it waits until they have ended.
    #[serde(default)]
    pub children: Vec<ExecutionSummary>,
    /// The execution that started this one, if one did.
    #[serde(default)]
    pub parent_id: Option<String>,
    /// Where its organisation's groups open in their own systems (the Metabase group, the
    /// Teams channel, the Keycloak group), as far as they are recorded and have a page.
    #[serde(default)]
    pub system_links: Vec<SystemLink>,
}

/// A recorded group and the page it opens at in its system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemLink {
    pub tool: crate::SystemTool,
    /// The group's name as recorded (its id when it has none).
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub order: u32,
    pub name: String,
    pub label: String,
    pub description: String,
    pub kind: StepKind,
    pub status: StepStatus,
    pub manual_input: Option<Value>,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub completed_by_name: Option<String>,
    pub started_at: Option<String>,
    pub completed_at: Option<String>,
    pub attempts: u32,
    pub next_attempt_at: Option<String>,
    /// For a failed auto step: what the admin enters to complete it by hand (e.g. "Metabase
    /// group id"); `None` when the step produces no id.
    pub hand_completion_label: Option<String>,
}

/// The form of the step that waits for input, described by the backend so the UI renders any
/// step's form the same way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepForm {
    pub step_order: u32,
    pub title: String,
    /// What to do before filling it (e.g. the Infrabot parameters to copy).
    pub instructions: Vec<String>,
    pub fields: Vec<FormField>,
    pub submit_label: String,
    /// Only the operations team completes this step (a task in a system partners cannot
    /// reach); a partner admin is shown that it waits for them, and the backend refuses their
    /// answers.
    #[serde(default)]
    pub operators_only: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormField {
    /// The key in the submitted input object, and in field errors.
    pub name: String,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    pub help: Option<String>,
    /// The value to start with.
    pub initial: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    /// A single line; submitted as a string.
    Text,
    /// Submitted as a string.
    Email,
    /// Free-form words; submitted as an array of strings (the UI may take them comma-separated).
    Tags,
    /// One of the options; submitted as the option's value (a string).
    Select { options: Vec<FieldOption> },
    /// Any of the options; submitted as an array of the options' values.
    MultiSelect { options: Vec<FieldOption> },
    /// A confirmation; submitted as a boolean.
    Checkbox,
    /// Several lines; submitted as a string.
    TextArea,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldOption {
    pub value: String,
    pub label: String,
}

/// The answer to the form of the step that waits for input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmitInputRequest {
    pub execution_id: String,
    /// Field name → value, as the form's fields describe.
    pub input: Value,
    /// The step whose form was filled in ([`StepForm::step_order`]). When another step waits
    /// by now, someone else acted first and the answer says who; without it (older scripts)
    /// the input goes to whichever step waits.
    #[serde(default)]
    pub step_order: Option<u32>,
}

/// Retry the failed step, or cancel the execution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionActionRequest {
    pub execution_id: String,
}

/// The admin did the failed step's work in the system itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompleteByHandRequest {
    pub execution_id: String,
    /// The id the step would have produced (e.g. the Metabase group id); may be empty when the
    /// step produces none.
    pub external_id: String,
    pub note: String,
    /// The failed step the operator saw; as in [`SubmitInputRequest::step_order`].
    #[serde(default)]
    pub step_order: Option<u32>,
}

/// The Tauri event name for [`ExecutionChanged`].
pub const EXECUTION_CHANGED_EVENT: &str = "execution-changed";

/// Sent after every committed transition, so open screens refresh without polling.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionChanged {
    pub execution_id: String,
    pub step_order: u32,
    pub step_status: StepStatus,
    pub execution_status: ExecutionStatus,
}

/// The dashboard's three panels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardSummary {
    pub awaiting_input: Vec<ExecutionSummary>,
    pub failed: Vec<ExecutionSummary>,
    pub recently_completed: Vec<ExecutionSummary>,
    /// The latest check of everything, for an admin's dashboard; `None` for a partner admin,
    /// or before the first one.
    #[serde(default)]
    pub access_check: Option<crate::AccessCheckRun>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip_and_match_the_wire() {
        for status in ExecutionStatus::ALL {
            assert_eq!(ExecutionStatus::parse(status.as_str()), Some(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        for status in StepStatus::ALL {
            assert_eq!(StepStatus::parse(status.as_str()), Some(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        assert_eq!(StepStatus::parse("done"), None);
    }

    #[test]
    fn a_failed_execution_is_not_terminal_because_an_operator_can_retry_it() {
        assert!(!ExecutionStatus::Failed.is_terminal());
        assert!(ExecutionStatus::Cancelled.is_terminal());
        assert!(!StepStatus::Failed.is_terminal());
    }
}
