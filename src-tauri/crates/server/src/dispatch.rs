//! Each server command: read its arguments from the body, call the one `hyopps_app` use case the
//! desktop command calls, answer its result as JSON. Arguments are the same JSON object the
//! window passes to Tauri's `invoke`: `{"request": {…}}` for most commands, `{"system": …}` and
//! `{"to": …}` for the two that take one value, `{}` (or no body) for those that take nothing.
//! Sign-in is not here: it hands out the token ([`crate::api`]).

use hyopps_app::{App, AppError, SessionToken};
use hyopps_contract::{
    AddStudioCompanyRequest, AddToMetabaseGroupRequest, AuditListRequest, ChangePasswordRequest,
    CompleteByHandRequest, ErrorCode, ExecutionActionRequest, ExecutionListRequest,
    OrganizationIdRequest, OrganizationListRequest, RemoveMetabaseMembershipRequest,
    SaveSystemSettingsRequest, SetDocumentationRequest, SetSystemGroupRequest,
    SetUserPasswordRequest, StartExecutionRequest, StudioCompanyIdRequest, SubmitInputRequest,
    UpdateOrganizationRequest, UpdateStudioCompanyRequest, UpdateUserRequest, UserIdRequest,
    UserListRequest,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::wire::ApiError;

/// `{"request": …}`, as Tauri maps it onto a command's `request` parameter.
#[derive(Deserialize)]
struct Request<T> {
    request: T,
}

/// A command without parameters takes an object (whose keys it ignores), like Tauri.
#[derive(Deserialize)]
struct NoArgs {}

#[derive(Deserialize)]
struct SystemArg {
    system: String,
}

#[derive(Deserialize)]
struct ToArg {
    to: String,
}

/// The body as `T`; an empty body is `{}`.
pub fn args<T: DeserializeOwned>(command: &str, body: &[u8]) -> Result<T, ApiError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| ApiError::bad_body(command, e))
}

fn request<T: DeserializeOwned>(command: &str, body: &[u8]) -> Result<T, ApiError> {
    Ok(args::<Request<T>>(command, body)?.request)
}

fn no_args(command: &str, body: &[u8]) -> Result<(), ApiError> {
    args::<NoArgs>(command, body).map(drop)
}

fn answer<T: Serialize>(result: Result<T, AppError>) -> Result<Value, ApiError> {
    let value = result?;
    serde_json::to_value(value).map_err(|e| {
        tracing::error!(error = %e, "an answer could not be encoded");
        ApiError::from(AppError::Internal(
            "The answer could not be encoded.".to_owned(),
        ))
    })
}

/// Runs `command` for the session `token`. `None` when the server has no such command (the
/// caller checked the table first, so that is a defect the API tests catch).
pub async fn call(
    app: &App,
    token: &SessionToken,
    command: &str,
    body: &[u8],
) -> Option<Result<Value, ApiError>> {
    run(app, token, command, body).await.transpose()
}

async fn run(
    app: &App,
    token: &SessionToken,
    command: &str,
    body: &[u8],
) -> Result<Option<Value>, ApiError> {
    let c = command;
    let value = match command {
        // The session.
        "change_password" => {
            let r: ChangePasswordRequest = request(c, body)?;
            answer(
                app.change_own_password(token, &r.current_password, &r.new_password)
                    .await,
            )?
        }
        "sign_out" => {
            no_args(c, body)?;
            answer(app.sign_out(token).await)?
        }
        "current_session" => {
            no_args(c, body)?;
            // Signed out (or the session ended), it answers null, as in the desktop window.
            match app.current_session(token).await {
                Ok(info) => answer(Ok(Some(info)))?,
                Err(e) if e.code() == ErrorCode::Unauthorized => Value::Null,
                Err(e) => return Err(e.into()),
            }
        }
        // Executions.
        "list_workflows" => {
            no_args(c, body)?;
            answer(app.list_workflows(token).await)?
        }
        "start_execution" => {
            let r: StartExecutionRequest = request(c, body)?;
            answer(app.start_execution(token, &r.workflow).await)?
        }
        "list_executions" => {
            let r: ExecutionListRequest = request(c, body)?;
            answer(app.list_executions(token, r).await)?
        }
        "get_execution" => {
            let r: ExecutionActionRequest = request(c, body)?;
            answer(app.get_execution(token, &r.execution_id).await)?
        }
        "submit_step_input" => {
            let r: SubmitInputRequest = request(c, body)?;
            answer(app.submit_step_input(token, &r.execution_id, r.input).await)?
        }
        "retry_step" => {
            let r: ExecutionActionRequest = request(c, body)?;
            answer(app.retry_step(token, &r.execution_id).await)?
        }
        "complete_step_by_hand" => {
            let r: CompleteByHandRequest = request(c, body)?;
            answer(app.complete_step_by_hand(token, r).await)?
        }
        "cancel_execution" => {
            let r: ExecutionActionRequest = request(c, body)?;
            answer(app.cancel_execution(token, &r.execution_id).await)?
        }
        "dashboard_summary" => {
            no_args(c, body)?;
            answer(app.dashboard_summary(token).await)?
        }
        "partner_overview" => {
            no_args(c, body)?;
            answer(app.partner_overview(token).await)?
        }
        // Settings.
        "get_settings" => {
            no_args(c, body)?;
            answer(app.settings_overview(token).await)?
        }
        "save_system_settings" => {
            let r: SaveSystemSettingsRequest = request(c, body)?;
            answer(app.save_system_settings(token, r).await)?
        }
        "test_connection" => {
            let a: SystemArg = args(c, body)?;
            answer(app.test_connection(token, &a.system).await)?
        }
        "send_test_email" => {
            let a: ToArg = args(c, body)?;
            answer(app.send_test_email(token, &a.to).await)?
        }
        _ => return organizations_users_audit(app, token, command, body).await,
    };
    Ok(Some(value))
}

/// The admin console's commands.
async fn organizations_users_audit(
    app: &App,
    token: &SessionToken,
    command: &str,
    body: &[u8],
) -> Result<Option<Value>, ApiError> {
    let c = command;
    let value = match command {
        "list_organizations" => {
            let r: OrganizationListRequest = request(c, body)?;
            answer(app.list_organizations(token, r).await)?
        }
        "get_organization" => {
            let r: OrganizationIdRequest = request(c, body)?;
            answer(app.get_organization(token, &r.organization_id).await)?
        }
        "update_organization" => {
            let r: UpdateOrganizationRequest = request(c, body)?;
            answer(app.update_organization(token, r).await)?
        }
        "set_system_group" => {
            let r: SetSystemGroupRequest = request(c, body)?;
            answer(app.set_system_group(token, r).await)?
        }
        "set_documentation_links" => {
            let r: SetDocumentationRequest = request(c, body)?;
            answer(app.set_documentation_links(token, r).await)?
        }
        "add_studio_company" => {
            let r: AddStudioCompanyRequest = request(c, body)?;
            answer(app.add_studio_company(token, r).await)?
        }
        "update_studio_company" => {
            let r: UpdateStudioCompanyRequest = request(c, body)?;
            answer(app.update_studio_company(token, r).await)?
        }
        "remove_studio_company" => {
            let r: StudioCompanyIdRequest = request(c, body)?;
            answer(app.remove_studio_company(token, &r.studio_company_id).await)?
        }
        "preview_organization_deletion" => {
            let r: OrganizationIdRequest = request(c, body)?;
            answer(
                app.preview_organization_deletion(token, &r.organization_id)
                    .await,
            )?
        }
        "delete_organization" => {
            let r: OrganizationIdRequest = request(c, body)?;
            answer(app.delete_organization(token, &r.organization_id).await)?
        }
        "list_users" => {
            let r: UserListRequest = request(c, body)?;
            answer(app.list_users(token, r).await)?
        }
        "get_user" => {
            let r: UserIdRequest = request(c, body)?;
            answer(app.get_user(token, &r.user_id).await)?
        }
        "update_user" => {
            let r: UpdateUserRequest = request(c, body)?;
            answer(app.update_user(token, r).await)?
        }
        "set_user_password" => {
            let r: SetUserPasswordRequest = request(c, body)?;
            answer(app.set_user_password(token, r).await)?
        }
        "preview_user_deletion" => {
            let r: UserIdRequest = request(c, body)?;
            answer(app.preview_user_deletion(token, &r.user_id).await)?
        }
        "delete_user" => {
            let r: UserIdRequest = request(c, body)?;
            answer(app.delete_user(token, &r.user_id).await)?
        }
        "get_metabase_account" => {
            let r: UserIdRequest = request(c, body)?;
            answer(app.metabase_account(token, &r.user_id).await)?
        }
        "add_user_to_metabase_group" => {
            let r: AddToMetabaseGroupRequest = request(c, body)?;
            answer(app.add_user_to_metabase_group(token, r).await)?
        }
        "remove_metabase_membership" => {
            let r: RemoveMetabaseMembershipRequest = request(c, body)?;
            answer(app.remove_metabase_membership(token, r).await)?
        }
        "list_audit_log" => {
            let r: AuditListRequest = request(c, body)?;
            answer(app.list_audit_log(token, r).await)?
        }
        "audit_filter_options" => {
            no_args(c, body)?;
            answer(app.audit_filter_options(token).await)?
        }
        _ => return Ok(None),
    };
    Ok(Some(value))
}
