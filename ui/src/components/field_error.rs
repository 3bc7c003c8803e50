//! The message under a form field.

use patternfly_yew::prelude::*;
use yew::prelude::*;

#[derive(Clone, PartialEq, Properties)]
pub struct FieldErrorProps {
    /// Element id of the message, referenced by the input's `aria-describedby`.
    pub id: AttrValue,
    /// Nothing is rendered without a message.
    #[prop_or_default]
    pub message: Option<AttrValue>,
}

#[component]
pub fn FieldError(props: &FieldErrorProps) -> Html {
    let Some(message) = props.message.clone() else {
        return html!();
    };
    html! {
        <div class="pf-v6-c-form__helper-text" aria-live="polite">
            <HelperText>
                <HelperTextItem
                    id={props.id.clone()}
                    variant={HelperTextItemVariant::Error}
                    icon={HelperTextItemIcon::Visible}
                >
                    { message }
                </HelperTextItem>
            </HelperText>
        </div>
    }
}
