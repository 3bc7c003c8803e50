//! HyOpps's embedded SQLite database.
//!
//! The database opens in one place ([`Store::open`]): WAL, `synchronous=NORMAL`, foreign keys and
//! a busy timeout, each read back and verified, then the migrations in `migrations/` are applied.
//! Rules: **one writer** — every write goes through the single writer thread, which owns the
//! only write connection and runs each job in a savepoint of a `BEGIN IMMEDIATE` transaction
//! (jobs queued at the same moment share one commit), so "database is locked" cannot happen by
//! construction and a job's failure undoes that job alone; reads use their own `query_only` connections. Table modules ([`users`], [`audit`], [`executions`],
//! [`organizations`], [`server_sessions`], and [`v03`] for the v0.3 import) hold the SQL next to its row mapping and take the time as an argument, so
//! tests control the clock. The store never calls the network.

mod cached;
mod conditions;
mod error;
mod migrations;
mod open;
mod readers;
mod writer;

pub mod access_checks;
pub mod audit;
pub mod backup;
pub mod definitions;
pub mod executions;
pub mod integration_settings;
pub mod organizations;
pub mod people_imports;
pub mod server_sessions;
pub mod users;
pub mod v03;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use error::StoreError;
pub use migrations::{migration_file_names, migrations};
pub use open::{configure as configure_connection, EXPECTED_BUSY_TIMEOUT_MS};
pub use rusqlite::{Connection, OptionalExtension, Transaction};

use readers::ReadPool;
use writer::Writer;

/// The application's database: clone it freely, all clones share the writer and the readers.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Writer,
    readers: ReadPool,
}

impl Store {
    /// Opens (creating if needed) the database file, verifies its settings and migrates it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        open::keep_private(path)?;
        let mut connection = open::open_connection(path)?;
        migrations::apply(&mut connection)?;
        Ok(Store {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                writer: Writer::spawn(connection)?,
                readers: ReadPool::new(path.to_path_buf()),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `job` on the writer thread: committed when it returns `Ok` (perhaps in one
    /// transaction with other jobs queued at the same moment; this returns after the commit),
    /// rolled back when it returns `Err`.
    pub async fn write<T, E, F>(&self, job: F) -> Result<T, E>
    where
        F: FnOnce(&Transaction<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        // The request's client (on a server) goes with the job to the writer thread.
        let client = audit::of_this_task();
        self.inner
            .writer
            .submit(move |tx| audit::writing_for(client, || job(tx)))
            .await
    }

    /// [`Store::write`] for callers that cannot await (tests, benchmarks, start-up); inside an
    /// async runtime it blocks its thread until the writer answers.
    pub fn write_blocking<T, E, F>(&self, job: F) -> Result<T, E>
    where
        F: FnOnce(&Transaction<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let client = audit::of_this_task();
        self.inner
            .writer
            .submit_blocking(move |tx| audit::writing_for(client, || job(tx)))
    }

    /// Runs `query` on a read connection, off the async runtime's worker threads.
    pub async fn read<T, E, F>(&self, query: F) -> Result<T, E>
    where
        F: FnOnce(&Connection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let _turn = self.inner.readers.turn().await;
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || inner.readers.with_connection(query))
            .await
            .map_err(|join| E::from(StoreError::WorkerGone(join.to_string())))?
    }

    /// [`Store::read`] for callers outside an async runtime.
    pub fn read_blocking<T, E, F>(&self, query: F) -> Result<T, E>
    where
        F: FnOnce(&Connection) -> Result<T, E>,
        E: From<StoreError>,
    {
        self.inner.readers.with_connection(query)
    }
}

/// A new random id, as every table uses.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
