//! Adding a Studio company, and editing one in its table row. Each answers with the
//! organisation as stored, handed up with what to tell the admin.

use hyopps_contract::{OrganizationDetail, StudioCompany};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::studio_company_fields::{FieldMessages, StudioCompanyFields};
use crate::components::ErrorAlert;
use crate::hooks::use_submission;
use crate::ipc;
use crate::state::organisations::StudioCompanyForm;

#[derive(Clone, PartialEq, Properties)]
pub struct AddStudioCompanyProps {
    pub organization_id: AttrValue,
    /// The organisation as stored, and the message to show.
    pub on_done: Callback<(OrganizationDetail, String)>,
}

#[component]
pub fn AddStudioCompany(props: &AddStudioCompanyProps) -> Html {
    let form = use_state_eq(StudioCompanyForm::default);
    let submission = use_submission();
    let onsubmit = {
        let (form, submission) = (form.clone(), submission.clone());
        let (id, on_done) = (props.organization_id.clone(), props.on_done.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match form.to_add_request(&id) {
                Err(errors) => submission.refuse(errors),
                Ok(request) => {
                    let (form, on_done) = (form.clone(), on_done.clone());
                    let name = request.name.clone();
                    submission.run(
                        async move { ipc::add_studio_company(&request).await },
                        move |detail| {
                            form.set(StudioCompanyForm::default());
                            on_done.emit((
                                detail,
                                format!("Studio company \u{201c}{name}\u{201d} added."),
                            ));
                        },
                    );
                }
            }
        })
    };
    let on_change = {
        let form = form.clone();
        Callback::from(move |next| form.set(next))
    };
    let busy = submission.is_pending();
    html! {
        <Form id="studio-company-new" {onsubmit}>
            <Title level={Level::H3} size={Size::Medium}>{ "Add a Studio company" }</Title>
            if let Some(error) = submission.error() {
                <ErrorAlert id="studio-company-new-error" {error} />
            }
            <StudioCompanyFields id_prefix="studio-company-new" form={(*form).clone()} {on_change}
                errors={FieldMessages::of(&submission)} {busy} />
            <ActionGroup>
                <Button id="studio-company-add" r#type={ButtonType::Submit}
                    variant={ButtonVariant::Secondary} disabled={busy} loading={busy}>
                    { "Add company" }
                </Button>
            </ActionGroup>
        </Form>
    }
}

#[derive(Clone, PartialEq, Properties)]
pub struct EditStudioCompanyRowProps {
    pub company: StudioCompany,
    /// How many columns the row spans.
    pub columns: usize,
    pub on_done: Callback<(OrganizationDetail, String)>,
    pub on_cancel: Callback<()>,
}

/// The company's row, turned into its form; the row keeps its id `studio-company-<id>`.
#[component]
pub fn EditStudioCompanyRow(props: &EditStudioCompanyRowProps) -> Html {
    let company = &props.company;
    let form = {
        let company = company.clone();
        use_state_eq(move || StudioCompanyForm::from_company(&company))
    };
    let submission = use_submission();
    let onsubmit = {
        let (form, submission) = (form.clone(), submission.clone());
        let (id, on_done) = (company.id.clone(), props.on_done.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            match form.to_update_request(&id) {
                Err(errors) => submission.refuse(errors),
                Ok(request) => {
                    let on_done = on_done.clone();
                    let name = request.name.clone();
                    submission.run(
                        async move { ipc::update_studio_company(&request).await },
                        move |detail| {
                            on_done.emit((
                                detail,
                                format!("Studio company \u{201c}{name}\u{201d} saved."),
                            ))
                        },
                    );
                }
            }
        })
    };
    let on_change = {
        let form = form.clone();
        Callback::from(move |next| form.set(next))
    };
    let busy = submission.is_pending();
    let prefix = format!("studio-company-{}", company.id);
    html! {
        <tr id={prefix.clone()} class="pf-v6-c-table__tr" data-editing="true">
            <td class="pf-v6-c-table__td" colspan={props.columns.to_string()}>
                <Form id={format!("{prefix}-form")} {onsubmit}>
                    if let Some(error) = submission.error() {
                        <ErrorAlert id={AttrValue::from(format!("{prefix}-error"))} {error} />
                    }
                    <StudioCompanyFields id_prefix={prefix.clone()} form={(*form).clone()} {on_change}
                        errors={FieldMessages::of(&submission)} {busy} />
                    <ActionGroup>
                        <Button id={format!("{prefix}-save")} r#type={ButtonType::Submit}
                            variant={ButtonVariant::Primary} disabled={busy} loading={busy}>
                            { "Save" }
                        </Button>
                        <Button id={format!("{prefix}-cancel")} variant={ButtonVariant::Link}
                            onclick={props.on_cancel.reform(|_| ())} disabled={busy}>
                            { "Cancel" }
                        </Button>
                    </ActionGroup>
                </Form>
            </td>
        </tr>
    }
}
