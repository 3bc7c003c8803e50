//! The organisation's people and its executions: the first ones, with how many there are.

use hyopps_contract::{ExecutionSummary, PersonView};
use patternfly_yew::prelude::*;
use yew::prelude::*;
use yew_nested_router::components::Link;
use yew_nested_router::prelude::use_router;

use crate::components::{people_table, ExecutionsTable};
use crate::history_note::{with_note, USERS_OF_ORGANISATION};
use crate::route::AppRoute;
use crate::state::organisations::{all_in_users_text, shown_of_total};

#[derive(Clone, PartialEq, Properties)]
pub struct PeopleCardProps {
    pub organization_id: AttrValue,
    pub users: Vec<PersonView>,
    pub total: u64,
}

/// The organisation's first people; a name opens the person, and the Users screen opens on
/// all of them (to search, page through or export).
#[component]
pub fn PeopleCard(props: &PeopleCardProps) -> Html {
    let router = use_router::<AppRoute>();
    let open_all = {
        let organization_id = props.organization_id.to_string();
        Callback::from(move |_: MouseEvent| {
            if let Some(router) = &router {
                router.push_with(
                    AppRoute::users(),
                    with_note(USERS_OF_ORGANISATION, &organization_id),
                );
            }
        })
    };
    html! {
        <Card id="organisation-users">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ "Users" }</Title>
                <span id="organisation-users-count" class="pf-v6-u-font-size-sm pf-v6-u-color-200"
                    data-shown={props.users.len().to_string()} data-total={props.total.to_string()}>
                    { shown_of_total(props.users.len(), props.total) }
                </span>
            </CardTitle>
            <CardBody>
                if props.users.is_empty() {
                    <p id="organisation-users-empty" class="pf-v6-u-color-200">
                        { "No users belong to this organisation yet. new_partner_user adds them." }
                    </p>
                } else {
                    { people_table("organisation-users-table", "organisation-user-", &props.users, |person| html! {
                        <Link<AppRoute> id={format!("organisation-user-link-{}", person.id)}
                            to={AppRoute::user(person.id.clone())}>
                            { person.display_name.clone() }
                        </Link<AppRoute>>
                    }, None) }
                    <Button id="organisation-users-all" variant={ButtonVariant::Link} onclick={open_all}>
                        { all_in_users_text(props.total) }
                    </Button>
                }
            </CardBody>
        </Card>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct ExecutionsCardProps {
    pub executions: Vec<ExecutionSummary>,
    pub total: u64,
}

/// The latest executions for the organisation; a row opens the execution.
#[component]
pub fn ExecutionsCard(props: &ExecutionsCardProps) -> Html {
    html! {
        <Card id="organisation-executions">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ "Executions" }</Title>
                <span id="organisation-executions-count" class="pf-v6-u-font-size-sm pf-v6-u-color-200"
                    data-shown={props.executions.len().to_string()} data-total={props.total.to_string()}>
                    { shown_of_total(props.executions.len(), props.total) }
                </span>
            </CardTitle>
            <CardBody>
                if props.executions.is_empty() {
                    <p id="organisation-executions-empty" class="pf-v6-u-color-200">
                        { "No workflow executions for this organisation yet." }
                    </p>
                } else {
                    <ExecutionsTable items={props.executions.clone()} />
                }
            </CardBody>
        </Card>
    }
}
