//! Field name → message, from the client's own checks or from a backend `Validation` error.

use std::collections::BTreeMap;

use hyopps_contract::{ErrorCode, WireError};

/// Messages to show under form fields, keyed by the wire field name (`email`, `new_password`…).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// The field errors a backend error carries; empty unless it is a `Validation` error.
    pub fn from_wire(error: &WireError) -> Self {
        match error.code {
            ErrorCode::Validation => Self(error.fields.clone()),
            _ => Self::default(),
        }
    }

    /// Records a message; the first one for a field wins, as it is the most basic problem.
    pub fn add(&mut self, field: &str, message: &str) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| message.to_owned());
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_validation_errors_carry_field_messages() {
        let fields = BTreeMap::from([("new_password".to_owned(), "Too short.".to_owned())]);
        let validation = WireError::validation(fields.clone());
        assert_eq!(
            FieldErrors::from_wire(&validation).get("new_password"),
            Some("Too short.")
        );

        let mut conflict = WireError::new(ErrorCode::Conflict, "Taken.");
        conflict.fields = fields;
        assert!(
            FieldErrors::from_wire(&conflict).is_empty(),
            "fields on a non-validation error are not shown under inputs"
        );
    }

    #[test]
    fn the_first_message_for_a_field_is_kept() {
        let mut errors = FieldErrors::new();
        errors.add("email", "Enter your email address.");
        errors.add("email", "Something else.");
        assert_eq!(errors.get("email"), Some("Enter your email address."));
        assert_eq!(errors.len(), 1);
    }
}
