//! Sign-in, the forced password change, sign-out and the remembered email. On a server the
//! shell signs in there and keeps the token; the window never sees it.

use hyopps_contract::commands::{CurrentSession, NoArgs};
use hyopps_contract::{ChangePasswordRequest, ErrorCode, SessionInfo, SignInRequest, WireError};
use tauri::{AppHandle, Runtime, State};

use crate::remote::note_reachability;
use crate::workplace::ServerLink;
use crate::{preferences, server_events, DesktopState};

#[tauri::command]
pub async fn sign_in<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, DesktopState>,
    request: SignInRequest,
) -> Result<SessionInfo, WireError> {
    let info = match state.server() {
        Some(link) => sign_in_on_server(&app, &state, link, &request).await?,
        None => {
            let core = state.core()?;
            let (token, info) = core.sign_in(&request.email, &request.password).await?;
            if let Some(previous) = state.set_session(Some(token)) {
                // Signing in again replaces the window's session; the old one must not linger.
                core.sign_out(&previous).await?;
            }
            info
        }
    };
    preferences::remember_email(&app, state.data_dir(), &info.user.email);
    Ok(info)
}

async fn sign_in_on_server<R: Runtime>(
    app: &AppHandle<R>,
    state: &DesktopState,
    mut link: ServerLink,
    request: &SignInRequest,
) -> Result<SessionInfo, WireError> {
    let answer = link.client.sign_in(request).await;
    note_reachability(app, &link, answer.as_ref().err());
    let (token, info) = answer?;
    if let Some(Some(previous)) = state.set_server_token(Some(token.clone())) {
        link.end_session(&previous).await;
    }
    link.token = Some(token);
    server_events::follow(app, link);
    Ok(info)
}

#[tauri::command]
pub async fn change_password(
    state: State<'_, DesktopState>,
    request: ChangePasswordRequest,
) -> Result<SessionInfo, WireError> {
    let token = state.session();
    Ok(state
        .core()?
        .change_own_password(&token, &request.current_password, &request.new_password)
        .await?)
}

#[tauri::command]
pub async fn sign_out(state: State<'_, DesktopState>) -> Result<(), WireError> {
    if let Some(link) = state.server() {
        state.stop_server_events();
        if let Some(Some(token)) = state.set_server_token(None) {
            link.end_session(&token).await;
        }
        return Ok(());
    }
    if let Some(token) = state.set_session(None) {
        state.core()?.sign_out(&token).await?;
    }
    Ok(())
}

/// The live session, or `null` when signed out (so a reloaded window knows where it is).
#[tauri::command]
pub async fn current_session<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, DesktopState>,
) -> Result<Option<SessionInfo>, WireError> {
    if let Some(link) = state.server() {
        let Some(token) = link.token.clone() else {
            return Ok(None);
        };
        let answer = link
            .client
            .command::<CurrentSession>(Some(&token), &NoArgs {})
            .await;
        note_reachability(&app, &link, answer.as_ref().err());
        return match answer {
            Ok(Some(info)) => Ok(Some(info)),
            Ok(None) => Ok(forget_server_session(&state)),
            Err(error) if error.code == ErrorCode::Unauthorized => {
                Ok(forget_server_session(&state))
            }
            Err(error) => Err(error),
        };
    }
    let token = state.session();
    match state.core()?.current_session(&token).await {
        Ok(info) => Ok(Some(info)),
        Err(error) if error.code() == ErrorCode::Unauthorized => {
            state.set_session(None);
            Ok(None)
        }
        Err(error) => Err(error.into()),
    }
}

/// The server ended the session (idle, signed out elsewhere, account changed).
fn forget_server_session(state: &DesktopState) -> Option<SessionInfo> {
    state.stop_server_events();
    state.set_server_token(None);
    None
}

/// The email of the last successful sign-in, to prefill the form.
#[tauri::command]
pub async fn remembered_email<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, DesktopState>,
) -> Result<Option<String>, WireError> {
    Ok(preferences::remembered_email(&app, state.data_dir()))
}
