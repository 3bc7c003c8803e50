//! What a signed-in account without a HyOpps role sees. The backend refuses such a sign-in;
//! this only covers a session that exists anyway.

use yew::prelude::*;

use crate::components::EmptyPage;

#[component]
pub fn NoAccessPage() -> Html {
    html! {
        <EmptyPage
            id="page-no-access"
            heading="No access"
            title="This account has no access to HyOpps."
            body="Ask an administrator for an admin or partner admin role, then sign in again."
        />
    }
}
