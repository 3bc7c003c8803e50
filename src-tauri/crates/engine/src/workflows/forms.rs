//! Reading and checking a submitted form, and describing form fields, for the workflows.

use hyopps_contract::rules;
use hyopps_contract::{FieldKind, FieldOption, FormField};
use serde_json::Value;

use crate::FieldErrors;

pub(crate) const REQUIRED: &str = "This field is required.";
/// The longest value a single-line field takes: the same as the admin console's names.
pub(crate) const MAX_LINE: usize = hyopps_contract::rules::MAX_NAME_CHARS;
/// The longest value a free-text field takes.
pub(crate) const MAX_TEXT: usize = 4_000;

/// A submitted form being read: each getter records what is wrong with its field.
pub(crate) struct Form<'a> {
    input: &'a Value,
    pub errors: FieldErrors,
}

impl<'a> Form<'a> {
    pub fn new(input: &'a Value) -> Self {
        Self {
            input,
            errors: FieldErrors::new(),
        }
    }

    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors
            .entry(field.to_string())
            .or_insert_with(|| message.into());
    }

    fn raw_text(&mut self, field: &str) -> Option<String> {
        match self.input.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(_) => {
                self.fail(field, "Enter text here.");
                None
            }
        }
    }

    /// A required single line of at most `max` characters (the shared rule for names and ids).
    pub fn text(&mut self, field: &str, max: usize) -> String {
        match self.optional_line(field, max) {
            Some(value) => value,
            None => {
                self.fail(field, REQUIRED);
                String::new()
            }
        }
    }

    /// An optional single line of at most `max` characters.
    pub fn optional_line(&mut self, field: &str, max: usize) -> Option<String> {
        let value = self.raw_text(field)?;
        if let Some(problem) = rules::line_problem(&value, max) {
            self.fail(field, problem);
        }
        Some(value)
    }

    /// Optional free text (a note): line breaks and tabs allowed, no other control characters,
    /// at most `max` characters.
    pub fn optional_text(&mut self, field: &str, max: usize) -> Option<String> {
        let value = self.raw_text(field)?;
        let chars = value.chars().count();
        if chars > max {
            self.fail(
                field,
                format!("Use at most {max} characters (this has {chars})."),
            );
        } else if value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            self.fail(field, "Use text without control characters.");
        }
        Some(value)
    }

    /// A required email address, lower-cased; the shared email rule.
    pub fn email(&mut self, field: &str) -> String {
        let Some(value) = self.raw_text(field) else {
            self.fail(field, REQUIRED);
            return String::new();
        };
        let value = rules::normalized_email(&value);
        if let Some(problem) = rules::email_problem(&value) {
            self.fail(field, problem);
        }
        value
    }

    /// Languages as ISO 639-1 codes, lower-cased; the shared language rule.
    pub fn languages(&mut self, field: &str) -> Vec<String> {
        let mut codes: Vec<String> = Vec::new();
        for code in self.tags(field, rules::language_problem) {
            let code = code.to_ascii_lowercase();
            if !codes.contains(&code) {
                codes.push(code);
            }
        }
        codes
    }

    /// Free-form words, as an array or a comma-separated string; each checked by `check`.
    pub fn tags(&mut self, field: &str, check: impl Fn(&str) -> Option<String>) -> Vec<String> {
        let words: Vec<String> = match self.input.get(field) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().unwrap_or_default().trim().to_string())
                .collect(),
            Some(Value::String(s)) => s.split(',').map(|w| w.trim().to_string()).collect(),
            Some(_) => {
                self.fail(field, "Enter a list of words.");
                Vec::new()
            }
        };
        let mut clean: Vec<String> = Vec::new();
        for word in words.into_iter().filter(|w| !w.is_empty()) {
            if let Some(problem) = rules::word_problem(&word) {
                self.fail(field, problem);
            } else if let Some(problem) = check(&word) {
                self.fail(field, problem);
            } else if !clean.contains(&word) {
                clean.push(word);
            }
        }
        if clean.len() > rules::MAX_WORDS {
            self.fail(
                field,
                format!("Enter at most {} entries.", rules::MAX_WORDS),
            );
        }
        clean
    }

    /// Whether the form has the field at all (a script may leave an optional one out).
    pub fn given(&self, field: &str) -> bool {
        self.input.get(field).is_some_and(|v| !v.is_null())
    }

    /// A list of chosen option values, each one of `allowed`.
    pub fn choices(&mut self, field: &str, allowed: &[String]) -> Vec<String> {
        let chosen = self.tags(field, |_| None);
        for value in &chosen {
            if !allowed.contains(value) {
                self.fail(field, format!("{value} is not one of the choices."));
            }
        }
        chosen
    }

    /// One of `allowed`.
    pub fn choice(&mut self, field: &str, allowed: &[&str]) -> String {
        let value = self.text(field, MAX_LINE);
        if !value.is_empty() && !allowed.contains(&value.as_str()) {
            self.fail(field, format!("Choose one of: {}.", allowed.join(", ")));
        }
        value
    }

    /// A checkbox that must be ticked; `message` says what ticking it confirms.
    pub fn confirmed(&mut self, field: &str, message: &str) -> bool {
        let ticked = matches!(self.input.get(field), Some(Value::Bool(true)));
        if !ticked {
            self.fail(field, message);
        }
        ticked
    }

    pub fn finish(self) -> Result<(), FieldErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}

pub(crate) fn field(
    name: &str,
    label: &str,
    kind: FieldKind,
    required: bool,
    help: Option<&str>,
) -> FormField {
    FormField {
        name: name.into(),
        label: label.into(),
        kind,
        required,
        help: help.map(str::to_string),
        initial: None,
    }
}

/// The choice of an organisation's Studio companies for a person
/// (`selected_studio_company_ids`), each shown as "Acme PROD (PROD, 1002)".
pub(crate) fn studio_companies_field(
    label: &str,
    companies: Vec<hyopps_store::organizations::StudioCompany>,
) -> FormField {
    let options = companies
        .into_iter()
        .map(|c| FieldOption {
            label: format!(
                "{} ({}, {})",
                c.name,
                c.environment.to_uppercase(),
                c.studio_id
            ),
            value: c.id,
        })
        .collect();
    field(
        "selected_studio_company_ids",
        label,
        FieldKind::MultiSelect { options },
        false,
        None,
    )
}

/// The form of a task an operator does in a system and confirms with one checkbox
/// (`confirmation`, labelled `confirmed_label`), after `instruction`.
pub(crate) fn task_form(
    workflow: &crate::WorkflowDefinition,
    step: &crate::StepDefinition,
    instruction: String,
    (confirmation, confirmed_label): (&str, &str),
) -> hyopps_contract::StepForm {
    hyopps_contract::StepForm {
        step_order: workflow.order_of(step.name).unwrap_or_default(),
        title: step.label.into(),
        instructions: vec![instruction],
        fields: vec![field(
            confirmation,
            confirmed_label,
            FieldKind::Checkbox,
            true,
            None,
        )],
        submit_label: "Confirm".into(),
        operators_only: step.operators_only(),
    }
}

pub(crate) fn options<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<FieldOption> {
    pairs
        .into_iter()
        .map(|(value, label)| FieldOption {
            value: value.into(),
            label: label.into(),
        })
        .collect()
}

/// A side effect refused its value: reported like a form's field error.
pub(crate) fn invalid(field: &str, message: &str) -> crate::EngineError {
    crate::EngineError::Invalid(FieldErrors::from([(
        field.to_string(),
        message.to_string(),
    )]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_form_collects_every_problem() {
        let input = json!({ "email": "not-an-email", "name": "x".repeat(300), "tags": "en, fr, en", "ok": false });
        let mut form = Form::new(&input);
        form.email("email");
        form.text("name", MAX_LINE);
        form.text("missing", MAX_LINE);
        let tags = form.tags("tags", |_| None);
        form.confirmed("ok", "Confirm it.");
        assert_eq!(tags, ["en", "fr"], "duplicates dropped");
        let errors = form.finish().unwrap_err();
        assert_eq!(
            errors["email"],
            "Enter an email address like name@example.com."
        );
        assert_eq!(errors["name"], "Use at most 200 characters (this has 300).");
        assert_eq!(errors["missing"], REQUIRED);
        assert_eq!(errors["ok"], "Confirm it.");
    }

    #[test]
    fn lines_refuse_control_characters_and_notes_only_keep_line_breaks() {
        let input =
            json!({ "name": "Ada\tKing", "note": "Line one\nline two", "odd": "bell\u{7}" });
        let mut form = Form::new(&input);
        form.text("name", MAX_LINE);
        form.optional_text("note", MAX_TEXT);
        form.optional_text("odd", MAX_TEXT);
        let errors = form.finish().unwrap_err();
        assert_eq!(
            errors["name"],
            "Use a single line without tabs or line breaks."
        );
        assert!(
            !errors.contains_key("note"),
            "a note may have several lines"
        );
        assert_eq!(errors["odd"], "Use text without control characters.");
    }
}
