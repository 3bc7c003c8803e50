//! Executions: every workflow execution, filtered by status and workflow, searched, a page at
//! a time; a row opens its detail. Refreshes on every execution transition.

use hyopps_contract::{ExecutionStatus, WorkflowInfo};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{
    async_view, filter_change, EmptyText, ExecutionsTable, ListResults, SearchForm,
};
use crate::hooks::{use_execution_events, use_live_load, use_load};
use crate::ipc;
use crate::state::ListFilter;

const RESULTS: ListResults = ListResults {
    id_prefix: "executions",
    empty_id: None,
    nothing_yet: EmptyText {
        title: "No workflow executions yet.",
        body: "Executions of new_partner and new_partner_user will be listed here.",
    },
    nothing_matches: EmptyText {
        title: "No executions match these filters.",
        body: "Change or clear the status, workflow or search to see other executions.",
    },
};

#[component]
pub fn ExecutionsPage() -> Html {
    let filter = use_state_eq(ListFilter::default);
    let page = use_live_load((*filter).clone(), |filter: ListFilter, activity| {
        let request = filter.to_request();
        async move { ipc::list_executions(&request, activity).await }
    });
    // Only for the workflow filter's choices; without them the list still works.
    let workflows = use_load((), |()| ipc::list_workflows());
    use_execution_events(page.refresh.reform(|_| ()));

    let on_status = filter_change(&filter, |f, key: Option<String>| {
        f.with_status(key.as_deref().and_then(ExecutionStatus::parse))
    });
    let on_workflow = filter_change(&filter, ListFilter::with_workflow);
    let on_search = filter_change(&filter, |f, search: String| f.with_search(&search));
    let go_to = filter_change(&filter, ListFilter::with_page);

    let narrowed = filter.is_narrowed();
    let list = async_view(&page.state, Some(page.reload.clone()), |result| {
        RESULTS.view(
            result,
            narrowed,
            &go_to,
            |items| html! { <ExecutionsTable {items} /> },
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
                        <SearchForm id="executions-search" on_apply={on_search}
                            placeholder="Search organisation, user, email or id; Enter to apply" />
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
