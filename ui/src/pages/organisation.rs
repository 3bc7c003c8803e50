//! One organisation: its details, the systems it uses, Studio companies, system groups, integration state,
//! documentation links, people and executions, and deleting it. Each card saves its own part;
//! the answer (the organisation as stored) replaces what the whole page shows.

use hyopps_contract::{OrganizationDetail, OrganizationIdRequest};
use patternfly_yew::prelude::*;
use yew::prelude::*;
use yew_nested_router::components::Link;

use crate::components::organisation::{
    AccessCheckCard, DangerZone, DetailsCard, DocumentationCard, ExecutionsCard, IntegrationsCard,
    OffboardCard, PeopleCard, StudioCompaniesCard, SystemGroupsCard, SystemsCard,
};
use crate::components::{async_view, PeopleImportCard, TimeText};
use crate::hooks::use_load;
use crate::ipc;
use crate::route::AppRoute;
use crate::state::organisations::account_types_text;

#[derive(Clone, PartialEq, Properties)]
pub struct OrganisationPageProps {
    /// The organisation's id, from the route.
    pub id: AttrValue,
}

#[component]
pub fn OrganisationPage(props: &OrganisationPageProps) -> Html {
    let detail = use_load(props.id.to_string(), |organization_id: String| {
        let request = OrganizationIdRequest { organization_id };
        async move { ipc::get_organization(&request).await }
    });
    let set = detail.set.clone();
    let refresh = detail.refresh.clone();
    let body = async_view(&detail.state, Some(detail.reload.clone()), |d| {
        view(d, set, refresh)
    });
    html! {
        <div id="page-organisation">
            <PageSection>
                <Link<AppRoute> id="organisation-back" to={AppRoute::organisations()}>
                    { "← Organisations" }
                </Link<AppRoute>>
            </PageSection>
            { body }
        </div>
    }
}

/// `refresh` reads the organisation again in place (after people were added from a file).
fn view(
    detail: &OrganizationDetail,
    on_changed: Callback<OrganizationDetail>,
    refresh: Callback<()>,
) -> Html {
    let card = |content: Html| html! { <PageSection>{ content }</PageSection> };
    html! {
        <>
            <PageSection>
                <Title level={Level::H1} size={Size::XXLarge}>
                    <span id="organisation-title">{ detail.name.clone() }</span>
                </Title>
                <p class="pf-v6-u-mt-sm pf-v6-u-color-200">
                    <span id="organisation-account-types"
                        data-types={detail.account_types.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")}>
                        { account_types_text(&detail.account_types) }
                    </span>
                    { " · created " }
                    <TimeText at={detail.created_at.clone()} />
                </p>
            </PageSection>
            { card(html! { <DetailsCard detail={detail.clone()} on_changed={on_changed.clone()} /> }) }
            { card(html! { <SystemsCard detail={detail.clone()} on_changed={on_changed.clone()} /> }) }
            { card(html! { <StudioCompaniesCard detail={detail.clone()} on_changed={on_changed.clone()} /> }) }
            { card(html! { <SystemGroupsCard detail={detail.clone()} on_changed={on_changed.clone()} /> }) }
            { card(html! { <IntegrationsCard state={detail.integration.clone()} /> }) }
            { card(html! { <DocumentationCard detail={detail.clone()} on_changed={on_changed} /> }) }
            { card(html! { <PeopleCard organization_id={detail.id.clone()} users={detail.users.clone()} total={detail.user_total} /> }) }
            if detail.offboarded_at.is_none() {
                { card(html! { <PeopleImportCard organization_id={Some(AttrValue::from(detail.id.clone()))} on_started={refresh} /> }) }
            }
            if detail.user_total > 0 {
                { card(html! { <AccessCheckCard organization_id={detail.id.clone()} /> }) }
            }
            { card(html! { <ExecutionsCard executions={detail.executions.clone()} total={detail.execution_total} /> }) }
            { card(html! { <OffboardCard organization_id={detail.id.clone()} name={detail.name.clone()} offboarded_at={detail.offboarded_at.clone()} /> }) }
            { card(html! { <DangerZone organization_id={detail.id.clone()} name={detail.name.clone()} /> }) }
        </>
    }
}
