//! Workflows and their executions: start, list, read, and the operator's actions.

use hyopps_contract::{
    Activity, CompleteByHandRequest, DashboardSummary, ExecutionActionRequest, ExecutionDetail,
    ExecutionListRequest, ExecutionSummary, Page, StartExecutionRequest, SubmitInputRequest,
    WireError, WorkflowInfo,
};

use super::{call, call_reload, call_with};

/// The workflows an admin can start, with their steps.
pub async fn list_workflows() -> Result<Vec<WorkflowInfo>, WireError> {
    call("list_workflows").await
}

pub async fn start_execution(
    request: &StartExecutionRequest,
) -> Result<ExecutionDetail, WireError> {
    call_with("start_execution", request).await
}

pub async fn list_executions(
    request: &ExecutionListRequest,
    activity: Activity,
) -> Result<Page<ExecutionSummary>, WireError> {
    call_reload("list_executions", Some(request), activity).await
}

pub async fn get_execution(
    request: &ExecutionActionRequest,
    activity: Activity,
) -> Result<ExecutionDetail, WireError> {
    call_reload("get_execution", Some(request), activity).await
}

/// The answer to the form of the step that waits for input; a `Validation` error keys its
/// `fields` by the form fields' names.
pub async fn submit_step_input(request: &SubmitInputRequest) -> Result<ExecutionDetail, WireError> {
    call_with("submit_step_input", request).await
}

pub async fn retry_step(request: &ExecutionActionRequest) -> Result<ExecutionDetail, WireError> {
    call_with("retry_step", request).await
}

pub async fn complete_step_by_hand(
    request: &CompleteByHandRequest,
) -> Result<ExecutionDetail, WireError> {
    call_with("complete_step_by_hand", request).await
}

pub async fn cancel_execution(
    request: &ExecutionActionRequest,
) -> Result<ExecutionDetail, WireError> {
    call_with("cancel_execution", request).await
}

pub async fn dashboard_summary(activity: Activity) -> Result<DashboardSummary, WireError> {
    call_reload::<(), _>("dashboard_summary", None, activity).await
}
