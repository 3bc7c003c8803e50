//! How far an organisation's provisioning went: Keycloak, the Metabase collection, the LMS.
//! In the list as small labels; in the detail as a read-only card.

use hyopps_contract::IntegrationState;
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::state::organisations::integration_badges;

#[derive(Clone, PartialEq, Properties)]
pub struct IntegrationBadgesProps {
    /// Each badge's id is `<id_prefix>-<keycloak|metabase|lms>`.
    pub id_prefix: AttrValue,
    pub state: IntegrationState,
}

/// Three compact labels, green when done; `data-state` says `done` or `missing`.
#[component]
pub fn IntegrationBadges(props: &IntegrationBadgesProps) -> Html {
    html! {
        <div class="pf-v6-l-flex pf-m-gap-sm">
            { for integration_badges(&props.state).into_iter().map(|badge| html! {
                <span id={format!("{}-{}", props.id_prefix, badge.key)}
                    data-state={badge.state_attr()} title={badge.state_text.clone()}>
                    <Label
                        label={badge.label}
                        color={if badge.done { Color::Green } else { Color::Grey }}
                        outline={!badge.done}
                        compact=true
                    />
                </span>
            }) }
        </div>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct IntegrationsCardProps {
    pub state: IntegrationState,
}

/// Read-only: the workflows set these (new_partner's Infrabot, Metabase and LMS steps).
#[component]
pub fn IntegrationsCard(props: &IntegrationsCardProps) -> Html {
    html! {
        <Card id="organisation-integrations">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ "Integrations" }</Title>
            </CardTitle>
            <CardBody>
                <DescriptionList compact=true mode={WithBreakpoints::from(DescriptionListMode::Horizontal)}>
                    { for integration_badges(&props.state).into_iter().map(|badge| html! {
                        <DescriptionGroup term={badge.label}>
                            <span id={format!("organisation-integration-{}", badge.key)}
                                data-state={badge.state_attr()}>
                                { badge.state_text.clone() }
                            </span>
                        </DescriptionGroup>
                    }) }
                </DescriptionList>
                <p class="pf-v6-u-mt-sm pf-v6-u-font-size-sm pf-v6-u-color-200">
                    { "Set by the new_partner workflow's steps; not edited here." }
                </p>
            </CardBody>
        </Card>
    }
}
