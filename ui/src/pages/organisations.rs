//! Organisations: every organisation, searched (as typed, after a pause, or at once on
//! Enter), ordered and paged; a name opens its detail. After a deletion, says what was done.

use std::rc::Rc;
use std::time::Duration;

use hyopps_contract::{OrganizationRow, Page};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

use crate::components::organisation::{take_deleted_name, OrganisationsTable};
use crate::components::{async_view, Empty, PagingBar};
use crate::hooks::use_load;
use crate::ipc;
use crate::state::organisations::{deleted_notice, OrganisationQuery, QueryChange, SortChoice};
use crate::state::Paging;

/// How long typing pauses before the search applies.
const SEARCH_PAUSE: Duration = Duration::from_millis(350);

impl Reducible for OrganisationQuery {
    type Action = QueryChange;

    fn reduce(self: Rc<Self>, change: QueryChange) -> Rc<Self> {
        Rc::new(self.apply(change))
    }
}

#[component]
pub fn OrganisationsPage() -> Html {
    let query = use_reducer_eq(OrganisationQuery::default);
    let typed = use_state_eq(String::new);
    // Bumped by every key and by Enter: a pause applies only the latest text.
    let typing = use_mut_ref(|| 0_u64);
    let deleted = use_state(take_deleted_name);
    let page = use_load((*query).clone(), |query: OrganisationQuery| {
        let request = query.to_request();
        async move { ipc::list_organizations(&request).await }
    });

    let on_typed = {
        let (typed, typing, change) = (typed.clone(), typing.clone(), query.dispatcher());
        Callback::from(move |value: String| {
            typed.set(value.clone());
            let mine = {
                let mut typing = typing.borrow_mut();
                *typing += 1;
                *typing
            };
            let (typing, change) = (typing.clone(), change.clone());
            spawn_local(async move {
                sleep(SEARCH_PAUSE).await;
                if *typing.borrow() == mine {
                    change.dispatch(QueryChange::Search(value));
                }
            });
        })
    };
    let on_search = {
        let (typed, typing, change) = (typed.clone(), typing.clone(), query.dispatcher());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            *typing.borrow_mut() += 1;
            change.dispatch(QueryChange::Search((*typed).clone()));
        })
    };
    let on_order = {
        let change = query.dispatcher();
        Callback::from(move |key: Option<String>| {
            if let Some(order) = key.as_deref().and_then(SortChoice::parse) {
                change.dispatch(QueryChange::Order(order));
            }
        })
    };
    let go_to = |page_number: u32| {
        let change = query.dispatcher();
        Callback::from(move |_: MouseEvent| change.dispatch(QueryChange::Page(page_number)))
    };

    let narrowed = query.is_narrowed();
    let list = async_view(&page.state, Some(page.reload.clone()), |result| {
        results(
            result,
            narrowed,
            go_to(result.page.saturating_sub(1)),
            go_to(result.page + 1),
        )
    });

    html! {
        <div id="page-organisations">
            <PageSection>
                <Title level={Level::H1} size={Size::XXLarge}>{ "Organisations" }</Title>
            </PageSection>
            if let Some(name) = (*deleted).clone() {
                <PageSection>
                    <div role="status">
                        <Alert id="organisations-deleted" inline=true r#type={AlertType::Success}
                            title={deleted_notice(&name)} />
                    </div>
                </PageSection>
            }
            <PageSection>
                <div class="pf-v6-l-flex pf-m-align-items-center">
                    <div>
                        <form id="organisations-search-form" onsubmit={on_search}>
                            <label class="pf-v6-screen-reader" for="organisations-search">{ "Search organisations" }</label>
                            <TextInput
                                id="organisations-search"
                                r#type={TextInputType::Search}
                                value={(*typed).clone()}
                                onchange={on_typed}
                                placeholder="Search by name"
                            />
                        </form>
                    </div>
                    <div>
                        <FormSelect<String>
                            id="organisations-sort"
                            value={Some(query.order.key())}
                            onchange={on_order}
                        >
                            { for SortChoice::ALL.iter().map(|choice| html_nested! {
                                <FormSelectOption<String> value={choice.key()} description={choice.label().to_owned()} />
                            }) }
                        </FormSelect<String>>
                    </div>
                </div>
            </PageSection>
            <PageSection>{ list }</PageSection>
        </div>
    }
}

fn results(
    result: &Page<OrganizationRow>,
    narrowed: bool,
    previous: Callback<MouseEvent>,
    next: Callback<MouseEvent>,
) -> Html {
    if result.total == 0 {
        let (title, body) = match narrowed {
            true => (
                "No organisations match this search.",
                "Change or clear the search to see the others.",
            ),
            false => (
                "No organisations yet.",
                "Organisations appear here once new_partner creates one, or after importing a HyOpps v0.3 database in Settings.",
            ),
        };
        return html! { <div id="organisations-empty"><Empty {title} {body} /></div> };
    }
    let paging = Paging {
        page: result.page,
        page_size: result.page_size,
        total: result.total,
    };
    html! {
        <>
            <OrganisationsTable items={result.items.clone()} />
            <PagingBar id_prefix="organisations" {paging} on_previous={previous} on_next={next} />
        </>
    }
}
