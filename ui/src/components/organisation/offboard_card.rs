//! Offboarding the whole organisation: every person's access taken back (each in an
//! offboarding of their own), then the organisation's own places; it is kept, marked. A
//! confirmation says what will happen; then the new execution opens. Once offboarded, the card
//! says when.

use hyopps_contract::{OrganizationIdRequest, PreviewRequest};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{DangerModal, TimeText, WorkflowPreviewView};
use crate::hooks::use_execution_start;
use crate::ipc;

#[derive(Clone, PartialEq, Properties)]
pub struct OffboardCardProps {
    pub organization_id: AttrValue,
    pub name: AttrValue,
    pub offboarded_at: Option<String>,
}

#[component]
pub fn OffboardCard(props: &OffboardCardProps) -> Html {
    let open = use_state_eq(|| false);
    let start = use_execution_start();

    let show = {
        let (open, start) = (open.clone(), start.clone());
        Callback::from(move |_: MouseEvent| {
            start.clear();
            open.set(true);
        })
    };
    let close = {
        let open = open.clone();
        Callback::from(move |()| open.set(false))
    };
    let confirm = {
        let (start, organization_id) = (start.clone(), props.organization_id.to_string());
        Callback::from(move |()| {
            let request = OrganizationIdRequest {
                organization_id: organization_id.clone(),
            };
            start.run(async move { ipc::offboard_organization(&request).await });
        })
    };

    html! {
        <Card id="organisation-offboarding">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ "Offboarding" }</Title>
            </CardTitle>
            <CardBody>
                if let Some(at) = props.offboarded_at.clone() {
                    <p id="organisation-offboarded">
                        { "Offboarded " }<TimeText {at} />
                        { ". Its history stays; no one can be added to it any more." }
                    </p>
                } else {
                    <p class="pf-v6-u-mb-md pf-v6-u-color-200">
                        { format!("Takes back everything {} was given: each person's access, its Metabase collection, Teams channel and Slack group. The organisation and its history stay.", props.name) }
                    </p>
                    <Button id="organisation-offboard" variant={ButtonVariant::DangerSecondary}
                        onclick={show} disabled={*open}>
                        { "Offboard the organisation…" }
                    </Button>
                }
                if *open {
                    <DangerModal
                        id="organisation-offboard-modal"
                        title={format!("Offboard {}?", props.name)}
                        confirm_id="organisation-offboard-confirm"
                        confirm_label="Offboard the organisation"
                        cancel_id="organisation-offboard-cancel"
                        busy={start.is_busy()}
                        error={start.error()}
                        on_confirm={confirm}
                        on_cancel={close}
                    >
                        <p>{ format!("Every person of {} is offboarded, each in an offboarding of their own; once they all are, its Metabase collection is archived, its Teams channel is archived by you in Teams, and its Slack group is disabled.", props.name) }</p>
                        <p class="pf-v6-u-mt-sm">{ "This starts now." }</p>
                        <WorkflowPreviewView id="organisation-offboard-preview"
                            request={Some(PreviewRequest::OrganizationOffboarding {
                                organization_id: props.organization_id.to_string(),
                            })} />
                    </DangerModal>
                }
            </CardBody>
        </Card>
    }
}
