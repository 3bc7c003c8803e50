//! Studio companies: the organisation's TEST and PROD companies, each edited in its row or
//! removed after a confirmation, and a form to add one.

use hyopps_contract::{
    OrganizationDetail, StudioCompany, StudioCompanyIdRequest, StudioEnvironment,
};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use super::studio_company_forms::{AddStudioCompany, EditStudioCompanyRow};
use crate::components::{plain_table, table_cell, DangerModal};
use crate::hooks::use_submission;
use crate::ipc;

#[derive(Clone, PartialEq, Properties)]
pub struct StudioCompaniesCardProps {
    pub detail: OrganizationDetail,
    pub on_changed: Callback<OrganizationDetail>,
}

const COLUMNS: [&str; 4] = ["Name", "Environment", "Studio id", ""];

#[component]
pub fn StudioCompaniesCard(props: &StudioCompaniesCardProps) -> Html {
    let editing = use_state_eq(|| None::<String>);
    let removing = use_state_eq(|| None::<StudioCompany>);
    let notice = use_state_eq(|| None::<String>);
    let removal = use_submission();

    // A form (add or edit) went through: show the organisation as stored and say so.
    let on_done = {
        let (editing, notice, on_changed) =
            (editing.clone(), notice.clone(), props.on_changed.clone());
        Callback::from(move |(detail, message): (OrganizationDetail, String)| {
            editing.set(None);
            notice.set(Some(message));
            on_changed.emit(detail);
        })
    };
    let on_remove_confirmed = {
        let (removing, notice, removal) = (removing.clone(), notice.clone(), removal.clone());
        let on_changed = props.on_changed.clone();
        Callback::from(move |()| {
            let Some(company) = (*removing).clone() else {
                return;
            };
            let request = StudioCompanyIdRequest {
                studio_company_id: company.id.clone(),
            };
            let (removing, notice, on_changed) =
                (removing.clone(), notice.clone(), on_changed.clone());
            removal.run(
                async move { ipc::remove_studio_company(&request).await },
                move |detail| {
                    removing.set(None);
                    notice.set(Some(format!(
                        "Studio company \u{201c}{}\u{201d} removed.",
                        company.name
                    )));
                    on_changed.emit(detail);
                },
            );
        })
    };
    let on_remove_cancelled = {
        let (removing, removal) = (removing.clone(), removal.clone());
        Callback::from(move |()| {
            removal.clear();
            removing.set(None);
        })
    };
    let start = |state: &UseStateHandle<Option<String>>| {
        let (state, notice) = (state.clone(), notice.clone());
        move |id: String| {
            let (state, notice) = (state.clone(), notice.clone());
            Callback::from(move |_: MouseEvent| {
                notice.set(None);
                state.set(Some(id.clone()));
            })
        }
    };
    let edit = start(&editing);
    let ask_removal = |company: &StudioCompany| {
        let (removing, notice, removal) = (removing.clone(), notice.clone(), removal.clone());
        let company = company.clone();
        Callback::from(move |_: MouseEvent| {
            removal.clear();
            notice.set(None);
            removing.set(Some(company.clone()));
        })
    };
    let on_cancel_edit = {
        let editing = editing.clone();
        Callback::from(move |()| editing.set(None))
    };
    let companies = &props.detail.studio_companies;
    let rows = companies
        .iter()
        .map(|company| match editing.as_deref() == Some(company.id.as_str()) {
            true => html! {
                <EditStudioCompanyRow key={company.id.clone()} company={company.clone()}
                    columns={COLUMNS.len()} on_done={on_done.clone()} on_cancel={on_cancel_edit.clone()} />
            },
            false => company_row(company, edit(company.id.clone()), ask_removal(company)),
        })
        .collect();

    html! {
        <Card id="organisation-studio-companies">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ "Studio companies" }</Title>
            </CardTitle>
            <CardBody>
                if let Some(message) = (*notice).clone() {
                    <div class="pf-v6-u-mb-md" role="status">
                        <Alert id="studio-companies-notice" inline=true r#type={AlertType::Success} title={message} />
                    </div>
                }
                if companies.is_empty() {
                    <p id="studio-companies-empty" class="pf-v6-u-color-200">
                        { "No Studio companies are linked yet. new_partner adds its TEST and PROD companies; you can add them here too." }
                    </p>
                } else {
                    { plain_table("studio-companies-table", &COLUMNS, rows) }
                }
                <div class="pf-v6-u-mt-lg">
                    <AddStudioCompany organization_id={props.detail.id.clone()} on_done={on_done.clone()} />
                </div>
                if let Some(company) = (*removing).clone() {
                    <DangerModal
                        id="studio-company-remove-modal"
                        title={format!("Remove the Studio company \u{201c}{}\u{201d}?", company.name)}
                        confirm_id="confirm-remove"
                        confirm_label="Remove company"
                        cancel_id="confirm-remove-cancel"
                        on_confirm={on_remove_confirmed}
                        on_cancel={on_remove_cancelled}
                        busy={removal.is_pending()}
                        error={removal.error()}
                    >
                        <p>
                            { format!("{} ({}, Studio id {}) is removed from this organisation, and people's access to it in HyOpps with it. ",
                                company.name, company.environment.label(), company.studio_id) }
                            { "Nothing changes in Studio itself." }
                        </p>
                    </DangerModal>
                }
            </CardBody>
        </Card>
    }
}

fn company_row(
    company: &StudioCompany,
    on_edit: Callback<MouseEvent>,
    on_remove: Callback<MouseEvent>,
) -> Html {
    let id = format!("studio-company-{}", company.id);
    html! {
        <tr key={company.id.clone()} id={id.clone()} class="pf-v6-c-table__tr">
            { table_cell(COLUMNS[0], html! { <span id={format!("{id}-name-text")}>{ company.name.clone() }</span> }) }
            { table_cell(COLUMNS[1], html! {
                <span id={format!("{id}-environment-text")} data-environment={company.environment.as_str()}>
                    <Label label={company.environment.label()} compact=true
                        color={match company.environment { StudioEnvironment::Prod => Color::Purple, StudioEnvironment::Test => Color::Grey }} />
                </span>
            }) }
            { table_cell(COLUMNS[2], html! { <code id={format!("{id}-studio_id-text")}>{ company.studio_id.clone() }</code> }) }
            { table_cell("Actions", html! {
                <div class="pf-v6-l-flex pf-m-gap-sm">
                    <Button id={format!("studio-company-edit-{}", company.id)} variant={ButtonVariant::Secondary}
                        size={ButtonSize::Small} onclick={on_edit}>
                        { "Edit" }
                    </Button>
                    <Button id={format!("studio-company-remove-{}", company.id)} variant={ButtonVariant::DangerSecondary}
                        size={ButtonSize::Small} onclick={on_remove}>
                        { "Remove" }
                    </Button>
                </div>
            }) }
        </tr>
    }
}
