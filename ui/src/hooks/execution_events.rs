//! Live updates: the backend announces every execution transition (`execution-changed`).

use hyopps_contract::ExecutionChanged;
use yew::prelude::*;

use crate::ipc;

/// Calls `on_change` for every `execution-changed` event while the component is mounted;
/// unlistens when it unmounts. No polling: the screens reload only when told.
#[hook]
pub fn use_execution_events(on_change: Callback<ExecutionChanged>) {
    // Subscribed once per mount; the newest callback is looked up when an event arrives.
    let latest = use_mut_ref(|| on_change.clone());
    *latest.borrow_mut() = on_change;
    use_effect_with((), move |()| {
        let subscription = ipc::listen_execution_changed(move |changed| {
            let on_change = latest.borrow().clone();
            on_change.emit(changed);
        });
        move || drop(subscription)
    });
}
