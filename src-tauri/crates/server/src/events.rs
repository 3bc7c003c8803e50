//! `GET /api/v1/events`: the engine's execution events as Server-Sent Events, each
//! `event: execution-changed` with the same JSON the desktop window receives, and only those the
//! session may see (a partner admin only their organisation's executions). Opening the stream
//! needs a signed-in session; the session is checked again for every event, and when it ends
//! (signed out, idle, deleted, demoted) one `event: session-ended` with the wire error closes
//! the stream. The stream also ends when the server stops.

use std::convert::Infallible;
use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use hyopps_app::{Access, SessionToken};
use hyopps_contract::{ExecutionChanged, WireError, EXECUTION_CHANGED_EVENT, SESSION_ENDED_EVENT};
use hyopps_engine::EngineEvent;
use tokio::sync::broadcast::error::RecvError;
use tokio::sync::mpsc;

use crate::api::{bearer_token, ServerState};
use crate::wire::ApiError;

/// How often a quiet stream checks that its session still lives, so a session that ends
/// without any execution moving (signed out elsewhere, idle) still closes its stream soon.
const SESSION_CHECK: std::time::Duration = std::time::Duration::from_secs(2);

pub async fn stream(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let token = bearer_token(&headers);
    state.app.authorize(&token, Access::SignedIn).await?;
    // Subscribed before answering, so nothing that happens after the answer is missed.
    let engine_events = state.app.engine().subscribe();
    let (sender, receiver) = mpsc::channel(64);
    tokio::spawn(forward(state, token, engine_events, sender));
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|event| (Ok(event), receiver))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// Passes on what the session may see, until the client leaves, the session ends or the
/// server stops.
async fn forward(
    state: Arc<ServerState>,
    token: SessionToken,
    mut engine_events: tokio::sync::broadcast::Receiver<EngineEvent>,
    sender: mpsc::Sender<Event>,
) {
    let mut stopping = state.stopping.clone();
    let mut session_check = tokio::time::interval(SESSION_CHECK);
    loop {
        let event = tokio::select! {
            event = engine_events.recv() => event,
            _ = sender.closed() => return,
            _ = session_check.tick() => {
                // Checking is not the person's activity: it keeps no idle session alive.
                match state.app.authorize(&token.for_refresh(), Access::SignedIn).await {
                    Ok(_) => continue,
                    Err(error) => return end(&sender, error.into()).await,
                }
            }
            changed = stopping.changed() => {
                if changed.is_err() || *stopping.borrow() {
                    return;
                }
                continue;
            }
        };
        let event = match event {
            Ok(event) => event,
            // A burst bigger than the channel: screens reload on the next event anyway.
            Err(RecvError::Lagged(missed)) => {
                tracing::debug!(missed, "execution events skipped for a stream");
                continue;
            }
            Err(RecvError::Closed) => return,
        };
        match state
            .app
            .may_see_execution(&token, &event.execution_id)
            .await
        {
            Ok(true) => {
                if sender.send(execution_changed(event)).await.is_err() {
                    return;
                }
            }
            Ok(false) => {}
            Err(error) => return end(&sender, error.into()).await,
        }
    }
}

/// Tells the client why its session ended; the stream closes after it.
async fn end(sender: &mpsc::Sender<Event>, error: WireError) {
    let ended = Event::default()
        .event(SESSION_ENDED_EVENT)
        .json_data(&error)
        .unwrap_or_default();
    let _ = sender.send(ended).await;
}

fn execution_changed(event: EngineEvent) -> Event {
    let payload = ExecutionChanged {
        execution_id: event.execution_id,
        step_order: event.step_order.try_into().unwrap_or(0),
        step_status: event.step_status,
        execution_status: event.execution_status,
    };
    Event::default()
        .event(EXECUTION_CHANGED_EVENT)
        .json_data(&payload)
        .unwrap_or_default()
}
