//! Sign in: email + password, the client's emptiness checks, then the backend's answer.

use hyopps_contract::{SessionInfo, WireError};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{AuthCard, ErrorAlert, TextField};
use crate::ipc;
use crate::state::{FieldErrors, SignInForm};

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
    let field_errors = use_state_eq(FieldErrors::new);
    let error = use_state_eq(|| None::<WireError>);
    let pending = use_state_eq(|| false);

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
        let (field_errors, error, pending) = (field_errors.clone(), error.clone(), pending.clone());
        let on_signed_in = props.on_signed_in.clone();
        Callback::from(move |event: SubmitEvent| {
            // The form must never navigate: that would reload the whole app.
            event.prevent_default();
            if *pending {
                return;
            }
            let form = SignInForm {
                email: (*email).clone(),
                password: (*password).clone(),
            };
            let request = match form.validate() {
                Ok(request) => request,
                Err(errors) => {
                    field_errors.set(errors);
                    error.set(None);
                    return;
                }
            };
            field_errors.set(FieldErrors::new());
            error.set(None);
            pending.set(true);
            let (field_errors, error, pending) =
                (field_errors.clone(), error.clone(), pending.clone());
            let on_signed_in = on_signed_in.clone();
            spawn_local(async move {
                let result = ipc::sign_in(&request).await;
                pending.set(false);
                match result {
                    Ok(session) => on_signed_in.emit(session),
                    Err(e) => {
                        field_errors.set(FieldErrors::from_wire(&e));
                        error.set(Some(e));
                    }
                }
            });
        })
    };

    let field_error = |name: &str| {
        field_errors
            .get(name)
            .map(|m| AttrValue::from(m.to_owned()))
    };

    html! {
        <AuthCard title="Sign in" description="Sign in with your HyOpps account.">
            <Form {onsubmit}>
                if let Some(error) = (*error).clone() {
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
                    error={field_error("email")}
                />
                <TextField
                    id="sign-in-password"
                    label="Password"
                    value={(*password).clone()}
                    onchange={on_password}
                    r#type={TextInputType::Password}
                    autocomplete="current-password"
                    autofocus={prefilled}
                    error={field_error("password")}
                />
                <ActionGroup>
                    <Button
                        id="sign-in-submit"
                        r#type={ButtonType::Submit}
                        variant={ButtonVariant::Primary}
                        block=true
                        disabled={*pending}
                        loading={*pending}
                    >
                        { "Sign in" }
                    </Button>
                </ActionGroup>
            </Form>
        </AuthCard>
    }
}
