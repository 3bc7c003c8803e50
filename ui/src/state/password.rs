//! The set-new-password form's own checks. The backend applies the full policy (at
//! least 12 characters, not the email) and its field errors are shown the same way.

use hyopps_contract::ChangePasswordRequest;

use super::FieldErrors;

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const ENTER_CURRENT: &str = "Enter your current password.";
pub const TOO_SHORT: &str = "Use at least 12 characters.";
pub const DIFFERENT: &str = "The two new passwords differ.";

#[derive(Clone, PartialEq, Eq, Default)]
pub struct PasswordForm {
    pub current_password: String,
    pub new_password: String,
    pub confirm_password: String,
}

// Hand-written: nothing of a password belongs in a log line.
impl std::fmt::Debug for PasswordForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordForm { <redacted> }")
    }
}

impl PasswordForm {
    /// The request to send, or the messages to show under the fields (keyed like the backend's:
    /// `current_password`, `new_password`, plus `confirm_password` which only exists here).
    pub fn validate(&self) -> Result<ChangePasswordRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.current_password.is_empty() {
            errors.add("current_password", ENTER_CURRENT);
        }
        // Characters, not bytes: "é" is one character to the person typing it.
        if self.new_password.chars().count() < MIN_PASSWORD_CHARS {
            errors.add("new_password", TOO_SHORT);
        }
        if self.confirm_password != self.new_password {
            errors.add("confirm_password", DIFFERENT);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ChangePasswordRequest {
            current_password: self.current_password.clone(),
            new_password: self.new_password.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(current: &str, new: &str, confirm: &str) -> PasswordForm {
        PasswordForm {
            current_password: current.into(),
            new_password: new.into(),
            confirm_password: confirm.into(),
        }
    }

    #[test]
    fn a_good_form_becomes_the_request() {
        let request = form("admin123", "correct horse battery", "correct horse battery")
            .validate()
            .expect("long enough and confirmed");
        assert_eq!(request.current_password, "admin123");
        assert_eq!(request.new_password, "correct horse battery");
    }

    #[test]
    fn short_and_mismatched_passwords_are_refused_under_their_fields() {
        let errors = form("admin123", "short", "shorter").validate().unwrap_err();
        assert_eq!(errors.get("new_password"), Some(TOO_SHORT));
        assert_eq!(errors.get("confirm_password"), Some(DIFFERENT));
        assert_eq!(errors.get("current_password"), None);
    }

    #[test]
    fn twelve_characters_are_enough_counted_as_characters() {
        // 11 two-byte characters: 22 bytes but too short.
        let eleven = "é".repeat(11);
        let errors = form("x", &eleven, &eleven).validate().unwrap_err();
        assert_eq!(
            errors.get("new_password"),
            Some(TOO_SHORT),
            "length counts characters"
        );
        let twelve = "é".repeat(12);
        assert!(form("x", &twelve, &twelve).validate().is_ok());
    }

    #[test]
    fn the_current_password_is_required() {
        let errors = form("", "long enough pass", "long enough pass")
            .validate()
            .unwrap_err();
        assert_eq!(errors.get("current_password"), Some(ENTER_CURRENT));
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn debug_output_shows_no_password() {
        let text = format!(
            "{:?}",
            form("admin123", "new secret pass", "new secret pass")
        );
        assert!(!text.contains("admin123") && !text.contains("secret"));
    }
}
