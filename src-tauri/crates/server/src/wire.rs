//! The wire error over HTTP: the same `{code, message, fields}` body the desktop window gets,
//! with an HTTP status that says the same thing to proxies, logs and scripts.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use hyopps_contract::{ErrorCode, WireError};

/// The status for each code. `Validation` from the core (the fields of a well-formed request
/// were refused) is 422; a body that is not the command's JSON at all is 400 (see
/// [`ApiError::bad_body`]), so a script can tell "fix your JSON" from "fix the values".
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Validation => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Conflict => StatusCode::CONFLICT,
        ErrorCode::Integration => StatusCode::BAD_GATEWAY,
        ErrorCode::Unreachable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A refused request: a wire error and its status.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub error: WireError,
    /// Seconds, for a `Retry-After` header (a paused sign-in).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            error: WireError::new(code, message),
            retry_after: None,
        }
    }

    /// The body could not be read as the command's arguments.
    pub fn bad_body(command: &str, detail: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::Validation,
            format!("The body is not the JSON that {command} takes: {detail}."),
        )
    }

    pub fn too_large(limit_bytes: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::Validation,
            format!(
                "The request is larger than {} KiB, more than any HyOpps command takes.",
                limit_bytes / 1024
            ),
        )
    }

    pub fn no_such_path() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "HyOpps has nothing at this address. Commands are POST /api/v1/<command>.",
        )
    }
}

impl From<WireError> for ApiError {
    fn from(error: WireError) -> Self {
        Self {
            status: status_of(error.code),
            error,
            retry_after: None,
        }
    }
}

impl From<hyopps_app::AppError> for ApiError {
    fn from(error: hyopps_app::AppError) -> Self {
        // The core's conversion logs database and internal details and keeps them off the wire.
        WireError::from(error).into()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.error)).into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
