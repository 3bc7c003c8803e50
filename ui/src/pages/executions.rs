//! Executions: every workflow execution, filtered by status and workflow, searched, a page at
//! a time; a row opens its detail. Refreshes on every execution transition.

use hyopps_contract::{ExecutionStatus, ExecutionSummary, Page, WorkflowInfo};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{async_view, Empty, ExecutionsTable, PagingBar};
use crate::hooks::{use_execution_events, use_load};
use crate::ipc;
use crate::state::{ListFilter, Paging};

#[component]
pub fn ExecutionsPage() -> Html {
    let filter = use_state_eq(ListFilter::default);
    // The search as typed; it applies on Enter, not on every key.
    let typed = use_state_eq(String::new);
    let page = use_load((*filter).clone(), |filter: ListFilter| {
        let request = filter.to_request();
        async move { ipc::list_executions(&request).await }
    });
    // Only for the workflow filter's choices; without them the list still works.
    let workflows = use_load((), |()| ipc::list_workflows());
    use_execution_events(page.reload.reform(|_| ()));

    let set_filter = |change: fn(&ListFilter, Option<String>) -> ListFilter| {
        let filter = filter.clone();
        Callback::from(move |value: Option<String>| filter.set(change(&filter, value)))
    };
    let on_status =
        set_filter(|f, key| f.with_status(key.as_deref().and_then(ExecutionStatus::parse)));
    let on_workflow = set_filter(ListFilter::with_workflow);
    let on_typed = {
        let typed = typed.clone();
        Callback::from(move |value: String| typed.set(value))
    };
    let on_search = {
        let (filter, typed) = (filter.clone(), typed.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            filter.set(filter.with_search(&typed));
        })
    };
    let go_to = |page_number: u32| {
        let filter = filter.clone();
        Callback::from(move |_: MouseEvent| filter.set(filter.with_page(page_number)))
    };

    let narrowed = filter.is_narrowed();
    let list = async_view(&page.state, Some(page.reload.clone()), |result| {
        results(
            result,
            narrowed,
            go_to(result.page.saturating_sub(1)),
            go_to(result.page + 1),
        )
    });
    let workflow_choices = workflows.state.ready().cloned().unwrap_or_default();

    html! {
        <div id="page-executions">
            <PageSection>
                <Title level={Level::H1} size={Size::XXLarge}>{ "Executions" }</Title>
            </PageSection>
            <PageSection>
                <div class="pf-v6-l-flex pf-m-align-items-center">
                    <div>
                        <FormSelect<String>
                            id="executions-filter-status"
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
                    <div>
                        { workflow_select(&workflow_choices, filter.workflow.clone(), on_workflow) }
                    </div>
                    <div>
                        <form id="executions-search-form" onsubmit={on_search}>
                            <TextInput
                                id="executions-search"
                                r#type={TextInputType::Search}
                                value={(*typed).clone()}
                                onchange={on_typed}
                                placeholder="Search organisation, user, email or id; Enter to apply"
                            />
                        </form>
                    </div>
                </div>
            </PageSection>
            <PageSection>{ list }</PageSection>
        </div>
    }
}

fn workflow_select(
    workflows: &[WorkflowInfo],
    value: Option<String>,
    onchange: Callback<Option<String>>,
) -> Html {
    html! {
        <FormSelect<String>
            id="executions-filter-workflow"
            {value}
            {onchange}
            placeholder="All workflows"
        >
            { for workflows.iter().map(|workflow| html_nested! {
                <FormSelectOption<String>
                    value={workflow.name.clone()}
                    description={workflow.label.clone()}
                />
            }) }
        </FormSelect<String>>
    }
}

fn results(
    result: &Page<ExecutionSummary>,
    narrowed: bool,
    previous: Callback<MouseEvent>,
    next: Callback<MouseEvent>,
) -> Html {
    if result.total == 0 {
        return match narrowed {
            true => html! {
                <Empty
                    title="No executions match these filters."
                    body="Change or clear the status, workflow or search to see other executions."
                />
            },
            false => html! {
                <Empty
                    title="No workflow executions yet."
                    body="Executions of new_partner and new_partner_user will be listed here."
                />
            },
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
            <PagingBar id_prefix="executions" {paging} on_previous={previous} on_next={next} />
        </>
    }
}
