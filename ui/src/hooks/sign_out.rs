//! Signing out, shared by the app frame and the set-password screen.

use hyopps_contract::{ErrorCode, WireError};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::ipc;

pub struct UseSignOut {
    /// Starts the sign-out; ignored while one is under way.
    pub trigger: Callback<()>,
    pub pending: bool,
    /// Why the backend could not end the session; the user is still signed in then.
    pub error: Option<WireError>,
}

/// `on_signed_out` runs once the backend has ended the session, or has said there was none
/// left to end (Unauthorized): either way the user is signed out.
#[hook]
pub fn use_sign_out(on_signed_out: Callback<()>) -> UseSignOut {
    let pending = use_state_eq(|| false);
    let error = use_state_eq(|| None::<WireError>);

    let trigger = {
        let pending = pending.clone();
        let error = error.clone();
        Callback::from(move |()| {
            if *pending {
                return;
            }
            pending.set(true);
            error.set(None);
            let pending = pending.clone();
            let error = error.clone();
            let on_signed_out = on_signed_out.clone();
            spawn_local(async move {
                let result = ipc::sign_out().await;
                pending.set(false);
                match result {
                    Ok(()) => on_signed_out.emit(()),
                    Err(e) if e.code == ErrorCode::Unauthorized => on_signed_out.emit(()),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };

    UseSignOut {
        trigger,
        pending: *pending,
        error: (*error).clone(),
    }
}
