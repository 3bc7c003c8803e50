//! A compact list of executions, each linking to its detail: the dashboard's panels.

use hyopps_contract::ExecutionSummary;
use yew::prelude::*;
use yew_nested_router::components::Link;

use super::TimeText;
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
                    </li>
                }
            }) }
        </ul>
    }
}
