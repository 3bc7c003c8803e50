//! On a HyOpps server: which server the window works on (in the masthead), and a banner while
//! it cannot be reached. The shell reconnects by itself; the screens reload once it is back
//! (see `use_execution_events`). On this computer neither shows.

use hyopps_contract::{ConnectionChanged, ConnectionView};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::ipc;

/// The server's name for the masthead, or nothing on this computer.
#[component]
pub fn ServerName() -> Html {
    let view = use_state_eq(|| None::<ConnectionView>);
    {
        let view = view.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                if let Ok(answer) = ipc::connection().await {
                    view.set(Some(answer));
                }
            });
        });
    }
    match view.as_ref().and_then(|view| view.server_name.clone()) {
        Some(server) => html! {
            <span id="server-name" title="The HyOpps server this window works on">
                { format!("Server: {server}") }
            </span>
        },
        None => Html::default(),
    }
}

/// "Cannot reach …" while the server's connection is lost.
#[component]
pub fn ConnectionBanner() -> Html {
    let lost = use_state_eq(|| None::<ConnectionChanged>);
    {
        let lost = lost.clone();
        use_effect_with((), move |()| {
            let subscription = ipc::listen_connection_changed(move |change| {
                lost.set((!change.online).then_some(change));
            });
            move || drop(subscription)
        });
    }
    let Some(change) = &*lost else {
        return Html::default();
    };
    let reason = change.message.clone().unwrap_or_default();
    html! {
        // Sticky: it stays in sight however far the screen is scrolled.
        <PageSection sticky={[PageSectionSticky::Top]}>
            <div role="status" id="connection-lost">
                <Alert
                    inline=true
                    r#type={AlertType::Warning}
                    title={format!("The HyOpps server {} cannot be reached", change.server_name)}
                >
                    <p>{ format!("{reason} HyOpps keeps trying; until it answers, what you see may be out of date and nothing you do here is sent.") }</p>
                </Alert>
            </div>
        </PageSection>
    }
}
