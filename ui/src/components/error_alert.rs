//! A backend error as an inline danger alert: its message is the text, as the backend wrote it.

use hyopps_contract::WireError;
use patternfly_yew::prelude::*;
use yew::prelude::*;

#[derive(Clone, PartialEq, Properties)]
pub struct ErrorAlertProps {
    pub error: WireError,
    /// Element id of the alert container (the E2E tests look for some).
    #[prop_or_default]
    pub id: Option<AttrValue>,
    #[prop_or_default]
    pub on_retry: Option<Callback<()>>,
}

#[component]
pub fn ErrorAlert(props: &ErrorAlertProps) -> Html {
    let actions = props
        .on_retry
        .iter()
        .map(|retry| Action::new("Try again", retry.clone()))
        .collect::<Vec<_>>();
    html! {
        // patternfly-yew's Alert takes its id as a String and has no role: the wrapper gives
        // screen readers the "alert" role so the message is announced when it appears.
        <div role="alert">
            <Alert
                id={props.id.as_ref().map(ToString::to_string).unwrap_or_default()}
                inline=true
                r#type={AlertType::Danger}
                title={props.error.message.clone()}
                {actions}
            />
        </div>
    }
}
