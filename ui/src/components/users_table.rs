//! One page of users as a table; the name opens the user. Plain PatternFly table markup so
//! rows carry ids (see `ExecutionsTable`); every status-like cell also carries a `data-…`.

use hyopps_contract::UserRow;
use patternfly_yew::prelude::*;
use yew::prelude::*;
use yew_nested_router::components::Link;

use crate::route::AppRoute;
use crate::state::execution_list::or_dash;
use crate::state::time::from_millis;
use crate::state::users::{is_locked, yes_no};

#[derive(Clone, PartialEq, Properties)]
pub struct UsersTableProps {
    pub items: Vec<UserRow>,
}

const COLUMNS: [&str; 7] = [
    "Name",
    "Email",
    "Organisation",
    "Role",
    "Access",
    "Password set",
    "Locked",
];

#[component]
pub fn UsersTable(props: &UsersTableProps) -> Html {
    // Read at render, like `TimeText`: a lockout that has run out no longer shows.
    let now = from_millis(js_sys::Date::now());
    html! {
        <table id="users-table" class="pf-v6-c-table pf-m-grid-md pf-m-compact" role="grid">
            <thead class="pf-v6-c-table__thead">
                <tr class="pf-v6-c-table__tr">
                    { for COLUMNS.iter().map(|c| html! { <th class="pf-v6-c-table__th" scope="col">{ *c }</th> }) }
                </tr>
            </thead>
            <tbody class="pf-v6-c-table__tbody">
                { for props.items.iter().map(|user| {
                    let row = format!("user-row-{}", user.id);
                    let cell = |label: &'static str, content: Html| html! {
                        <td class="pf-v6-c-table__td" data-label={label}>{ content }</td>
                    };
                    let locked = is_locked(user.locked_until.as_deref(), now);
                    html! {
                        <tr key={user.id.clone()} id={row.clone()} class="pf-v6-c-table__tr">
                            { cell(COLUMNS[0], html! {
                                <Link<AppRoute> id={format!("user-link-{}", user.id)} to={AppRoute::user(user.id.clone())}>
                                    { user.display_name.clone() }
                                </Link<AppRoute>>
                            }) }
                            { cell(COLUMNS[1], html! { user.email.clone() }) }
                            { cell(COLUMNS[2], html! { or_dash(&user.organization_name) }) }
                            { cell(COLUMNS[3], html! {
                                <span id={format!("{row}-role")} data-role={user.app_role.as_str()}>
                                    <Label label={user.app_role.label()} compact=true />
                                </span>
                            }) }
                            { cell(COLUMNS[4], access(&row, user)) }
                            { cell(COLUMNS[5], html! {
                                <span id={format!("{row}-password")} data-password={user.has_password.to_string()}>
                                    { yes_no(user.has_password) }
                                </span>
                            }) }
                            { cell(COLUMNS[6], html! {
                                <span id={format!("{row}-locked")} data-locked={locked.to_string()}>
                                    if locked {
                                        <Label label="Locked" color={Color::Red} compact=true />
                                    } else {
                                        { "No" }
                                    }
                                </span>
                            }) }
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// The systems they were given, then their Studio companies; a dash when nothing.
fn access(row: &str, user: &UserRow) -> Html {
    if user.access.is_empty() && user.studio_companies.is_empty() {
        return html! { <span id={format!("{row}-access")} data-access="">{ "—" }</span> };
    }
    html! {
        <span id={format!("{row}-access")} data-access={user.access.join(",")}>
            <span class="pf-v6-l-flex pf-m-gap-sm">
                { for user.access.iter().map(|name| html! {
                    <Label label={name.clone()} color={Color::Blue} compact=true />
                }) }
            </span>
            if !user.studio_companies.is_empty() {
                <div class="pf-v6-u-font-size-sm">
                    { format!("Studio: {}", user.studio_companies.join(", ")) }
                </div>
            }
        </span>
    }
}
