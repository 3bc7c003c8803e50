//! Plain PatternFly table markup, the same for every list: patternfly-yew's `Table` wants a
//! table model and gives rows no ids, and the tests find rows by id.

use yew::prelude::*;

/// A compact grid table with `columns` as its head; `rows` are the caller's `<tr>`s, keyed
/// and with their ids.
pub fn plain_table(id: &str, columns: &[&str], rows: Html) -> Html {
    html! {
        <table id={id.to_owned()} class="pf-v6-c-table pf-m-grid-md pf-m-compact" role="grid">
            <thead class="pf-v6-c-table__thead">
                <tr class="pf-v6-c-table__tr">
                    { for columns.iter().map(|c| html! { <th class="pf-v6-c-table__th pf-m-wrap" scope="col">{ *c }</th> }) }
                </tr>
            </thead>
            <tbody class="pf-v6-c-table__tbody">{ rows }</tbody>
        </table>
    }
}

/// One cell, labelled with its column so the grid layout can show it on narrow windows.
pub fn table_cell(label: &'static str, content: Html) -> Html {
    html! { <td class="pf-v6-c-table__td" data-label={label}>{ content }</td> }
}
