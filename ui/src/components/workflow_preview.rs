//! "Preview": what a workflow would do, step by step, read from the live systems without
//! changing anything. Shown where the operator is about to start one (the offboarding dialogs)
//! or to submit the form that sets it going. A preview answers for the request it was asked
//! with: once the request changes (the form was edited), the old answer goes.

use hyopps_contract::{PreviewOutcome, PreviewRequest, WorkflowPreview};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::ErrorAlert;
use crate::hooks::use_on_demand;
use crate::ipc;

#[derive(Clone, PartialEq, Properties)]
pub struct WorkflowPreviewViewProps {
    /// What to preview; `None` while the form it depends on is not filled in enough.
    pub request: Option<PreviewRequest>,
    /// Element ids are `<id>-button`, `<id>-steps`, `<id>-step-<order>`, `<id>-error`.
    #[prop_or(AttrValue::Static("preview"))]
    pub id: AttrValue,
}

#[component]
pub fn WorkflowPreviewView(props: &WorkflowPreviewViewProps) -> Html {
    let preview = use_on_demand::<WorkflowPreview>();
    let asked = use_state_eq(|| false);
    {
        let (preview, asked) = (preview.clone(), asked.clone());
        use_effect_with(props.request.clone(), move |_| {
            preview.clear();
            asked.set(false);
        });
    }
    let ask = {
        let (preview, asked) = (preview.clone(), asked.clone());
        let request = props.request.clone();
        Callback::from(move |_: MouseEvent| {
            asked.set(true);
            if let Some(request) = request.clone() {
                preview.ask(async move { ipc::preview_workflow(&request).await });
            }
        })
    };
    let id = props.id.to_string();
    html! {
        <div id={id.clone()} class="pf-v6-u-mt-md">
            <Button id={format!("{id}-button")} variant={ButtonVariant::Secondary}
                onclick={ask} disabled={preview.pending} loading={preview.pending}>
                { "Preview what will happen" }
            </Button>
            if *asked && props.request.is_none() {
                <p id={format!("{id}-hint")} class="pf-v6-u-mt-sm pf-v6-u-color-200">
                    { "Fill in the required fields first: the preview uses them." }
                </p>
            }
            { match preview.answer.clone() {
                Some(Ok(preview)) => steps_view(&id, &preview),
                Some(Err(error)) => html! { <ErrorAlert id={format!("{id}-error")} {error} /> },
                None => html! {},
            } }
        </div>
    }
}

fn steps_view(id: &str, preview: &WorkflowPreview) -> Html {
    html! {
        <div class="pf-v6-u-mt-sm">
            <p class="pf-v6-u-color-200">
                { "Read from the systems just now; nothing was changed." }
            </p>
            <ol id={format!("{id}-steps")} class="pf-v6-c-list pf-m-plain">
                { for preview.steps.iter().map(|step| html! {
                    <li id={format!("{id}-step-{}", step.order)} class="pf-v6-u-mb-sm"
                        data-outcome={outcome_key(step.outcome)}>
                        <strong>{ format!("{}. {}", step.order, step.label) }</strong>
                        { " " }
                        <Label label={step.outcome.label()} color={outcome_color(step.outcome)} compact=true />
                        <div>{ step.says.clone() }</div>
                    </li>
                }) }
            </ol>
        </div>
    }
}

/// The outcome's wire name, for tests and styling that must not depend on wording.
fn outcome_key(outcome: PreviewOutcome) -> &'static str {
    match outcome {
        PreviewOutcome::Changes => "changes",
        PreviewOutcome::NothingToChange => "nothing_to_change",
        PreviewOutcome::WillStop => "will_stop",
        PreviewOutcome::Skipped => "skipped",
        PreviewOutcome::WaitsForAPerson => "waits_for_a_person",
        PreviewOutcome::Planned => "planned",
        PreviewOutcome::CannotTell => "cannot_tell",
    }
}

fn outcome_color(outcome: PreviewOutcome) -> Color {
    match outcome {
        PreviewOutcome::Changes => Color::Blue,
        PreviewOutcome::NothingToChange => Color::Green,
        PreviewOutcome::WillStop => Color::Red,
        PreviewOutcome::Skipped | PreviewOutcome::Planned => Color::Grey,
        PreviewOutcome::WaitsForAPerson => Color::Purple,
        PreviewOutcome::CannotTell => Color::Orange,
    }
}
