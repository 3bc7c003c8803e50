//! Sign-in, the forced password change, sign-out and the remembered email.

use hyopps_contract::{ChangePasswordRequest, SessionInfo, SignInRequest, WireError};
use tauri::{AppHandle, Runtime, State};

use crate::{preferences, DesktopState};

#[tauri::command]
pub async fn sign_in<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, DesktopState>,
    request: SignInRequest,
) -> Result<SessionInfo, WireError> {
    let (token, info) = state
        .core
        .sign_in(&request.email, &request.password)
        .await?;
    if let Some(previous) = state.set_session(Some(token)) {
        // Signing in again replaces the window's session; the old one must not linger.
        state.core.sign_out(&previous).await?;
    }
    preferences::remember_email(&app, state.data_dir(), &info.user.email);
    Ok(info)
}

#[tauri::command]
pub async fn change_password(
    state: State<'_, DesktopState>,
    request: ChangePasswordRequest,
) -> Result<SessionInfo, WireError> {
    let token = state.session();
    Ok(state
        .core
        .change_own_password(&token, &request.current_password, &request.new_password)
        .await?)
}

#[tauri::command]
pub async fn sign_out(state: State<'_, DesktopState>) -> Result<(), WireError> {
    if let Some(token) = state.set_session(None) {
        state.core.sign_out(&token).await?;
    }
    Ok(())
}

/// The live session, or `null` when signed out (so a reloaded window knows where it is).
#[tauri::command]
pub async fn current_session(
    state: State<'_, DesktopState>,
) -> Result<Option<SessionInfo>, WireError> {
    let token = state.session();
    match state.core.current_session(&token).await {
        Ok(info) => Ok(Some(info)),
        Err(error) if error.code() == hyopps_contract::ErrorCode::Unauthorized => {
            state.set_session(None);
            Ok(None)
        }
        Err(error) => Err(error.into()),
    }
}

/// The email of the last successful sign-in, to prefill the form.
#[tauri::command]
pub async fn remembered_email<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, DesktopState>,
) -> Result<Option<String>, WireError> {
    Ok(preferences::remembered_email(&app, state.data_dir()))
}
