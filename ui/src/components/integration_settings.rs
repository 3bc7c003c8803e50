//! Settings → Integrations: the managed file (which one, when it was read, its problem), then one
//! card per system (see `system_card`).
//!
//! What a system needs, what is valid and what a test does are the backend's; the cards show
//! its description and send what was edited.

use hyopps_contract::SettingsOverview;
use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::system_card::SystemCard;
use super::TimeText;

#[derive(Clone, PartialEq, Properties)]
pub struct IntegrationSettingsProps {
    pub overview: SettingsOverview,
    /// A system was saved: every system as the backend has it now.
    pub on_saved: Callback<SettingsOverview>,
}

#[component]
pub fn IntegrationSettings(props: &IntegrationSettingsProps) -> Html {
    let overview = &props.overview;
    html! {
        <div id="settings-integrations">
            <Title level={Level::H2} size={Size::XLarge}>{ "Integrations" }</Title>
            <p id="settings-config-file" class="pf-v6-u-mt-sm pf-v6-u-mb-md">
                { "Settings marked “Set by hyopps.toml” come from " }
                <code>{ overview.config_file.clone() }</code>
                { " and can only be changed there" }
                if let Some(at) = overview.config_read_at.clone() {
                    <span id="settings-config-read">
                        { " (read " }<TimeText at={at} />
                        { "; HyOpps reads it again whenever it changes, no restart needed)" }
                    </span>
                }
                { ". Secrets are kept in the system keychain." }
            </p>
            if let Some(problem) = overview.config_problem.clone() {
                <div role="alert" class="pf-v6-u-mb-md">
                    <Alert
                        id="settings-config-problem"
                        inline=true
                        r#type={AlertType::Warning}
                        title="The managed settings file was not applied"
                    >
                        <p>{ problem }</p>
                        <p>{ "File: " }<code>{ overview.config_file.clone() }</code></p>
                    </Alert>
                </div>
            }
            { for overview.systems.iter().map(|system| html! {
                <div class="pf-v6-u-mb-lg" key={system.id.clone()}>
                    <SystemCard system={system.clone()} on_saved={props.on_saved.clone()} />
                </div>
            }) }
        </div>
    }
}
