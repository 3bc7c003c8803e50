//! "Complete by hand": the admin did the failed step's work in the system itself and says
//! what it produced (the step's id, when it makes one) and how (a note, always).

use hyopps_contract::{ExecutionDetail, StepView};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::{ErrorAlert, LabelledField, TextField};
use crate::hooks::use_submission;
use crate::ipc;
use crate::state::HandCompletionForm;

#[derive(Clone, PartialEq, Properties)]
pub struct HandCompletionProps {
    pub execution_id: String,
    /// The failed step.
    pub step: StepView,
    pub on_done: Callback<ExecutionDetail>,
    pub on_close: Callback<()>,
}

#[component]
pub fn HandCompletion(props: &HandCompletionProps) -> Html {
    let external_id = use_state_eq(String::new);
    let note = use_state_eq(String::new);
    let submission = use_submission();
    // The id's label as the failed step had it when the form opened (keyed by the step): an
    // answer a moment older than the page shows the step still running, without one, and the
    // field must not vanish with what was typed in it.
    let id_label = (*use_state(|| props.step.hand_completion_label.clone())).clone();

    let onsubmit = {
        let (external_id, note) = (external_id.clone(), note.clone());
        let submission = submission.clone();
        let (execution_id, needs_id) = (props.execution_id.clone(), id_label.is_some());
        let step_order = props.step.order;
        let on_done = props.on_done.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let form = HandCompletionForm {
                external_id: (*external_id).clone(),
                note: (*note).clone(),
            };
            match form.validate(&execution_id, step_order, needs_id) {
                Ok(request) => {
                    let on_done = on_done.clone();
                    submission.run(
                        async move { ipc::complete_step_by_hand(&request).await },
                        move |detail| on_done.emit(detail),
                    );
                }
                Err(errors) => submission.refuse(errors),
            }
        })
    };

    let note_error = submission.field("note");
    let note_state = match note_error {
        Some(_) => InputState::Error,
        None => InputState::Default,
    };

    html! {
        <Card id="hand-form" class="pf-v6-u-mt-md">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>
                    { format!("Complete “{}” by hand", props.step.label) }
                </Title>
            </CardTitle>
            <CardBody>
                <Form {onsubmit}>
                    if let Some(error) = submission.error() {
                        <ErrorAlert id="hand-error" {error} />
                    }
                    if let Some(label) = id_label {
                        <TextField
                            id="hand-external-id"
                            {label}
                            value={(*external_id).clone()}
                            onchange={set(&external_id)}
                            error={submission.field("external_id")}
                            disabled={submission.is_pending()}
                        />
                    }
                    <LabelledField id="hand-note" label="Note" required=true error={note_error}
                        help="What was done, and where; it is recorded with your name.">
                        <TextArea
                            id="hand-note"
                            name="hand-note"
                            value={(*note).clone()}
                            onchange={set(&note)}
                            state={note_state}
                            rows={3}
                            disabled={submission.is_pending()}
                        />
                    </LabelledField>
                    <ActionGroup>
                        <Button id="hand-submit" r#type={ButtonType::Submit} variant={ButtonVariant::Primary}
                            disabled={submission.is_pending()} loading={submission.is_pending()}>
                            { "Mark step completed" }
                        </Button>
                        <Button id="hand-close" variant={ButtonVariant::Link}
                            onclick={props.on_close.reform(|_| ())} disabled={submission.is_pending()}>
                            { "Cancel" }
                        </Button>
                    </ActionGroup>
                </Form>
            </CardBody>
        </Card>
    }
}

fn set(state: &UseStateHandle<String>) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |value| state.set(value))
}
