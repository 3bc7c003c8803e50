//! One page of the audit log as a table, newest first, in words: the action's name, the
//! target's kind and name, each summary as readable lines ("Email: old → new"); the stored
//! codes and ids under "Details". A `plain_table`, so rows carry ids.

use hyopps_contract::AuditEntryView;
use yew::prelude::*;

use super::{plain_table, table_cell, TimeText};
use crate::state::audit::{actor_text, detail_lines, target_text};
use crate::state::audit_summary::summary_lines;
use crate::state::audit_words::action_label;

#[derive(Clone, PartialEq, Properties)]
pub struct AuditTableProps {
    pub items: Vec<AuditEntryView>,
}

const COLUMNS: [&str; 5] = ["When", "Who", "Action", "Target", "Summary"];

#[component]
pub fn AuditTable(props: &AuditTableProps) -> Html {
    let rows = props.items.iter().map(|entry| {
        let row = format!("audit-row-{}", entry.id);
        let lines = summary_lines(&entry.summary);
        html! {
            <tr key={entry.id.clone()} id={row.clone()} class="pf-v6-c-table__tr"
                data-action={entry.action.clone()}>
                { table_cell(COLUMNS[0], html! { <TimeText at={entry.at.clone()} /> }) }
                { table_cell(COLUMNS[1], html! {
                    <>
                        <span id={format!("{row}-actor")}>{ actor_text(entry) }</span>
                        if let Some(client) = &entry.client {
                            <br />
                            <small id={format!("{row}-client")} class="pf-v6-u-color-200">
                                { format!("from {client}") }
                            </small>
                        }
                    </>
                }) }
                { table_cell(COLUMNS[2], html! {
                    <span id={format!("{row}-action")}>{ action_label(&entry.action) }</span>
                }) }
                { table_cell(COLUMNS[3], html! {
                    <span id={format!("{row}-target")} data-target-type={entry.target_type.clone()}
                        data-target-id={entry.target_id.clone()}>
                        { target_text(entry) }
                    </span>
                }) }
                { table_cell(COLUMNS[4], html! {
                    <ul id={format!("{row}-summary")} class="pf-v6-c-list pf-m-plain pf-v6-u-font-size-sm">
                        if lines.is_empty() {
                            <li>{ "—" }</li>
                        }
                        { for lines.iter().map(|line| html! { <li>{ line.text() }</li> }) }
                        <li>
                            <details id={format!("{row}-details")}>
                                <summary>{ "Details" }</summary>
                                { for detail_lines(entry).into_iter().map(|line| html! {
                                    <div class="pf-v6-u-font-family-monospace">{ line }</div>
                                }) }
                            </details>
                        </li>
                    </ul>
                }) }
            </tr>
        }
    });
    plain_table("audit-table", &COLUMNS, rows.collect())
}
