//! An admin sets someone's password (typed twice; the two are compared here, before anything
//! is sent). The account must choose its own at its next sign-in.

use hyopps_contract::UserDetail;
use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::{ErrorAlert, TextField};
use crate::hooks::use_submission;
use crate::ipc;
use crate::state::user_form::{
    SetPasswordForm, CONFIRM_KEY, NEW_PASSWORD_KEY, PASSWORD_CONFIRM_INPUT, PASSWORD_INPUT,
};

#[derive(Clone, PartialEq, Properties)]
pub struct UserPasswordFormProps {
    pub user_id: AttrValue,
    pub display_name: AttrValue,
    pub on_saved: Callback<UserDetail>,
}

#[component]
pub fn UserPasswordForm(props: &UserPasswordFormProps) -> Html {
    let form = use_state_eq(SetPasswordForm::default);
    let submission = use_submission();

    let onsubmit = {
        let (form, submission) = (form.clone(), submission.clone());
        let (user_id, on_saved) = (props.user_id.clone(), props.on_saved.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if submission.is_pending() {
                return;
            }
            let request = match form.validate(&user_id) {
                Ok(request) => request,
                Err(problems) => return submission.refuse(problems),
            };
            let (form, on_saved) = (form.clone(), on_saved.clone());
            submission.run(
                async move { ipc::set_user_password(&request).await },
                move |detail| {
                    form.set(SetPasswordForm::default());
                    on_saved.emit(detail);
                },
            );
        })
    };

    let on_password = {
        let (form, submission) = (form.clone(), submission.clone());
        Callback::from(move |password: String| {
            submission.edited();
            form.set(SetPasswordForm {
                password,
                ..(*form).clone()
            });
        })
    };
    let on_confirm = {
        let (form, submission) = (form.clone(), submission.clone());
        Callback::from(move |confirm: String| {
            submission.edited();
            form.set(SetPasswordForm {
                confirm,
                ..(*form).clone()
            });
        })
    };
    let busy = submission.is_pending();

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
                        autocomplete="new-password" disabled={busy}
                        error={submission.field(NEW_PASSWORD_KEY)} />
                    <TextField id={PASSWORD_CONFIRM_INPUT} label="New password again" r#type={TextInputType::Password}
                        value={form.confirm.clone()} onchange={on_confirm}
                        autocomplete="new-password" disabled={busy}
                        error={submission.field(CONFIRM_KEY)} />
                    <ActionGroup>
                        <Button id="user-password-set" r#type={ButtonType::Submit} variant={ButtonVariant::Secondary}
                            disabled={busy} loading={busy}>
                            { "Set password" }
                        </Button>
                    </ActionGroup>
                </Form>
                if submission.is_done() {
                    <div class="pf-v6-u-mt-md" role="status">
                        <Alert id="user-password-saved" inline=true r#type={AlertType::Success}
                            title="Password set. They must choose a new one at their next sign-in." />
                    </div>
                }
                if let Some(error) = submission.error() {
                    <div class="pf-v6-u-mt-md">
                        <ErrorAlert id="user-password-set-error" {error} />
                    </div>
                }
            </CardBody>
        </Card>
    }
}
