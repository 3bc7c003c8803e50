//! One execution: who and what it is for, the operator's actions, the form of the step that
//! waits for input, and the step timeline. Reloads when the backend announces a transition
//! of this execution; an action's answer is shown at once, unless the page already shows a
//! later state.

use hyopps_contract::{
    AppRole, ExecutionActionRequest, ExecutionDetail, ExecutionSummary, StepForm,
};
use patternfly_yew::prelude::*;
use yew::prelude::*;
use yew_nested_router::components::Link;

use crate::components::{
    async_view, ExecutionActions, ExecutionStatusLabel, ExternalLink, StepFormView, StepTimeline,
    TimeText,
};
use crate::hooks::{use_execution_events, use_ordered_live_load, LiveUpdate};
use crate::ipc;
use crate::route::AppRoute;
use crate::state::execution_answer::is_older;
use crate::state::execution_list::or_dash;
use crate::state::partner::{
    fills_in, offers_admin_actions, waiting_for_operations_text, WAITING_FOR_OPERATIONS,
};

#[derive(Clone, PartialEq, Properties)]
pub struct ExecutionPageProps {
    /// The execution's id, from the route.
    pub id: AttrValue,
    /// Who looks: a partner admin is not offered Cancel / Complete by hand, and goes back to
    /// their organisation rather than to the executions list.
    #[prop_or(AppRole::Admin)]
    pub role: AppRole,
}

#[component]
pub fn ExecutionPage(props: &ExecutionPageProps) -> Html {
    let detail = use_ordered_live_load(
        props.id.to_string(),
        |execution_id: String, activity| {
            let request = ExecutionActionRequest { execution_id };
            async move { ipc::get_execution(&request, activity).await }
        },
        is_older,
    );
    let on_event = {
        let (id, refresh) = (props.id.clone(), detail.refresh.clone());
        Callback::from(move |update: LiveUpdate| {
            if update.concerns(&id) {
                refresh.emit(());
            }
        })
    };
    use_execution_events(on_event);

    let set = detail.set.clone();
    let role = props.role;
    let body = async_view(&detail.state, Some(detail.reload.clone()), |d| {
        view(d, set, role)
    });
    let (back, back_text) = match props.role {
        AppRole::Admin => (AppRoute::executions(), "← Executions"),
        AppRole::PartnerAdmin | AppRole::User => (AppRoute::Partner, "← My organisation"),
    };

    html! {
        <div id="page-execution">
            <PageSection>
                <Link<AppRoute> id="execution-back" to={back}>
                    { back_text }
                </Link<AppRoute>>
            </PageSection>
            { body }
        </div>
    }
}

/// A name that opens its page for an administrator (a partner admin has their organisation's
/// panel, not these pages); "—" when there is none.
fn linked(admin: bool, id: &str, name: &Option<String>, route: Option<AppRoute>) -> Html {
    match (name, route) {
        (Some(name), Some(to)) if admin => html! {
            <Link<AppRoute> id={id.to_string()} {to}>{ name.clone() }</Link<AppRoute>>
        },
        _ => html! { or_dash(name) },
    }
}

fn view(detail: &ExecutionDetail, on_changed: Callback<ExecutionDetail>, role: AppRole) -> Html {
    let summary = &detail.summary;
    let admin = offers_admin_actions(role);
    let operators_task = detail
        .form
        .as_ref()
        .filter(|form| !fills_in(role, form))
        .map(|form| form.step_order);
    html! {
        <>
            <PageSection>
                <div class="pf-v6-l-flex pf-m-align-items-center">
                    <Title level={Level::H1} size={Size::XXLarge}>{ summary.workflow_label.clone() }</Title>
                    <ExecutionStatusLabel id="execution-status" status={summary.status} />
                </div>
                <div class="pf-v6-u-mt-md">
                    <DescriptionList id="execution-facts" compact=true mode={WithBreakpoints::from(DescriptionListMode::Horizontal)}>
                        <DescriptionGroup term="Organisation">
                            { linked(admin, "execution-organisation", &summary.organization_name,
                                summary.organization_id.clone().map(AppRoute::organisation)) }
                        </DescriptionGroup>
                        <DescriptionGroup term="User">
                            { linked(admin, "execution-user", &summary.user_name,
                                summary.user_id.clone().map(AppRoute::user)) }
                        </DescriptionGroup>
                        <DescriptionGroup term="Requested by">{ or_dash(&summary.requested_by_name) }</DescriptionGroup>
                        <DescriptionGroup term="Created"><TimeText at={summary.created_at.clone()} /></DescriptionGroup>
                        <DescriptionGroup term="Updated"><TimeText at={summary.updated_at.clone()} /></DescriptionGroup>
                        if let Some(at) = summary.completed_at.clone() {
                            <DescriptionGroup term="Completed"><TimeText {at} /></DescriptionGroup>
                        }
                        if admin && !detail.system_links.is_empty() {
                            <DescriptionGroup term="In the systems">
                                <ul id="execution-system-links" class="pf-v6-c-list pf-m-plain">
                                    { for detail.system_links.iter().map(|link| html! {
                                        <li key={link.tool.as_str()}>
                                            <ExternalLink id={format!("execution-open-{}", link.tool.as_str())}
                                                href={link.url.clone()}>
                                                { format!("{} {}: {}", link.tool.label(), link.tool.group_noun(), link.name) }
                                            </ExternalLink>
                                        </li>
                                    }) }
                                </ul>
                            </DescriptionGroup>
                        }
                        if let Some(parent) = detail.parent_id.clone() {
                            <DescriptionGroup term="Part of">
                                <Link<AppRoute> id="execution-parent" to={AppRoute::execution(parent)}>
                                    { "the execution that started it" }
                                </Link<AppRoute>>
                            </DescriptionGroup>
                        }
                    </DescriptionList>
                    <details id="execution-details" class="pf-v6-u-mt-sm">
                        <summary>{ "Details" }</summary>
                        { "Execution id " }<code>{ summary.id.clone() }</code>
                    </details>
                </div>
                <div class="pf-v6-u-mt-md">
                    <ExecutionActions detail={detail.clone()} on_changed={on_changed.clone()} admin_actions={admin} />
                </div>
            </PageSection>
            if let Some(form) = detail.form.clone() {
                <PageSection>
                    if fills_in(role, &form) {
                        <StepFormView
                            key={format!("{}-{}", summary.id, form.step_order)}
                            execution_id={summary.id.clone()}
                            form={form.clone()}
                            on_submitted={on_changed}
                        />
                    } else {
                        { waiting_for_operations(&form) }
                    }
                </PageSection>
            }
            { children_view(&detail.children) }
            <PageSection>
                <Title level={Level::H2} size={Size::XLarge}>{ "Steps" }</Title>
                <div class="pf-v6-u-mt-md">
                    <StepTimeline steps={detail.steps.clone()} {operators_task} />
                </div>
            </PageSection>
        </>
    }
}

/// Instead of the form of a step only the operations team completes (on a partner admin's screen).
fn waiting_for_operations(form: &StepForm) -> Html {
    html! {
        <div id="step-waits-for-operations" role="status">
            <Alert inline=true r#type={AlertType::Info} title={WAITING_FOR_OPERATIONS}>
                <p>{ waiting_for_operations_text(form) }</p>
            </Alert>
        </div>
    }
}

/// The executions this one started (an organisation's offboarding: one per person), each with
/// its status and a link; this one waits until they have all ended.
fn children_view(children: &[ExecutionSummary]) -> Html {
    if children.is_empty() {
        return html!();
    }
    let ended = children.iter().filter(|c| c.status.is_terminal()).count();
    html! {
        <PageSection id="execution-children">
            <Title level={Level::H2} size={Size::XLarge}>{ "Started by this execution" }</Title>
            <p class="pf-v6-u-mt-sm pf-v6-u-color-200" id="execution-children-progress">
                { format!("{ended} of {} ended; the steps below wait until all have.", children.len()) }
            </p>
            <ul class="pf-v6-c-list pf-m-plain pf-v6-u-mt-md">
                { for children.iter().map(|child| html! {
                    <li key={child.id.clone()} class="pf-v6-u-mb-sm">
                        <Link<AppRoute> id={format!("execution-child-{}", child.id)} to={AppRoute::execution(child.id.clone())}>
                            { format!("{} · {}", or_dash(&child.user_name), child.workflow_label) }
                        </Link<AppRoute>>
                        { " " }
                        <ExecutionStatusLabel id={format!("execution-child-{}-status", child.id)} status={child.status} />
                    </li>
                }) }
            </ul>
        </PageSection>
    }
}
