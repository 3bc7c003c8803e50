//! Settings (admin): importing a HyOpps v0.3 database; the integrations' connection settings
//! arrive with the connectors.

use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{Empty, ImportV03Card};

#[component]
pub fn SettingsPage() -> Html {
    html! {
        <div id="page-settings">
            <PageSection>
                <Title level={Level::H1} size={Size::XXLarge}>{ "Settings" }</Title>
            </PageSection>
            <PageSection>
                <ImportV03Card />
            </PageSection>
            <PageSection>
                <Empty
                    title="No integration settings yet."
                    body="Connection settings for Studio, Metabase, Microsoft Teams, Slack, Keycloak, the LMS and email, each with a connection test, will be edited here."
                />
            </PageSection>
        </div>
    }
}
