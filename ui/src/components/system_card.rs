//! One system's card in Settings → Integrations: its status, settings and secret, "Save" and
//! "Test connection" (and for email, "Send test email").

use std::future::Future;
use std::rc::Rc;

use hyopps_contract::{ConnectionCheck, SettingsOverview, SystemSettingsView, WireError};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::setting_field::{SecretInput, SettingInput};
use super::{ErrorAlert, LabelledField};
use crate::ipc;
use crate::state::integration_settings::{
    card_id, status_attr, status_text, test_recipient, SECRET_KEY,
};
use crate::state::{CheckOutcome, FieldErrors, SettingEdit, SystemForm};

impl Reducible for SystemForm {
    type Action = SettingEdit;

    fn reduce(self: Rc<Self>, edit: SettingEdit) -> Rc<Self> {
        Rc::new(self.apply(edit))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Busy {
    Saving,
    Testing,
    Sending,
}

#[derive(Clone, PartialEq, Properties)]
pub struct SystemCardProps {
    pub system: SystemSettingsView,
    pub on_saved: Callback<SettingsOverview>,
}

#[component]
pub fn SystemCard(props: &SystemCardProps) -> Html {
    let system = &props.system;
    let form = {
        let system = system.clone();
        use_reducer_eq(move || SystemForm::new(&system))
    };
    let busy = use_state_eq(|| None::<Busy>);
    let saved = use_state_eq(|| false);
    let save_error = use_state_eq(|| None::<WireError>);
    let field_errors = use_state_eq(FieldErrors::new);
    let check = use_state_eq(|| None::<CheckOutcome>);
    let test_to = use_state_eq(String::new);
    let test_to_error = use_state_eq(|| None::<String>);

    // The system as the backend has it now (after a save): edits and the typed secret start over.
    {
        let edit = form.dispatcher();
        use_effect_with(system.clone(), move |system| {
            edit.dispatch(SettingEdit::Reset(system.clone()))
        });
    }

    let onsubmit = {
        let (form, busy, saved, save_error, field_errors) = (
            form.clone(),
            busy.clone(),
            saved.clone(),
            save_error.clone(),
            field_errors.clone(),
        );
        let (system, on_saved) = (system.clone(), props.on_saved.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if busy.is_some() {
                return;
            }
            let request = form.to_request(&system);
            busy.set(Some(Busy::Saving));
            saved.set(false);
            save_error.set(None);
            field_errors.set(FieldErrors::new());
            let (busy, saved, save_error, field_errors, on_saved) = (
                busy.clone(),
                saved.clone(),
                save_error.clone(),
                field_errors.clone(),
                on_saved.clone(),
            );
            spawn_local(async move {
                let result = ipc::save_system_settings(&request).await;
                busy.set(None);
                match result {
                    Ok(overview) => {
                        saved.set(true);
                        on_saved.emit(overview);
                    }
                    Err(error) => {
                        field_errors.set(FieldErrors::from_wire(&error));
                        save_error.set(Some(error));
                    }
                }
            });
        })
    };

    let on_test = {
        let (busy, check) = (busy.clone(), check.clone());
        let id = system.id.clone();
        Callback::from(move |_: MouseEvent| {
            let id = id.clone();
            run_check(&busy, &check, Busy::Testing, async move {
                ipc::test_connection(&id).await
            });
        })
    };

    let on_send_test = {
        let (busy, check) = (busy.clone(), check.clone());
        let (test_to, test_to_error) = (test_to.clone(), test_to_error.clone());
        Callback::from(move |_: MouseEvent| match test_recipient(&test_to) {
            Err(problem) => test_to_error.set(Some(problem.to_owned())),
            Ok(to) => {
                test_to_error.set(None);
                run_check(&busy, &check, Busy::Sending, async move {
                    ipc::send_test_email(&to).await
                });
            }
        })
    };

    let edit = form.dispatcher();
    let is_busy = busy.is_some();
    let card = card_id(&system.id);
    let changed = form.has_changes(system);

    html! {
        <Card id={card.clone()}>
            <CardTitle>
                <Flex>
                    <FlexItem>
                        <Title level={Level::H3} size={Size::Large}>{ system.label.clone() }</Title>
                    </FlexItem>
                    <FlexItem>
                        <span id={format!("{card}-status")} data-status={status_attr(system)}>
                            <Label
                                label={status_text(system)}
                                color={if system.configured { Color::Green } else { Color::Orange }}
                                compact=true
                            />
                        </span>
                    </FlexItem>
                </Flex>
            </CardTitle>
            <CardBody>
                <p id={format!("{card}-purpose")} class="pf-v6-u-mb-md">{ system.purpose.clone() }</p>
                <Form {onsubmit}>
                    { for system.fields.iter().map(|field| {
                        let key = field.key.clone();
                        let onchange = {
                            let edit = edit.clone();
                            Callback::from(move |value| edit.dispatch(SettingEdit::Value { key: key.clone(), value }))
                        };
                        html! {
                            <SettingInput
                                system={system.id.clone()}
                                field={field.clone()}
                                value={form.value(&field.key).to_owned()}
                                error={field_errors.get(&field.key).map(|m| AttrValue::from(m.to_owned()))}
                                busy={is_busy}
                                {onchange}
                            />
                        }
                    }) }
                    if let Some(secret) = system.secret.clone() {
                        <SecretInput
                            system={system.id.clone()}
                            {secret}
                            typed={form.typed_secret().to_owned()}
                            removing={form.removing_secret()}
                            error={field_errors.get(SECRET_KEY).map(|m| AttrValue::from(m.to_owned()))}
                            busy={is_busy}
                            ontype={{ let edit = edit.clone(); Callback::from(move |typed| edit.dispatch(SettingEdit::Secret(typed))) }}
                            onremove={{ let edit = edit.clone(); Callback::from(move |remove| edit.dispatch(SettingEdit::RemoveSecret(remove))) }}
                        />
                    }
                    <ActionGroup>
                        <Button
                            id={format!("{card}-save")}
                            r#type={ButtonType::Submit}
                            variant={ButtonVariant::Primary}
                            disabled={is_busy}
                            loading={*busy == Some(Busy::Saving)}
                        >
                            { "Save" }
                        </Button>
                        <Button
                            id={format!("{card}-test")}
                            variant={ButtonVariant::Secondary}
                            onclick={on_test}
                            disabled={is_busy}
                            loading={*busy == Some(Busy::Testing)}
                        >
                            { "Test connection" }
                        </Button>
                    </ActionGroup>
                </Form>
                if changed {
                    <p id={format!("{card}-unsaved")} class="pf-v6-u-mt-sm pf-v6-u-color-200">
                        { "Test connection uses the saved settings: save your changes first." }
                    </p>
                }
                if *saved {
                    <div class="pf-v6-u-mt-md" role="status">
                        <Alert id={format!("{card}-saved")} inline=true r#type={AlertType::Success} title="Saved." />
                    </div>
                }
                if let Some(error) = (*save_error).clone() {
                    <div class="pf-v6-u-mt-md">
                        <ErrorAlert id={AttrValue::from(format!("{card}-error"))} {error} />
                    </div>
                }
                if system.id == "smtp" {
                    <div class="pf-v6-u-mt-md">
                        <LabelledField
                            id="settings-smtp-test-to"
                            label="Send a test email to"
                            help="Sent with the saved settings."
                            error={(*test_to_error).clone().map(AttrValue::from)}
                        >
                            <TextInput
                                id="settings-smtp-test-to"
                                name="settings-smtp-test-to"
                                value={(*test_to).clone()}
                                onchange={{ let test_to = test_to.clone(); Callback::from(move |to| test_to.set(to)) }}
                                inputmode="email"
                                autocomplete="email"
                                disabled={is_busy}
                            />
                        </LabelledField>
                        <Button
                            id="settings-smtp-send-test"
                            class="pf-v6-u-mt-sm"
                            variant={ButtonVariant::Secondary}
                            onclick={on_send_test}
                            disabled={is_busy}
                            loading={*busy == Some(Busy::Sending)}
                        >
                            { "Send test email" }
                        </Button>
                    </div>
                }
                if let Some(outcome) = (*check).clone() {
                    <div id={format!("{card}-result")} data-ok={outcome.ok.to_string()}
                        class="pf-v6-u-mt-md" role="status">
                        <Alert
                            inline=true
                            r#type={if outcome.ok { AlertType::Success } else { AlertType::Danger }}
                            title={outcome.message}
                        />
                    </div>
                }
            </CardBody>
        </Card>
    }
}

/// Runs a check (test connection, test email), one thing at a time, and shows what it found.
fn run_check(
    busy: &UseStateHandle<Option<Busy>>,
    check: &UseStateHandle<Option<CheckOutcome>>,
    kind: Busy,
    run: impl Future<Output = Result<ConnectionCheck, WireError>> + 'static,
) {
    if busy.is_some() {
        return;
    }
    busy.set(Some(kind));
    check.set(None);
    let (busy, check) = (busy.clone(), check.clone());
    spawn_local(async move {
        let result = run.await;
        busy.set(None);
        check.set(Some(CheckOutcome::from_result(result)));
    });
}
