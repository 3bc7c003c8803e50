//! An organisation's people as a table: name, email, role and access. The admin's
//! organisation detail and the partner admin's panel list them alike; only how the name
//! reads differs (a link to the user for an admin, plain text for a partner admin).

use hyopps_contract::PersonView;
use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::{plain_table, table_cell};
use crate::state::partner::access_labels;

const COLUMNS: [&str; 4] = ["Name", "Email", "Role", "Access"];

/// Rows are `<row_id_prefix><person id>`; `name` renders the first cell.
pub fn people_table(
    id: &str,
    row_id_prefix: &str,
    people: &[PersonView],
    name: impl Fn(&PersonView) -> Html,
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
            </tr>
        }
    });
    plain_table(id, &COLUMNS, rows.collect())
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
