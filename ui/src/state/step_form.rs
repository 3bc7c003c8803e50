//! The form of a step that waits for input: what was typed per field, the client's own
//! checks, and the JSON `input` the backend receives.
//!
//! The backend describes the fields ([`StepForm`]); nothing here knows a particular step.

use std::collections::BTreeMap;

use hyopps_contract::{FieldKind, FormField, StepForm};
use serde_json::{Map, Value};

use super::FieldErrors;

pub const REQUIRED: &str = "This field is required.";

/// What is entered in one field, before it becomes JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Raw {
    /// Text, email, text area, tags (comma-separated) and select (`""` = nothing chosen).
    Text(String),
    /// The option values ticked in a multi-select.
    Chosen(Vec<String>),
    Checked(bool),
}

/// One change the user makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormEdit {
    Text {
        field: String,
        value: String,
    },
    Choose {
        field: String,
        option: String,
        chosen: bool,
    },
    Check {
        field: String,
        checked: bool,
    },
}

/// Every field's raw value, keyed by the field's name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormState {
    values: BTreeMap<String, Raw>,
}

impl FormState {
    /// Starts from each field's `initial` value.
    pub fn new(form: &StepForm) -> Self {
        let values = form
            .fields
            .iter()
            .map(|field| (field.name.clone(), initial(field)))
            .collect();
        Self { values }
    }

    pub fn text(&self, field: &str) -> &str {
        match self.values.get(field) {
            Some(Raw::Text(text)) => text,
            _ => "",
        }
    }

    pub fn is_chosen(&self, field: &str, option: &str) -> bool {
        matches!(self.values.get(field), Some(Raw::Chosen(chosen)) if chosen.iter().any(|c| c == option))
    }

    pub fn is_checked(&self, field: &str) -> bool {
        matches!(self.values.get(field), Some(Raw::Checked(true)))
    }

    pub fn apply(&self, edit: FormEdit) -> Self {
        let mut next = self.clone();
        match edit {
            FormEdit::Text { field, value } => {
                next.values.insert(field, Raw::Text(value));
            }
            FormEdit::Check { field, checked } => {
                next.values.insert(field, Raw::Checked(checked));
            }
            FormEdit::Choose {
                field,
                option,
                chosen,
            } => {
                let entry = next
                    .values
                    .entry(field)
                    .or_insert_with(|| Raw::Chosen(Vec::new()));
                if !matches!(entry, Raw::Chosen(_)) {
                    *entry = Raw::Chosen(Vec::new());
                }
                if let Raw::Chosen(list) = entry {
                    list.retain(|c| *c != option);
                    if chosen {
                        list.push(option);
                    }
                }
            }
        }
        next
    }

    /// The `input` object to submit, or the messages to show under the fields.
    ///
    /// Only emptiness of required fields is checked here; the backend validates the rest and
    /// answers with field errors. An optional field left empty is left out of the object, which
    /// the backend reads the same as "not given" whatever type the field has.
    pub fn to_input(&self, form: &StepForm) -> Result<Value, FieldErrors> {
        let mut input = Map::new();
        let mut errors = FieldErrors::new();
        for field in &form.fields {
            match self.value_of(field) {
                Some(value) => {
                    input.insert(field.name.clone(), value);
                }
                None if field.required => errors.add(&field.name, REQUIRED),
                None => {}
            }
        }
        match errors.is_empty() {
            true => Ok(Value::Object(input)),
            false => Err(errors),
        }
    }

    /// The field's JSON value; `None` when it is empty (for a checkbox: when a required one
    /// is not ticked, as ticking it is the whole point).
    fn value_of(&self, field: &FormField) -> Option<Value> {
        let text = self.text(&field.name);
        match &field.kind {
            FieldKind::Text | FieldKind::Email | FieldKind::Select { .. } => {
                Some(text.trim()).filter(|t| !t.is_empty()).map(Value::from)
            }
            // Several lines keep their layout; only blank text counts as empty.
            FieldKind::TextArea => (!text.trim().is_empty()).then(|| Value::from(text.trim_end())),
            FieldKind::Tags => {
                let tags = split_tags(text);
                (!tags.is_empty()).then(|| Value::from(tags))
            }
            FieldKind::MultiSelect { options } => {
                // In the options' order, whatever order they were ticked in.
                let chosen: Vec<&str> = options
                    .iter()
                    .filter(|o| self.is_chosen(&field.name, &o.value))
                    .map(|o| o.value.as_str())
                    .collect();
                (!chosen.is_empty()).then(|| Value::from(chosen))
            }
            FieldKind::Checkbox => {
                let checked = self.is_checked(&field.name);
                (checked || !field.required).then_some(Value::Bool(checked))
            }
        }
    }
}

/// "en, de,, fr " → `["en", "de", "fr"]`: trimmed, blanks and repeats dropped.
pub fn split_tags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    tags
}

fn initial(field: &FormField) -> Raw {
    let initial = field.initial.as_ref().unwrap_or(&Value::Null);
    let strings = || -> Vec<String> {
        match initial {
            Value::Array(items) => items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect(),
            Value::String(s) => split_tags(s),
            _ => Vec::new(),
        }
    };
    match &field.kind {
        FieldKind::Checkbox => Raw::Checked(initial.as_bool().unwrap_or(false)),
        FieldKind::MultiSelect { .. } => Raw::Chosen(strings()),
        FieldKind::Tags => Raw::Text(strings().join(", ")),
        FieldKind::Text | FieldKind::Email | FieldKind::TextArea | FieldKind::Select { .. } => {
            Raw::Text(match initial {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyopps_contract::FieldOption;
    use serde_json::json;

    fn field(name: &str, kind: FieldKind, required: bool) -> FormField {
        FormField {
            name: name.into(),
            label: name.into(),
            kind,
            required,
            help: None,
            initial: None,
        }
    }

    fn options() -> Vec<FieldOption> {
        ["en", "de", "fr"]
            .map(|v| FieldOption {
                value: v.into(),
                label: v.to_uppercase(),
            })
            .to_vec()
    }

    fn form(fields: Vec<FormField>) -> StepForm {
        StepForm {
            step_order: 2,
            title: "User details".into(),
            instructions: vec![],
            fields,
            submit_label: "Continue".into(),
            operators_only: false,
        }
    }

    fn text(field: &str, value: &str) -> FormEdit {
        FormEdit::Text {
            field: field.into(),
            value: value.into(),
        }
    }

    #[test]
    fn empty_required_fields_are_refused_each_with_the_same_message() {
        let form = form(vec![
            field("email", FieldKind::Email, true),
            field("skills", FieldKind::Tags, true),
            field("langs", FieldKind::MultiSelect { options: options() }, true),
            field("confirmed", FieldKind::Checkbox, true),
            field("note", FieldKind::TextArea, false),
        ]);
        let state = FormState::new(&form).apply(text("skills", " , ,"));
        let errors = state.to_input(&form).unwrap_err();
        assert_eq!(errors.len(), 4);
        for name in ["email", "skills", "langs", "confirmed"] {
            assert_eq!(errors.get(name), Some(REQUIRED), "{name}");
        }
        assert_eq!(errors.get("note"), None, "optional fields may stay empty");
    }

    #[test]
    fn values_become_json_of_the_kind_each_field_describes() {
        let form = form(vec![
            field("name", FieldKind::Text, true),
            field("skills", FieldKind::Tags, true),
            field("cluster", FieldKind::Select { options: options() }, true),
            field("langs", FieldKind::MultiSelect { options: options() }, true),
            field("confirmed", FieldKind::Checkbox, true),
            field("newsletter", FieldKind::Checkbox, false),
            field("note", FieldKind::TextArea, false),
            field("phone", FieldKind::Text, false),
        ]);
        let choose = |option: &str, chosen| FormEdit::Choose {
            field: "langs".into(),
            option: option.into(),
            chosen,
        };
        let state = FormState::new(&form)
            .apply(text("name", "  Ada "))
            .apply(text("skills", "sql, python ,, sql"))
            .apply(text("cluster", "de"))
            .apply(choose("fr", true))
            .apply(choose("en", true))
            .apply(choose("de", true))
            .apply(choose("de", false))
            .apply(FormEdit::Check {
                field: "confirmed".into(),
                checked: true,
            })
            .apply(text("note", "line one\n  line two \n"));
        assert_eq!(
            state.to_input(&form).unwrap(),
            json!({
                "name": "Ada",
                "skills": ["sql", "python"],
                "cluster": "de",
                "langs": ["en", "fr"],
                "confirmed": true,
                "newsletter": false,
                "note": "line one\n  line two",
            }),
            "an empty optional text is left out"
        );
    }

    #[test]
    fn initial_values_prefill_the_fields() {
        let mut tags = field("skills", FieldKind::Tags, false);
        tags.initial = Some(json!(["sql", "go"]));
        let mut langs = field(
            "langs",
            FieldKind::MultiSelect { options: options() },
            false,
        );
        langs.initial = Some(json!(["de"]));
        let mut confirmed = field("confirmed", FieldKind::Checkbox, false);
        confirmed.initial = Some(json!(true));
        let mut id = field("company_id", FieldKind::Text, false);
        id.initial = Some(json!(1042));
        let state = FormState::new(&form(vec![tags, langs, confirmed, id]));
        assert_eq!(state.text("skills"), "sql, go");
        assert!(state.is_chosen("langs", "de"));
        assert!(!state.is_chosen("langs", "en"));
        assert!(state.is_checked("confirmed"));
        assert_eq!(state.text("company_id"), "1042");
    }

    #[test]
    fn tags_are_trimmed_without_blanks_or_repeats() {
        assert_eq!(split_tags(" en, de,, fr ,en"), ["en", "de", "fr"]);
        assert!(split_tags(" , ").is_empty());
    }
}
