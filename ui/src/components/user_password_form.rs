//! An admin sets someone's password (typed twice; the two are compared here, before anything
//! is sent). The account must choose its own at its next sign-in.

use hyopps_contract::{UserDetail, WireError};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{ErrorAlert, TextField};
use crate::ipc;
use crate::state::user_form::{
    SetPasswordForm, CONFIRM_KEY, NEW_PASSWORD_KEY, PASSWORD_CONFIRM_INPUT, PASSWORD_INPUT,
};
use crate::state::FieldErrors;

#[derive(Clone, PartialEq, Properties)]
pub struct UserPasswordFormProps {
    pub user_id: AttrValue,
    pub display_name: AttrValue,
    pub on_saved: Callback<UserDetail>,
}

#[component]
pub fn UserPasswordForm(props: &UserPasswordFormProps) -> Html {
    let form = use_state_eq(SetPasswordForm::default);
    let busy = use_state_eq(|| false);
    let saved = use_state_eq(|| false);
    let error = use_state_eq(|| None::<WireError>);
    let field_errors = use_state_eq(FieldErrors::new);

    let onsubmit = {
        let (form, busy, saved, error, field_errors) = (
            form.clone(),
            busy.clone(),
            saved.clone(),
            error.clone(),
            field_errors.clone(),
        );
        let (user_id, on_saved) = (props.user_id.clone(), props.on_saved.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if *busy {
                return;
            }
            saved.set(false);
            error.set(None);
            let request = match form.validate(&user_id) {
                Ok(request) => request,
                Err(problems) => return field_errors.set(problems),
            };
            field_errors.set(FieldErrors::new());
            busy.set(true);
            let (form, busy, saved, error, field_errors, on_saved) = (
                form.clone(),
                busy.clone(),
                saved.clone(),
                error.clone(),
                field_errors.clone(),
                on_saved.clone(),
            );
            spawn_local(async move {
                let result = ipc::set_user_password(&request).await;
                busy.set(false);
                match result {
                    Ok(detail) => {
                        form.set(SetPasswordForm::default());
                        saved.set(true);
                        on_saved.emit(detail);
                    }
                    Err(e) => {
                        field_errors.set(FieldErrors::from_wire(&e));
                        error.set(Some(e));
                    }
                }
            });
        })
    };

    let on_password = {
        let (form, saved) = (form.clone(), saved.clone());
        Callback::from(move |password: String| {
            saved.set(false);
            form.set(SetPasswordForm {
                password,
                ..(*form).clone()
            });
        })
    };
    let on_confirm = {
        let (form, saved) = (form.clone(), saved.clone());
        Callback::from(move |confirm: String| {
            saved.set(false);
            form.set(SetPasswordForm {
                confirm,
                ..(*form).clone()
            });
        })
    };
    let error_of = |key: &str| field_errors.get(key).map(|m| AttrValue::from(m.to_owned()));

    html! {
        <Card id="user-password-card">
            <CardTitle>
                <Title level={Level::H2} size={Size::XLarge}>{ "Set password" }</Title>
            </CardTitle>
            <CardBody>
                <p class="pf-v6-u-mb-md">
                    { format!(
                        "Gives {} a password to sign in with: at least 12 characters, not their email. \
                         They must change it at their next sign-in; a lockout is lifted and their open \
                         sessions end.",
                        props.display_name
                    ) }
                </p>
                <Form {onsubmit}>
                    <TextField id={PASSWORD_INPUT} label="New password" r#type={TextInputType::Password}
                        value={form.password.clone()} onchange={on_password}
                        autocomplete="new-password" disabled={*busy}
                        error={error_of(NEW_PASSWORD_KEY)} />
                    <TextField id={PASSWORD_CONFIRM_INPUT} label="New password again" r#type={TextInputType::Password}
                        value={form.confirm.clone()} onchange={on_confirm}
                        autocomplete="new-password" disabled={*busy}
                        error={error_of(CONFIRM_KEY)} />
                    <ActionGroup>
                        <Button id="user-password-set" r#type={ButtonType::Submit} variant={ButtonVariant::Secondary}
                            disabled={*busy} loading={*busy}>
                            { "Set password" }
                        </Button>
                    </ActionGroup>
                </Form>
                if *saved {
                    <div class="pf-v6-u-mt-md" role="status">
                        <Alert id="user-password-saved" inline=true r#type={AlertType::Success}
                            title="Password set. They must choose a new one at their next sign-in." />
                    </div>
                }
                if let Some(error) = (*error).clone() {
                    <div class="pf-v6-u-mt-md">
                        <ErrorAlert id="user-password-set-error" {error} />
                    </div>
                }
            </CardBody>
        </Card>
    }
}
