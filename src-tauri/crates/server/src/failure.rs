//! Why `hyopps-server` could not start, serve, or finish one of its one-shot commands, in the
//! words the operator reads on stderr. Each cause keeps its source; none carries a secret.

use std::net::SocketAddr;
use std::path::PathBuf;

use hyopps_app::data_lock::LockError;
use hyopps_app::AppError;

#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("could not start: {0}")]
    Runtime(#[source] std::io::Error),
    #[error("could not create the data folder {}: {source}", path.display())]
    DataFolder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Another HyOpps process (the desktop app, a server, an import) has the folder.
    #[error("{source} ({}): stop it first.", path.display())]
    FolderInUse {
        path: PathBuf,
        #[source]
        source: LockError,
    },
    #[error("{0}")]
    Lock(#[source] LockError),
    #[error("could not open the database in {}: {source}", path.display())]
    Database {
        path: PathBuf,
        #[source]
        source: AppError,
    },
    #[error("could not listen on {address}: {source}")]
    Listen {
        address: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Stopped(#[source] std::io::Error),
    /// The core refused what was asked (a file that is not a v0.3 database, an email in use):
    /// its message, then each field's, as the window would show them.
    #[error("{0}")]
    Refused(String),
}

impl Failure {
    pub fn lock(path: PathBuf, source: LockError) -> Failure {
        match source {
            LockError::Held(_) => Failure::FolderInUse { path, source },
            LockError::Io { .. } => Failure::Lock(source),
        }
    }
}

impl From<AppError> for Failure {
    fn from(error: AppError) -> Failure {
        let wire = hyopps_contract::WireError::from(error);
        let mut message = wire.message;
        for problem in wire.fields.values() {
            message.push(' ');
            message.push_str(problem);
        }
        Failure::Refused(message)
    }
}
