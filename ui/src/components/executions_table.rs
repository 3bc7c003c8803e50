//! One page of executions as a table (a `plain_table`, so rows carry ids); a row (or its
//! workflow link) opens the execution.

use hyopps_contract::ExecutionSummary;
use yew::prelude::*;
use yew_nested_router::components::Link;
use yew_nested_router::prelude::use_router;

use super::{plain_table, table_cell, ExecutionStatusLabel, TimeText};
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
    let rows = props.items.iter().map(|execution| {
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
        html! {
            <tr key={execution.id.clone()} id={format!("execution-row-{}", execution.id)}
                class="pf-v6-c-table__tr pf-m-clickable" {onclick}>
                { table_cell(COLUMNS[0], html! {
                    <Link<AppRoute> to={target}>{ execution.workflow_label.clone() }</Link<AppRoute>>
                }) }
                { table_cell(COLUMNS[1], html! { or_dash(&execution.organization_name) }) }
                { table_cell(COLUMNS[2], html! { or_dash(&execution.user_name) }) }
                { table_cell(COLUMNS[3], html! { <ExecutionStatusLabel status={execution.status} /> }) }
                { table_cell(COLUMNS[4], html! { step_text(execution) }) }
                { table_cell(COLUMNS[5], html! { or_dash(&execution.requested_by_name) }) }
                { table_cell(COLUMNS[6], html! { <TimeText at={execution.updated_at.clone()} /> }) }
            </tr>
        }
    });
    plain_table("executions-table", &COLUMNS, rows.collect())
}
