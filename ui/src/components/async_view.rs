//! Pending / ready / failed, rendered the same way on every screen.

use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::ErrorAlert;
use crate::state::Async;

/// A centred spinner: what every screen shows while it waits.
#[component]
pub fn Loading() -> Html {
    html! {
        <Bullseye>
            <Spinner size={SpinnerSize::Xl} aria_label="Loading" />
        </Bullseye>
    }
}

/// Renders `ready` once the value is there, a spinner before, and the error alert (with a
/// "Try again" action when `on_retry` is given) if it could not be had.
pub fn async_view<T>(
    state: &Async<T>,
    on_retry: Option<Callback<()>>,
    ready: impl FnOnce(&T) -> Html,
) -> Html {
    match state {
        Async::Pending => html! { <Loading /> },
        Async::Ready(value) => ready(value),
        Async::Failed(error) => html! {
            <PageSection>
                <ErrorAlert error={error.clone()} {on_retry} />
            </PageSection>
        },
    }
}
