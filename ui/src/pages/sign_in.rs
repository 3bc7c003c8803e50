//! Sign in: email + password, the client's emptiness checks, then the backend's answer.

use hyopps_contract::SessionInfo;
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{AuthCard, ErrorAlert, TextField};
use crate::hooks::use_submission;
use crate::ipc;
use crate::state::SignInForm;

#[derive(Clone, PartialEq, Properties)]
pub struct SignInPageProps {
    /// Prefills the email; focus then starts in the password field.
    #[prop_or_default]
    pub remembered_email: Option<String>,
    pub on_signed_in: Callback<SessionInfo>,
}

#[component]
pub fn SignInPage(props: &SignInPageProps) -> Html {
    let initial = props.remembered_email.clone().filter(|e| !e.is_empty());
    let prefilled = initial.is_some();
    // One state per field: an edit of one never overwrites the other with a stale copy.
    let email = use_state_eq(|| initial.unwrap_or_default());
    let password = use_state_eq(String::new);
    let submission = use_submission();

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

    html! {
        <AuthCard title="Sign in" description="Sign in with your HyOpps account.">
            <Form {onsubmit}>
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
