//! Audit log: every change and step transition, newest first, filtered by action, target
//! type, free text and a range of days, a page at a time. "Export CSV…" saves what the
//! filters select (every page).

use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::components::{
    async_view, filter_change, AuditTable, CsvExportButton, EmptyText, ExportSource, FieldError,
    LabelledField, ListResults, OptionSelect, SearchForm, SelectOption,
};
use crate::hooks::use_load;
use crate::ipc;
use crate::state::audit::AuditListFilter;
use crate::state::audit_words::{action_label, target_kind_label};

const RESULTS: ListResults = ListResults {
    id_prefix: "audit",
    empty_id: None,
    nothing_yet: EmptyText {
        title: "No audit entries yet.",
        body: "Every change and every workflow step transition will be listed here.",
    },
    nothing_matches: EmptyText {
        title: "No audit entries match these filters.",
        body: "Change or clear the action, target type, text or days to see other entries.",
    },
};

#[component]
pub fn AuditPage() -> Html {
    let filter = use_state_eq(AuditListFilter::default);
    let page = use_load((*filter).clone(), |filter: AuditListFilter| {
        let request = filter.to_request();
        async move { ipc::list_audit_log(&request).await }
    });
    // Only for the selects' choices; without them the log and the other filters still work.
    let options = use_load((), |()| ipc::audit_filter_options());

    let on_action = filter_change(&filter, |f, v: String| f.with_action(Some(v)));
    let on_target_type = filter_change(&filter, |f, v: String| f.with_target_type(Some(v)));
    let on_from = filter_change(&filter, AuditListFilter::with_from);
    let on_to = filter_change(&filter, AuditListFilter::with_to);
    let on_text = filter_change(&filter, |f, text: String| f.with_text(&text));
    let go_to = filter_change(&filter, AuditListFilter::with_page);

    let narrowed = filter.is_narrowed();
    let list = async_view(&page.state, Some(page.reload.clone()), |result| {
        RESULTS.view(
            result,
            narrowed,
            &go_to,
            |items| html! { <AuditTable {items} /> },
        )
    });
    // The stored codes are the values; the choices read as words.
    let choices = |values: &[String], label: fn(&str) -> String| -> Vec<SelectOption> {
        values
            .iter()
            .map(|v| SelectOption::new(v.clone(), label(v)))
            .collect()
    };
    let (actions, target_types) = match options.state.ready() {
        Some(o) => (
            choices(&o.actions, action_label),
            choices(&o.target_types, target_kind_label),
        ),
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
                            <SearchForm id="audit-filter-text" on_apply={on_text}
                                placeholder="Action, id, summary or who; Enter to apply" />
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
