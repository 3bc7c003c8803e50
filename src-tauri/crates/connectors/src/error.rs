use std::time::Duration;

use thiserror::Error;

/// Why a connector call did not succeed. Messages carry the system's own code and message and
/// what to do; never a secret.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ConnectorError {
    /// Worth retrying: a timeout, a 5xx, a 429. `retry_after` is the system's own hint.
    #[error("{message}")]
    Transient {
        message: String,
        retry_after: Option<Duration>,
    },
    /// The system refused for a reason retrying will not fix.
    #[error("{message}")]
    Permanent { message: String },
    /// The system has no connection settings yet.
    #[error("{system} is not configured: open Settings → {system}.")]
    NotConfigured { system: String },
    /// There is no API for this (no webhook configured): a person must do it; `instructions`
    /// say what.
    #[error("{instructions}")]
    ManualTask { instructions: String },
}

pub type ConnectorResult<T> = Result<T, ConnectorError>;
