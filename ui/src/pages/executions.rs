//! Executions: the list and detail arrive with the workflow engine; until then, say so.

use yew::prelude::*;

use crate::components::EmptyPage;

#[component]
pub fn ExecutionsPage() -> Html {
    html! {
        <EmptyPage
            id="page-executions"
            heading="Executions"
            title="No workflow executions yet."
            body="Executions of new_partner and new_partner_user will be listed here."
        />
    }
}
