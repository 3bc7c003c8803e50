//! "Move to another organisation…": the person leaves their organisation's groups for another
//! one's, keeping their accounts. The admin picks the organisation here; the new execution
//! opens on its confirmation step, where the new organisation's Studio companies are chosen.

use hyopps_contract::MoveUserRequest;
use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::{DangerModal, OptionSelect, SelectOption};
use crate::hooks::use_execution_start;
use crate::ipc;

#[derive(Clone, PartialEq, Properties)]
pub struct UserMoveProps {
    pub user_id: AttrValue,
    /// The person's name, as the dialog names them.
    pub name: AttrValue,
    /// Their organisation now, which is not a choice.
    pub organization_id: AttrValue,
    /// Every organisation, as the user page loaded them.
    pub organizations: Vec<SelectOption>,
}

#[component]
pub fn UserMove(props: &UserMoveProps) -> Html {
    let open = use_state_eq(|| false);
    let chosen = use_state_eq(String::new);
    let start = use_execution_start();

    let show = {
        let (open, start, chosen) = (open.clone(), start.clone(), chosen.clone());
        Callback::from(move |_: MouseEvent| {
            start.clear();
            chosen.set(String::new());
            open.set(true);
        })
    };
    let close = {
        let open = open.clone();
        Callback::from(move |()| open.set(false))
    };
    let on_choice = {
        let (chosen, start) = (chosen.clone(), start.clone());
        Callback::from(move |value: String| {
            start.clear();
            chosen.set(value);
        })
    };
    let confirm = {
        let (start, chosen) = (start.clone(), chosen.clone());
        let user_id = props.user_id.to_string();
        Callback::from(move |()| {
            if chosen.is_empty() {
                return;
            }
            let request = MoveUserRequest {
                user_id: user_id.clone(),
                organization_id: (*chosen).clone(),
            };
            start.run(async move { ipc::move_user(&request).await });
        })
    };

    let others: Vec<SelectOption> = props
        .organizations
        .iter()
        .filter(|o| o.value != props.organization_id.as_str())
        .cloned()
        .collect();
    html! {
        <>
            <Button id="user-move" variant={ButtonVariant::Secondary} onclick={show} disabled={*open}>
                { "Move to another organisation…" }
            </Button>
            if *open {
                <DangerModal
                    id="user-move-modal"
                    title={format!("Move {} to another organisation?", props.name)}
                    confirm_id="user-move-confirm"
                    confirm_label="Continue"
                    cancel_id="user-move-cancel"
                    busy={start.is_busy()}
                    confirm_disabled={chosen.is_empty()}
                    error={start.error()}
                    on_confirm={confirm}
                    on_cancel={close}
                >
                    <p>{ format!("{} leaves their organisation's groups in Metabase, Teams, Slack, Keycloak and Studio for the new one's. Their accounts stay; no new invitation is sent.", props.name) }</p>
                    <div class="pf-v6-u-mt-md">
                        <OptionSelect id="user-move-organisation" options={others}
                            value={(*chosen).clone()} empty={AttrValue::Static("Choose the organisation")}
                            aria_label={AttrValue::Static("Organisation to move to")} onchange={on_choice}
                            disabled={start.is_busy()} />
                    </div>
                    <p class="pf-v6-u-mt-sm pf-v6-u-color-200">{ "Next, you confirm the move and choose the new organisation's Studio companies for them." }</p>
                </DangerModal>
            }
        </>
    }
}
