//! The root component: providers, the session, and which screen the session calls for.

use std::rc::Rc;

use hyopps_contract::{AppRole, CurrentUser, SessionInfo};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;
// Renamed: patternfly-yew's prelude has a `Switch` too (the toggle).
use yew_nested_router::prelude::{Router, Switch as RouteSwitch};

use crate::components::{async_view, AppFrame};
use crate::ipc;
use crate::pages::{
    AccessPage, AuditPage, DashboardPage, ExecutionPage, ExecutionsPage, NoAccessPage,
    OrganisationPage, OrganisationsPage, PartnerPage, SetPasswordPage, SettingsPage, SignInPage,
    UserPage, UsersPage,
};
use crate::route::{AppRoute, ListOrOne};
use crate::state::nav::home_route;
use crate::state::{Session, SessionEvent, SessionState};

impl Reducible for SessionState {
    type Action = SessionEvent;

    fn reduce(self: Rc<Self>, event: SessionEvent) -> Rc<Self> {
        Rc::new(self.apply(event))
    }
}

/// Asks the backend, once per start (or retry), whether a session is still alive, so a
/// reload of the window keeps the user signed in.
async fn start() -> SessionEvent {
    match ipc::current_session().await {
        Err(error) => SessionEvent::StartFailed(error),
        Ok(session) => {
            // Only a convenience for the sign-in form: without it the email is typed by hand.
            let remembered_email = match session {
                None => ipc::remembered_email().await.unwrap_or(None),
                Some(_) => None,
            };
            SessionEvent::Started {
                session,
                remembered_email,
            }
        }
    }
}

#[component]
pub fn App() -> Html {
    let session = use_reducer_eq(SessionState::default);
    let attempt = use_state_eq(|| 0_u32);

    {
        let dispatcher = session.dispatcher();
        use_effect_with(*attempt, move |_| {
            spawn_local(async move { dispatcher.dispatch(start().await) });
        });
    }

    // On a server, the session can end elsewhere: back to sign-in, saying why.
    {
        let dispatcher = session.dispatcher();
        use_effect_with((), move |()| {
            let subscription =
                ipc::listen_session_ended(move |why| dispatcher.dispatch(SessionEvent::Ended(why)));
            move || drop(subscription)
        });
    }

    let on_retry = {
        let (dispatcher, attempt) = (session.dispatcher(), attempt.clone());
        Callback::from(move |()| {
            dispatcher.dispatch(SessionEvent::Retrying);
            attempt.set(*attempt + 1);
        })
    };
    let dispatch = {
        let dispatcher = session.dispatcher();
        move |make: fn(SessionInfo) -> SessionEvent| {
            let dispatcher = dispatcher.clone();
            Callback::from(move |info| dispatcher.dispatch(make(info)))
        }
    };
    let on_signed_out = {
        let dispatcher = session.dispatcher();
        Callback::from(move |()| dispatcher.dispatch(SessionEvent::SignedOut))
    };

    let screen = async_view(&session.0, Some(on_retry), |current| match current {
        Session::SignedOut {
            remembered_email,
            notice,
        } => html! {
            <SignInPage
                remembered_email={remembered_email.clone()}
                notice={notice.clone()}
                on_signed_in={dispatch(SessionEvent::SignedIn)}
            />
        },
        Session::MustChangePassword(info) => html! {
            <SetPasswordPage
                session={info.clone()}
                on_changed={dispatch(SessionEvent::PasswordChanged)}
                on_signed_out={on_signed_out.clone()}
            />
        },
        Session::SignedIn(info) => html! {
            <Router<AppRoute> default={home_route(info.user.app_role)}>
                <AppFrame session={info.clone()} on_signed_out={on_signed_out.clone()}>
                    <Screens user={info.user.clone()} />
                </AppFrame>
            </Router<AppRoute>>
        },
    });

    html! {
        <BackdropViewer>
            <ToastViewer>
                { screen }
            </ToastViewer>
        </BackdropViewer>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct ScreensProps {
    pub user: CurrentUser,
}

/// The page for the current route (public so the browser tests can route as the app does;
/// it needs a `Router<AppRoute>` around it). Which pages a role reaches is presentation only: every
/// command behind them checks the role in the backend.
#[component]
pub fn Screens(props: &ScreensProps) -> Html {
    let user = props.user.clone();
    let render = Callback::from(move |route: AppRoute| match user.app_role {
        AppRole::Admin => match route {
            AppRoute::Dashboard | AppRoute::Partner => {
                html! { <DashboardPage user={user.clone()} /> }
            }
            AppRoute::Executions(ListOrOne::List) => html! { <ExecutionsPage /> },
            // Keyed: another execution starts with fresh page state (open forms, confirmations).
            AppRoute::Executions(ListOrOne::One { id }) => {
                html! { <ExecutionPage key={id.clone()} id={id.clone()} /> }
            }
            AppRoute::Organisations(ListOrOne::List) => html! { <OrganisationsPage /> },
            AppRoute::Organisations(ListOrOne::One { id }) => {
                html! { <OrganisationPage key={id.clone()} id={id.clone()} /> }
            }
            AppRoute::Users(ListOrOne::List) => html! { <UsersPage /> },
            // Keyed like an execution: another user starts with fresh forms and dialogs.
            AppRoute::Users(ListOrOne::One { id }) => {
                html! { <UserPage key={id.clone()} id={id.clone()} /> }
            }
            AppRoute::Settings => html! { <SettingsPage /> },
            AppRoute::Access => html! { <AccessPage /> },
            AppRoute::Audit => html! { <AuditPage /> },
        },
        // Their organisation's panel, and the detail of one of its executions; nothing else.
        AppRole::PartnerAdmin => match route {
            AppRoute::Executions(ListOrOne::One { id }) => html! {
                <ExecutionPage key={id.clone()} id={id.clone()} role={AppRole::PartnerAdmin} />
            },
            _ => html! { <PartnerPage user={user.clone()} /> },
        },
        AppRole::User => html! { <NoAccessPage /> },
    });
    html! { <RouteSwitch<AppRoute> {render} /> }
}
