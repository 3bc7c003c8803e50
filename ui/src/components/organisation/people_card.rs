//! The organisation's people and its executions: the first ones, with how many there are.

use hyopps_contract::{ExecutionSummary, PersonView};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::ExecutionsTable;
use crate::state::organisations::shown_of_total;
use crate::state::partner::access_labels;

#[derive(Clone, PartialEq, Properties)]
pub struct PeopleCardProps {
    pub users: Vec<PersonView>,
    pub total: u64,
}

const USER_COLUMNS: [&str; 4] = ["Name", "Email", "Role", "Access"];

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
                    { users_table(&props.users) }
                }
            </CardBody>
        </Card>
    }
}

fn users_table(users: &[PersonView]) -> Html {
    let cell = |label: &'static str, content: Html| {
        html! { <td class="pf-v6-c-table__td" data-label={label}>{ content }</td> }
    };
    html! {
        <table id="organisation-users-table" class="pf-v6-c-table pf-m-grid-md pf-m-compact" role="grid">
            <thead class="pf-v6-c-table__thead">
                <tr class="pf-v6-c-table__tr">
                    { for USER_COLUMNS.iter().map(|c| html! { <th class="pf-v6-c-table__th" scope="col">{ *c }</th> }) }
                </tr>
            </thead>
            <tbody class="pf-v6-c-table__tbody">
                { for users.iter().map(|person| {
                    let access = access_labels(&person.access);
                    html! {
                        <tr key={person.id.clone()} id={format!("organisation-user-{}", person.id)} class="pf-v6-c-table__tr">
                            { cell(USER_COLUMNS[0], html! { <UserLink id={person.id.clone()} name={person.display_name.clone()} /> }) }
                            { cell(USER_COLUMNS[1], html! { person.email.clone() }) }
                            { cell(USER_COLUMNS[2], html! {
                                <span data-role={person.app_role.as_str()}>{ person.app_role.label() }</span>
                            }) }
                            { cell(USER_COLUMNS[3], html! {
                                if access.is_empty() {
                                    <span class="pf-v6-u-color-200">{ "None yet" }</span>
                                } else {
                                    <div class="pf-v6-l-flex pf-m-gap-sm">
                                        { for access.into_iter().map(|name| html! { <Label label={name} compact=true /> }) }
                                    </div>
                                }
                            }) }
                        </tr>
                    }
                }) }
            </tbody>
        </table>
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
