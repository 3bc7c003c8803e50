//! The partner admin's panel: their organisation, its people ("Add user" starts
//! `new_partner_user` at its user-details step, "Add people from a file…" many at once), and
//! its executions. The organisation is the
//! session's: the backend picks it, the UI never names it. Refreshes on every execution
//! transition (a finished execution may have added a user).

use hyopps_contract::{
    CurrentUser, ExecutionStatus, OrganizationView, PartnerOverview, PersonView,
    StartExecutionRequest, WireError,
};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_nested_router::prelude::use_router;

use crate::components::{
    async_view, filter_change, people_table, EmptyText, ErrorAlert, ExecutionsTable, ExternalLink,
    ListResults, PeopleImportCard, UserOffboard,
};
use crate::hooks::{use_execution_events, use_live_load};
use crate::ipc;
use crate::route::AppRoute;
use crate::state::partner::{account_types_text, doc_links, environment_label, NO_DOCS};
use crate::state::ListFilter;

/// The only workflow a partner admin starts.
const NEW_PARTNER_USER: &str = "new_partner_user";

const EXECUTIONS: ListResults = ListResults {
    id_prefix: "partner-executions",
    empty_id: Some("partner-executions-empty"),
    nothing_yet: EmptyText {
        title: "No executions yet.",
        body: "Each \"Add user\" starts an execution; it will be listed here.",
    },
    nothing_matches: EmptyText {
        title: "No executions have this status.",
        body: "Choose another status, or all statuses, to see the others.",
    },
};

#[derive(Clone, PartialEq, Properties)]
pub struct PartnerPageProps {
    pub user: CurrentUser,
}

#[component]
pub fn PartnerPage(props: &PartnerPageProps) -> Html {
    let overview = use_live_load((), |(), activity| ipc::partner_overview(activity));
    let filter = use_state_eq(ListFilter::default);
    let executions = use_live_load((*filter).clone(), |filter: ListFilter, activity| {
        // The backend narrows it to the session's organisation and its people's workflows.
        let request = filter.to_request();
        async move { ipc::list_executions(&request, activity).await }
    });
    {
        let (overview, executions) = (overview.refresh.clone(), executions.refresh.clone());
        use_execution_events(Callback::from(move |_| {
            executions.emit(());
            overview.emit(());
        }));
    }

    let on_status = filter_change(&filter, |f, key: Option<String>| {
        f.with_status(key.as_deref().and_then(ExecutionStatus::parse))
    });
    let go_to = filter_change(&filter, ListFilter::with_page);
    let narrowed = filter.is_narrowed();
    let list = async_view(
        &executions.state,
        Some(executions.reload.clone()),
        |result| {
            EXECUTIONS.view(
                result,
                narrowed,
                &go_to,
                |items| html! { <ExecutionsTable {items} /> },
            )
        },
    );
    let me = props.user.id.clone();
    let panel = async_view(&overview.state, Some(overview.reload.clone()), |o| {
        overview_cards(o, &me)
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

fn overview_cards(overview: &PartnerOverview, me: &str) -> Html {
    html! {
        <>
            <PageSection>{ organisation_card(&overview.organization) }</PageSection>
            <PageSection>
                <UsersCard users={overview.users.clone()} me={me.to_owned()} />
            </PageSection>
            <PageSection><PeopleImportCard /></PageSection>
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
                                        <ExternalLink id={format!("partner-doc-{i}")} href={doc.url.clone()}>
                                            { doc.label.clone() }
                                        </ExternalLink>
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
    /// The signed-in partner admin, who cannot offboard themselves.
    me: String,
}

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
                    { people_table("partner-users-table", "partner-user-", &props.users, |person| html! {
                        person.display_name.clone()
                    }, Some(&|person: &PersonView| offboard_action(person, &props.me))) }
                }
            </CardBody>
        </Card>
    }
}

/// "Offboard…" for each of the organisation's people but the partner admin themselves; the
/// operations team approves before anything is removed.
fn offboard_action(person: &PersonView, me: &str) -> Html {
    if person.id == me {
        return html!();
    }
    html! {
        <UserOffboard
            id={format!("partner-offboard-{}", person.id)}
            user_id={person.id.clone()}
            name={person.display_name.clone()}
            needs_approval=true
            small=true
        />
    }
}
