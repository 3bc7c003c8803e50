//! What the window's commands share: the core and the window's current session.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use hyopps_app::{App, SessionToken};
use hyopps_contract::Activity;
use tracing_appender::non_blocking::WorkerGuard;

use crate::data_lock::DataLock;

/// Managed by Tauri for the app's lifetime. HyOpps has one window, so it has at most one
/// session; the token stays here and never travels to the UI.
pub struct DesktopState {
    pub core: App,
    data_dir: PathBuf,
    session: Mutex<Option<SessionToken>>,
    _log_guard: Option<WorkerGuard>,
    /// The data folder's lock, held while the app runs (see `data_lock`).
    _data_lock: Option<DataLock>,
}

impl DesktopState {
    pub fn new(core: App, data_dir: PathBuf, log_guard: WorkerGuard) -> Self {
        Self::without_logging(core, data_dir).with_log_guard(log_guard)
    }

    /// For tests and tools that log elsewhere.
    pub fn without_logging(core: App, data_dir: PathBuf) -> Self {
        Self {
            core,
            data_dir,
            session: Mutex::new(None),
            _log_guard: None,
            _data_lock: None,
        }
    }

    /// Keeps the data folder's lock for the app's lifetime.
    pub fn holding(mut self, lock: DataLock) -> Self {
        self._data_lock = Some(lock);
        self
    }

    fn with_log_guard(mut self, guard: WorkerGuard) -> Self {
        self._log_guard = Some(guard);
        self
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The current session's token; a command without one is refused by the core as not signed in.
    pub fn session(&self) -> SessionToken {
        self.lock().clone().unwrap_or_else(SessionToken::none)
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
        std::mem::replace(&mut *self.lock(), token)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<SessionToken>> {
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }
}
