//! Settings: the integrations' connection settings arrive with the connectors.

use yew::prelude::*;

use crate::components::EmptyPage;

#[component]
pub fn SettingsPage() -> Html {
    html! {
        <EmptyPage
            id="page-settings"
            heading="Settings"
            title="No integration settings yet."
            body="Connection settings for Studio, Metabase, Microsoft Teams, Slack, Keycloak, the LMS and email, each with a connection test, will be edited here."
        />
    }
}
