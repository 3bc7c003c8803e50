//! An organisation's people as a table: name, email, role and access. The admin's
//! organisation detail and the partner admin's panel list them alike; only how the name
//! reads differs (a link to the user for an admin, plain text for a partner admin), and the
//! partner admin's table has a last column of actions.

use hyopps_contract::PersonView;
use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::{plain_table, table_cell};
use crate::state::partner::access_labels;

const COLUMNS: [&str; 5] = ["Name", "Email", "Role", "Access", "Actions"];

/// Rows are `<row_id_prefix><person id>`; `name` renders the first cell, `actions` (when
/// given) a last one.
pub fn people_table(
    id: &str,
    row_id_prefix: &str,
    people: &[PersonView],
    name: impl Fn(&PersonView) -> Html,
    actions: Option<&dyn Fn(&PersonView) -> Html>,
) -> Html {
    let rows = people.iter().map(|person| {
        html! {
            <tr key={person.id.clone()} id={format!("{row_id_prefix}{}", person.id)} class="pf-v6-c-table__tr">
                { table_cell(COLUMNS[0], name(person)) }
                { table_cell(COLUMNS[1], html! { person.email.clone() }) }
                { table_cell(COLUMNS[2], html! {
                    <span data-role={person.app_role.as_str()}>{ person.app_role.label() }</span>
                }) }
                { table_cell(COLUMNS[3], access(&person.access)) }
                if let Some(actions) = actions {
                    { table_cell(COLUMNS[4], actions(person)) }
                }
            </tr>
        }
    });
    let columns = if actions.is_some() {
        &COLUMNS[..]
    } else {
        &COLUMNS[..4]
    };
    plain_table(id, columns, rows.collect())
}

/// The systems they were given, as labels; "None yet" when nothing.
fn access(access: &[String]) -> Html {
    let labels = access_labels(access);
    if labels.is_empty() {
        return html! { <span class="pf-v6-u-color-200">{ "None yet" }</span> };
    }
    html! {
        <div class="pf-v6-l-flex pf-m-gap-sm">
            { for labels.into_iter().map(|name| html! { <Label label={name} compact=true /> }) }
        </div>
    }
}
