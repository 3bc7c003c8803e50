//! Organisations: list, search and detail arrive in a later release; until then, say so.

use yew::prelude::*;

use crate::components::EmptyPage;

#[component]
pub fn OrganisationsPage() -> Html {
    html! {
        <EmptyPage
            id="page-organisations"
            heading="Organisations"
            title="No organisations listed yet."
            body="Partner organisations, their Studio companies, system groups and users will be listed here."
        />
    }
}
