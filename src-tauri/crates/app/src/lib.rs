//! HyOpps's use cases: everything a command can ask for, in plain Rust without Tauri.
//!
//! The desktop shell's commands are thin doors into [`App`]; any other front door (a CLI, a
//! test) uses the same functions. Rules: **every use case starts by authorising its session**
//! ([`App::authorize`]) against the role it needs, and a partner admin's organisation comes
//! from that session, never from an argument; the account is re-read on each command, so a
//! changed role or password takes effect at once. Errors are [`AppError`]s, which become the
//! one wire error `{code, message}` and never carry a secret. Time comes from a [`Clock`], so
//! tests control it.

mod admin;
mod auth;
mod clock;
mod error;
mod executions;
pub mod import;
mod partner;
mod password;
mod sessions;

use std::path::Path;
use std::sync::Arc;

use hyopps_connectors::Connectors;
use hyopps_engine::{Engine, RetryPolicy};
use hyopps_store::Store;

pub use auth::{Access, Actor, AuthPolicy};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::AppError;
pub use password::{PasswordPolicy, MIN_PASSWORD_CHARS};
pub use sessions::SessionToken;

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "hyopps.db";

/// The application core: the store, the live sessions, the workflow engine and the clock.
pub struct App {
    store: Store,
    sessions: sessions::Sessions,
    clock: Arc<dyn Clock>,
    policy: AuthPolicy,
    engine: Engine,
}

impl App {
    /// Opens (creating and migrating if needed) the database in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<App, AppError> {
        std::fs::create_dir_all(data_dir).map_err(|e| {
            AppError::Internal(format!(
                "could not create the data directory {}: {e}",
                data_dir.display()
            ))
        })?;
        let store = Store::open(&data_dir.join(DATABASE_FILE))?;
        Ok(App::new(
            store,
            Arc::new(SystemClock),
            AuthPolicy::default(),
        ))
    }

    pub fn new(store: Store, clock: Arc<dyn Clock>, policy: AuthPolicy) -> App {
        let engine = new_engine(&store, &clock, Connectors::not_configured());
        App {
            store,
            sessions: sessions::Sessions::default(),
            clock,
            policy,
            engine,
        }
    }

    /// Uses these connectors for the workflows' auto steps (the default: none configured).
    pub fn with_connectors(mut self, connectors: Connectors) -> App {
        self.engine = new_engine(&self.store, &self.clock, connectors);
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

fn new_engine(store: &Store, clock: &Arc<dyn Clock>, connectors: Connectors) -> Engine {
    Engine::new(
        store.clone(),
        Arc::clone(clock),
        RetryPolicy::default(),
        hyopps_engine::workflows::standard(connectors),
    )
}
