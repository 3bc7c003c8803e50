use std::collections::BTreeMap;

use hyopps_store::StoreError;
use thiserror::Error;

/// Field name → what is wrong with it.
pub type FieldErrors = BTreeMap<String, String>;

/// Why the engine refused an operation. Messages are for the admin: what happened, what to do.
#[derive(Debug, Error)]
pub enum EngineError {
    #[error("{0}")]
    NotFound(String),
    /// The input was refused; nothing was written.
    #[error("{} field(s) need attention", .0.len())]
    Invalid(FieldErrors),
    /// This account may not do this (e.g. a partner admin and a step only operators complete).
    #[error("{0}")]
    Forbidden(String),
    /// The execution is not in a state that allows this (e.g. not waiting for input).
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}
