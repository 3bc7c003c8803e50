//! `hyopps-server`: HyOpps for a team. The same store, engine and use cases of `hyopps-app` as
//! the desktop app, served over HTTP to clients that sign in with a bearer token.
//!
//! Rules: no business logic here (every command calls the one `hyopps_app` use case its desktop
//! command calls, and the core checks the session's role); the commands served are those of the
//! contract's table that make sense on a server; every refusal is a `WireError` with an HTTP
//! status, never a stack trace or a database message; request bodies are never logged.

mod api;
pub mod cli;
mod client_label;
mod dispatch;
mod dispatch_admin;
mod events;
mod panics;
mod real_client;
mod sign_in_limit;
pub mod tls;
mod uploads;
mod v03;
mod v03_shapes;
mod wire;

use std::future::Future;
use std::sync::Arc;

use hyopps_app::App;

pub use api::{router, ClientAddress, ServerState, MAX_BODY_BYTES};
pub use panics::guarded;
pub use sign_in_limit::SignInLimit;
pub use uploads::MAX_UPLOAD_BYTES;
pub use wire::status_of;

/// Background workers that run due auto steps, as many as the desktop app runs.
pub const ENGINE_WORKERS: usize = 16;

/// Applies the integration settings (connectors must be in place before a resumed step runs),
/// resumes the steps a stop interrupted, and starts the engine's workers.
pub async fn start_engine(app: &App) {
    if let Err(error) = app.apply_settings().await {
        tracing::error!(%error, "could not apply the integration settings");
    }
    let engine = app.engine().clone();
    match engine.resume().await {
        Ok(requeued) if requeued > 0 => {
            tracing::info!(requeued, "steps interrupted by the last stop run again")
        }
        Ok(_) => {}
        Err(error) => tracing::error!(%error, "could not resume interrupted workflow steps"),
    }
    engine.spawn_workers(ENGINE_WORKERS);
}

/// Serves `state` in plain HTTP on `listener` until `shutdown` completes (following
/// `hyopps.toml` meanwhile); then stops accepting, lets the requests in flight finish and
/// returns. Steps still running are run again at the next start.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<ServerState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let settings = follow_settings_file(&state);
    let served = axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<ClientAddress>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    settings.abort();
    served
}

/// As [`serve`], in HTTPS with `tls` (see [`tls::load_config`]).
pub async fn serve_tls(
    listener: tokio::net::TcpListener,
    tls: Arc<rustls::ServerConfig>,
    state: Arc<ServerState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let listener = tls::TlsListener::new(listener, tls)?;
    let settings = follow_settings_file(&state);
    let served = axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<ClientAddress>(),
    )
    .with_graceful_shutdown(shutdown)
    .await;
    settings.abort();
    served
}

/// While the server serves, an edited `hyopps.toml` takes effect without a restart (the next
/// step, a Retry included, uses the new values), as in the desktop app; and the daily access
/// check runs here, for every desktop working on this server (its runs are in the audit log
/// and on the Access check screen), and so does the daily backup of the database.
fn follow_settings_file(state: &Arc<ServerState>) -> tokio::task::JoinHandle<()> {
    let state = Arc::clone(state);
    tokio::spawn(async move {
        let app = state.app();
        let daily = app.keep_checking_access_daily(hyopps_app::DAILY_CHECK_LOOK, |run| {
            tracing::info!(
                differences = run.differences,
                new = run.new_differences,
                "the daily access check ran"
            );
        });
        let settings = app.keep_settings_current(hyopps_app::settings::SETTINGS_FILE_CHECK);
        let backups = app.keep_daily_backups(
            hyopps_app::backups::FIRST_BACKUP_LOOK,
            hyopps_app::backups::BACKUP_LOOK,
        );
        tokio::join!(daily, settings, backups);
    })
}

/// SIGTERM (systemd, a container's stop) or Ctrl-C.
pub async fn stop_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "could not listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "could not listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
}
