//! "Complete by hand" of a failed step: the id the step would have produced, and a note;
//! and which step's form is open.

use std::rc::Rc;

use hyopps_contract::{CompleteByHandRequest, StepStatus, StepView};
use yew::Reducible;

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

/// Which step's "Complete by hand" form is open, by the step's order. The form belongs to one
/// step: the answer for step 3 can arrive after step 4 has failed and its form was opened (the
/// engine runs on while the answer travels), and closing "the form" then would shut step 4's
/// under the operator's hands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OpenHandForm(Option<u32>);

pub enum HandFormAction {
    Open(u32),
    /// Closes the form if it is still this step's.
    Close(u32),
}

impl Reducible for OpenHandForm {
    type Action = HandFormAction;

    fn reduce(self: Rc<Self>, action: HandFormAction) -> Rc<Self> {
        match action {
            HandFormAction::Open(order) => Rc::new(Self(Some(order))),
            HandFormAction::Close(order) if self.0 == Some(order) => Rc::new(Self(None)),
            HandFormAction::Close(_) => self,
        }
    }
}

impl OpenHandForm {
    pub fn is_open_for(&self, order: u32) -> bool {
        self.0 == Some(order)
    }

    /// The step whose form shows. It stays while its step has not succeeded: a step shown as
    /// running or pending again is an answer read in the same millisecond as the page's state
    /// (a reload follows), or a retry someone else started; closing the form would lose what
    /// the operator typed, and sending it while the step runs is refused, saying why.
    pub fn step<'a>(&self, steps: &'a [StepView]) -> Option<&'a StepView> {
        let order = self.0?;
        steps.iter().find(|step| {
            step.order == order
                && matches!(
                    step.status,
                    StepStatus::Failed | StepStatus::Pending | StepStatus::Running
                )
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

    fn step(order: u32, status: StepStatus) -> StepView {
        StepView {
            order,
            name: format!("step_{order}"),
            label: format!("Step {order}"),
            description: String::new(),
            kind: hyopps_contract::StepKind::Auto,
            status,
            manual_input: None,
            output: None,
            error: None,
            completed_by_name: None,
            started_at: None,
            completed_at: None,
            attempts: 1,
            next_attempt_at: None,
            hand_completion_label: None,
        }
    }

    fn after(state: OpenHandForm, action: HandFormAction) -> OpenHandForm {
        *Rc::new(state).reduce(action)
    }

    #[test]
    fn the_answer_for_an_earlier_step_leaves_the_next_step_s_form_open() {
        let open_for_4 = after(OpenHandForm::default(), HandFormAction::Open(4));
        assert_eq!(
            after(open_for_4, HandFormAction::Close(3)),
            open_for_4,
            "step 3's late answer must not close step 4's form"
        );
        assert_eq!(
            after(open_for_4, HandFormAction::Close(4)),
            OpenHandForm::default()
        );
    }

    #[test]
    fn the_form_shows_while_its_step_has_not_succeeded() {
        let open = after(OpenHandForm::default(), HandFormAction::Open(4));
        let with = |status| vec![step(3, StepStatus::Completed), step(4, status)];
        for status in [StepStatus::Failed, StepStatus::Running, StepStatus::Pending] {
            assert_eq!(
                open.step(&with(status)).map(|s| s.order),
                Some(4),
                "{status:?}"
            );
        }
        for status in [StepStatus::Completed, StepStatus::Skipped] {
            assert!(open.step(&with(status)).is_none(), "{status:?}");
        }
        assert!(OpenHandForm::default()
            .step(&with(StepStatus::Failed))
            .is_none());
    }
}
