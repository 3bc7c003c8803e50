//! Each server command: read its arguments from the body, call the one `hyopps_app` use case the
//! desktop command calls, answer its result as JSON. The argument and answer types are the
//! contract table's ([`Command::Args`], [`Command::Response`]), so the server cannot drift from
//! the desktop: the arguments are the same JSON object the window passes to Tauri's `invoke`
//! (`{"request": {…}}` for most commands, `{"system": …}` and `{"to": …}` for the two that take
//! one value, `{}` or no body for those that take nothing). Sign-in is not here: it hands out
//! the token ([`crate::api`]).

use std::future::Future;

use hyopps_app::{App, AppError, SessionToken};
use hyopps_contract::commands as c;
use hyopps_contract::{Activity, Command, ErrorCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::wire::ApiError;

/// The body as `T`; an empty body is `{}`.
pub fn args<T: DeserializeOwned>(command: &str, body: &[u8]) -> Result<T, ApiError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| ApiError::bad_body(command, e))
}

fn json<T: Serialize>(value: T) -> Result<Value, ApiError> {
    serde_json::to_value(value).map_err(|e| {
        tracing::error!(error = %e, "an answer could not be encoded");
        ApiError::from(AppError::Internal(
            "The answer could not be encoded.".to_owned(),
        ))
    })
}

/// Command `C`: its arguments from the body, then the use case, whose answer must be the
/// table's response type.
pub(crate) async fn run<C, F, Fut>(body: &[u8], use_case: F) -> Result<Value, ApiError>
where
    C: Command,
    F: FnOnce(C::Args) -> Fut,
    Fut: Future<Output = Result<C::Response, AppError>>,
{
    let args = args::<C::Args>(C::NAME, body)?;
    json(use_case(args).await?)
}

/// The session as the request means it: a screen reloading itself on an event is not the
/// person's activity, so it does not keep an idle session alive.
fn session_for(token: &SessionToken, activity: Option<Activity>) -> SessionToken {
    match activity.unwrap_or_default() {
        Activity::User => token.clone(),
        Activity::Refresh => token.for_refresh(),
    }
}

/// Runs `command` for the session `token`. `None` when the server has no route for it (the
/// caller checked the table first, so that is a defect the API tests catch).
pub async fn call(
    app: &App,
    token: &SessionToken,
    command: &str,
    body: &[u8],
) -> Option<Result<Value, ApiError>> {
    let b = body;
    Some(match command {
        // The session.
        c::ChangePassword::NAME => {
            run::<c::ChangePassword, _, _>(b, |a| async move {
                let r = a.request;
                app.change_own_password(token, &r.current_password, &r.new_password)
                    .await
            })
            .await
        }
        c::SignOut::NAME => {
            run::<c::SignOut, _, _>(b, |_| async move { app.sign_out(token).await }).await
        }
        c::CurrentSession::NAME => {
            run::<c::CurrentSession, _, _>(b, |_| async move {
                // Signed out (or the session ended), it answers null, as in the desktop window.
                match app.current_session(token).await {
                    Ok(info) => Ok(Some(info)),
                    Err(e) if e.code() == ErrorCode::Unauthorized => Ok(None),
                    Err(e) => Err(e),
                }
            })
            .await
        }
        // Executions.
        c::ListWorkflows::NAME => {
            run::<c::ListWorkflows, _, _>(b, |_| async move { app.list_workflows(token).await })
                .await
        }
        c::StartExecution::NAME => {
            run::<c::StartExecution, _, _>(b, |a| async move {
                app.start_execution(token, &a.request.workflow).await
            })
            .await
        }
        c::OffboardUser::NAME => {
            run::<c::OffboardUser, _, _>(
                b,
                |a| async move { app.offboard_user(token, a.request).await },
            )
            .await
        }
        c::PreviewWorkflow::NAME => {
            run::<c::PreviewWorkflow, _, _>(b, |a| async move {
                app.preview_workflow(token, a.request).await
            })
            .await
        }
        c::OffboardOrganization::NAME => {
            run::<c::OffboardOrganization, _, _>(b, |a| async move {
                app.offboard_organization(token, a.request).await
            })
            .await
        }
        c::MoveUser::NAME => {
            run::<c::MoveUser, _, _>(b, |a| async move { app.move_user(token, a.request).await })
                .await
        }
        c::ListExecutions::NAME => {
            run::<c::ListExecutions, _, _>(b, |a| async move {
                let token = session_for(token, a.activity);
                app.list_executions(&token, a.request).await
            })
            .await
        }
        c::GetExecution::NAME => {
            run::<c::GetExecution, _, _>(b, |a| async move {
                let token = session_for(token, a.activity);
                app.get_execution(&token, &a.request.execution_id).await
            })
            .await
        }
        c::SubmitStepInput::NAME => {
            run::<c::SubmitStepInput, _, _>(b, |a| async move {
                app.submit_input(token, a.request).await
            })
            .await
        }
        c::RetryStep::NAME => {
            run::<c::RetryStep, _, _>(b, |a| async move {
                app.retry_step(token, &a.request.execution_id).await
            })
            .await
        }
        c::CompleteStepByHand::NAME => {
            run::<c::CompleteStepByHand, _, _>(b, |a| async move {
                app.complete_step_by_hand(token, a.request).await
            })
            .await
        }
        c::CancelExecution::NAME => {
            run::<c::CancelExecution, _, _>(b, |a| async move {
                app.cancel_execution(token, &a.request.execution_id).await
            })
            .await
        }
        c::DashboardSummaryCommand::NAME => {
            run::<c::DashboardSummaryCommand, _, _>(b, |a| async move {
                app.dashboard_summary(&session_for(token, a.activity)).await
            })
            .await
        }
        c::PartnerOverviewCommand::NAME => {
            run::<c::PartnerOverviewCommand, _, _>(b, |a| async move {
                app.partner_overview(&session_for(token, a.activity)).await
            })
            .await
        }
        c::PreviewPeopleImport::NAME => {
            run::<c::PreviewPeopleImport, _, _>(b, |a| async move {
                app.preview_people_import(token, a.request).await
            })
            .await
        }
        c::StartPeopleImport::NAME => {
            run::<c::StartPeopleImport, _, _>(b, |a| async move {
                app.start_people_import(token, a.request).await
            })
            .await
        }
        c::PeopleImports::NAME => {
            run::<c::PeopleImports, _, _>(b, |a| async move {
                app.people_imports(&session_for(token, a.activity), a.request)
                    .await
            })
            .await
        }
        // Settings.
        c::GetSettings::NAME => {
            run::<c::GetSettings, _, _>(b, |_| async move { app.settings_overview(token).await })
                .await
        }
        c::ListBackups::NAME => {
            run::<c::ListBackups, _, _>(b, |_| async move { app.list_backups(token).await }).await
        }
        c::BackUpNow::NAME => {
            run::<c::BackUpNow, _, _>(b, |_| async move { app.back_up_now(token).await }).await
        }
        c::SaveSystemSettings::NAME => {
            run::<c::SaveSystemSettings, _, _>(b, |a| async move {
                app.save_system_settings(token, a.request).await
            })
            .await
        }
        c::TestConnection::NAME => {
            run::<c::TestConnection, _, _>(b, |a| async move {
                app.test_connection(token, &a.system).await
            })
            .await
        }
        c::SendTestEmail::NAME => {
            run::<c::SendTestEmail, _, _>(
                b,
                |a| async move { app.send_test_email(token, &a.to).await },
            )
            .await
        }
        _ => return crate::dispatch_admin::call(app, token, command, body).await,
    })
}
