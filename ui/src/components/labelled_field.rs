//! A form group around any control: its label (pointing at the control), help text, and the
//! error message underneath with a predictable id.
//!
//! The text inputs of sign-in use `TextField`; the step forms need the same frame around text
//! areas, selects and checkbox lists too.

use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::FieldError;

#[derive(Clone, PartialEq, Properties)]
pub struct LabelledFieldProps {
    /// Element id of the control; the error message gets `<id>-error`.
    pub id: AttrValue,
    pub label: AttrValue,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// A group of checkboxes has no single control to point at: its label is a legend-like
    /// heading instead of a `<label for>`.
    #[prop_or_default]
    pub group: bool,
    #[prop_or_default]
    pub children: Html,
}

pub fn error_id(id: &str) -> AttrValue {
    AttrValue::from(format!("{id}-error"))
}

#[component]
pub fn LabelledField(props: &LabelledFieldProps) -> Html {
    let text = html! {
        <>
            <span class="pf-v6-c-form__label-text">{ props.label.clone() }</span>
            if props.required {
                <span class="pf-v6-c-form__label-required" aria-hidden="true">{ " *" }</span>
            }
        </>
    };
    html! {
        <div class="pf-v6-c-form__group">
            <div class="pf-v6-c-form__group-label">
                if props.group {
                    <span class="pf-v6-c-form__label" id={format!("{}-label", props.id)}>{ text }</span>
                } else {
                    <label class="pf-v6-c-form__label" for={props.id.clone()}>{ text }</label>
                }
            </div>
            <div class="pf-v6-c-form__group-control">
                { props.children.clone() }
                if let Some(help) = props.help.clone() {
                    <div class="pf-v6-c-form__helper-text" id={format!("{}-help", props.id)}>
                        <HelperText>
                            <HelperTextItem>{ help }</HelperTextItem>
                        </HelperText>
                    </div>
                }
                <FieldError id={error_id(&props.id)} message={props.error.clone()} />
            </div>
        </div>
    }
}
