//! The server's event stream for the window's session: its execution events reach the window
//! (and the desktop notifications) as the engine's do on this computer. When the stream is
//! lost, the window is told (a banner) and the shell reconnects by itself, waiting a little
//! longer each time; once back, the window is told again and reloads what it shows.

use std::time::Duration;

use hyopps_client::ServerEvent;
use hyopps_contract::{ErrorCode, WireError};
use tauri::{AppHandle, Manager, Runtime};

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
                            // The window learns it at its next command, as on this computer.
                            Ok(Some(ServerEvent::SessionEnded(_))) => return,
                            Ok(None) => break closed(),
                            Err(error) => break error,
                        }
                    }
                }
                Err(error) if error.code == ErrorCode::Unauthorized => return,
                Err(error) => error,
            };
            note_reachability(&handle, &link, Some(&lost));
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(LONGEST_WAIT);
        }
    });
    app.state::<DesktopState>().follow_server_events(task);
}

/// A stream the server ended without ending the session: it stopped or restarts.
fn closed() -> WireError {
    WireError::new(
        ErrorCode::Unreachable,
        "The server closed the connection (it may be restarting).",
    )
}
