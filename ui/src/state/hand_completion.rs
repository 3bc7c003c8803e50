//! "Complete by hand" of a failed step: the id the step would have produced, and a note.

use hyopps_contract::CompleteByHandRequest;

use super::step_form::REQUIRED;
use super::FieldErrors;

/// What the admin typed. Field names are the request's (`external_id`, `note`), so the
/// backend's field errors land under the same inputs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HandCompletionForm {
    pub external_id: String,
    pub note: String,
}

impl HandCompletionForm {
    /// `step_order` is the failed step shown. `needs_id`: the step produces an id (it has a
    /// hand-completion label), so the admin must say which one they created; otherwise the id
    /// is sent empty.
    pub fn validate(
        &self,
        execution_id: &str,
        step_order: u32,
        needs_id: bool,
    ) -> Result<CompleteByHandRequest, FieldErrors> {
        let external_id = match needs_id {
            true => self.external_id.trim().to_owned(),
            false => String::new(),
        };
        let note = self.note.trim().to_owned();
        let mut errors = FieldErrors::new();
        if needs_id && external_id.is_empty() {
            errors.add("external_id", REQUIRED);
        }
        if note.is_empty() {
            errors.add("note", REQUIRED);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CompleteByHandRequest {
            execution_id: execution_id.to_owned(),
            external_id,
            note,
            step_order: Some(step_order),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_always_needed_and_the_id_only_when_the_step_makes_one() {
        let empty = HandCompletionForm::default();
        let errors = empty.validate("e1", 4, true).unwrap_err();
        assert_eq!(errors.get("external_id"), Some(REQUIRED));
        assert_eq!(errors.get("note"), Some(REQUIRED));
        let errors = empty.validate("e1", 4, false).unwrap_err();
        assert_eq!(errors.get("external_id"), None);
    }

    #[test]
    fn the_request_carries_trimmed_values() {
        let form = HandCompletionForm {
            external_id: " 17 ".into(),
            note: " Created in Metabase by hand. ".into(),
        };
        assert_eq!(
            form.validate("e1", 4, true).unwrap(),
            CompleteByHandRequest {
                execution_id: "e1".into(),
                external_id: "17".into(),
                note: "Created in Metabase by hand.".into(),
                step_order: Some(4),
            }
        );
        assert_eq!(form.validate("e1", 4, false).unwrap().external_id, "");
    }
}
