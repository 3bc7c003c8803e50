//! A user's details, organisation and role, edited together and saved in one change. The
//! backend's field errors show under their inputs; its answer (the user as stored) replaces
//! the page's user.

use std::rc::Rc;

use hyopps_contract::{UserDetail, WireError};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::{ErrorAlert, LabelledField, OptionSelect, SelectOption};
use crate::hooks::use_submission;
use crate::ipc;
use crate::state::user_form::{UserField, UserForm};
use crate::state::users::role_options;

pub enum UserFormEdit {
    Set(UserField, String),
    /// The user as stored now: the form starts over from it.
    Reset(UserForm),
}

impl Reducible for UserForm {
    type Action = UserFormEdit;

    fn reduce(self: Rc<Self>, edit: UserFormEdit) -> Rc<Self> {
        Rc::new(match edit {
            UserFormEdit::Set(field, value) => self.with(field, value),
            UserFormEdit::Reset(form) => form,
        })
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct UserDetailsFormProps {
    pub detail: UserDetail,
    /// The organisations to choose from (the user's own is added when missing).
    pub organizations: Vec<SelectOption>,
    /// Why the organisations could not be listed, if they could not.
    #[prop_or_default]
    pub organizations_error: Option<WireError>,
    pub on_saved: Callback<UserDetail>,
}

/// The text inputs, in the form's order, with their labels and help.
const TEXT_FIELDS: [(UserField, &str, Option<&str>); 6] = [
    (UserField::Firstname, "First name", None),
    (UserField::Lastname, "Last name", None),
    (UserField::Email, "Email", None),
    (
        UserField::Languages,
        "Languages",
        Some("ISO 639-1 codes, comma-separated, e.g. en, fr."),
    ),
    (UserField::Skills, "Skills", Some("Comma-separated.")),
    (UserField::Roles, "Roles", Some("Comma-separated.")),
];

#[component]
pub fn UserDetailsForm(props: &UserDetailsFormProps) -> Html {
    let detail = &props.detail;
    let form = {
        let detail = detail.clone();
        use_reducer_eq(move || UserForm::from_detail(&detail))
    };
    let submission = use_submission();

    // Starts over when the stored fields change (after a save, or another admin's change);
    // another change to the user (a password set) leaves the edits alone.
    {
        let edit = form.dispatcher();
        use_effect_with(UserForm::from_detail(detail), move |stored| {
            edit.dispatch(UserFormEdit::Reset(stored.clone()))
        });
    }

    let onsubmit = {
        let (form, submission) = (form.clone(), submission.clone());
        let (user_id, on_saved) = (detail.id.clone(), props.on_saved.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if submission.is_pending() {
                return;
            }
            let request = match form.to_request(&user_id) {
                Ok(request) => request,
                Err(problems) => return submission.refuse(problems),
            };
            let (edit, on_saved) = (form.dispatcher(), on_saved.clone());
            submission.run(
                async move { ipc::update_user(&request).await },
                move |detail| {
                    // Used once: the stored user says whether a password is set now.
                    edit.dispatch(UserFormEdit::Set(UserField::NewPassword, String::new()));
                    on_saved.emit(detail);
                },
            );
        })
    };

    let set = |field: UserField| {
        let (edit, submission) = (form.dispatcher(), submission.clone());
        Callback::from(move |value: String| {
            submission.edited();
            edit.dispatch(UserFormEdit::Set(field, value));
        })
    };
    let error_of = |field: UserField| submission.field(field.wire_name());
    let busy = submission.is_pending();
    let text_input = |field: UserField, r#type: TextInputType, autocomplete: &'static str| {
        let id = field.input_id();
        let state = match error_of(field) {
            Some(_) => InputState::Error,
            None => InputState::Default,
        };
        html! {
            <TextInput
                {id}
                name={id}
                value={form.value(field).to_owned()}
                onchange={set(field)}
                {r#type}
                autocomplete={autocomplete}
                disabled={busy}
                {state}
                aria_describedby={error_of(field).map(|_| AttrValue::from(format!("{id}-error")))}
            />
        }
    };

    let mut organizations = props.organizations.clone();
    if let Some(id) = detail.organization_id.clone() {
        if !organizations.iter().any(|o| o.value == id) {
            let name = detail
                .organization_name
                .clone()
                .unwrap_or_else(|| id.clone());
            organizations.insert(0, SelectOption::new(id, name));
        }
    }
    let organization_help = props.organizations_error.as_ref().map(|e| {
        AttrValue::from(format!(
            "The organisations could not be listed: {}",
            e.message
        ))
    });
    let roles: Vec<_> = role_options()
        .into_iter()
        .map(|(value, label)| SelectOption::new(value, label))
        .collect();

    html! {
        <Card id="user-details">
            <CardTitle>
                <Title level={Level::H2} size={Size::XLarge}>{ "Details" }</Title>
            </CardTitle>
            <CardBody>
                <Form {onsubmit}>
                    { for TEXT_FIELDS.iter().map(|(field, label, help)| html! {
                        <LabelledField id={field.input_id()} label={*label}
                            help={help.map(AttrValue::from)} error={error_of(*field)}
                            required={matches!(field, UserField::Email)}>
                            { text_input(*field, if *field == UserField::Email { TextInputType::Email } else { TextInputType::Text }, "off") }
                        </LabelledField>
                    }) }
                    <LabelledField id={UserField::OrganizationId.input_id()} label="Organisation"
                        help={organization_help} error={error_of(UserField::OrganizationId)}>
                        <OptionSelect
                            id={UserField::OrganizationId.input_id()}
                            options={organizations}
                            value={form.organization_id.clone()}
                            empty="No organisation"
                            invalid={error_of(UserField::OrganizationId).is_some()}
                            disabled={busy}
                            onchange={set(UserField::OrganizationId)}
                        />
                    </LabelledField>
                    <LabelledField id={UserField::AppRole.input_id()} label="Role in HyOpps"
                        help="A partner administrator needs an organisation." error={error_of(UserField::AppRole)}>
                        <OptionSelect
                            id={UserField::AppRole.input_id()}
                            options={roles}
                            value={form.app_role.clone()}
                            invalid={error_of(UserField::AppRole).is_some()}
                            disabled={busy}
                            onchange={set(UserField::AppRole)}
                        />
                    </LabelledField>
                    if form.asks_for_password(detail.has_password) {
                        <LabelledField id={UserField::NewPassword.input_id()} label="First password"
                            help="A partner administrator or an administrator signs in, so they need a password; they choose their own at their first sign-in."
                            error={error_of(UserField::NewPassword)}>
                            { text_input(UserField::NewPassword, TextInputType::Password, "new-password") }
                        </LabelledField>
                    }
                    <ActionGroup>
                        <Button id="user-save" r#type={ButtonType::Submit} variant={ButtonVariant::Primary}
                            disabled={busy} loading={busy}>
                            { "Save details" }
                        </Button>
                    </ActionGroup>
                </Form>
                if submission.is_done() {
                    <div class="pf-v6-u-mt-md" role="status">
                        <Alert id="user-saved" inline=true r#type={AlertType::Success} title="Saved." />
                    </div>
                }
                if let Some(error) = submission.error() {
                    <div class="pf-v6-u-mt-md">
                        <ErrorAlert id="user-save-error" {error} />
                    </div>
                }
            </CardBody>
        </Card>
    }
}
