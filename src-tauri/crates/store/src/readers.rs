//! Read connections, opened on demand and reused.

use std::path::PathBuf;
use std::sync::Mutex;

use rusqlite::Connection;

use crate::{open, StoreError};

/// Idle read connections kept for reuse; more are opened when many reads run at once.
const MAX_IDLE_READERS: usize = 4;

pub(crate) struct ReadPool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl ReadPool {
    pub(crate) fn new(path: PathBuf) -> Self {
        Self {
            path,
            idle: Mutex::new(Vec::new()),
        }
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
        if idle.len() < MAX_IDLE_READERS {
            idle.push(connection);
        }
        result
    }
}
