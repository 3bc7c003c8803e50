//! The one error every command returns to the screen.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of failure happened: the UI branches on this, never on the message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorCode {
    /// No valid session, or the credentials were refused.
    Unauthorized,
    /// Signed in, but this role may not do this.
    Forbidden,
    /// The thing asked for does not exist (or is not visible to this account).
    NotFound,
    /// The input was refused; `fields` says which field and why.
    Validation,
    /// The change clashes with existing data (a duplicate name, a stale state).
    Conflict,
    /// An outside system refused or failed.
    Integration,
    /// The HyOpps server this desktop works on could not be reached; nothing was done.
    Unreachable,
    /// A defect or an environment failure; the log has the details.
    Internal,
}

/// `{code, message, fields}` as the UI receives it. `message` says what happened and what to do
/// about it; it never contains a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireError {
    pub code: ErrorCode,
    pub message: String,
    /// Field name → what is wrong with it; only for [`ErrorCode::Validation`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

impl WireError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: BTreeMap::new(),
        }
    }

    /// A validation error on named fields; the message summarises them for screens that show one line.
    pub fn validation(fields: BTreeMap<String, String>) -> Self {
        let message = match fields.len() {
            1 => fields.values().next().cloned().unwrap_or_default(),
            n => format!("{n} fields need attention."),
        };
        Self {
            code: ErrorCode::Validation,
            message,
            fields,
        }
    }

    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

impl std::error::Error for WireError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message_without_empty_fields() {
        let json =
            serde_json::to_value(WireError::new(ErrorCode::NotFound, "No such user.")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "NotFound", "message": "No such user."}),
            "the UI parses exactly this shape"
        );
    }

    #[test]
    fn a_single_field_error_becomes_the_message() {
        let err =
            WireError::validation(BTreeMap::from([("email".into(), "Enter an email.".into())]));
        assert_eq!(err.message, "Enter an email.");
        assert_eq!(err.field("email"), Some("Enter an email."));
    }
}
