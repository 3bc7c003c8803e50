//! Set a new password: the first thing a session with `must_change_password` may do.

use hyopps_contract::SessionInfo;
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{AuthCard, ErrorAlert, TextField};
use crate::hooks::{use_sign_out, use_submission};
use crate::ipc;
use crate::state::PasswordForm;

#[derive(Clone, PartialEq, Properties)]
pub struct SetPasswordPageProps {
    pub session: SessionInfo,
    /// The backend accepted the new password; carries the session it returned.
    pub on_changed: Callback<SessionInfo>,
    pub on_signed_out: Callback<()>,
}

#[component]
pub fn SetPasswordPage(props: &SetPasswordPageProps) -> Html {
    crate::hooks::use_window_title(crate::state::nav::titled("Set your password"));
    let current = use_state_eq(String::new);
    let new = use_state_eq(String::new);
    let confirm = use_state_eq(String::new);
    let submission = use_submission();
    let sign_out = use_sign_out(props.on_signed_out.clone());

    let setter = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |value: String| state.set(value))
    };

    let onsubmit = {
        let (current, new, confirm) = (current.clone(), new.clone(), confirm.clone());
        let submission = submission.clone();
        let on_changed = props.on_changed.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let form = PasswordForm {
                current_password: (*current).clone(),
                new_password: (*new).clone(),
                confirm_password: (*confirm).clone(),
            };
            // The policy lives in the backend too: its per-field messages go under the
            // fields, its summary into the alert.
            match form.validate() {
                Ok(request) => {
                    let on_changed = on_changed.clone();
                    submission.run(
                        async move { ipc::change_password(&request).await },
                        move |session| on_changed.emit(session),
                    );
                }
                Err(errors) => submission.refuse(errors),
            }
        })
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
                if let Some(error) = submission.error() {
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
                    error={submission.field("current_password")}
                />
                <TextField
                    id="new-password"
                    label="New password"
                    value={(*new).clone()}
                    onchange={setter(&new)}
                    r#type={TextInputType::Password}
                    autocomplete="new-password"
                    error={submission.field("new_password")}
                />
                <TextField
                    id="confirm-password"
                    label="Confirm new password"
                    value={(*confirm).clone()}
                    onchange={setter(&confirm)}
                    r#type={TextInputType::Password}
                    autocomplete="new-password"
                    error={submission.field("confirm_password")}
                />
                <ActionGroup>
                    <Button
                        id="set-password-submit"
                        r#type={ButtonType::Submit}
                        variant={ButtonVariant::Primary}
                        block=true
                        disabled={submission.is_pending()}
                        loading={submission.is_pending()}
                    >
                        { "Set password" }
                    </Button>
                </ActionGroup>
            </Form>
        </AuthCard>
    }
}
