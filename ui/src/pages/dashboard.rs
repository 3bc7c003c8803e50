//! The admin's start screen: start a workflow, the executions that need attention (awaiting
//! input, failed) or just finished, and what the latest access check found. Refreshes on every
//! execution transition.

use hyopps_contract::{
    AccessCheckRun, CurrentUser, DashboardSummary, StartExecutionRequest, WireError, WorkflowInfo,
};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_nested_router::components::Link;
use yew_nested_router::prelude::use_router;

use crate::components::{async_view, ErrorAlert, ExecutionLinks, TimeText};
use crate::hooks::{use_execution_events, use_live_load, use_load};
use crate::ipc;
use crate::route::AppRoute;

#[derive(Clone, PartialEq, Properties)]
pub struct DashboardPageProps {
    pub user: CurrentUser,
}

#[component]
pub fn DashboardPage(props: &DashboardPageProps) -> Html {
    let workflows = use_load((), |()| ipc::list_workflows());
    let summary = use_live_load((), |(), activity| ipc::dashboard_summary(activity));
    use_execution_events(summary.refresh.reform(|_| ()));

    let panels = async_view(&summary.state, Some(summary.reload.clone()), panels);
    let start = async_view(&workflows.state, Some(workflows.reload.clone()), |list| {
        html! { <StartWorkflow workflows={list.clone()} /> }
    });

    html! {
        <div id="page-dashboard">
            <PageSection>
                <Title level={Level::H1} size={Size::XXLarge}>{ "Dashboard" }</Title>
                <p id="dashboard-welcome" class="pf-v6-u-mt-sm">
                    { format!("Signed in as {}", props.user.display_name) }
                </p>
            </PageSection>
            <PageSection>{ start }</PageSection>
            <PageSection>{ panels }</PageSection>
        </div>
    }
}

fn panels(summary: &DashboardSummary) -> Html {
    html! {
        <Gallery gutter=true>
            <Panel id="dashboard-awaiting" title="Awaiting input">
                <ExecutionLinks id="dashboard-awaiting" items={summary.awaiting_input.clone()}
                    empty="No executions are waiting for input." />
            </Panel>
            <Panel id="dashboard-failed" title="Failed">
                <ExecutionLinks id="dashboard-failed" items={summary.failed.clone()}
                    empty="No executions have a failed step." retry=true />
            </Panel>
            <Panel id="dashboard-completed" title="Recently completed">
                <ExecutionLinks id="dashboard-completed" items={summary.recently_completed.clone()}
                    empty="No executions have completed yet." completed=true />
            </Panel>
            if let Some(run) = &summary.access_check {
                <Panel id="dashboard-access" title="Access check">
                    <p id="dashboard-access-differences">
                        { differences_text(run) }
                    </p>
                    <p class="pf-v6-u-font-size-sm pf-v6-u-color-200">
                        { "Checked " }<TimeText at={run.finished_at.clone()} />
                    </p>
                    <Link<AppRoute> id="dashboard-access-open" to={AppRoute::Access}>
                        { "Open the access check" }
                    </Link<AppRoute>>
                </Panel>
            }
        </Gallery>
    }
}

/// "3 differences, 1 new since the check before."
fn differences_text(run: &AccessCheckRun) -> String {
    let all = match run.differences {
        0 => "No differences: every system agreed with HyOpps's record.".to_string(),
        1 => "1 difference".to_string(),
        n => format!("{n} differences"),
    };
    match (run.differences, run.new_differences) {
        (0, _) => all,
        (_, 0) => format!("{all}, none new since the check before."),
        (_, new) => format!("{all}, {new} new since the check before."),
    }
}

#[derive(Clone, PartialEq, Properties)]
struct PanelProps {
    id: AttrValue,
    title: AttrValue,
    #[prop_or_default]
    children: Html,
}

#[component]
fn Panel(props: &PanelProps) -> Html {
    html! {
        <Card id={props.id.clone()}>
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ props.title.clone() }</Title>
            </CardTitle>
            <CardBody>{ props.children.clone() }</CardBody>
        </Card>
    }
}

#[derive(Clone, PartialEq, Properties)]
struct StartWorkflowProps {
    workflows: Vec<WorkflowInfo>,
}

/// One Start button per workflow; a started execution opens at once on its detail.
#[component]
fn StartWorkflow(props: &StartWorkflowProps) -> Html {
    let router = use_router::<AppRoute>();
    let starting = use_state_eq(|| None::<String>);
    let error = use_state_eq(|| None::<WireError>);

    let start = |workflow: &str| {
        let (starting, error, router) = (starting.clone(), error.clone(), router.clone());
        let workflow = workflow.to_owned();
        Callback::from(move |_: MouseEvent| {
            if starting.is_some() {
                return;
            }
            starting.set(Some(workflow.clone()));
            error.set(None);
            let request = StartExecutionRequest {
                workflow: workflow.clone(),
            };
            let (starting, error, router) = (starting.clone(), error.clone(), router.clone());
            spawn_local(async move {
                let result = ipc::start_execution(&request).await;
                starting.set(None);
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
        <Card id="dashboard-workflows">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ "Start a workflow" }</Title>
            </CardTitle>
            <CardBody>
                if let Some(error) = (*error).clone() {
                    <ErrorAlert id="dashboard-start-error" {error} />
                }
                if props.workflows.is_empty() {
                    <p class="pf-v6-u-color-200">{ "No workflows are available to start." }</p>
                }
                <ul class="pf-v6-c-list pf-m-plain">
                    { for props.workflows.iter().filter(|w| !w.starts_from_a_person).map(|workflow| {
                        let busy = starting.as_deref() == Some(workflow.name.as_str());
                        html! {
                            <li key={workflow.name.clone()} class="pf-v6-u-mb-md">
                                <div class="pf-v6-l-flex pf-m-align-items-center">
                                    <div>
                                        <Button
                                            id={format!("start-{}", workflow.name)}
                                            variant={ButtonVariant::Primary}
                                            onclick={start(&workflow.name)}
                                            disabled={starting.is_some()}
                                            loading={busy}
                                        >
                                            { format!("Start: {}", workflow.label) }
                                        </Button>
                                    </div>
                                    <div>
                                        <strong>{ workflow.label.clone() }</strong>
                                        { format!(" · {} steps", workflow.steps.len()) }
                                        <div class="pf-v6-u-color-200">{ workflow.description.clone() }</div>
                                    </div>
                                </div>
                            </li>
                        }
                    }) }
                </ul>
            </CardBody>
        </Card>
    }
}
