//! The organisation's people and its executions: the first ones, with how many there are.

use hyopps_contract::{ExecutionSummary, PersonView};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{people_table, ExecutionsTable};
use crate::state::organisations::shown_of_total;

#[derive(Clone, PartialEq, Properties)]
pub struct PeopleCardProps {
    pub users: Vec<PersonView>,
    pub total: u64,
}

#[component]
pub fn PeopleCard(props: &PeopleCardProps) -> Html {
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
                        <UserLink id={person.id.clone()} name={person.display_name.clone()} />
                    }) }
                }
            </CardBody>
        </Card>
    }
}

#[derive(Clone, PartialEq, Properties)]
struct UserLinkProps {
    id: AttrValue,
    name: AttrValue,
}

/// A link to `/users/<id>`. The Users screens own that route (it is not in this tree's
/// `AppRoute` yet), so the link goes through the history API the router listens to: the
/// app stays loaded, and the Users route shows the person once it exists.
#[component]
fn UserLink(props: &UserLinkProps) -> Html {
    let href = format!("/users/{}", props.id);
    let onclick = {
        let href = href.clone();
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            let _ = yew_nested_router::History::push_state(wasm_bindgen::JsValue::NULL, &href);
        })
    };
    html! {
        <a id={format!("organisation-user-link-{}", props.id)} {href} {onclick}>{ props.name.clone() }</a>
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
