//! One page of organisations as a table; the name opens the organisation.
//!
//! Plain PatternFly table markup, like `ExecutionsTable`: rows need ids.

use hyopps_contract::{OrganizationRow, SystemTool};
use yew::prelude::*;
use yew_nested_router::components::Link;

use super::IntegrationBadges;
use crate::components::TimeText;
use crate::route::AppRoute;
use crate::state::organisations::{account_types_text, system_groups_text};

#[derive(Clone, PartialEq, Properties)]
pub struct OrganisationsTableProps {
    pub items: Vec<OrganizationRow>,
}

const COLUMNS: [&str; 6] = [
    "Name",
    "Account types",
    "Users",
    "Integrations",
    "System groups",
    "Created",
];

#[component]
pub fn OrganisationsTable(props: &OrganisationsTableProps) -> Html {
    let cell = |label: &'static str, content: Html| {
        html! { <td class="pf-v6-c-table__td" data-label={label}>{ content }</td> }
    };
    html! {
        <table id="organisations-table" class="pf-v6-c-table pf-m-grid-md pf-m-compact" role="grid">
            <thead class="pf-v6-c-table__thead">
                <tr class="pf-v6-c-table__tr">
                    { for COLUMNS.iter().map(|c| html! { <th class="pf-v6-c-table__th" scope="col">{ *c }</th> }) }
                </tr>
            </thead>
            <tbody class="pf-v6-c-table__tbody">
                { for props.items.iter().map(|row| {
                    let id = format!("organisation-row-{}", row.id);
                    let groups: Vec<_> = row.system_groups.iter().map(|t| t.label()).collect();
                    html! {
                        <tr key={row.id.clone()} id={id.clone()} class="pf-v6-c-table__tr">
                            { cell(COLUMNS[0], html! {
                                <Link<AppRoute> id={format!("organisation-link-{}", row.id)}
                                    to={AppRoute::organisation(row.id.clone())}>
                                    { row.name.clone() }
                                </Link<AppRoute>>
                            }) }
                            { cell(COLUMNS[1], html! { account_types_text(&row.account_types) }) }
                            { cell(COLUMNS[2], html! {
                                <span id={format!("{id}-users")} data-count={row.user_count.to_string()}>
                                    { row.user_count }
                                </span>
                            }) }
                            { cell(COLUMNS[3], html! {
                                <IntegrationBadges id_prefix={format!("{id}-integration")} state={row.integration.clone()} />
                            }) }
                            { cell(COLUMNS[4], html! {
                                <span id={format!("{id}-groups")} data-count={row.system_groups.len().to_string()}
                                    title={groups_title(&groups)}>
                                    { system_groups_text(&row.system_groups) }
                                </span>
                            }) }
                            { cell(COLUMNS[5], html! { <TimeText at={row.created_at.clone()} /> }) }
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// The tools on hover: "Metabase, Slack" (of [`SystemTool::ALL`]).
fn groups_title(labels: &[&str]) -> String {
    match labels.is_empty() {
        true => format!(
            "None recorded of {}",
            SystemTool::ALL.map(|t| t.label()).join(", ")
        ),
        false => labels.join(", "),
    }
}
