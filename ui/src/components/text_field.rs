//! A labelled text input with its error message underneath.
//!
//! Written out instead of using patternfly-yew's `FormGroup`: that one renders its label
//! without `for` and gives every helper text the same fixed id, and we need both right.

use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::FieldError;

#[derive(Clone, PartialEq, Properties)]
pub struct TextFieldProps {
    /// Element id of the input; its error message gets `<id>-error`.
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub onchange: Callback<String>,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub r#type: TextInputType,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    #[prop_or_default]
    pub autofocus: bool,
    #[prop_or_default]
    pub disabled: bool,
}

#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let error_id = AttrValue::from(format!("{}-error", props.id));
    let state = match props.error {
        Some(_) => InputState::Error,
        None => InputState::Default,
    };
    html! {
        <div class="pf-v6-c-form__group">
            <div class="pf-v6-c-form__group-label">
                <label class="pf-v6-c-form__label" for={props.id.clone()}>
                    <span class="pf-v6-c-form__label-text">{ props.label.clone() }</span>
                </label>
            </div>
            <div class="pf-v6-c-form__group-control">
                <TextInput
                    id={props.id.clone()}
                    name={props.id.clone()}
                    value={props.value.clone()}
                    onchange={props.onchange.clone()}
                    r#type={props.r#type}
                    autocomplete={props.autocomplete.clone()}
                    autofocus={props.autofocus}
                    disabled={props.disabled}
                    {state}
                    aria_describedby={props.error.as_ref().map(|_| error_id.clone())}
                />
                <FieldError id={error_id} message={props.error.clone()} />
            </div>
        </div>
    }
}
