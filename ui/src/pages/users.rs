//! Users: list, filters and detail arrive in a later release; until then, say so.

use yew::prelude::*;

use crate::components::EmptyPage;

#[component]
pub fn UsersPage() -> Html {
    html! {
        <EmptyPage
            id="page-users"
            heading="Users"
            title="No users listed yet."
            body="Users of every organisation, with their roles and access grants, will be listed here."
        />
    }
}
