//! What the window's commands share: where the window works, this computer's core when it is
//! open, and the window's current session.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use hyopps_app::{App, SessionToken};
use hyopps_client::Token;
use hyopps_contract::{Activity, ErrorCode, WireError};
use tracing_appender::non_blocking::WorkerGuard;

use crate::data_lock::DataLock;
use crate::workplace::{Place, ServerLink};

/// Managed by Tauri for the app's lifetime. HyOpps has one window, so it has at most one
/// session; its token stays here and never travels to the UI.
pub struct DesktopState {
    /// This computer's core: opened at start-up when the window works here, or when the
    /// person chooses "This computer" later; never opened while the window works on a server.
    core: OnceLock<App>,
    data_dir: PathBuf,
    /// The session on this computer's core.
    session: Mutex<Option<SessionToken>>,
    place: Mutex<Place>,
    /// The task that follows the server's event stream for the window's server session.
    server_events: Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
    _log_guard: Option<WorkerGuard>,
    /// The data folder's lock, held from the moment the core is opened (see `data_lock`).
    data_lock: OnceLock<DataLock>,
}

impl DesktopState {
    /// Nothing open yet: the set-up opens the core or chooses the server.
    pub fn starting(data_dir: PathBuf, log_guard: WorkerGuard) -> Self {
        let mut state = Self::without_core(data_dir);
        state._log_guard = Some(log_guard);
        state
    }

    /// Working on this computer with `core`, for tests and tools that log elsewhere.
    pub fn without_logging(core: App, data_dir: PathBuf) -> Self {
        let state = Self::without_core(data_dir);
        state.open_core(core, None);
        state
    }

    /// No core on this computer (a window that works on a server), for tests.
    pub fn without_core(data_dir: PathBuf) -> Self {
        Self {
            core: OnceLock::new(),
            data_dir,
            session: Mutex::new(None),
            place: Mutex::new(Place::ThisComputer),
            server_events: Mutex::new(None),
            _log_guard: None,
            data_lock: OnceLock::new(),
        }
    }

    /// Installs this computer's core (once), and keeps the data folder's lock with it.
    pub fn open_core(&self, core: App, lock: Option<DataLock>) -> bool {
        if let Some(lock) = lock {
            let _ = self.data_lock.set(lock);
        }
        self.core.set(core).is_ok()
    }

    pub fn has_core(&self) -> bool {
        self.core.get().is_some()
    }

    /// This computer's core; a command that needs it while it is not open is refused.
    pub fn core(&self) -> Result<&App, WireError> {
        self.core.get().ok_or_else(|| {
            WireError::new(
                ErrorCode::Conflict,
                "HyOpps works on a server: this computer's own database is not open. Choose \"This computer\" on the sign-in screen to use it.",
            )
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The current session's token on this computer's core; a command without one is refused
    /// by the core as not signed in.
    pub fn session(&self) -> SessionToken {
        lock(&self.session)
            .clone()
            .unwrap_or_else(SessionToken::none)
    }

    /// The current session's token for a request of this kind: a screen reloading itself on
    /// an engine event is not the person's activity (see [`Activity`]).
    pub fn session_for(&self, activity: Option<Activity>) -> SessionToken {
        match activity.unwrap_or_default() {
            Activity::User => self.session(),
            Activity::Refresh => self.session().for_refresh(),
        }
    }

    pub fn set_session(&self, token: Option<SessionToken>) -> Option<SessionToken> {
        std::mem::replace(&mut *lock(&self.session), token)
    }

    /// Where the window works now.
    pub fn place(&self) -> Place {
        lock(&self.place).clone()
    }

    /// The server the window works on, with its session's token; `None` on this computer.
    pub fn server(&self) -> Option<ServerLink> {
        lock(&self.place).server().cloned()
    }

    /// Moves the window elsewhere; answers where it was (its server session, if any, is the
    /// caller's to end).
    pub fn set_place(&self, place: Place) -> Place {
        self.stop_server_events();
        std::mem::replace(&mut *lock(&self.place), place)
    }

    /// Replaces the session's token on the server the window works on; answers the previous
    /// one. `None` when the window does not work on a server.
    pub fn set_server_token(&self, token: Option<Token>) -> Option<Option<Token>> {
        match &mut *lock(&self.place) {
            Place::Server(link) => Some(std::mem::replace(&mut link.token, token)),
            Place::ThisComputer => None,
        }
    }

    /// Keeps the task that follows the server's events, ending the previous one.
    pub fn follow_server_events(&self, task: tauri::async_runtime::JoinHandle<()>) {
        if let Some(previous) = lock(&self.server_events).replace(task) {
            previous.abort();
        }
    }

    pub fn stop_server_events(&self) {
        if let Some(task) = lock(&self.server_events).take() {
            task.abort();
        }
    }
}

/// A poisoned lock still holds a usable value: one panicking command must not lock the window.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}
