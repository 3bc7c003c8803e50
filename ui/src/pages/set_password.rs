//! Set a new password: the first thing a session with `must_change_password` may do (SPEC §1).

use hyopps_contract::{SessionInfo, WireError};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{AuthCard, ErrorAlert, TextField};
use crate::hooks::use_sign_out;
use crate::ipc;
use crate::state::{FieldErrors, PasswordForm};

#[derive(Clone, PartialEq, Properties)]
pub struct SetPasswordPageProps {
    pub session: SessionInfo,
    /// The backend accepted the new password; carries the session it returned.
    pub on_changed: Callback<SessionInfo>,
    pub on_signed_out: Callback<()>,
}

#[component]
pub fn SetPasswordPage(props: &SetPasswordPageProps) -> Html {
    let current = use_state_eq(String::new);
    let new = use_state_eq(String::new);
    let confirm = use_state_eq(String::new);
    let field_errors = use_state_eq(FieldErrors::new);
    let error = use_state_eq(|| None::<WireError>);
    let pending = use_state_eq(|| false);
    let sign_out = use_sign_out(props.on_signed_out.clone());

    let setter = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |value: String| state.set(value))
    };

    let onsubmit = {
        let (current, new, confirm) = (current.clone(), new.clone(), confirm.clone());
        let (field_errors, error, pending) = (field_errors.clone(), error.clone(), pending.clone());
        let on_changed = props.on_changed.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *pending {
                return;
            }
            let form = PasswordForm {
                current_password: (*current).clone(),
                new_password: (*new).clone(),
                confirm_password: (*confirm).clone(),
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
            let on_changed = on_changed.clone();
            spawn_local(async move {
                let result = ipc::change_password(&request).await;
                pending.set(false);
                match result {
                    Ok(session) => on_changed.emit(session),
                    Err(e) => {
                        // The policy lives in the backend too: its per-field messages go under
                        // the fields, its summary into the alert.
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
    let description = format!(
        "{} must set a new password before using HyOpps: at least 12 characters, not the email address.",
        props.session.user.email
    );
    let footer = html! {
        <Button
            id="set-password-sign-out"
            variant={ButtonVariant::Link}
            onclick={sign_out.trigger.reform(|_| ())}
            disabled={sign_out.pending}
        >
            { "Sign out" }
        </Button>
    };

    html! {
        <AuthCard title="Set a new password" {description} {footer}>
            <Form {onsubmit}>
                if let Some(error) = (*error).clone() {
                    <ErrorAlert id="set-password-error" {error} />
                }
                if let Some(error) = sign_out.error.clone() {
                    <ErrorAlert id="sign-out-error" {error} />
                }
                <TextField
                    id="current-password"
                    label="Current password"
                    value={(*current).clone()}
                    onchange={setter(&current)}
                    r#type={TextInputType::Password}
                    autocomplete="current-password"
                    autofocus=true
                    error={field_error("current_password")}
                />
                <TextField
                    id="new-password"
                    label="New password"
                    value={(*new).clone()}
                    onchange={setter(&new)}
                    r#type={TextInputType::Password}
                    autocomplete="new-password"
                    error={field_error("new_password")}
                />
                <TextField
                    id="confirm-password"
                    label="Confirm new password"
                    value={(*confirm).clone()}
                    onchange={setter(&confirm)}
                    r#type={TextInputType::Password}
                    autocomplete="new-password"
                    error={field_error("confirm_password")}
                />
                <ActionGroup>
                    <Button
                        id="set-password-submit"
                        r#type={ButtonType::Submit}
                        variant={ButtonVariant::Primary}
                        block=true
                        disabled={*pending}
                        loading={*pending}
                    >
                        { "Set password" }
                    </Button>
                </ActionGroup>
            </Form>
        </AuthCard>
    }
}
