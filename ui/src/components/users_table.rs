//! One page of users as a table; the name opens the user. A `plain_table`, so rows carry
//! ids; every status-like cell also carries a `data-…`.

use hyopps_contract::UserRow;
use patternfly_yew::prelude::*;
use yew::prelude::*;
use yew_nested_router::components::Link;

use super::{plain_table, table_cell};
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
    let rows = props.items.iter().map(|user| {
        let row = format!("user-row-{}", user.id);
        let locked = is_locked(user.locked_until.as_deref(), now);
        html! {
            <tr key={user.id.clone()} id={row.clone()} class="pf-v6-c-table__tr">
                { table_cell(COLUMNS[0], html! {
                    <Link<AppRoute> id={format!("user-link-{}", user.id)} to={AppRoute::user(user.id.clone())}>
                        { user.display_name.clone() }
                    </Link<AppRoute>>
                }) }
                { table_cell(COLUMNS[1], html! { user.email.clone() }) }
                { table_cell(COLUMNS[2], html! { or_dash(&user.organization_name) }) }
                { table_cell(COLUMNS[3], html! {
                    <span id={format!("{row}-role")} data-role={user.app_role.as_str()}>
                        <Label label={user.app_role.label()} compact=true />
                    </span>
                }) }
                { table_cell(COLUMNS[4], access(&row, user)) }
                { table_cell(COLUMNS[5], html! {
                    <span id={format!("{row}-password")} data-password={user.has_password.to_string()}>
                        { yes_no(user.has_password) }
                    </span>
                }) }
                { table_cell(COLUMNS[6], html! {
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
    });
    plain_table("users-table", &COLUMNS, rows.collect())
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
