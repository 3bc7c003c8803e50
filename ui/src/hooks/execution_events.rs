//! Live updates: the backend announces every execution transition (`execution-changed`); on a
//! HyOpps server, a connection that comes back may have missed some, so it counts as a change
//! of everything.

use hyopps_contract::ExecutionChanged;
use yew::prelude::*;

use crate::ipc;

/// What a screen that shows executions reloads on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveUpdate {
    /// One execution moved on.
    Execution(ExecutionChanged),
    /// The server answers again after the connection was lost: events may have been missed.
    Reconnected,
}

impl LiveUpdate {
    /// Whether a screen showing the execution `execution_id` should reload.
    pub fn concerns(&self, execution_id: &str) -> bool {
        match self {
            LiveUpdate::Execution(changed) => changed.execution_id == execution_id,
            LiveUpdate::Reconnected => true,
        }
    }
}

/// Calls `on_change` for every execution event, and when the server's connection is back,
/// while the component is mounted; unlistens when it unmounts. No polling: the screens reload
/// only when told.
#[hook]
pub fn use_execution_events(on_change: Callback<LiveUpdate>) {
    // Subscribed once per mount; the newest callback is looked up when an event arrives.
    let latest = use_mut_ref(|| on_change.clone());
    *latest.borrow_mut() = on_change;
    use_effect_with((), move |()| {
        let on_execution = latest.clone();
        let executions = ipc::listen_execution_changed(move |changed| {
            let on_change = on_execution.borrow().clone();
            on_change.emit(LiveUpdate::Execution(changed));
        });
        let connection = ipc::listen_connection_changed(move |changed| {
            if changed.online {
                let on_change = latest.borrow().clone();
                on_change.emit(LiveUpdate::Reconnected);
            }
        });
        move || drop((executions, connection))
    });
}
