//! What a user was given, as HyOpps recorded it: access grants (revoked ones too), access to
//! their organisation's Studio companies (and a warning for those of another organisation, after
//! a move), their personal Studio company and the Metabase id a workflow stored. Read-only: the
//! workflows grant these.

use hyopps_contract::{AccessGrantView, StudioAccessView, UserDetail};
use patternfly_yew::prelude::*;
use yew::prelude::*;
use yew_nested_router::components::Link;

use super::{plain_table, table_cell, TimeText};
use crate::route::AppRoute;
use crate::state::execution_list::or_dash;
use crate::state::users::access_outside_organisation;

#[derive(Clone, PartialEq, Properties)]
pub struct UserAccessProps {
    pub detail: UserDetail,
}

#[component]
pub fn UserAccess(props: &UserAccessProps) -> Html {
    let detail = &props.detail;
    html! {
        <Card id="user-access">
            <CardTitle>
                <Title level={Level::H2} size={Size::XLarge}>{ "Access" }</Title>
            </CardTitle>
            <CardBody>
                <Title level={Level::H3} size={Size::Large}>{ "Access grants" }</Title>
                { grants(&detail.access_grants) }
                <div class="pf-v6-u-mt-lg">
                    <Title level={Level::H3} size={Size::Large}>{ "Studio companies" }</Title>
                </div>
                { studio(&detail.studio_access) }
                { left_behind(detail) }
                <div class="pf-v6-u-mt-lg">
                <DescriptionList compact=true mode={WithBreakpoints::from(DescriptionListMode::Horizontal)}>
                    <DescriptionGroup term="Personal Studio company">
                        <span id="user-personal-company">
                            { match &detail.personal_studio_company {
                                Some(company) => format!("{} (Studio id {})", company.name, company.studio_id),
                                None => "None".to_owned(),
                            } }
                        </span>
                    </DescriptionGroup>
                    <DescriptionGroup term="Metabase user id (stored)">
                        <span id="user-metabase-id">
                            { detail.metabase_user_id.map(|id| id.to_string()).unwrap_or_else(|| "None stored".to_owned()) }
                        </span>
                    </DescriptionGroup>
                </DescriptionList>
                </div>
            </CardBody>
        </Card>
    }
}

/// Revoked or current, with its time: the status cell of both tables.
fn revoked_cell(row: &str, revoked_at: &Option<String>) -> Html {
    html! {
        <span id={format!("{row}-state")} data-revoked={revoked_at.is_some().to_string()}>
            { match revoked_at.clone() {
                Some(at) => html! { <>{ "Revoked " }<TimeText {at} /></> },
                None => html! { <Label label="Active" color={Color::Green} compact=true /> },
            } }
        </span>
    }
}

const GRANT_COLUMNS: [&str; 6] = [
    "Resource",
    "Permission",
    "Granted by",
    "Granted",
    "State",
    "Execution",
];

fn grants(grants: &[AccessGrantView]) -> Html {
    if grants.is_empty() {
        return html! { <p id="user-grants-empty" class="pf-v6-u-color-200">{ "No access grants recorded." }</p> };
    }
    let rows = grants.iter().map(|grant| {
        let row = format!("user-grant-{}", grant.resource_id);
        let execution = match &grant.execution_id {
            Some(id) => html! {
                <Link<AppRoute> id={format!("{row}-execution")} to={AppRoute::execution(id.clone())}>
                    { "Open execution" }
                </Link<AppRoute>>
            },
            None => html! { "—" },
        };
        html! {
            <tr key={row.clone()} id={row.clone()} class="pf-v6-c-table__tr" data-permission={grant.permission.clone()}>
                { table_cell(GRANT_COLUMNS[0], html! { grant.resource.clone() }) }
                { table_cell(GRANT_COLUMNS[1], html! { grant.permission.clone() }) }
                { table_cell(GRANT_COLUMNS[2], html! { or_dash(&grant.granted_by) }) }
                { table_cell(GRANT_COLUMNS[3], html! { <TimeText at={grant.granted_at.clone()} /> }) }
                { table_cell(GRANT_COLUMNS[4], revoked_cell(&row, &grant.revoked_at)) }
                { table_cell(GRANT_COLUMNS[5], execution) }
            </tr>
        }
    });
    plain_table("user-grants-table", &GRANT_COLUMNS, rows.collect())
}

/// After a change of organisation made by hand (before moves took access along): the Studio
/// access still held in other organisations, to be removed in Studio.
fn left_behind(detail: &UserDetail) -> Html {
    let companies = access_outside_organisation(detail);
    if companies.is_empty() {
        return html!();
    }
    let companies = companies.join(", ");
    html! {
        <div id="user-studio-elsewhere" class="pf-v6-u-mt-md" data-companies={companies.clone()}>
            <Alert inline=true r#type={AlertType::Warning}
                title={format!("{} still has access to Studio companies of another organisation", detail.display_name)}>
                <p>{ companies }</p>
                <p>{ "It was given before HyOpps moved people with their access: remove it in Studio if it is no longer needed." }</p>
            </Alert>
        </div>
    }
}

const STUDIO_COLUMNS: [&str; 6] = [
    "Company",
    "Environment",
    "Studio id",
    "Organisation",
    "Granted",
    "State",
];

fn studio(access: &[StudioAccessView]) -> Html {
    if access.is_empty() {
        return html! { <p id="user-studio-empty" class="pf-v6-u-color-200">{ "No access to Studio companies recorded." }</p> };
    }
    let rows = access.iter().map(|company| {
        let row = format!("user-studio-{}", company.studio_company_id);
        html! {
            <tr key={row.clone()} id={row.clone()} class="pf-v6-c-table__tr" data-environment={company.environment.as_str()}>
                { table_cell(STUDIO_COLUMNS[0], html! { company.company_name.clone() }) }
                { table_cell(STUDIO_COLUMNS[1], html! { company.environment.label() }) }
                { table_cell(STUDIO_COLUMNS[2], html! { <code>{ company.studio_id.clone() }</code> }) }
                { table_cell(STUDIO_COLUMNS[3], html! { company.organization_name.clone() }) }
                { table_cell(STUDIO_COLUMNS[4], html! { <TimeText at={company.granted_at.clone()} /> }) }
                { table_cell(STUDIO_COLUMNS[5], revoked_cell(&row, &company.revoked_at)) }
            </tr>
        }
    });
    plain_table("user-studio-table", &STUDIO_COLUMNS, rows.collect())
}
