//! Where the window works: this computer, or a HyOpps server (chosen on the sign-in screen and
//! remembered on this computer).

use hyopps_contract::{ConnectionView, WireError, Workplace};
use tauri::{AppHandle, Runtime, State};

use crate::workplace::{workstation_name, Place, ServerLink};
use crate::{preferences, DesktopState};

/// The remembered choice, and whether its server answered last time.
#[tauri::command]
pub async fn connection(state: State<'_, DesktopState>) -> Result<ConnectionView, WireError> {
    Ok(state.place().view())
}

/// Moves the window to `request`: a server must answer as HyOpps first (its address, its
/// certificate), this computer's database is opened if it is not yet. Whatever session the
/// window had in the other place ends. A refusal changes nothing, not even the remembered
/// choice.
#[tauri::command]
pub async fn choose_workplace<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, DesktopState>,
    request: Workplace,
) -> Result<ConnectionView, WireError> {
    let current = state.place();
    if current.workplace() == request {
        // The same place: only check again that a server still answers.
        if let Some(link) = current.server() {
            let answer = link.client.check().await;
            crate::remote::note_reachability(&app, link, answer.as_ref().err());
            answer?;
        }
        return Ok(state.place().view());
    }
    let place = match request {
        Workplace::ThisComputer => {
            crate::open_this_computer(&app).await?;
            Place::ThisComputer
        }
        Workplace::Server(address) => {
            let link = ServerLink::new(address, workstation_name().as_deref())?;
            let version = link.client.check().await?;
            tracing::info!(server = %link.name(), %version, "working on a HyOpps server");
            Place::Server(link)
        }
    };
    leave(&state, state.set_place(place)).await;
    preferences::remember_workplace(&app, state.data_dir(), &state.place().workplace());
    Ok(state.place().view())
}

/// Ends the window's session in the place it left.
async fn leave(state: &DesktopState, left: Place) {
    if let Some(token) = state.set_session(None) {
        if let Ok(core) = state.core() {
            if let Err(error) = core.sign_out(&token).await {
                tracing::warn!(%error, "could not end the session on this computer");
            }
        }
    }
    if let Some(link) = left.server() {
        if let Some(token) = &link.token {
            link.end_session(token).await;
        }
    }
}
