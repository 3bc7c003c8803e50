//! The sign-in form's own checks, before anything is sent.

use hyopps_contract::SignInRequest;

use super::FieldErrors;

pub const ENTER_EMAIL: &str = "Enter your email address.";
pub const ENTER_PASSWORD: &str = "Enter your password.";

/// What the user typed on the sign-in screen.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct SignInForm {
    pub email: String,
    pub password: String,
}

// Hand-written so a password never ends up in a log line.
impl std::fmt::Debug for SignInForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignInForm")
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

impl SignInForm {
    pub fn with_email(email: Option<String>) -> Self {
        Self {
            email: email.unwrap_or_default(),
            password: String::new(),
        }
    }

    /// The request to send, or the messages to show under the fields.
    ///
    /// Only emptiness is checked here: whether the email exists or the password is right is the
    /// backend's call, and its answer is shown as it comes.
    pub fn validate(&self) -> Result<SignInRequest, FieldErrors> {
        let email = self.email.trim();
        let mut errors = FieldErrors::new();
        if email.is_empty() {
            errors.add("email", ENTER_EMAIL);
        }
        // A password of spaces is still a password: the backend decides.
        if self.password.is_empty() {
            errors.add("password", ENTER_PASSWORD);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(SignInRequest {
            email: email.to_owned(),
            password: self.password.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_fields_are_refused_with_both_messages() {
        let errors = SignInForm::default().validate().unwrap_err();
        assert_eq!(errors.get("email"), Some(ENTER_EMAIL));
        assert_eq!(errors.get("password"), Some(ENTER_PASSWORD));
    }

    #[test]
    fn a_blank_email_counts_as_empty_and_the_sent_email_is_trimmed() {
        let form = SignInForm {
            email: "   ".into(),
            password: "x".into(),
        };
        let errors = form.validate().unwrap_err();
        assert_eq!(errors.get("email"), Some(ENTER_EMAIL));
        assert_eq!(errors.get("password"), None, "a typed password is fine");

        let form = SignInForm {
            email: " admin@hyopps.local ".into(),
            password: " secret ".into(),
        };
        let request = form.validate().expect("both fields are filled");
        assert_eq!(request.email, "admin@hyopps.local");
        assert_eq!(
            request.password, " secret ",
            "passwords are sent exactly as typed"
        );
    }

    #[test]
    fn a_remembered_email_prefills_only_the_email() {
        let form = SignInForm::with_email(Some("a@b.c".into()));
        assert_eq!(form.email, "a@b.c");
        assert!(form.password.is_empty());
        assert!(
            !format!("{form:?}").contains("password:"),
            "Debug leaves the password out"
        );
    }
}
