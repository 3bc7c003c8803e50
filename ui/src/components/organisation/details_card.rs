//! Details: the organisation's name and account types, edited in place.

use hyopps_contract::{AccountType, OrganizationDetail};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{ErrorAlert, LabelledField, TextField};
use crate::hooks::use_submission;
use crate::ipc;
use crate::state::organisations::DetailsForm;

#[derive(Clone, PartialEq, Properties)]
pub struct DetailsCardProps {
    pub detail: OrganizationDetail,
    pub on_changed: Callback<OrganizationDetail>,
}

#[component]
pub fn DetailsCard(props: &DetailsCardProps) -> Html {
    let form = {
        let detail = props.detail.clone();
        use_state_eq(move || DetailsForm::from_detail(&detail))
    };
    let submission = use_submission();
    // What the backend stored (after a save, or a change elsewhere) is what the form shows.
    {
        let form = form.clone();
        let stored = (
            props.detail.name.clone(),
            props.detail.account_types.clone(),
        );
        let detail = props.detail.clone();
        use_effect_with(stored, move |_| form.set(DetailsForm::from_detail(&detail)));
    }

    let onsubmit = {
        let (form, submission) = (form.clone(), submission.clone());
        let (id, on_changed) = (props.detail.id.clone(), props.on_changed.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match form.to_request(&id) {
                Err(errors) => submission.refuse(errors),
                Ok(request) => {
                    let on_changed = on_changed.clone();
                    submission.run(
                        async move { ipc::update_organization(&request).await },
                        move |detail| on_changed.emit(detail),
                    );
                }
            }
        })
    };
    let on_name = {
        let (form, submission) = (form.clone(), submission.clone());
        Callback::from(move |name: String| {
            submission.edited();
            form.set(DetailsForm {
                name,
                ..(*form).clone()
            });
        })
    };
    let busy = submission.is_pending();

    html! {
        <Card id="organisation-details">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ "Details" }</Title>
            </CardTitle>
            <CardBody>
                <Form id="organisation-edit-form" {onsubmit}>
                    if let Some(error) = submission.error() {
                        <ErrorAlert id="organisation-edit-error" {error} />
                    }
                    <TextField
                        id="organisation-name"
                        label="Name"
                        value={form.name.clone()}
                        onchange={on_name}
                        error={submission.field("name")}
                        disabled={busy}
                    />
                    <LabelledField id="organisation-types" label="Account types" group=true
                        error={submission.field("account_types")}>
                        <div id="organisation-types" role="group" aria-labelledby="organisation-types-label">
                            { for AccountType::ALL.into_iter().map(|account_type| {
                                let onchange = {
                                    let (form, submission) = (form.clone(), submission.clone());
                                    Callback::from(move |state: CheckboxState| {
                                        submission.edited();
                                        form.set(form.with_type(account_type, state.into()));
                                    })
                                };
                                html! {
                                    <Checkbox
                                        id={format!("organisation-type-{}", account_type.as_str())}
                                        label={account_type.label()}
                                        checked={form.has(account_type)}
                                        {onchange}
                                        disabled={busy}
                                    />
                                }
                            }) }
                        </div>
                    </LabelledField>
                    <ActionGroup>
                        <Button id="organisation-save" r#type={ButtonType::Submit}
                            variant={ButtonVariant::Primary} disabled={busy} loading={busy}>
                            { "Save details" }
                        </Button>
                    </ActionGroup>
                </Form>
                if submission.is_done() {
                    <div class="pf-v6-u-mt-md" role="status">
                        <Alert id="organisation-saved" inline=true r#type={AlertType::Success} title="Details saved." />
                    </div>
                }
            </CardBody>
        </Card>
    }
}
