//! One process at a time writes HyOpps's database. The desktop app and `hyopps-server` hold an
//! exclusive lock on `hyopps.lock` in the data folder for as long as they run; `hyopps
//! import-v03` and `hyopps-server import-v03` take the same lock for the length of their import.
//! So a second process refuses instead of writing the same database, the app waits for an
//! import to finish before it opens the database, and "database is locked" cannot happen
//! between them.
//!
//! The operating system releases the lock when its process ends, crash included, so a lock file
//! left behind never blocks anything. The file also says who holds it, for the message.

use std::fmt;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The lock file's name in the data folder.
pub const LOCK_FILE: &str = "hyopps.lock";

/// Who holds the data folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// The desktop app.
    App,
    /// `hyopps-server`, serving a team.
    Server,
    /// `hyopps import-v03`, `hyopps onboard` or `hyopps-server import-v03`: a command line run.
    Import,
    /// `hyopps-server create-admin`.
    CreateAdmin,
    /// `hyopps-server restore`, putting a backup in place of the database.
    Restore,
}

impl Holder {
    fn tag(self) -> &'static str {
        match self {
            Holder::App => "app",
            Holder::Server => "hyopps-server",
            Holder::Import => "import-v03",
            Holder::CreateAdmin => "create-admin",
            Holder::Restore => "restore",
        }
    }

    fn from_tag(text: &str) -> Option<Holder> {
        match text.split_whitespace().next()? {
            "app" => Some(Holder::App),
            "hyopps-server" => Some(Holder::Server),
            "import-v03" => Some(Holder::Import),
            "create-admin" => Some(Holder::CreateAdmin),
            "restore" => Some(Holder::Restore),
            _ => None,
        }
    }
}

/// The data folder's lock, held until dropped.
#[derive(Debug)]
pub struct DataLock {
    _file: File,
}

#[derive(Debug)]
pub enum LockError {
    /// Another process holds the lock; who, when its file says (not readable on every system).
    Held(Option<Holder>),
    /// The lock file could not be opened or locked at all.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl fmt::Display for LockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LockError::Held(Some(Holder::Import)) => {
                write!(f, "`hyopps import-v03` is importing into this data folder")
            }
            LockError::Held(Some(Holder::Server)) => {
                write!(f, "hyopps-server is serving this data folder")
            }
            LockError::Held(Some(Holder::CreateAdmin)) => {
                write!(
                    f,
                    "`hyopps-server create-admin` is adding an administrator to this data folder"
                )
            }
            LockError::Held(Some(Holder::Restore)) => {
                write!(
                    f,
                    "`hyopps-server restore` is putting a backup in place in this data folder"
                )
            }
            LockError::Held(_) => write!(f, "HyOpps is running with this data folder"),
            LockError::Io { path, error } => {
                write!(f, "could not lock {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for LockError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LockError::Io { error, .. } => Some(error),
            LockError::Held(_) => None,
        }
    }
}

impl DataLock {
    /// Takes the lock of `data_dir` now, or says who has it.
    pub fn try_acquire(data_dir: &Path, holder: Holder) -> Result<DataLock, LockError> {
        let path = data_dir.join(LOCK_FILE);
        let file = open(&path)?;
        match file.try_lock() {
            Ok(()) => DataLock::claimed(file, &path, holder),
            Err(TryLockError::WouldBlock) => Err(LockError::Held(
                std::fs::read_to_string(&path)
                    .ok()
                    .and_then(|text| Holder::from_tag(&text)),
            )),
            Err(TryLockError::Error(error)) => Err(LockError::Io { path, error }),
        }
    }

    /// Waits until the lock of `data_dir` is free, then takes it.
    pub fn acquire(data_dir: &Path, holder: Holder) -> Result<DataLock, LockError> {
        let path = data_dir.join(LOCK_FILE);
        let file = open(&path)?;
        file.lock().map_err(|error| LockError::Io {
            path: path.clone(),
            error,
        })?;
        DataLock::claimed(file, &path, holder)
    }

    fn claimed(mut file: File, path: &Path, holder: Holder) -> Result<DataLock, LockError> {
        let io = |error| LockError::Io {
            path: path.to_path_buf(),
            error,
        };
        file.set_len(0).map_err(io)?;
        writeln!(file, "{} {}", holder.tag(), std::process::id()).map_err(io)?;
        Ok(DataLock { _file: file })
    }
}

fn open(path: &Path) -> Result<File, LockError> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|error| LockError::Io {
            path: path.to_path_buf(),
            error,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_and_the_next_learns_who() {
        let dir = tempfile::tempdir().unwrap();
        let app = DataLock::try_acquire(dir.path(), Holder::App).unwrap();
        match DataLock::try_acquire(dir.path(), Holder::Import) {
            Err(LockError::Held(holder)) => {
                if cfg!(unix) {
                    assert_eq!(holder, Some(Holder::App), "the lock file names its holder");
                }
            }
            other => panic!("the lock is held by the app: {other:?}"),
        }
        drop(app);
        DataLock::try_acquire(dir.path(), Holder::Import)
            .expect("free again once the app has let go");
    }
}
