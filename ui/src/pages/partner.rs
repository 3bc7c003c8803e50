//! The partner admin's panel: their organisation. Its users and executions arrive later.

use hyopps_contract::CurrentUser;
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::Empty;

#[derive(Clone, PartialEq, Properties)]
pub struct PartnerPageProps {
    pub user: CurrentUser,
}

#[component]
pub fn PartnerPage(props: &PartnerPageProps) -> Html {
    // The organisation comes from the session the backend built, never from the UI.
    let organisation = props
        .user
        .organization_name
        .clone()
        .unwrap_or_else(|| "No organisation is linked to this account.".to_owned());
    html! {
        <div id="page-partner">
            <PageSection>
                <Title level={Level::H1} size={Size::XXLarge}>{ "My organisation" }</Title>
                <p id="partner-organisation-name" class="pf-v6-u-mt-sm">{ organisation }</p>
            </PageSection>
            <PageSection>
                <Empty
                    title="No users listed yet."
                    body="Your organisation's users and the onboarding executions you start will be listed here."
                />
            </PageSection>
        </div>
    }
}
