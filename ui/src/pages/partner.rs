//! The partner admin's panel: their organisation, its people ("Add user" starts
//! `new_partner_user` at its user-details step), and its executions. The organisation is the
//! session's: the backend picks it, the UI never names it. Refreshes on every execution
//! transition (a finished execution may have added a user).

use hyopps_contract::{
    CurrentUser, ExecutionStatus, ExecutionSummary, OrganizationView, Page, PartnerOverview,
    PersonView, StartExecutionRequest, WireError,
};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_nested_router::prelude::use_router;

use crate::components::{async_view, Empty, ErrorAlert, ExecutionsTable, PagingBar};
use crate::hooks::{use_execution_events, use_load};
use crate::ipc;
use crate::route::AppRoute;
use crate::state::partner::{
    access_labels, account_types_text, doc_links, environment_label, NO_DOCS,
};
use crate::state::{ListFilter, Paging};

/// The only workflow a partner admin starts.
const NEW_PARTNER_USER: &str = "new_partner_user";

#[derive(Clone, PartialEq, Properties)]
pub struct PartnerPageProps {
    pub user: CurrentUser,
}

#[component]
pub fn PartnerPage(props: &PartnerPageProps) -> Html {
    let overview = use_load((), |()| ipc::partner_overview());
    let filter = use_state_eq(ListFilter::default);
    let executions = use_load((*filter).clone(), |filter: ListFilter| {
        // The backend narrows it to the session's organisation and new_partner_user.
        let request = filter.to_request();
        async move { ipc::list_executions(&request).await }
    });
    {
        let (overview, executions) = (overview.reload.clone(), executions.reload.clone());
        use_execution_events(Callback::from(move |_| {
            executions.emit(());
            overview.emit(());
        }));
    }

    let on_status = {
        let filter = filter.clone();
        Callback::from(move |key: Option<String>| {
            filter.set(filter.with_status(key.as_deref().and_then(ExecutionStatus::parse)))
        })
    };
    let go_to = |page_number: u32| {
        let filter = filter.clone();
        Callback::from(move |_: MouseEvent| filter.set(filter.with_page(page_number)))
    };
    let narrowed = filter.is_narrowed();
    let list = async_view(
        &executions.state,
        Some(executions.reload.clone()),
        |result| {
            execution_results(
                result,
                narrowed,
                go_to(result.page.saturating_sub(1)),
                go_to(result.page + 1),
            )
        },
    );
    let panel = async_view(&overview.state, Some(overview.reload.clone()), |o| {
        overview_cards(o)
    });

    html! {
        <div id="page-partner">
            <PageSection>
                <Title level={Level::H1} size={Size::XXLarge}>{ "My organisation" }</Title>
                <p id="partner-welcome" class="pf-v6-u-mt-sm pf-v6-u-color-200">
                    { format!("Signed in as {}", props.user.display_name) }
                </p>
            </PageSection>
            { panel }
            <PageSection>
                <Card id="partner-executions">
                    <CardTitle>
                        <div class="pf-v6-l-flex pf-m-align-items-center">
                            <Title level={Level::H2} size={Size::Large}>{ "Executions" }</Title>
                            <div>
                                <FormSelect<String>
                                    id="partner-executions-filter-status"
                                    value={filter.status.map(|s| s.as_str().to_owned())}
                                    onchange={on_status}
                                    placeholder="All statuses"
                                >
                                    { for ExecutionStatus::ALL.iter().map(|status| html_nested! {
                                        <FormSelectOption<String>
                                            value={status.as_str().to_owned()}
                                            description={status.label().to_owned()}
                                        />
                                    }) }
                                </FormSelect<String>>
                            </div>
                        </div>
                    </CardTitle>
                    <CardBody>{ list }</CardBody>
                </Card>
            </PageSection>
        </div>
    }
}

fn overview_cards(overview: &PartnerOverview) -> Html {
    html! {
        <>
            <PageSection>{ organisation_card(&overview.organization) }</PageSection>
            <PageSection>
                <UsersCard users={overview.users.clone()} />
            </PageSection>
        </>
    }
}

fn organisation_card(organisation: &OrganizationView) -> Html {
    let docs = doc_links(&organisation.documentation);
    html! {
        <Card id="partner-organisation">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>
                    <span id="partner-organisation-name">{ organisation.name.clone() }</span>
                </Title>
            </CardTitle>
            <CardBody>
                <DescriptionList compact=true mode={WithBreakpoints::from(DescriptionListMode::Horizontal)}>
                    <DescriptionGroup term="Account types">
                        <span id="partner-account-types">{ account_types_text(&organisation.account_types) }</span>
                    </DescriptionGroup>
                    <DescriptionGroup term="Studio companies">
                        <div id="partner-studio-companies">
                            if organisation.studio_companies.is_empty() {
                                <span class="pf-v6-u-color-200">{ "No Studio companies are linked yet." }</span>
                            }
                            <ul class="pf-v6-c-list pf-m-plain">
                                { for organisation.studio_companies.iter().map(|company| html! {
                                    <li key={company.studio_id.clone()}
                                        id={format!("partner-studio-company-{}", company.studio_id)}>
                                        <strong>{ company.name.clone() }</strong>
                                        { " " }
                                        <Label label={environment_label(&company.environment)} compact=true
                                            color={match company.environment.trim() {
                                                "prod" => Color::Purple,
                                                _ => Color::Grey,
                                            }} />
                                        <span class="pf-v6-u-color-200">{ " Studio id " }</span>
                                        <code>{ company.studio_id.clone() }</code>
                                    </li>
                                }) }
                            </ul>
                        </div>
                    </DescriptionGroup>
                    <DescriptionGroup term="Documentation">
                        <div id="partner-docs">
                            if docs.is_empty() {
                                <span id="partner-docs-empty" class="pf-v6-u-color-200">{ NO_DOCS }</span>
                            }
                            <ul class="pf-v6-c-list pf-m-plain">
                                { for docs.iter().enumerate().map(|(i, doc)| html! {
                                    <li key={i}>
                                        <a id={format!("partner-doc-{i}")} href={doc.url.clone()}
                                            target="_blank" rel="noopener noreferrer">
                                            { doc.label.clone() }
                                        </a>
                                        // The address is shown too: a partner admin may need to pass it on.
                                        if doc.label != doc.url {
                                            <span class="pf-v6-u-font-size-sm pf-v6-u-color-200">
                                                { format!(" {}", doc.url) }
                                            </span>
                                        }
                                    </li>
                                }) }
                            </ul>
                        </div>
                    </DescriptionGroup>
                </DescriptionList>
            </CardBody>
        </Card>
    }
}

#[derive(Clone, PartialEq, Properties)]
struct UsersCardProps {
    users: Vec<PersonView>,
}

const USER_COLUMNS: [&str; 4] = ["Name", "Email", "Role", "Access"];

/// The organisation's people, and "Add user": it starts `new_partner_user` (whose first step
/// the backend completes for the session's organisation) and opens it at the user-details form.
#[component]
fn UsersCard(props: &UsersCardProps) -> Html {
    let router = use_router::<AppRoute>();
    let starting = use_state_eq(|| false);
    let error = use_state_eq(|| None::<WireError>);

    let on_add = {
        let (starting, error) = (starting.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            if *starting {
                return;
            }
            starting.set(true);
            error.set(None);
            let request = StartExecutionRequest {
                workflow: NEW_PARTNER_USER.to_owned(),
            };
            let (starting, error, router) = (starting.clone(), error.clone(), router.clone());
            spawn_local(async move {
                let result = ipc::start_execution(&request).await;
                starting.set(false);
                match result {
                    Ok(detail) => {
                        if let Some(router) = &router {
                            router.push(AppRoute::execution(detail.summary.id));
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };

    html! {
        <Card id="partner-users">
            <CardTitle>
                <div class="pf-v6-l-flex pf-m-align-items-center">
                    <Title level={Level::H2} size={Size::Large}>{ "Users" }</Title>
                    <div>
                        <Button id="partner-add-user" variant={ButtonVariant::Primary}
                            onclick={on_add} disabled={*starting} loading={*starting}>
                            { "Add user" }
                        </Button>
                    </div>
                </div>
            </CardTitle>
            <CardBody>
                if let Some(error) = (*error).clone() {
                    <ErrorAlert id="partner-add-user-error" {error} />
                }
                if props.users.is_empty() {
                    <p id="partner-users-empty" class="pf-v6-u-color-200">
                        { "No users are listed for your organisation yet. \"Add user\" starts adding one." }
                    </p>
                } else {
                    { users_table(&props.users) }
                }
            </CardBody>
        </Card>
    }
}

fn users_table(users: &[PersonView]) -> Html {
    let cell = |label: &'static str, content: Html| {
        html! {
            <td class="pf-v6-c-table__td" data-label={label}>{ content }</td>
        }
    };
    html! {
        <table id="partner-users-table" class="pf-v6-c-table pf-m-grid-md pf-m-compact" role="grid">
            <thead class="pf-v6-c-table__thead">
                <tr class="pf-v6-c-table__tr">
                    { for USER_COLUMNS.iter().map(|c| html! { <th class="pf-v6-c-table__th" scope="col">{ *c }</th> }) }
                </tr>
            </thead>
            <tbody class="pf-v6-c-table__tbody">
                { for users.iter().map(|person| {
                    let access = access_labels(&person.access);
                    html! {
                        <tr key={person.id.clone()} id={format!("partner-user-{}", person.id)} class="pf-v6-c-table__tr">
                            { cell(USER_COLUMNS[0], html! { person.display_name.clone() }) }
                            { cell(USER_COLUMNS[1], html! { person.email.clone() }) }
                            { cell(USER_COLUMNS[2], html! { person.app_role.label() }) }
                            { cell(USER_COLUMNS[3], html! {
                                if access.is_empty() {
                                    <span class="pf-v6-u-color-200">{ "None yet" }</span>
                                } else {
                                    <div class="pf-v6-l-flex pf-m-gap-sm">
                                        { for access.into_iter().map(|name| html! {
                                            <Label label={name} compact=true />
                                        }) }
                                    </div>
                                }
                            }) }
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

fn execution_results(
    result: &Page<ExecutionSummary>,
    narrowed: bool,
    previous: Callback<MouseEvent>,
    next: Callback<MouseEvent>,
) -> Html {
    if result.total == 0 {
        let (title, body) = match narrowed {
            true => (
                "No executions have this status.",
                "Choose another status, or all statuses, to see the others.",
            ),
            false => (
                "No executions yet.",
                "Each \"Add user\" starts an execution; it will be listed here.",
            ),
        };
        return html! {
            <div id="partner-executions-empty"><Empty {title} {body} /></div>
        };
    }
    let paging = Paging {
        page: result.page,
        page_size: result.page_size,
        total: result.total,
    };
    html! {
        <>
            <ExecutionsTable items={result.items.clone()} />
            <PagingBar id_prefix="partner-executions" {paging} on_previous={previous} on_next={next} />
        </>
    }
}
