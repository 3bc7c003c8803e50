//! The HyOpps desktop shell: Tauri 2 around the plain-Rust core.
//!
//! This crate wires things together and nothing more: plugins (single instance, window state,
//! preferences store, notifications, the file dialog, the browser opener), the data directory, logging, the
//! headless `import-v03` command line, the managed [`DesktopState`], the engine's workers and
//! events, and the commands, each a thin door that calls one `hyopps_app` use case and maps its error to the
//! wire error. Rules: no business logic and no SQL here; every command that touches the
//! database is async so the window never freezes; the window may call exactly the commands in
//! [`commands::COMMAND_NAMES`] (see `src-tauri/capabilities/`).

pub mod cli;
mod cli_onboard;
pub mod commands;
pub use hyopps_app::data_lock;
mod events;
mod logging;
mod menu;
mod paths;
mod preferences;
mod remote;
mod server_events;
mod state;
mod web_painting;
mod workplace;

use std::path::Path;

use hyopps_contract::{ErrorCode, WireError, Workplace};
use tauri::{AppHandle, Manager, Runtime};

use data_lock::{DataLock, Holder, LockError};
pub use events::forward_engine_events;

pub use state::DesktopState;

/// The label of the one application window (tauri.conf.json).
pub const MAIN_WINDOW: &str = "main";

/// Every command, registered for any runtime (the real one, or the mock one in IPC tests). While
/// the window works on a server, what the server serves goes there ([`remote::pass_on`]); the
/// rest is answered on this computer.
pub fn invoke_handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    let on_this_computer = this_computer_handler::<R>();
    move |invoke| match remote::pass_on(invoke) {
        None => true,
        Some(invoke) => on_this_computer(invoke),
    }
}

/// The commands as this computer answers them.
fn this_computer_handler<R: Runtime>(
) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        commands::auth::sign_in,
        commands::auth::change_password,
        commands::auth::sign_out,
        commands::auth::current_session,
        commands::auth::remembered_email,
        commands::connection::connection,
        commands::connection::choose_workplace,
        commands::executions::list_workflows,
        commands::executions::start_execution,
        commands::executions::offboard_user,
        commands::executions::move_user,
        commands::executions::offboard_organization,
        commands::executions::preview_workflow,
        commands::executions::list_executions,
        commands::executions::get_execution,
        commands::executions::submit_step_input,
        commands::executions::retry_step,
        commands::executions::complete_step_by_hand,
        commands::executions::cancel_execution,
        commands::executions::dashboard_summary,
        commands::partner::partner_overview,
        commands::people_import::read_people_file,
        commands::people_import::preview_people_import,
        commands::people_import::start_people_import,
        commands::people_import::people_imports,
        commands::settings::import_v03_database,
        commands::settings::get_settings,
        commands::backups::list_backups,
        commands::backups::back_up_now,
        commands::backups::restore_backup,
        commands::settings::save_system_settings,
        commands::settings::test_connection,
        commands::settings::send_test_email,
        commands::organizations::list_organizations,
        commands::organizations::get_organization,
        commands::organizations::update_organization,
        commands::organizations::set_system_group,
        commands::organizations::set_documentation_links,
        commands::organizations::set_organization_systems,
        commands::organizations::add_studio_company,
        commands::organizations::update_studio_company,
        commands::organizations::remove_studio_company,
        commands::organizations::preview_organization_deletion,
        commands::organizations::check_organization_access,
        commands::organizations::delete_organization,
        commands::users::list_users,
        commands::users::get_user,
        commands::users::update_user,
        commands::users::set_user_password,
        commands::users::preview_user_deletion,
        commands::users::check_user_access,
        commands::users::repair_access,
        commands::access::access_overview,
        commands::access::check_all_access,
        commands::access::set_access_check_schedule,
        commands::access::export_access_report_csv,
        commands::access::access_report_csv,
        commands::users::delete_user,
        commands::users::get_metabase_account,
        commands::users::add_user_to_metabase_group,
        commands::users::remove_metabase_membership,
        commands::users::export_users_csv,
        commands::users::users_csv,
        commands::audit::list_audit_log,
        commands::audit::audit_filter_options,
        commands::audit::export_audit_log_csv,
        commands::audit::audit_log_csv,
    ]
}

/// Starts the desktop application.
pub fn run() {
    web_painting::prefer_cpu_painting();
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
        // Web links (documentation, the systems' pages) open in the default browser.
        .plugin(tauri_plugin_opener::init())
        .menu(menu::build)
        .on_menu_event(|app, event| menu::on_event(app, event.id().as_ref()))
        .setup(|app| {
            open_main_window(app)?;
            let data_dir = paths::data_dir()?;
            let log_guard = logging::init(&data_dir)?;
            tracing::info!(data_dir = %data_dir.display(), version = env!("CARGO_PKG_VERSION"), "HyOpps starting");
            app.manage(DesktopState::starting(data_dir.clone(), log_guard));
            if let Some(link) = remembered_server(app.handle(), &data_dir) {
                tracing::info!(server = %link.name(), "working on a HyOpps server: nothing is opened on this computer");
                app.state::<DesktopState>().set_place(workplace::Place::Server(link));
                return Ok(());
            }
            let (lock, core) = open_core(&data_dir).inspect_err(|error| {
                tracing::error!(%error, "could not open the database");
            })?;
            app.state::<DesktopState>().open_core(core, Some(lock));
            start_engine(app.handle());
            Ok(())
        })
        .invoke_handler(invoke_handler())
        .run(tauri::generate_context!())
        .expect("HyOpps could not start its window");
}

/// The one window, as tauri.conf.json describes it (`create: false` there, so it is made here),
/// with its title following the page's: the screen's name, in the title bar and the window
/// switcher.
fn open_main_window<R: Runtime>(app: &tauri::App<R>) -> tauri::Result<()> {
    let Some(config) = app
        .config()
        .app
        .windows
        .iter()
        .find(|window| window.label == MAIN_WINDOW)
        .cloned()
    else {
        return Err(tauri::Error::WindowNotFound);
    };
    tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
        .on_document_title_changed(|window, title| {
            if let Err(error) = window.set_title(&title) {
                tracing::warn!(%error, "could not set the window's title");
            }
        })
        .build()?;
    Ok(())
}

/// The server the window worked on last, if it still makes a usable address (a CA file that
/// has gone is logged, and the window starts on this computer).
fn remembered_server<R: Runtime>(
    app: &AppHandle<R>,
    data_dir: &Path,
) -> Option<workplace::ServerLink> {
    let Workplace::Server(address) = preferences::remembered_workplace(app, data_dir) else {
        return None;
    };
    workplace::ServerLink::new(address, workplace::workstation_name().as_deref())
        .inspect_err(|error| tracing::warn!(%error, "the remembered server cannot be used"))
        .ok()
}

pub type OpenError = Box<dyn std::error::Error>;

/// This computer's database, with the data folder's lock taken first: this process is then its
/// only writer, and keeps the lock for as long as it keeps the core (the app: until it quits).
/// Both ways the app opens it (at start, and when the window moves here from a server) come
/// through here.
pub fn open_core(data_dir: &Path) -> Result<(DataLock, hyopps_app::App), OpenError> {
    // The folder first (private to its owner): the lock file lives in it.
    hyopps_app::create_private_dir(data_dir)?;
    let lock = lock_data_dir(data_dir)?;
    let core = hyopps_app::App::open(data_dir)?;
    Ok((lock, core))
}

/// Opens this computer's database and starts its engine, when the window moves here from a
/// server (once; afterwards it stays open until the app quits).
pub(crate) async fn open_this_computer<R: Runtime>(app: &AppHandle<R>) -> Result<(), WireError> {
    let state = app.state::<DesktopState>();
    if state.has_core() {
        return Ok(());
    }
    let data_dir = state.data_dir().to_path_buf();
    let opened = tauri::async_runtime::spawn_blocking(move || {
        open_core(&data_dir).map_err(|error| error.to_string())
    })
    .await
    .map_err(|error| error.to_string())
    .and_then(|opened| opened);
    let (lock, core) = opened.map_err(|error| {
        tracing::error!(%error, "could not open the database");
        WireError::new(
            ErrorCode::Internal,
            format!("This computer's database could not be opened: {error}"),
        )
    })?;
    if state.open_core(core, Some(lock)) {
        start_engine(app);
    }
    Ok(())
}

/// Takes the data folder's lock for as long as the app runs. A `hyopps import-v03` under way is
/// waited for (it is short); another app on the same folder (which the single-instance plugin
/// normally hands over to first) stops this one.
fn lock_data_dir(data_dir: &std::path::Path) -> Result<DataLock, LockError> {
    match DataLock::try_acquire(data_dir, Holder::App) {
        Err(LockError::Held(Some(Holder::Import))) => {
            tracing::info!("waiting for a `hyopps` command line run (import-v03, onboard) to finish before opening the database");
            DataLock::acquire(data_dir, Holder::App)
        }
        // A restore restarts the app: the HyOpps that asked for it is still quitting.
        Err(LockError::Held(Some(Holder::App)))
            if hyopps_app::backups::restore_pending(data_dir) =>
        {
            tracing::info!("waiting for the previous HyOpps to close before restoring a backup");
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

/// What runs beside the window on this computer's database: the settings applied, the
/// interrupted steps resumed, the engine's workers, the daily access check, and `hyopps.toml`
/// followed.
pub fn start_engine<R: Runtime>(app: &tauri::AppHandle<R>) {
    let state = app.state::<DesktopState>();
    let Ok(core) = state.core() else {
        return;
    };
    events::forward_engine_events(app.clone(), core.engine());
    let for_backups = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Ok(core) = for_backups.state::<DesktopState>().inner().core() {
            core.keep_daily_backups(
                hyopps_app::backups::FIRST_BACKUP_LOOK,
                hyopps_app::backups::BACKUP_LOOK,
            )
            .await;
        }
    });
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let Ok(core) = app.state::<DesktopState>().inner().core() else {
            return;
        };
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
        events::check_access_daily(app.clone());
        // An edited hyopps.toml takes effect within this long, without a restart.
        core.keep_settings_current(hyopps_app::settings::SETTINGS_FILE_CHECK)
            .await;
    });
}

fn focus_main_window<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
