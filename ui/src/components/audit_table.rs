//! One page of the audit log as a table, newest first; each summary as readable lines
//! ("email: old → new"). Plain PatternFly table markup so rows carry ids.

use hyopps_contract::AuditEntryView;
use yew::prelude::*;

use super::TimeText;
use crate::state::audit::{actor_text, target_text};
use crate::state::audit_summary::summary_lines;

#[derive(Clone, PartialEq, Properties)]
pub struct AuditTableProps {
    pub items: Vec<AuditEntryView>,
}

const COLUMNS: [&str; 5] = ["When", "Who", "Action", "Target", "Summary"];

#[component]
pub fn AuditTable(props: &AuditTableProps) -> Html {
    html! {
        <table id="audit-table" class="pf-v6-c-table pf-m-grid-md pf-m-compact" role="grid">
            <thead class="pf-v6-c-table__thead">
                <tr class="pf-v6-c-table__tr">
                    { for COLUMNS.iter().map(|c| html! { <th class="pf-v6-c-table__th" scope="col">{ *c }</th> }) }
                </tr>
            </thead>
            <tbody class="pf-v6-c-table__tbody">
                { for props.items.iter().map(|entry| {
                    let row = format!("audit-row-{}", entry.id);
                    let cell = |label: &'static str, content: Html| html! {
                        <td class="pf-v6-c-table__td" data-label={label}>{ content }</td>
                    };
                    let lines = summary_lines(&entry.summary);
                    html! {
                        <tr key={entry.id.clone()} id={row.clone()} class="pf-v6-c-table__tr"
                            data-action={entry.action.clone()}>
                            { cell(COLUMNS[0], html! { <TimeText at={entry.at.clone()} /> }) }
                            { cell(COLUMNS[1], html! {
                                <span id={format!("{row}-actor")}>{ actor_text(entry) }</span>
                            }) }
                            { cell(COLUMNS[2], html! {
                                <code id={format!("{row}-action")}>{ entry.action.clone() }</code>
                            }) }
                            { cell(COLUMNS[3], html! {
                                <span id={format!("{row}-target")} data-target-type={entry.target_type.clone()}
                                    data-target-id={entry.target_id.clone()}>
                                    { target_text(entry) }
                                </span>
                            }) }
                            { cell(COLUMNS[4], html! {
                                <ul id={format!("{row}-summary")} class="pf-v6-c-list pf-m-plain pf-v6-u-font-size-sm">
                                    if lines.is_empty() {
                                        <li>{ "—" }</li>
                                    }
                                    { for lines.iter().map(|line| html! { <li>{ line.text() }</li> }) }
                                </ul>
                            }) }
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}
