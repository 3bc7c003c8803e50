//! Checking the admin console's input: each checker records what is wrong with its field, so one
//! answer names every field that needs attention.

use std::collections::BTreeMap;

use hyopps_contract::rules;
pub(crate) use hyopps_contract::rules::{MAX_NAME_CHARS, MAX_PERSON_NAME_CHARS};

use crate::AppError;

/// No single value may be larger than this, whatever the field (a pasted file, a runaway
/// script); checked before anything else looks at it.
pub(crate) const MAX_VALUE_BYTES: usize = 10 * 1024;
pub(crate) const MAX_URL_CHARS: usize = 2_000;

#[derive(Debug, Default)]
pub(crate) struct Check {
    errors: BTreeMap<String, String>,
}

impl Check {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem with `field`; the first one recorded for a field is the one shown.
    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors
            .entry(field.to_string())
            .or_insert_with(|| message.into());
    }

    /// A single line, trimmed. Empty is refused with `required` when given (else it is
    /// simply empty); longer than `max` characters or with control characters is refused.
    pub fn line(&mut self, field: &str, value: &str, required: Option<&str>, max: usize) -> String {
        if value.len() > MAX_VALUE_BYTES {
            self.fail(field, "This value is too large (over 10 kB).");
            return String::new();
        }
        let value = value.trim();
        if value.is_empty() {
            if let Some(message) = required {
                self.fail(field, message);
            }
        } else if let Some(problem) = rules::line_problem(value, max) {
            self.fail(field, problem);
        }
        value.to_string()
    }

    /// A required email address, lower-cased (emails are unique without regard to case).
    pub fn email(&mut self, field: &str, value: &str) -> String {
        if value.len() > MAX_VALUE_BYTES {
            self.fail(field, "This value is too large (over 10 kB).");
            return String::new();
        }
        let value = rules::normalized_email(value);
        if value.is_empty() {
            self.fail(field, "Enter an email address.");
        } else if let Some(problem) = rules::email_problem(&value) {
            self.fail(field, problem);
        }
        value
    }

    /// An optional web link: empty is `None`; otherwise an absolute http or https URL.
    pub fn url(&mut self, field: &str, value: &str) -> Option<String> {
        let value = self.line(field, value, None, MAX_URL_CHARS);
        if value.is_empty() {
            return None;
        }
        let acceptable = url::Url::parse(&value).is_ok_and(|url| {
            matches!(url.scheme(), "http" | "https")
                && url.host_str().is_some_and(|host| !host.is_empty())
        });
        if !acceptable || value.contains(char::is_whitespace) {
            self.fail(
                field,
                "Enter a web link starting with https:// or http://, e.g. https://docs.example.com/partners.",
            );
        }
        Some(value)
    }

    /// A list of short words, each trimmed and checked by `check`; empties and repeats dropped.
    pub fn words(
        &mut self,
        field: &str,
        values: &[String],
        check: impl Fn(&str) -> Option<String>,
    ) -> Vec<String> {
        if values.len() > rules::MAX_WORDS {
            self.fail(
                field,
                format!("Enter at most {} entries.", rules::MAX_WORDS),
            );
            return Vec::new();
        }
        let mut clean: Vec<String> = Vec::new();
        for value in values {
            if value.len() > MAX_VALUE_BYTES {
                self.fail(field, "An entry is too large (over 10 kB).");
                continue;
            }
            let word = value.trim();
            if word.is_empty() {
                continue;
            }
            if let Some(problem) = rules::word_problem(word) {
                self.fail(field, problem);
            } else if let Some(problem) = check(word) {
                self.fail(field, problem);
            } else if !clean.iter().any(|w| w.eq_ignore_ascii_case(word)) {
                clean.push(word.to_string());
            }
        }
        clean
    }

    /// Takes over the field errors of a validation error from elsewhere (the password policy);
    /// any other error is returned as it is.
    pub fn absorb(&mut self, error: AppError) -> Result<(), AppError> {
        match error {
            AppError::Validation { fields, .. } => {
                for (field, message) in fields {
                    self.fail(&field, message);
                }
                Ok(())
            }
            other => Err(other),
        }
    }

    pub fn finish(self) -> Result<(), AppError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::invalid_fields(self.errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_errors(check: Check) -> BTreeMap<String, String> {
        match check.finish() {
            Err(AppError::Validation { fields, .. }) => fields,
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    #[test]
    fn lines_are_trimmed_required_and_bounded() {
        let mut check = Check::new();
        assert_eq!(check.line("a", "  Acme  ", Some("Enter it."), 10), "Acme");
        check.line("b", "   ", Some("Enter the name."), 10);
        check.line("c", "eleven chars", None, 10);
        check.line("d", "two\nlines", None, 50);
        check.line("e", &"x".repeat(MAX_VALUE_BYTES + 1), None, usize::MAX);
        let errors = field_errors(check);
        assert!(!errors.contains_key("a"));
        assert_eq!(errors["b"], "Enter the name.");
        assert_eq!(errors["c"], "Use at most 10 characters (this has 12).");
        assert_eq!(
            errors["d"],
            "Use a single line without tabs or line breaks."
        );
        assert_eq!(errors["e"], "This value is too large (over 10 kB).");
    }

    #[test]
    fn emails_and_urls() {
        let mut check = Check::new();
        assert_eq!(check.email("ok", " Ada@Example.COM "), "ada@example.com");
        for (field, bad) in [
            ("e1", "ada"),
            ("e2", "ada@localhost"),
            ("e3", "a da@example.com"),
            ("e4", "ada@@example.com"),
            ("e5", "ada@example..com"),
        ] {
            check.email(field, bad);
        }
        assert_eq!(check.url("u0", ""), None, "empty clears a link");
        assert_eq!(
            check.url("u1", "https://docs.example.com/a?b=c").as_deref(),
            Some("https://docs.example.com/a?b=c")
        );
        check.url("u2", "ftp://example.com/file");
        check.url("u3", "docs.example.com");
        check.url("u4", "javascript:alert(1)");
        check.url("u5", &format!("https://example.com/{}", "a".repeat(2_000)));
        let errors = field_errors(check);
        assert!(!errors.contains_key("ok") && !errors.contains_key("u1"));
        for field in ["e1", "e2", "e3", "e4", "e5", "u2", "u3", "u4"] {
            assert!(errors.contains_key(field), "{field} is refused");
        }
        assert!(errors["u5"].starts_with("Use at most 2000 characters"));
    }

    #[test]
    fn words_drop_blanks_and_repeats_and_check_each() {
        let mut check = Check::new();
        let words = check.words(
            "skills",
            &["sql".into(), " ".into(), "SQL".into(), "python".into()],
            |_| None,
        );
        assert_eq!(words, ["sql", "python"]);
        check.words("roles", &["x".repeat(101)], |_| None);
        check.words("many", &vec!["a".to_string(); 51], |_| None);
        check.words("langs", &["xx".into()], |w| {
            Some(format!("{w} is not known"))
        });
        let errors = field_errors(check);
        assert_eq!(errors["roles"], "Each entry has at most 100 characters.");
        assert_eq!(errors["many"], "Enter at most 50 entries.");
        assert_eq!(errors["langs"], "xx is not known");
    }
}
