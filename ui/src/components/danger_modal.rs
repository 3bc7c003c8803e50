//! A confirmation for a destructive or weighty action: a modal over the screen that says what
//! will happen, with the action's button and a way out.
//!
//! Rendered in place rather than through patternfly-yew's `BackdropViewer`: that one takes a
//! snapshot of its content (so "Deleting…" and an error could not show in it) and its `Modal`
//! takes no id, and the tests find the dialog by id.

use hyopps_contract::WireError;
use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::ErrorAlert;

#[derive(Clone, PartialEq, Properties)]
pub struct DangerModalProps {
    /// Element id of the dialog; its title gets `<id>-title`, an error `<id>-error`.
    pub id: AttrValue,
    pub title: AttrValue,
    pub confirm_id: AttrValue,
    pub confirm_label: AttrValue,
    pub cancel_id: AttrValue,
    pub on_confirm: Callback<()>,
    pub on_cancel: Callback<()>,
    /// The action runs: both buttons wait, the confirm button spins.
    #[prop_or_default]
    pub busy: bool,
    /// The action cannot be done now (the body says why).
    #[prop_or_default]
    pub confirm_disabled: bool,
    /// How the action's button looks: red for what destroys, primary for what is weighty but
    /// builds (starting many onboardings at once).
    #[prop_or(ButtonVariant::Danger)]
    pub confirm_variant: ButtonVariant,
    /// The action was refused: why, above the buttons, so the admin can cancel or try again.
    #[prop_or_default]
    pub error: Option<WireError>,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn DangerModal(props: &DangerModalProps) -> Html {
    // The safe choice has the focus, so Enter does not destroy by accident.
    let cancel_ref = use_node_ref();
    {
        let cancel_ref = cancel_ref.clone();
        use_effect_with((), move |_| focus(&cancel_ref));
    }
    let onkeydown = {
        let (on_cancel, busy) = (props.on_cancel.clone(), props.busy);
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" && !busy {
                on_cancel.emit(());
            }
        })
    };
    let title_id = format!("{}-title", props.id);
    html! {
        <div class="pf-v6-c-backdrop" {onkeydown}>
            <div class="pf-v6-l-bullseye">
                <div id={props.id.clone()} class="pf-v6-c-modal-box pf-m-md" role="dialog"
                    aria-modal="true" aria-labelledby={title_id.clone()}>
                    <header class="pf-v6-c-modal-box__header">
                        <h1 id={title_id} class="pf-v6-c-modal-box__title">{ props.title.clone() }</h1>
                    </header>
                    <div class="pf-v6-c-modal-box__body">
                        { props.children.clone() }
                        if let Some(error) = props.error.clone() {
                            <div class="pf-v6-u-mt-md">
                                <ErrorAlert id={AttrValue::from(format!("{}-error", props.id))} {error} />
                            </div>
                        }
                    </div>
                    <footer class="pf-v6-c-modal-box__footer">
                        <Button id={props.confirm_id.clone()} variant={props.confirm_variant}
                            onclick={props.on_confirm.reform(|_| ())}
                            disabled={props.busy || props.confirm_disabled} loading={props.busy}>
                            { props.confirm_label.clone() }
                        </Button>
                        <Button id={props.cancel_id.clone()} variant={ButtonVariant::Link}
                            r#ref={cancel_ref} onclick={props.on_cancel.reform(|_| ())}
                            disabled={props.busy}>
                            { "Cancel" }
                        </Button>
                    </footer>
                </div>
            </div>
        </div>
    }
}

/// Focuses the element behind `node`, once it is rendered.
fn focus(node: &NodeRef) {
    if let Some(element) = node.get() {
        crate::dom::call(&element, "focus");
    }
}
