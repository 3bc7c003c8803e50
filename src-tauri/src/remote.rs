//! The door to a server: while the window works on a HyOpps server, every command of the table
//! that a server serves is passed on to it as the window sent it, with the session's token,
//! and its answer or refusal comes back unchanged. The shell keeps the session commands (it
//! holds the token) and the commands only the desktop has; everything else goes to the
//! server, so a command the table adds works on a server without a line here.

use hyopps_contract::commands::{CurrentSession, SignIn, SignOut};
use hyopps_contract::{
    command_spec, Command, ConnectionChanged, ErrorCode, WireError, CONNECTION_CHANGED_EVENT,
};
use serde_json::Value;
use tauri::ipc::{Invoke, InvokeBody, InvokeError};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::workplace::ServerLink;
use crate::DesktopState;

/// The session's own commands, answered by the shell itself on a server too.
const SHELL_COMMANDS: [&str; 3] = [SignIn::NAME, SignOut::NAME, CurrentSession::NAME];

/// Passes `invoke` on to the server when the window works on one and the command is served
/// there; otherwise hands it back for this computer's handler.
pub fn pass_on<R: Runtime>(invoke: Invoke<R>) -> Option<Invoke<R>> {
    let name = invoke.message.command().to_owned();
    let served = command_spec(&name)
        .is_some_and(|spec| spec.on_server() && !SHELL_COMMANDS.contains(&spec.name));
    if !served {
        return Some(invoke);
    }
    let webview = invoke.message.webview();
    let Some(link) = webview.state::<DesktopState>().server() else {
        return Some(invoke);
    };
    let args = match invoke.message.payload() {
        InvokeBody::Json(args) => args.clone(),
        InvokeBody::Raw(_) => Value::Object(Default::default()),
    };
    let app = webview.app_handle().clone();
    invoke.resolver.respond_async(async move {
        let answer = link.client.call(link.token.as_ref(), &name, &args).await;
        note_reachability(&app, &link, answer.as_ref().err());
        answer.map_err(InvokeError::from)
    });
    None
}

/// Records whether the server answered (`failure` is what a request got instead), and tells
/// the window when that changed: it shows a banner while the server cannot be reached.
pub fn note_reachability<R: Runtime>(
    app: &AppHandle<R>,
    link: &ServerLink,
    failure: Option<&WireError>,
) {
    let unreachable = failure.filter(|error| error.code == ErrorCode::Unreachable);
    if !link.set_online(unreachable.is_none()) {
        return;
    }
    let change = ConnectionChanged {
        online: unreachable.is_none(),
        server_name: link.name(),
        message: unreachable.map(|error| error.message.clone()),
    };
    match &change.message {
        Some(reason) => {
            tracing::warn!(server = %change.server_name, %reason, "lost the HyOpps server")
        }
        None => tracing::info!(server = %change.server_name, "the HyOpps server answers again"),
    }
    if let Err(error) = app.emit(CONNECTION_CHANGED_EVENT, change) {
        tracing::warn!(%error, "could not tell the window about the server's connection");
    }
}

/// The token a command on the server needs, or the refusal the server would give without it.
pub fn signed_in(link: &ServerLink) -> Result<&hyopps_client::Token, WireError> {
    link.token.as_ref().ok_or_else(|| {
        WireError::new(
            ErrorCode::Unauthorized,
            "Sign in to the HyOpps server first.",
        )
    })
}
