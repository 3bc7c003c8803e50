//! One page of executions as a table; a row (or its workflow link) opens the execution.
//!
//! Plain PatternFly table markup: patternfly-yew's `Table` wants a table model and gives rows
//! no ids, and the tests find rows by id.

use hyopps_contract::ExecutionSummary;
use yew::prelude::*;
use yew_nested_router::components::Link;
use yew_nested_router::prelude::use_router;

use super::{ExecutionStatusLabel, TimeText};
use crate::route::AppRoute;
use crate::state::execution_list::{or_dash, step_text};

#[derive(Clone, PartialEq, Properties)]
pub struct ExecutionsTableProps {
    pub items: Vec<ExecutionSummary>,
}

const COLUMNS: [&str; 7] = [
    "Workflow",
    "Organisation",
    "User",
    "Status",
    "Current step",
    "Requested by",
    "Updated",
];

#[component]
pub fn ExecutionsTable(props: &ExecutionsTableProps) -> Html {
    let router = use_router::<AppRoute>();
    html! {
        <table id="executions-table" class="pf-v6-c-table pf-m-grid-md pf-m-compact" role="grid">
            <thead class="pf-v6-c-table__thead">
                <tr class="pf-v6-c-table__tr">
                    { for COLUMNS.iter().map(|c| html! { <th class="pf-v6-c-table__th" scope="col">{ *c }</th> }) }
                </tr>
            </thead>
            <tbody class="pf-v6-c-table__tbody">
                { for props.items.iter().map(|execution| {
                    let target = AppRoute::execution(execution.id.clone());
                    // The whole row opens the execution; a click on the link itself is
                    // already handled (default prevented) by the link.
                    let onclick = {
                        let (router, target) = (router.clone(), target.clone());
                        Callback::from(move |event: MouseEvent| {
                            if event.default_prevented() {
                                return;
                            }
                            if let Some(router) = &router {
                                router.push(target.clone());
                            }
                        })
                    };
                    let cell = |label: &'static str, content: Html| html! {
                        <td class="pf-v6-c-table__td" data-label={label}>{ content }</td>
                    };
                    html! {
                        <tr key={execution.id.clone()} id={format!("execution-row-{}", execution.id)}
                            class="pf-v6-c-table__tr pf-m-clickable" {onclick}>
                            { cell(COLUMNS[0], html! {
                                <Link<AppRoute> to={target}>{ execution.workflow_label.clone() }</Link<AppRoute>>
                            }) }
                            { cell(COLUMNS[1], html! { or_dash(&execution.organization_name) }) }
                            { cell(COLUMNS[2], html! { or_dash(&execution.user_name) }) }
                            { cell(COLUMNS[3], html! { <ExecutionStatusLabel status={execution.status} /> }) }
                            { cell(COLUMNS[4], html! { step_text(execution) }) }
                            { cell(COLUMNS[5], html! { or_dash(&execution.requested_by_name) }) }
                            { cell(COLUMNS[6], html! { <TimeText at={execution.updated_at.clone()} /> }) }
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}
