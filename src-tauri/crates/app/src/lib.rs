//! HyOpps's use cases: everything a command can ask for, in plain Rust without Tauri.
//!
//! The desktop shell's commands are thin doors into [`App`]; any other front door (a CLI, a
//! test) uses the same functions. Rules: **every use case starts by authorising its session**
//! ([`App::authorize`]) against the role it needs, and a partner admin's organisation comes
//! from that session, never from an argument; the account is re-read on each command, so a
//! changed role or password takes effect at once. Errors are [`AppError`]s, which become the
//! one wire error `{code, message}` and never carry a secret. Time comes from a [`Clock`], so
//! tests control it.

mod access_check;
mod admin;
mod auth;
pub mod backups;
mod clock;
pub mod data_lock;
mod error;
mod event_scope;
mod executions;
pub mod import;
mod moving;
mod notices;
mod offboarding;
mod partner;
mod partner_offboarding;
mod password;
mod people_import;
mod preview;
mod private_files;
mod sessions;
pub mod settings;
mod window_events;

use std::path::Path;
use std::sync::Arc;

use hyopps_connectors::{Connectors, LiveConnectors};
use hyopps_engine::{Engine, RetryPolicy};
use hyopps_store::Store;

pub use access_check::DAILY_CHECK_LOOK;
pub use admin::{save_csv_export, CreatedAdmin};
pub use auth::{Access, Actor, AuthPolicy};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::AppError;
/// Runs a request as coming from a client that the audit log then records (see the store).
pub use hyopps_store::audit::acting_from;
pub use notices::{notice_for, Notice};
pub use password::{PasswordPolicy, MIN_PASSWORD_CHARS};
pub use people_import::people_file_at;
pub use private_files::{create_private_dir, make_private_file};
pub use sessions::SessionToken;

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "hyopps.db";

/// The application core: the store, the sessions, the workflow engine and the clock.
pub struct App {
    store: Store,
    sessions: sessions::Sessions,
    clock: Arc<dyn Clock>,
    policy: AuthPolicy,
    engine: Engine,
    /// The connectors the workflows call; replaced when Settings change.
    connectors: LiveConnectors,
    settings: settings::SettingsSources,
    /// What `hyopps.toml` held when the settings in effect were built from it.
    managed_file: settings::AppliedFile,
    /// Where recorded groups open in their systems, from the same settings.
    links: settings::LiveLinks,
}

impl App {
    /// Opens (creating and migrating if needed) the database in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<App, AppError> {
        create_private_dir(data_dir).map_err(|e| {
            AppError::Internal(format!(
                "could not create the data directory {}: {e}",
                data_dir.display()
            ))
        })?;
        // A restore asked for before this open is put in place before anything reads the file.
        let restored = backups::apply_pending(data_dir, SystemClock.now())?;
        let store = Store::open(&data_dir.join(DATABASE_FILE))?;
        let app = App::new(store, Arc::new(SystemClock), AuthPolicy::default())
            .with_settings_sources(settings::SettingsSources::desktop(data_dir));
        if let Some(restored) = restored {
            tracing::info!(file = %restored.file_name, "a backup was restored");
            app.record_restore(&restored)?;
        }
        Ok(app)
    }

    /// An app with no managed file, secrets in memory and nothing configured; see
    /// [`App::with_settings_sources`] and [`App::apply_settings`].
    pub fn new(store: Store, clock: Arc<dyn Clock>, policy: AuthPolicy) -> App {
        let connectors = LiveConnectors::new(Connectors::not_configured());
        let engine = new_engine(&store, &clock, connectors.clone());
        App {
            store,
            sessions: sessions::Sessions::default(),
            clock,
            policy,
            engine,
            connectors,
            settings: settings::SettingsSources::isolated(),
            managed_file: settings::AppliedFile::default(),
            links: settings::LiveLinks::default(),
        }
    }

    /// Uses these connectors for the workflows' auto steps until Settings change.
    pub fn with_connectors(self, connectors: Connectors) -> App {
        self.connectors.replace(connectors);
        self
    }

    /// Keeps sessions in the store as well as in memory, so they outlive the process: a
    /// server's, where a restart must not sign the team out. The desktop's end with the app.
    pub fn with_lasting_sessions(mut self) -> App {
        self.sessions = sessions::Sessions::kept_in(self.store.clone());
        self
    }

    /// Reads settings and secrets from these sources (call [`App::apply_settings`] after).
    pub fn with_settings_sources(mut self, sources: settings::SettingsSources) -> App {
        self.settings = sources;
        self
    }

    /// The workflow engine, to start its workers and listen to its transitions.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn policy(&self) -> &AuthPolicy {
        &self.policy
    }
}

fn new_engine(store: &Store, clock: &Arc<dyn Clock>, connectors: LiveConnectors) -> Engine {
    Engine::new(
        store.clone(),
        Arc::clone(clock),
        RetryPolicy::default(),
        hyopps_engine::workflows::standard(connectors),
    )
}
