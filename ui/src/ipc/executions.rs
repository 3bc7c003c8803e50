//! Workflows and their executions: start, list, read, and the operator's actions.

use hyopps_contract::{
    Activity, CompleteByHandRequest, DashboardSummary, ExecutionActionRequest, ExecutionDetail,
    ExecutionListRequest, ExecutionSummary, MoveUserRequest, OffboardUserRequest,
    OrganizationIdRequest, Page, PreviewRequest, StartExecutionRequest, SubmitInputRequest,
    WireError, WorkflowInfo, WorkflowPreview,
};

use hyopps_contract::commands::{
    CancelExecution, CompleteStepByHand, DashboardSummaryCommand, GetExecution, ListExecutions,
    ListWorkflows, MoveUser, OffboardOrganization, OffboardUser, PreviewWorkflow, RetryStep,
    StartExecution, SubmitStepInput,
};

use super::{call, call_reload, call_reload_plain, call_with};

/// The workflows an admin can start, with their steps.
pub async fn list_workflows() -> Result<Vec<WorkflowInfo>, WireError> {
    call::<ListWorkflows>().await
}

pub async fn start_execution(
    request: &StartExecutionRequest,
) -> Result<ExecutionDetail, WireError> {
    call_with::<StartExecution, _>(request).await
}

/// Starts the offboarding of a person (see the `offboard_user` command).
pub async fn offboard_user(request: &OffboardUserRequest) -> Result<ExecutionDetail, WireError> {
    call_with::<OffboardUser, _>(request).await
}

/// What a workflow would do, read from the live systems (see the `preview_workflow` command).
pub async fn preview_workflow(request: &PreviewRequest) -> Result<WorkflowPreview, WireError> {
    call_with::<PreviewWorkflow, _>(request).await
}

/// Starts moving a person to another organisation (see the `move_user` command).
pub async fn move_user(request: &MoveUserRequest) -> Result<ExecutionDetail, WireError> {
    call_with::<MoveUser, _>(request).await
}

/// Starts offboarding a whole organisation (see the `offboard_organization` command).
pub async fn offboard_organization(
    request: &OrganizationIdRequest,
) -> Result<ExecutionDetail, WireError> {
    call_with::<OffboardOrganization, _>(request).await
}

pub async fn list_executions(
    request: &ExecutionListRequest,
    activity: Activity,
) -> Result<Page<ExecutionSummary>, WireError> {
    call_reload::<ListExecutions, _>(request, activity).await
}

pub async fn get_execution(
    request: &ExecutionActionRequest,
    activity: Activity,
) -> Result<ExecutionDetail, WireError> {
    call_reload::<GetExecution, _>(request, activity).await
}

/// The answer to the form of the step that waits for input; a `Validation` error keys its
/// `fields` by the form fields' names.
pub async fn submit_step_input(request: &SubmitInputRequest) -> Result<ExecutionDetail, WireError> {
    call_with::<SubmitStepInput, _>(request).await
}

pub async fn retry_step(request: &ExecutionActionRequest) -> Result<ExecutionDetail, WireError> {
    call_with::<RetryStep, _>(request).await
}

pub async fn complete_step_by_hand(
    request: &CompleteByHandRequest,
) -> Result<ExecutionDetail, WireError> {
    call_with::<CompleteStepByHand, _>(request).await
}

pub async fn cancel_execution(
    request: &ExecutionActionRequest,
) -> Result<ExecutionDetail, WireError> {
    call_with::<CancelExecution, _>(request).await
}

pub async fn dashboard_summary(activity: Activity) -> Result<DashboardSummary, WireError> {
    call_reload_plain::<DashboardSummaryCommand>(activity).await
}
