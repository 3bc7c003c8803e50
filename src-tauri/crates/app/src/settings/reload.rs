//! `hyopps.toml` takes effect when it changes, without a restart: it is read again before
//! Settings shows anything, and every few seconds while the app runs
//! ([`App::keep_settings_current`]), and when its text differs from the text in effect the
//! connectors are rebuilt, so the next step (a Retry included) uses the new values. Settings shows
//! which file and when it was read.

use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::{App, AppError};

/// How often the desktop app and the server look at `hyopps.toml` for changes: an edit takes
/// effect within this long.
pub const SETTINGS_FILE_CHECK: Duration = Duration::from_secs(2);

/// What the file held when the settings in effect were built from it.
#[derive(Debug, Default)]
pub(crate) struct AppliedFile {
    applied: Mutex<Option<Applied>>,
}

#[derive(Debug)]
struct Applied {
    contents: Contents,
    read_at: DateTime<Utc>,
}

/// The file's text, compared as a whole: cheap for a settings file, and unlike a modification
/// time it cannot miss two edits within the same second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Contents {
    NoFile,
    Missing,
    Unreadable(String),
    Text(Vec<u8>),
}

impl Contents {
    pub(crate) fn read(path: Option<&Path>) -> Contents {
        match path {
            None => Contents::NoFile,
            Some(path) => match std::fs::read(path) {
                Ok(bytes) => Contents::Text(bytes),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => Contents::Missing,
                Err(error) => Contents::Unreadable(error.kind().to_string()),
            },
        }
    }
}

impl AppliedFile {
    pub(crate) fn record(&self, contents: Contents, read_at: DateTime<Utc>) {
        *self.lock() = Some(Applied { contents, read_at });
    }

    /// Whether the settings in effect came from the file and it reads differently now.
    fn changed(&self, now: &Contents) -> bool {
        self.lock()
            .as_ref()
            .is_some_and(|applied| applied.contents != *now)
    }

    /// When the file in effect was read, if the settings were built from it.
    pub(crate) fn read_at(&self) -> Option<DateTime<Utc>> {
        self.lock().as_ref().map(|applied| applied.read_at)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Applied>> {
        self.applied
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl App {
    /// Reads `hyopps.toml` again and, if it changed since the settings in effect were built,
    /// rebuilds them; true when it did. An app whose settings were never applied (tests with
    /// their own connectors) is left as it is.
    pub async fn reload_settings_if_changed(&self) -> Result<bool, AppError> {
        let path = self.settings.config_file.clone();
        let now = tokio::task::spawn_blocking(move || Contents::read(path.as_deref()))
            .await
            .map_err(|e| AppError::Internal(format!("reading hyopps.toml stopped: {e}")))?;
        if !self.managed_file.changed(&now) {
            return Ok(false);
        }
        tracing::info!("hyopps.toml changed: the settings in effect are read again");
        self.apply_settings().await?;
        Ok(true)
    }

    /// Keeps the settings in effect in step with `hyopps.toml` for as long as it runs, looking
    /// every `every` ([`SETTINGS_FILE_CHECK`] in the desktop app, from start to quit, and in
    /// the server while it serves).
    pub async fn keep_settings_current(&self, every: Duration) {
        loop {
            tokio::time::sleep(every).await;
            if let Err(error) = self.reload_settings_if_changed().await {
                tracing::warn!(%error, "could not read hyopps.toml again");
            }
        }
    }
}
