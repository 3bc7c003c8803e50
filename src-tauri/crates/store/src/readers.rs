//! Read connections, opened on demand and reused. At most [`MAX_READERS`] reads run at once
//! from async code (the rest wait their turn): a burst of requests on a server then neither
//! opens a connection per request nor parks hundreds of blocking threads, each with its own
//! connection and page cache, in memory.

use std::path::PathBuf;
use std::sync::Mutex;

use rusqlite::Connection;
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::{open, StoreError};

/// Reads at once, and the connections kept for them. SQLite reads in WAL mode do not block
/// each other, but a 2-core machine gains nothing from more than a few at a time.
const MAX_READERS: usize = 8;

pub(crate) struct ReadPool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    turns: Semaphore,
}

impl ReadPool {
    pub(crate) fn new(path: PathBuf) -> Self {
        Self {
            path,
            idle: Mutex::new(Vec::new()),
            turns: Semaphore::new(MAX_READERS),
        }
    }

    /// Waits for a read's turn; the read runs while the permit lives.
    pub(crate) async fn turn(&self) -> SemaphorePermit<'_> {
        self.turns
            .acquire()
            .await
            .expect("the read pool's semaphore is never closed")
    }

    pub(crate) fn with_connection<T, E, F>(&self, query: F) -> Result<T, E>
    where
        F: FnOnce(&Connection) -> Result<T, E>,
        E: From<StoreError>,
    {
        let pooled = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let connection = match pooled {
            Some(connection) => connection,
            None => open::open_reader(&self.path)?,
        };
        let result = query(&connection);
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < MAX_READERS {
            idle.push(connection);
        }
        result
    }
}
