//! Audit log: every change and step transition, newest first, filtered by action, target
//! type, free text and a range of days, a page at a time. "Export CSV…" saves what the
//! filters select (every page).

use hyopps_contract::{AuditEntryView, Page};
use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{
    async_view, AuditTable, CsvExportButton, Empty, ExportSource, FieldError, LabelledField,
    OptionSelect, PagingBar, SelectOption,
};
use crate::hooks::use_load;
use crate::ipc;
use crate::state::audit::AuditListFilter;
use crate::state::Paging;

#[component]
pub fn AuditPage() -> Html {
    let filter = use_state_eq(AuditListFilter::default);
    // The free text as typed; it applies on Enter.
    let typed = use_state_eq(String::new);
    let page = use_load((*filter).clone(), |filter: AuditListFilter| {
        let request = filter.to_request();
        async move { ipc::list_audit_log(&request).await }
    });
    // Only for the selects' choices; without them the log and the other filters still work.
    let options = use_load((), |()| ipc::audit_filter_options());

    let set_filter = |change: fn(&AuditListFilter, String) -> AuditListFilter| {
        let filter = filter.clone();
        Callback::from(move |value: String| filter.set(change(&filter, value)))
    };
    let on_action = set_filter(|f, v| f.with_action(Some(v)));
    let on_target_type = set_filter(|f, v| f.with_target_type(Some(v)));
    let on_from = set_filter(AuditListFilter::with_from);
    let on_to = set_filter(AuditListFilter::with_to);
    let on_typed = {
        let typed = typed.clone();
        Callback::from(move |value: String| typed.set(value))
    };
    let on_text = {
        let (filter, typed) = (filter.clone(), typed.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            filter.set(filter.with_text(&typed));
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
    let choices = |values: &[String]| -> Vec<SelectOption> {
        values
            .iter()
            .map(|v| SelectOption::new(v.clone(), v.clone()))
            .collect()
    };
    let (actions, target_types) = match options.state.ready() {
        Some(o) => (choices(&o.actions), choices(&o.target_types)),
        None => (Vec::new(), Vec::new()),
    };
    let range_problem = filter.range_problem().map(AttrValue::from);

    html! {
        <div id="page-audit">
            <PageSection>
                <Title level={Level::H1} size={Size::XXLarge}>{ "Audit log" }</Title>
            </PageSection>
            <PageSection>
                <div class="pf-v6-l-flex pf-m-align-items-flex-end">
                    <div>
                        <LabelledField id="audit-filter-action" label="Action">
                            <OptionSelect id="audit-filter-action" options={actions}
                                value={filter.action.clone().unwrap_or_default()}
                                empty="All actions" onchange={on_action} />
                        </LabelledField>
                    </div>
                    <div>
                        <LabelledField id="audit-filter-target_type" label="Target type">
                            <OptionSelect id="audit-filter-target_type" options={target_types}
                                value={filter.target_type.clone().unwrap_or_default()}
                                empty="All targets" onchange={on_target_type} />
                        </LabelledField>
                    </div>
                    <div>
                        <LabelledField id="audit-filter-text" label="Text">
                            <form id="audit-filter-text-form" onsubmit={on_text}>
                                <TextInput id="audit-filter-text" r#type={TextInputType::Search}
                                    value={(*typed).clone()} onchange={on_typed}
                                    placeholder="Action, id, summary or who; Enter to apply" />
                            </form>
                        </LabelledField>
                    </div>
                    <div>
                        <LabelledField id="audit-filter-from" label="From (UTC day)">
                            <TextInput id="audit-filter-from" r#type={TextInputType::Date}
                                value={filter.from_day.clone()} onchange={on_from} />
                        </LabelledField>
                    </div>
                    <div>
                        <LabelledField id="audit-filter-to" label="To (UTC day, included)">
                            <TextInput id="audit-filter-to" r#type={TextInputType::Date}
                                value={filter.to_day.clone()} onchange={on_to} />
                        </LabelledField>
                    </div>
                    <div class="pf-v6-u-ml-auto">
                        <CsvExportButton source={ExportSource::Audit(filter.to_filter())} />
                    </div>
                </div>
                <FieldError id="audit-filter-range-error" message={range_problem} />
            </PageSection>
            <PageSection>{ list }</PageSection>
        </div>
    }
}

fn results(
    result: &Page<AuditEntryView>,
    narrowed: bool,
    previous: Callback<MouseEvent>,
    next: Callback<MouseEvent>,
) -> Html {
    if result.total == 0 {
        return match narrowed {
            true => html! {
                <Empty
                    title="No audit entries match these filters."
                    body="Change or clear the action, target type, text or days to see other entries."
                />
            },
            false => html! {
                <Empty
                    title="No audit entries yet."
                    body="Every change and every workflow step transition will be listed here."
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
            <AuditTable items={result.items.clone()} />
            <PagingBar id_prefix="audit" {paging} on_previous={previous} on_next={next} />
        </>
    }
}
