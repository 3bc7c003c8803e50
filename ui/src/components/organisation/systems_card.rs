//! Systems used: which systems the organisation's workflows work in. The steps in a system
//! left unticked are skipped ("not used by …"); the backend refuses to leave out a system in
//! which the organisation's people still hold access HyOpps gave them, and says who.

use hyopps_contract::{OrganizationDetail, PartnerSystem, SetOrganizationSystemsRequest};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::ErrorAlert;
use crate::hooks::use_submission;
use crate::ipc;

#[derive(Clone, PartialEq, Properties)]
pub struct SystemsCardProps {
    pub detail: OrganizationDetail,
    pub on_changed: Callback<OrganizationDetail>,
}

#[component]
pub fn SystemsCard(props: &SystemsCardProps) -> Html {
    let chosen = {
        let used = props.detail.systems_used.clone();
        use_state_eq(move || used)
    };
    let submission = use_submission();
    // What the backend stored is what the boxes show.
    {
        let chosen = chosen.clone();
        use_effect_with(props.detail.systems_used.clone(), move |used| {
            chosen.set(used.clone())
        });
    }

    let onsubmit = {
        let (chosen, submission) = (chosen.clone(), submission.clone());
        let (id, on_changed) = (props.detail.id.clone(), props.on_changed.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = SetOrganizationSystemsRequest {
                organization_id: id.clone(),
                systems_used: (*chosen).clone(),
            };
            let on_changed = on_changed.clone();
            submission.run(
                async move { ipc::set_organization_systems(&request).await },
                move |detail| on_changed.emit(detail),
            );
        })
    };
    let busy = submission.is_pending();

    html! {
        <Card id="organisation-systems">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ "Systems used" }</Title>
            </CardTitle>
            <CardBody>
                <p class="pf-v6-u-mb-md pf-v6-u-color-200">
                    { format!("Every workflow for {} skips the steps in the systems left unticked.", props.detail.name) }
                </p>
                <Form id="organisation-systems-form" {onsubmit}>
                    if let Some(error) = submission.error() {
                        <ErrorAlert id="organisation-systems-error" {error} />
                    }
                    <div role="group" aria-label="Systems used">
                        { for PartnerSystem::ALL.into_iter().map(|system| {
                            let onchange = {
                                let (chosen, submission) = (chosen.clone(), submission.clone());
                                Callback::from(move |state: CheckboxState| {
                                    submission.edited();
                                    chosen.set(with_system(&chosen, system, state.into()));
                                })
                            };
                            html! {
                                <Checkbox
                                    id={format!("organisation-system-{}", system.as_str())}
                                    label={system.label()}
                                    checked={chosen.contains(&system)}
                                    {onchange}
                                    disabled={busy}
                                />
                            }
                        }) }
                    </div>
                    <ActionGroup>
                        <Button id="organisation-systems-save" r#type={ButtonType::Submit}
                            variant={ButtonVariant::Primary} disabled={busy} loading={busy}>
                            { "Save systems" }
                        </Button>
                    </ActionGroup>
                </Form>
                if submission.is_done() {
                    <div class="pf-v6-u-mt-md" role="status">
                        <Alert id="organisation-systems-saved" inline=true r#type={AlertType::Success} title="Systems saved." />
                    </div>
                }
            </CardBody>
        </Card>
    }
}

/// `chosen` with `system` ticked or not, in the order the boxes are shown.
fn with_system(
    chosen: &[PartnerSystem],
    system: PartnerSystem,
    ticked: bool,
) -> Vec<PartnerSystem> {
    PartnerSystem::ALL
        .into_iter()
        .filter(|s| {
            if *s == system {
                ticked
            } else {
                chosen.contains(s)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticking_and_unticking_keeps_the_order_of_the_boxes() {
        let chosen = [PartnerSystem::Slack, PartnerSystem::Studio];
        assert_eq!(
            with_system(&chosen, PartnerSystem::Metabase, true),
            [
                PartnerSystem::Studio,
                PartnerSystem::Metabase,
                PartnerSystem::Slack
            ]
        );
        assert_eq!(
            with_system(&chosen, PartnerSystem::Slack, false),
            [PartnerSystem::Studio]
        );
    }
}
