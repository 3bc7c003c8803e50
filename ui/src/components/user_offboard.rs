//! "Offboard…": takes back the access HyOpps gave a person. A confirmation says what will
//! happen (an admin's starts at once; a partner admin's waits for the operations team), then
//! the new execution opens. The backend decides who may offboard whom.

use hyopps_contract::{OffboardUserRequest, PreviewRequest};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::{DangerModal, WorkflowPreviewView};
use crate::hooks::use_execution_start;
use crate::ipc;

#[derive(Clone, PartialEq, Properties)]
pub struct UserOffboardProps {
    pub user_id: AttrValue,
    /// The person's name, as the confirmation names them.
    pub name: AttrValue,
    /// A partner admin asks; the operations team approves before anything is removed.
    #[prop_or_default]
    pub needs_approval: bool,
    /// Element ids are `<id>`, `<id>-modal`, `<id>-confirm`, `<id>-cancel`.
    #[prop_or(AttrValue::Static("user-offboard"))]
    pub id: AttrValue,
    #[prop_or_default]
    pub small: bool,
}

#[component]
pub fn UserOffboard(props: &UserOffboardProps) -> Html {
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
        let (start, user_id) = (start.clone(), props.user_id.to_string());
        Callback::from(move |()| {
            let request = OffboardUserRequest {
                user_id: user_id.clone(),
            };
            start.run(async move { ipc::offboard_user(&request).await });
        })
    };

    let id = props.id.to_string();
    let what = "their access to Metabase, Teams, Slack, Keycloak and Studio is taken away, and they can no longer sign in to HyOpps. Their history stays.";
    let when = if props.needs_approval {
        "The operations team approves the request first; nothing is removed before."
    } else {
        "This starts now."
    };
    html! {
        <>
            <Button id={id.clone()} variant={ButtonVariant::DangerSecondary} onclick={show}
                disabled={*open} class={classes!(props.small.then_some("pf-m-small"))}>
                { "Offboard…" }
            </Button>
            if *open {
                <DangerModal
                    id={format!("{id}-modal")}
                    title={format!("Offboard {}?", props.name)}
                    confirm_id={format!("{id}-confirm")}
                    confirm_label={if props.needs_approval { "Ask to offboard" } else { "Offboard" }}
                    cancel_id={format!("{id}-cancel")}
                    busy={start.is_busy()}
                    error={start.error()}
                    on_confirm={confirm}
                    on_cancel={close}
                >
                    <p>{ format!("{}: {what}", props.name) }</p>
                    <p class="pf-v6-u-mt-sm">{ when }</p>
                    <WorkflowPreviewView id={format!("{id}-preview")}
                        request={Some(PreviewRequest::Offboarding { user_id: props.user_id.to_string() })} />
                </DangerModal>
            }
        </>
    }
}
