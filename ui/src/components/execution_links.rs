//! A compact list of executions, each linking to its detail: the dashboard's panels. A failed
//! one says why in one line and can be retried from there.

use hyopps_contract::{ExecutionActionRequest, ExecutionDetail, ExecutionSummary};
use patternfly_yew::prelude::*;
use yew::prelude::*;
use yew_nested_router::components::Link;

use super::TimeText;
use crate::hooks::use_on_demand;
use crate::ipc;
use crate::route::AppRoute;
use crate::state::execution_list::{or_dash, step_text};

#[derive(Clone, PartialEq, Properties)]
pub struct ExecutionLinksProps {
    /// Prefix of each item's id: `<id>-<execution id>`.
    pub id: AttrValue,
    pub items: Vec<ExecutionSummary>,
    /// What to say when the list is empty.
    pub empty: AttrValue,
    /// Show when it completed rather than when it last changed.
    #[prop_or_default]
    pub completed: bool,
    /// A failed execution says why and offers Retry.
    #[prop_or_default]
    pub retry: bool,
}

#[component]
pub fn ExecutionLinks(props: &ExecutionLinksProps) -> Html {
    if props.items.is_empty() {
        return html! { <p id={format!("{}-empty", props.id)} class="pf-v6-u-color-200">{ props.empty.clone() }</p> };
    }
    html! {
        <ul class="pf-v6-c-list pf-m-plain">
            { for props.items.iter().map(|execution| {
                let at = match props.completed {
                    true => execution.completed_at.clone().unwrap_or_else(|| execution.updated_at.clone()),
                    false => execution.updated_at.clone(),
                };
                html! {
                    <li key={execution.id.clone()} class="pf-v6-u-mb-sm">
                        <Link<AppRoute>
                            id={format!("{}-{}", props.id, execution.id)}
                            to={AppRoute::execution(execution.id.clone())}
                        >
                            { format!("{} · {}", or_dash(&execution.organization_name), execution.workflow_label) }
                        </Link<AppRoute>>
                        <div class="pf-v6-u-font-size-sm pf-v6-u-color-200">
                            { step_text(execution) }{ " · " }<TimeText at={at} />
                        </div>
                        if let Some(error) = execution.error.as_ref().filter(|_| props.retry) {
                            <div id={format!("{}-{}-why", props.id, execution.id)}
                                class="pf-v6-u-font-size-sm pf-v6-u-text-truncate" title={error.clone()}>
                                { first_line(error) }
                            </div>
                            <RetryButton id={format!("{}-{}-retry", props.id, execution.id)}
                                execution_id={execution.id.clone()} />
                        }
                    </li>
                }
            }) }
        </ul>
    }
}

/// The reason's first line: the whole of it is in the tooltip and on the execution's page.
fn first_line(error: &str) -> String {
    error.lines().next().unwrap_or_default().to_owned()
}

#[derive(Clone, PartialEq, Properties)]
struct RetryButtonProps {
    id: String,
    execution_id: String,
}

/// Runs the failed step again; the panel reloads on the engine's event. A refusal shows
/// beside the button.
#[component]
fn RetryButton(props: &RetryButtonProps) -> Html {
    let retried = use_on_demand::<ExecutionDetail>();
    let onclick = {
        let retried = retried.clone();
        let request = ExecutionActionRequest {
            execution_id: props.execution_id.clone(),
        };
        Callback::from(move |_: MouseEvent| {
            let request = request.clone();
            retried.ask(async move { ipc::retry_step(&request).await });
        })
    };
    html! {
        <div class="pf-v6-l-flex pf-m-align-items-center pf-m-gap-sm">
            <Button id={props.id.clone()} variant={ButtonVariant::Link} class="pf-m-inline"
                {onclick} disabled={retried.pending} loading={retried.pending}>
                { "Retry" }
            </Button>
            if let Some(Err(error)) = retried.answer.clone() {
                <span id={format!("{}-error", props.id)} class="pf-v6-u-font-size-sm pf-v6-u-danger-color-100">
                    { error.message }
                </span>
            }
        </div>
    }
}
