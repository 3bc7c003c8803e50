//! Sign in: email + password, the client's emptiness checks, then the backend's answer; and
//! where HyOpps works (this computer or the team's server), which can be changed first.

use hyopps_contract::{ConnectionView, SessionInfo};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{AuthCard, ErrorAlert, TextField, WorkplaceChoice};
use crate::hooks::use_submission;
use crate::ipc;
use crate::state::workplace::sign_in_description;
use crate::state::SignInForm;

#[derive(Clone, PartialEq, Properties)]
pub struct SignInPageProps {
    /// Prefills the email; focus then starts in the password field.
    #[prop_or_default]
    pub remembered_email: Option<String>,
    /// Why the last session ended, when it ended elsewhere (on the server).
    #[prop_or_default]
    pub notice: Option<String>,
    pub on_signed_in: Callback<SessionInfo>,
}

#[component]
pub fn SignInPage(props: &SignInPageProps) -> Html {
    crate::hooks::use_window_title(crate::state::nav::titled("Sign in"));
    let initial = props.remembered_email.clone().filter(|e| !e.is_empty());
    let prefilled = initial.is_some();
    // One state per field: an edit of one never overwrites the other with a stale copy.
    let email = use_state_eq(|| initial.unwrap_or_default());
    let password = use_state_eq(String::new);
    let submission = use_submission();
    // Where the window works; asked once. A backend that cannot say (an older shell, a test
    // without it) leaves the line out: signing in still works where the window is.
    let connection = use_state_eq(|| None::<ConnectionView>);
    {
        let connection = connection.clone();
        use_effect_with((), move |()| {
            spawn_local(async move {
                if let Ok(view) = ipc::connection().await {
                    connection.set(Some(view));
                }
            });
        });
    }
    let on_place_changed = {
        let (connection, submission) = (connection.clone(), submission.clone());
        Callback::from(move |view: ConnectionView| {
            // A refusal from the other place no longer applies.
            submission.clear();
            connection.set(Some(view));
        })
    };

    let on_email = {
        let email = email.clone();
        Callback::from(move |value: String| email.set(value))
    };
    let on_password = {
        let password = password.clone();
        Callback::from(move |value: String| password.set(value))
    };

    let onsubmit = {
        let (email, password) = (email.clone(), password.clone());
        let submission = submission.clone();
        let on_signed_in = props.on_signed_in.clone();
        Callback::from(move |event: SubmitEvent| {
            // The form must never navigate: that would reload the whole app.
            event.prevent_default();
            let form = SignInForm {
                email: (*email).clone(),
                password: (*password).clone(),
            };
            match form.validate() {
                Ok(request) => {
                    let on_signed_in = on_signed_in.clone();
                    submission.run(
                        async move { ipc::sign_in(&request).await },
                        move |session| on_signed_in.emit(session),
                    );
                }
                Err(errors) => submission.refuse(errors),
            }
        })
    };

    let description = sign_in_description(connection.as_ref());
    let footer = match &*connection {
        Some(view) => {
            html! { <WorkplaceChoice view={view.clone()} on_changed={on_place_changed} /> }
        }
        None => Html::default(),
    };
    html! {
        <AuthCard title="Sign in" {description} {footer}>
            <Form {onsubmit}>
                if let Some(notice) = props.notice.clone().filter(|_| submission.error().is_none()) {
                    <div role="status" id="sign-in-notice">
                        <Alert inline=true r#type={AlertType::Info} title={notice} />
                    </div>
                }
                if let Some(error) = submission.error() {
                    <ErrorAlert id="sign-in-error" {error} />
                }
                <TextField
                    id="sign-in-email"
                    label="Email"
                    value={(*email).clone()}
                    onchange={on_email}
                    r#type={TextInputType::Email}
                    autocomplete="username"
                    autofocus={!prefilled}
                    error={submission.field("email")}
                />
                <TextField
                    id="sign-in-password"
                    label="Password"
                    value={(*password).clone()}
                    onchange={on_password}
                    r#type={TextInputType::Password}
                    autocomplete="current-password"
                    autofocus={prefilled}
                    error={submission.field("password")}
                />
                <ActionGroup>
                    <Button
                        id="sign-in-submit"
                        r#type={ButtonType::Submit}
                        variant={ButtonVariant::Primary}
                        block=true
                        disabled={submission.is_pending()}
                        loading={submission.is_pending()}
                    >
                        { "Sign in" }
                    </Button>
                </ActionGroup>
            </Form>
        </AuthCard>
    }
}
