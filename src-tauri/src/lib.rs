//! The HyOpps desktop shell: Tauri 2 around the plain-Rust core.
//!
//! This crate wires things together and nothing more: plugins (single instance, window state,
//! preferences store, notifications, the file dialog), the data directory, logging, the
//! headless `import-v03` command line, the managed [`DesktopState`], the engine's workers and
//! events, and the commands, each a thin door that calls one `hyopps_app` use case and maps its error to the
//! wire error. Rules: no business logic and no SQL here; every command that touches the
//! database is async so the window never freezes; the window may call exactly the commands in
//! [`commands::COMMAND_NAMES`] (see `src-tauri/capabilities/`).

pub mod cli;
pub mod commands;
pub use hyopps_app::data_lock;
mod events;
mod logging;
mod paths;
mod preferences;
mod state;

use tauri::{Manager, Runtime};

use data_lock::{DataLock, Holder, LockError};
pub use events::forward_engine_events;

pub use state::DesktopState;

/// The label of the one application window (tauri.conf.json).
pub const MAIN_WINDOW: &str = "main";

/// Every command, registered for any runtime (the real one, or the mock one in IPC tests).
pub fn invoke_handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![
        commands::auth::sign_in,
        commands::auth::change_password,
        commands::auth::sign_out,
        commands::auth::current_session,
        commands::auth::remembered_email,
        commands::executions::list_workflows,
        commands::executions::start_execution,
        commands::executions::list_executions,
        commands::executions::get_execution,
        commands::executions::submit_step_input,
        commands::executions::retry_step,
        commands::executions::complete_step_by_hand,
        commands::executions::cancel_execution,
        commands::executions::dashboard_summary,
        commands::partner::partner_overview,
        commands::settings::import_v03_database,
        commands::settings::get_settings,
        commands::settings::save_system_settings,
        commands::settings::test_connection,
        commands::settings::send_test_email,
        commands::organizations::list_organizations,
        commands::organizations::get_organization,
        commands::organizations::update_organization,
        commands::organizations::set_system_group,
        commands::organizations::set_documentation_links,
        commands::organizations::add_studio_company,
        commands::organizations::update_studio_company,
        commands::organizations::remove_studio_company,
        commands::organizations::preview_organization_deletion,
        commands::organizations::delete_organization,
        commands::users::list_users,
        commands::users::get_user,
        commands::users::update_user,
        commands::users::set_user_password,
        commands::users::preview_user_deletion,
        commands::users::delete_user,
        commands::users::get_metabase_account,
        commands::users::add_user_to_metabase_group,
        commands::users::remove_metabase_membership,
        commands::users::export_users_csv,
        commands::audit::list_audit_log,
        commands::audit::audit_filter_options,
        commands::audit::export_audit_log_csv,
    ]
}

/// Starts the desktop application.
pub fn run() {
    tauri::Builder::default()
        // First, so a second launch hands over to the running instance before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            focus_main_window(app);
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_store::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        // The native file dialog for Settings → Import from HyOpps v0.3… (called from the window).
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let data_dir = paths::data_dir()?;
            let log_guard = logging::init(&data_dir)?;
            tracing::info!(data_dir = %data_dir.display(), version = env!("CARGO_PKG_VERSION"), "HyOpps starting");
            // Before the database is opened: this process is its only writer from here on.
            let data_lock = lock_data_dir(&data_dir)?;
            let core = hyopps_app::App::open(&data_dir).map_err(|e| {
                tracing::error!(error = %e, "could not open the database");
                e
            })?;
            app.manage(DesktopState::new(core, data_dir, log_guard).holding(data_lock));
            start_engine(app.handle());
            Ok(())
        })
        .invoke_handler(invoke_handler())
        .run(tauri::generate_context!())
        .expect("HyOpps could not start its window");
}

/// Takes the data folder's lock for as long as the app runs. A `hyopps import-v03` under way is
/// waited for (it is short); another app on the same folder (which the single-instance plugin
/// normally hands over to first) stops this one.
fn lock_data_dir(data_dir: &std::path::Path) -> Result<DataLock, LockError> {
    match DataLock::try_acquire(data_dir, Holder::App) {
        Err(LockError::Held(Some(Holder::Import))) => {
            tracing::info!("waiting for `hyopps import-v03` to finish before opening the database");
            DataLock::acquire(data_dir, Holder::App)
        }
        Err(error) => {
            tracing::error!(%error, "could not take the data folder");
            Err(error)
        }
        locked => locked,
    }
}

/// Background workers that run due auto steps; what was interrupted resumes first. More workers
/// than any one system's concurrency limit (4), so a slow system never holds the others up.
const ENGINE_WORKERS: usize = 16;

fn start_engine<R: Runtime>(app: &tauri::AppHandle<R>) {
    events::forward_engine_events(app.clone(), app.state::<DesktopState>().core.engine());
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let core = &app.state::<DesktopState>().core;
        // The connectors come from Settings, hyopps.toml and the keychain: they must be in place
        // before any step runs, or a resumed step would fail as "not configured".
        if let Err(error) = core.apply_settings().await {
            tracing::error!(%error, "could not apply the integration settings");
        }
        let engine = core.engine().clone();
        if let Err(error) = engine.resume().await {
            tracing::error!(%error, "could not resume interrupted workflow steps");
        }
        engine.spawn_workers(ENGINE_WORKERS);
        // An edited hyopps.toml takes effect within this long, without a restart.
        core.keep_settings_current(SETTINGS_FILE_CHECK).await;
    });
}

/// How often hyopps.toml is looked at for changes.
const SETTINGS_FILE_CHECK: std::time::Duration = std::time::Duration::from_secs(2);

fn focus_main_window<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
