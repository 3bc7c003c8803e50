//! Engine transitions → the window's `execution-changed` events, so open screens refresh
//! themselves without polling; and a desktop notification when an execution fails or starts
//! waiting for a form (the operations team's said so) while the window is in the background,
//! in the operator's words ([`hyopps_app::notice_for`]). Both only for a window whose session is
//! live and may see that execution: a signed-out window hears nothing. On a server, the
//! server's stream brings the same events (`server_events`), delivered the same way.

use hyopps_contract::commands::{GetExecution, RequestActivityArgs};
use hyopps_contract::{
    Activity, ExecutionActionRequest, ExecutionChanged, ExecutionDetail, ExecutionStatus,
    WireError, EXECUTION_CHANGED_EVENT,
};
use hyopps_engine::Engine;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;
use tokio::sync::broadcast::error::RecvError;

use crate::DesktopState;

/// Forwards every transition the window's session may hear of, for the app's lifetime. Needs the
/// managed [`DesktopState`] and the notification plugin.
pub fn forward_engine_events<R: Runtime>(app: AppHandle<R>, engine: &Engine) {
    let mut events = engine.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => {
                    let payload = ExecutionChanged {
                        execution_id: event.execution_id,
                        step_order: event.step_order.try_into().unwrap_or(0),
                        step_status: event.step_status,
                        execution_status: event.execution_status,
                    };
                    let state = app.state::<DesktopState>();
                    let audience = state.session();
                    let may_hear = match state.core() {
                        Ok(core) => {
                            core.may_hear_of_execution(&audience, &payload.execution_id)
                                .await
                        }
                        Err(_) => false,
                    };
                    if may_hear {
                        deliver(&app, payload);
                    }
                }
                // A burst bigger than the channel: screens reload on the next event anyway.
                Err(RecvError::Lagged(missed)) => {
                    tracing::debug!(missed, "execution events skipped")
                }
                Err(RecvError::Closed) => break,
            }
        }
    });
}

/// Tells the window about a change its session may hear of (from this computer's engine or
/// from the server's stream), with a notification when the execution now needs someone.
pub(crate) fn deliver<R: Runtime>(app: &AppHandle<R>, change: ExecutionChanged) {
    if matches!(
        change.execution_status,
        ExecutionStatus::AwaitingInput | ExecutionStatus::Failed
    ) {
        notify_needs_someone(app, &change);
    }
    if let Err(error) = app.emit(EXECUTION_CHANGED_EVENT, change) {
        tracing::warn!(%error, "could not send an execution event to the window");
    }
}

/// The daily check of everything, for as long as the app runs on this computer's database; a
/// run that found differences the one before did not shows a notification (and is audited).
pub fn check_access_daily<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let Ok(core) = app.state::<DesktopState>().inner().core() else {
            return;
        };
        core.keep_checking_access_daily(hyopps_app::DAILY_CHECK_LOOK, |run| {
            if run.new_differences > 0 {
                notify(
                    &app,
                    "HyOpps: new access differences",
                    &format!(
                        "The daily access check found {} new difference(s), {} in all. Open HyOpps → Access check.",
                        run.new_differences, run.differences
                    ),
                );
            }
        })
        .await;
    });
}

/// Only when the window is not in front: an admin who just submitted a form is looking at the
/// next one already. The execution is read again (as a refresh, which keeps no idle session
/// alive) to say who and what in words.
fn notify_needs_someone<R: Runtime>(app: &AppHandle<R>, change: &ExecutionChanged) {
    let focused = app
        .get_webview_window(crate::MAIN_WINDOW)
        .and_then(|window| window.is_focused().ok())
        .unwrap_or(false);
    if focused {
        return;
    }
    let (app, execution_id) = (app.clone(), change.execution_id.clone());
    tauri::async_runtime::spawn(async move {
        match execution_now(&app, execution_id).await {
            Ok(detail) => {
                if let Some(notice) = hyopps_app::notice_for(&detail) {
                    notify(&app, &notice.title, &notice.body);
                }
            }
            Err(error) => {
                tracing::debug!(%error, "no notification: the execution could not be read")
            }
        }
    });
}

/// The execution as the window's session sees it now, from this computer or its server.
async fn execution_now<R: Runtime>(
    app: &AppHandle<R>,
    execution_id: String,
) -> Result<ExecutionDetail, WireError> {
    let state = app.state::<DesktopState>();
    if let Some(link) = state.server() {
        let token = crate::remote::signed_in(&link)?;
        let args = RequestActivityArgs {
            request: ExecutionActionRequest { execution_id },
            activity: Some(Activity::Refresh),
        };
        return link
            .client
            .command::<GetExecution>(Some(token), &args)
            .await;
    }
    let session = state.session_for(Some(Activity::Refresh));
    Ok(state.core()?.get_execution(&session, &execution_id).await?)
}

fn notify<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    let shown = app.notification().builder().title(title).body(body).show();
    if let Err(error) = shown {
        // No notification service (a headless machine): the dashboard still shows it.
        tracing::debug!(%error, "could not show a desktop notification");
    }
}
