//! One page of organisations as a table; the name opens the organisation.
//! A `plain_table`: rows need ids.

use hyopps_contract::{OrganizationRow, SystemTool};
use patternfly_yew::prelude::*;
use yew::prelude::*;
use yew_nested_router::components::Link;

use super::IntegrationBadges;
use crate::components::{plain_table, table_cell, TimeText};
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
    let rows = props.items.iter().map(|row| {
        let id = format!("organisation-row-{}", row.id);
        let groups: Vec<_> = row.system_groups.iter().map(|t| t.label()).collect();
        html! {
            <tr key={row.id.clone()} id={id.clone()} class="pf-v6-c-table__tr">
                { table_cell(COLUMNS[0], html! { <>
                    <Link<AppRoute> id={format!("organisation-link-{}", row.id)}
                        to={AppRoute::organisation(row.id.clone())}>
                        { row.name.clone() }
                    </Link<AppRoute>>
                    if row.offboarded_at.is_some() {
                        { " " }
                        <span id={format!("{id}-offboarded")}>
                            <Label label="Offboarded" color={Color::Grey} compact=true />
                        </span>
                    }
                </> }) }
                { table_cell(COLUMNS[1], html! { account_types_text(&row.account_types) }) }
                { table_cell(COLUMNS[2], html! {
                    <span id={format!("{id}-users")} data-count={row.user_count.to_string()}>
                        { row.user_count }
                    </span>
                }) }
                { table_cell(COLUMNS[3], html! {
                    <IntegrationBadges id_prefix={format!("{id}-integration")} state={row.integration.clone()} />
                }) }
                { table_cell(COLUMNS[4], html! {
                    <span id={format!("{id}-groups")} data-count={row.system_groups.len().to_string()}
                        title={groups_title(&groups)}>
                        { system_groups_text(&row.system_groups) }
                    </span>
                }) }
                { table_cell(COLUMNS[5], html! { <TimeText at={row.created_at.clone()} /> }) }
            </tr>
        }
    });
    plain_table("organisations-table", &COLUMNS, rows.collect())
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
