//! Documentation links: the three addresses new_partner_user's last step emails to the
//! organisation's new people. The backend says which address it refuses, per field.

use hyopps_contract::OrganizationDetail;
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::ErrorAlert;
use crate::components::TextField;
use crate::hooks::use_submission;
use crate::ipc;
use crate::state::organisations::{DocumentationForm, DOCUMENTATION_FIELDS};

#[derive(Clone, PartialEq, Properties)]
pub struct DocumentationCardProps {
    pub detail: OrganizationDetail,
    pub on_changed: Callback<OrganizationDetail>,
}

#[component]
pub fn DocumentationCard(props: &DocumentationCardProps) -> Html {
    let form = {
        let links = props.detail.documentation.clone();
        use_state_eq(move || DocumentationForm::from_links(&links))
    };
    let submission = use_submission();
    {
        let form = form.clone();
        use_effect_with(props.detail.documentation.clone(), move |links| {
            form.set(DocumentationForm::from_links(links))
        });
    }

    let onsubmit = {
        let (form, submission) = (form.clone(), submission.clone());
        let (id, on_changed) = (props.detail.id.clone(), props.on_changed.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let request = form.to_request(&id);
            let on_changed = on_changed.clone();
            submission.run(
                async move { ipc::set_documentation_links(&request).await },
                move |detail| on_changed.emit(detail),
            );
        })
    };
    let busy = submission.is_pending();

    html! {
        <Card id="organisation-documentation">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ "Documentation links" }</Title>
            </CardTitle>
            <CardBody>
                <p class="pf-v6-u-mb-md pf-v6-u-color-200">
                    { "Emailed to each new user of the organisation. Leave a link empty to leave it out; each one set must be an http or https address." }
                </p>
                <Form id="documentation-form" {onsubmit}>
                    if let Some(error) = submission.error() {
                        <ErrorAlert id="documentation-error" {error} />
                    }
                    { for DOCUMENTATION_FIELDS.iter().map(|(field, label)| {
                        let onchange = {
                            let (form, submission, field) = (form.clone(), submission.clone(), *field);
                            Callback::from(move |value: String| {
                                submission.edited();
                                form.set(form.with(field, value));
                            })
                        };
                        html! {
                            <TextField
                                id={format!("documentation-{field}")}
                                label={*label}
                                r#type={TextInputType::Url}
                                value={form.value(field).to_owned()}
                                {onchange}
                                error={submission.field(field)}
                                disabled={busy}
                            />
                        }
                    }) }
                    <ActionGroup>
                        <Button id="documentation-save" r#type={ButtonType::Submit}
                            variant={ButtonVariant::Primary} disabled={busy} loading={busy}>
                            { "Save links" }
                        </Button>
                    </ActionGroup>
                </Form>
                if submission.is_done() {
                    <div class="pf-v6-u-mt-md" role="status">
                        <Alert id="documentation-saved" inline=true r#type={AlertType::Success} title="Documentation links saved." />
                    </div>
                }
            </CardBody>
        </Card>
    }
}
