//! Workflow executions: start, list, detail, forms and the operator actions.

use hyopps_contract::{
    Activity, CompleteByHandRequest, DashboardSummary, ExecutionActionRequest, ExecutionDetail,
    ExecutionListRequest, ExecutionSummary, MoveUserRequest, OffboardUserRequest,
    OrganizationIdRequest, Page, PreviewRequest, StartExecutionRequest, SubmitInputRequest,
    WireError, WorkflowInfo, WorkflowPreview,
};
use tauri::State;

use crate::DesktopState;

#[tauri::command]
pub async fn list_workflows(
    state: State<'_, DesktopState>,
) -> Result<Vec<WorkflowInfo>, WireError> {
    Ok(state.core()?.list_workflows(&state.session()).await?)
}

#[tauri::command]
pub async fn start_execution(
    state: State<'_, DesktopState>,
    request: StartExecutionRequest,
) -> Result<ExecutionDetail, WireError> {
    Ok(state
        .core()?
        .start_execution(&state.session(), &request.workflow)
        .await?)
}

#[tauri::command]
pub async fn offboard_user(
    state: State<'_, DesktopState>,
    request: OffboardUserRequest,
) -> Result<ExecutionDetail, WireError> {
    Ok(state
        .core()?
        .offboard_user(&state.session(), request)
        .await?)
}

/// What a workflow would do, read from the live systems without changing anything.
#[tauri::command]
pub async fn preview_workflow(
    state: State<'_, DesktopState>,
    request: PreviewRequest,
) -> Result<WorkflowPreview, WireError> {
    Ok(state
        .core()?
        .preview_workflow(&state.session(), request)
        .await?)
}

/// Starts moving a person to another organisation (admins only, checked in the core).
#[tauri::command]
pub async fn move_user(
    state: State<'_, DesktopState>,
    request: MoveUserRequest,
) -> Result<ExecutionDetail, WireError> {
    Ok(state.core()?.move_user(&state.session(), request).await?)
}

/// Starts offboarding a whole partner organisation (admins only, checked in the core).
#[tauri::command]
pub async fn offboard_organization(
    state: State<'_, DesktopState>,
    request: OrganizationIdRequest,
) -> Result<ExecutionDetail, WireError> {
    Ok(state
        .core()?
        .offboard_organization(&state.session(), request)
        .await?)
}

/// `activity` says whether a screen reloads itself on an event (see [`Activity`]).
#[tauri::command]
pub async fn list_executions(
    state: State<'_, DesktopState>,
    request: ExecutionListRequest,
    activity: Option<Activity>,
) -> Result<Page<ExecutionSummary>, WireError> {
    Ok(state
        .core()?
        .list_executions(&state.session_for(activity), request)
        .await?)
}

#[tauri::command]
pub async fn get_execution(
    state: State<'_, DesktopState>,
    request: ExecutionActionRequest,
    activity: Option<Activity>,
) -> Result<ExecutionDetail, WireError> {
    Ok(state
        .core()?
        .get_execution(&state.session_for(activity), &request.execution_id)
        .await?)
}

#[tauri::command]
pub async fn submit_step_input(
    state: State<'_, DesktopState>,
    request: SubmitInputRequest,
) -> Result<ExecutionDetail, WireError> {
    Ok(state
        .core()?
        .submit_input(&state.session(), request)
        .await?)
}

#[tauri::command]
pub async fn retry_step(
    state: State<'_, DesktopState>,
    request: ExecutionActionRequest,
) -> Result<ExecutionDetail, WireError> {
    Ok(state
        .core()?
        .retry_step(&state.session(), &request.execution_id)
        .await?)
}

#[tauri::command]
pub async fn complete_step_by_hand(
    state: State<'_, DesktopState>,
    request: CompleteByHandRequest,
) -> Result<ExecutionDetail, WireError> {
    Ok(state
        .core()?
        .complete_step_by_hand(&state.session(), request)
        .await?)
}

#[tauri::command]
pub async fn cancel_execution(
    state: State<'_, DesktopState>,
    request: ExecutionActionRequest,
) -> Result<ExecutionDetail, WireError> {
    Ok(state
        .core()?
        .cancel_execution(&state.session(), &request.execution_id)
        .await?)
}

#[tauri::command]
pub async fn dashboard_summary(
    state: State<'_, DesktopState>,
    activity: Option<Activity>,
) -> Result<DashboardSummary, WireError> {
    Ok(state
        .core()?
        .dashboard_summary(&state.session_for(activity))
        .await?)
}
