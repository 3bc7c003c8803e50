//! "Offboard…": takes back the access HyOpps gave a person. A confirmation says what will
//! happen (an admin's starts at once; a partner admin's waits for the operations team), then
//! the new execution opens. The backend decides who may offboard whom.

use hyopps_contract::{OffboardUserRequest, WireError};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_nested_router::prelude::use_router;

use super::DangerModal;
use crate::ipc;
use crate::route::AppRoute;

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
    let router = use_router::<AppRoute>();
    let open = use_state_eq(|| false);
    let busy = use_state_eq(|| false);
    let error = use_state_eq(|| None::<WireError>);

    let show = {
        let (open, error) = (open.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            open.set(true);
        })
    };
    let close = {
        let open = open.clone();
        Callback::from(move |()| open.set(false))
    };
    let confirm = {
        let (busy, error, user_id) = (busy.clone(), error.clone(), props.user_id.to_string());
        Callback::from(move |()| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (busy, error, router) = (busy.clone(), error.clone(), router.clone());
            let request = OffboardUserRequest {
                user_id: user_id.clone(),
            };
            spawn_local(async move {
                let result = ipc::offboard_user(&request).await;
                busy.set(false);
                match result {
                    Ok(detail) => {
                        if let Some(router) = &router {
                            router.push(AppRoute::execution(detail.summary.id));
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
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
                    busy={*busy}
                    error={(*error).clone()}
                    on_confirm={confirm}
                    on_cancel={close}
                >
                    <p>{ format!("{}: {what}", props.name) }</p>
                    <p class="pf-v6-u-mt-sm">{ when }</p>
                </DangerModal>
            }
        </>
    }
}
