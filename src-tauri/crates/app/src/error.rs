//! The core's error, and how it reaches the screen.

use std::collections::BTreeMap;

use hyopps_contract::{ErrorCode, WireError};
use hyopps_store::StoreError;
use thiserror::Error;

/// A use case's failure. The message is what the admin reads: what happened, what to do.
#[derive(Debug, Error)]
pub enum AppError {
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    Validation {
        message: String,
        fields: BTreeMap<String, String>,
    },
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Integration(String),
    #[error("{0}")]
    Internal(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AppError {
    /// A validation error on one field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::invalid_fields(BTreeMap::from([(field.to_string(), message.into())]))
    }

    pub fn invalid_fields(fields: BTreeMap<String, String>) -> Self {
        let wire = WireError::validation(fields);
        Self::Validation {
            message: wire.message,
            fields: wire.fields,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Unauthorized(_) => ErrorCode::Unauthorized,
            AppError::Forbidden(_) => ErrorCode::Forbidden,
            AppError::NotFound(_) => ErrorCode::NotFound,
            AppError::Validation { .. } => ErrorCode::Validation,
            AppError::Conflict(_) => ErrorCode::Conflict,
            AppError::Integration(_) => ErrorCode::Integration,
            AppError::Internal(_) | AppError::Store(_) => ErrorCode::Internal,
        }
    }
}

impl From<AppError> for WireError {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Validation { message, fields } => WireError {
                code: ErrorCode::Validation,
                message,
                fields,
            },
            AppError::Store(store) => {
                // The details (paths, SQL errors) go to the log, not the screen.
                tracing::error!(error = %store, "database error");
                WireError::new(
                    ErrorCode::Internal,
                    "The database could not complete this request. The log file in the data folder has the details.",
                )
            }
            AppError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                WireError::new(ErrorCode::Internal, detail)
            }
            other => WireError::new(other.code(), other.to_string()),
        }
    }
}

impl From<hyopps_engine::EngineError> for AppError {
    fn from(error: hyopps_engine::EngineError) -> Self {
        use hyopps_engine::EngineError;
        match error {
            EngineError::NotFound(message) => AppError::NotFound(message),
            EngineError::Invalid(fields) => AppError::invalid_fields(fields),
            EngineError::Conflict(message) => AppError::Conflict(message),
            EngineError::Forbidden(message) => AppError::Forbidden(message),
            EngineError::Store(store) => AppError::Store(store),
        }
    }
}
