//! Settings (admin): the database's backups, importing a HyOpps v0.3 database, and each
//! integration's connection settings, secret and connection test.

use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{async_view, BackupsCard, ImportV03Card, IntegrationSettings};
use crate::hooks::use_load;
use crate::ipc;

#[component]
pub fn SettingsPage() -> Html {
    let settings = use_load((), |()| ipc::get_settings());
    let integrations = async_view(&settings.state, Some(settings.reload.clone()), |overview| {
        html! { <IntegrationSettings overview={overview.clone()} on_saved={settings.set.clone()} /> }
    });
    html! {
        <div id="page-settings">
            <PageSection>
                <Title level={Level::H1} size={Size::XXLarge}>{ "Settings" }</Title>
            </PageSection>
            <PageSection>
                <BackupsCard />
            </PageSection>
            <PageSection>
                <ImportV03Card />
            </PageSection>
            <PageSection>
                { integrations }
            </PageSection>
        </div>
    }
}
