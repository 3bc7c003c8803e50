//! Audit log: arrives with the first audited changes.

use yew::prelude::*;

use crate::components::EmptyPage;

#[component]
pub fn AuditPage() -> Html {
    html! {
        <EmptyPage
            id="page-audit"
            heading="Audit log"
            title="No audit entries shown yet."
            body="Every change and every workflow step transition will be listed here, filterable and exportable as CSV."
        />
    }
}
