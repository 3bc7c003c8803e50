//! A confirmation dialog for a destructive action: what will happen (the body), a danger
//! button and a way out. Rendered in place (not through the backdrop viewer) so it follows
//! the page's state: the preview arriving, the action running, its error.

use patternfly_yew::prelude::*;
use yew::prelude::*;

#[derive(Clone, PartialEq, Properties)]
pub struct ConfirmModalProps {
    /// Element id of the dialog; its buttons are `<id>-confirm`… unless given below.
    pub id: AttrValue,
    pub title: AttrValue,
    pub confirm_id: AttrValue,
    pub confirm_label: AttrValue,
    pub cancel_id: AttrValue,
    #[prop_or(AttrValue::Static("Cancel"))]
    pub cancel_label: AttrValue,
    /// The action runs: both buttons wait, the dialog stays.
    #[prop_or_default]
    pub busy: bool,
    /// Nothing to confirm yet (the preview is loading) or the action is refused.
    #[prop_or_default]
    pub confirm_disabled: bool,
    pub on_confirm: Callback<()>,
    pub on_cancel: Callback<()>,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn ConfirmModal(props: &ConfirmModalProps) -> Html {
    // Escape and a click outside close it too, but not while the action runs.
    let onclose = {
        let (busy, on_cancel) = (props.busy, props.on_cancel.clone());
        Callback::from(move |()| {
            if !busy {
                on_cancel.emit(());
            }
        })
    };
    let footer = html! {
        <>
            <Button
                id={props.confirm_id.clone()}
                variant={ButtonVariant::Danger}
                onclick={props.on_confirm.reform(|_| ())}
                disabled={props.busy || props.confirm_disabled}
                loading={props.busy}
            >
                { props.confirm_label.clone() }
            </Button>
            <Button
                id={props.cancel_id.clone()}
                variant={ButtonVariant::Link}
                onclick={props.on_cancel.reform(|_| ())}
                disabled={props.busy}
            >
                { props.cancel_label.clone() }
            </Button>
        </>
    };
    html! {
        <div id={props.id.clone()} class="pf-v6-c-backdrop">
            <div class="pf-v6-l-bullseye">
                <Modal
                    title={props.title.to_string()}
                    variant={ModalVariant::Small}
                    {onclose}
                    {footer}
                >
                    { props.children.clone() }
                </Modal>
            </div>
        </div>
    }
}
