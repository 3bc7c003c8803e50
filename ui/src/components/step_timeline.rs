//! An execution's steps in order: what each did or waits for, its input and output, its
//! error, who completed it and when, and its retries.

use hyopps_contract::{StepStatus, StepView};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::{KeyValues, StepStatusLabel, TimeText};
use crate::state::json_lines::json_lines;

#[derive(Clone, PartialEq, Properties)]
pub struct StepTimelineProps {
    pub steps: Vec<StepView>,
    /// The step that waits for the operations team, on a screen of someone who is not in it:
    /// its instructions are theirs ("…complete this step by hand here"), so they are left out;
    /// the page says instead that the step waits for them.
    #[prop_or_default]
    pub operators_task: Option<u32>,
}

#[component]
pub fn StepTimeline(props: &StepTimelineProps) -> Html {
    html! {
        <ol id="execution-steps" class="pf-v6-c-list pf-m-plain">
            { for props.steps.iter().map(|step| html! {
                <li key={step.order}>{ step_view(step, props.operators_task == Some(step.order)) }</li>
            }) }
        </ol>
    }
}

fn step_view(step: &StepView, operators_task: bool) -> Html {
    let id = format!("step-{}", step.order);
    html! {
        <Card id={id.clone()} size={CardSize::Compact} class="pf-v6-u-mb-sm">
            <CardTitle>
                <div class="pf-v6-l-flex pf-m-align-items-center">
                    <div>
                        <Title level={Level::H3} size={Size::Medium}>
                            { format!("{}. {}", step.order, step.label) }
                        </Title>
                    </div>
                    <div>
                        <Label label={step.kind.label()} outline=true compact=true />
                    </div>
                    <div>
                        <StepStatusLabel status={step.status} id={format!("{id}-status")} />
                    </div>
                </div>
            </CardTitle>
            <CardBody>
                <p class="pf-v6-u-color-200">{ step.description.clone() }</p>
                if let Some(error) = step.error.clone().filter(|_| !operators_task) {
                    <div class="pf-v6-u-mt-sm" role="alert">
                        <Alert id={format!("{id}-error")} inline=true r#type={alert_type(step.status)} title={error} />
                    </div>
                }
                // A heading only over something to read: values that are all ids are in Details.
                if let Some(input) = step.manual_input.clone().filter(has_lines) {
                    <h4 class="pf-v6-c-title pf-m-md pf-v6-u-mt-sm">{ "Entered" }</h4>
                    <KeyValues value={input} />
                }
                if let Some(output) = step.output.clone().filter(has_lines) {
                    <h4 class="pf-v6-c-title pf-m-md pf-v6-u-mt-sm">{ "Result" }</h4>
                    <KeyValues value={output} />
                }
                { details(&id, step) }
                { progress(step) }
            </CardBody>
        </Card>
    }
}

fn has_lines(value: &serde_json::Value) -> bool {
    !json_lines(value).is_empty()
}

/// Who completed it and when; for work under way, its attempts and the next one.
fn progress(step: &StepView) -> Html {
    let completed = step.completed_at.clone().map(|at| {
        let by = step
            .completed_by_name
            .clone()
            .map(|name| format!("by {name} "))
            .unwrap_or_default();
        let word = match step.status {
            StepStatus::Skipped => "Skipped",
            _ => "Completed",
        };
        html! { <span>{ format!("{word} {by}") }<TimeText at={at} /></span> }
    });
    let started = match (&step.started_at, &step.completed_at) {
        (Some(at), None) => Some(html! { <span>{ "Started " }<TimeText at={at.clone()} /></span> }),
        _ => None,
    };
    let attempts = (step.attempts > 1 || step.next_attempt_at.is_some())
        .then(|| html! { <span>{ format!("Attempts: {}", step.attempts) }</span> });
    let next = step.next_attempt_at.clone().map(|at| {
        html! { <span>{ "Next attempt " }<TimeText at={at} /></span> }
    });
    let parts: Vec<Html> = [completed, started, attempts, next]
        .into_iter()
        .flatten()
        .collect();
    if parts.is_empty() {
        return html!();
    }
    html! {
        <p class="pf-v6-u-mt-sm pf-v6-u-font-size-sm">
            { for parts.into_iter().enumerate().map(|(i, part)| html! {
                <>
                    if i > 0 { { " · " } }
                    { part }
                </>
            }) }
        </p>
    }
}

/// What a step's message is: a skipped step says why it did not run (a system the organisation
/// does not use, a cancel), which is news, not an error.
fn alert_type(status: StepStatus) -> AlertType {
    if status == StepStatus::Skipped {
        AlertType::Info
    } else {
        AlertType::Danger
    }
}

/// Everything the step recorded as stored, ids included, folded away: for whoever needs the
/// exact values (a support request, a check in a system).
fn details(id: &str, step: &StepView) -> Html {
    if step.manual_input.is_none() && step.output.is_none() {
        return html!();
    }
    let recorded = serde_json::json!({ "input": step.manual_input, "output": step.output });
    html! {
        <details id={format!("{id}-details")} class="pf-v6-u-mt-sm">
            <summary class="pf-v6-u-color-200">{ "Details" }</summary>
            <pre class="pf-v6-u-font-family-monospace pf-v6-u-font-size-sm">
                { serde_json::to_string_pretty(&recorded).unwrap_or_default() }
            </pre>
        </details>
    }
}
