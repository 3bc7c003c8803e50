//! The server's event stream for the window's session: its execution events reach the window
//! (and the desktop notifications) as the engine's do on this computer. When the stream is
//! lost, the window is told (a banner) and the shell reconnects by itself, waiting a little
//! longer each time; once back, the window is told again and reloads what it shows. When the
//! server ends the session (signed out elsewhere, idle, a restarted server that no longer
//! knows it), the shell forgets its token and the window returns to sign-in with the reason.

use std::time::Duration;

use hyopps_client::ServerEvent;
use hyopps_contract::{ErrorCode, WireError, SESSION_ENDED_EVENT};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::remote::note_reachability;
use crate::workplace::ServerLink;
use crate::DesktopState;

const FIRST_RETRY: Duration = Duration::from_millis(500);
const LONGEST_WAIT: Duration = Duration::from_secs(10);

/// Follows the events of `link`'s session until it ends or the window moves elsewhere (the
/// state aborts the task then).
pub fn follow<R: Runtime>(app: &AppHandle<R>, link: ServerLink) {
    let Some(token) = link.token.clone() else {
        return;
    };
    let handle = app.clone();
    let task = tauri::async_runtime::spawn(async move {
        let mut wait = FIRST_RETRY;
        loop {
            let lost = match link.client.events(&token).await {
                Ok(mut stream) => {
                    note_reachability(&handle, &link, None);
                    wait = FIRST_RETRY;
                    loop {
                        match stream.next().await {
                            Ok(Some(ServerEvent::ExecutionChanged(change))) => {
                                crate::events::deliver(&handle, change)
                            }
                            Ok(Some(ServerEvent::SessionEnded(why))) => {
                                return session_ended(&handle, why)
                            }
                            Ok(None) => break closed(),
                            Err(error) => break error,
                        }
                    }
                }
                Err(error) if error.code == ErrorCode::Unauthorized => {
                    // The server answers, but no longer knows the session.
                    note_reachability(&handle, &link, None);
                    return session_ended(&handle, error);
                }
                Err(error) => error,
            };
            note_reachability(&handle, &link, Some(&lost));
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(LONGEST_WAIT);
        }
    });
    app.state::<DesktopState>().follow_server_events(task);
}

/// Forgets the server's token and sends the window to sign-in, saying why.
fn session_ended<R: Runtime>(app: &AppHandle<R>, why: WireError) {
    tracing::info!(reason = %why.message, "the server ended the window's session");
    app.state::<DesktopState>().set_server_token(None);
    if let Err(error) = app.emit(SESSION_ENDED_EVENT, why) {
        tracing::warn!(%error, "could not tell the window its session ended");
    }
}

/// A stream the server ended without ending the session: it stopped or restarts.
fn closed() -> WireError {
    WireError::new(
        ErrorCode::Unreachable,
        "The server closed the connection (it may be restarting).",
    )
}
