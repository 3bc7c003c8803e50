//! Engine transitions → the window's `execution-changed` events, so open screens refresh
//! themselves without polling.

use hyopps_contract::{ExecutionChanged, ExecutionStatus, StepStatus, EXECUTION_CHANGED_EVENT};
use hyopps_engine::Engine;
use tauri::{AppHandle, Emitter, Runtime};
use tokio::sync::broadcast::error::RecvError;

/// Forwards every transition for the app's lifetime.
pub fn forward_engine_events<R: Runtime>(app: AppHandle<R>, engine: &Engine) {
    let mut events = engine.subscribe();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(event) => {
                    let payload = ExecutionChanged {
                        execution_id: event.execution_id,
                        step_order: event.step_order.try_into().unwrap_or(0),
                        step_status: StepStatus::parse(event.step_status.as_str())
                            .unwrap_or(StepStatus::Failed),
                        execution_status: ExecutionStatus::parse(event.execution_status.as_str())
                            .unwrap_or(ExecutionStatus::Failed),
                    };
                    if let Err(error) = app.emit(EXECUTION_CHANGED_EVENT, payload) {
                        tracing::warn!(%error, "could not send an execution event to the window");
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
