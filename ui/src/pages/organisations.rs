//! Organisations: every organisation, searched (as typed, after a pause, or at once on
//! Enter), ordered and paged; a name opens its detail. After a deletion, says what was done.

use std::rc::Rc;
use std::time::Duration;

use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::platform::time::sleep;
use yew::prelude::*;

use crate::components::organisation::OrganisationsTable;
use crate::components::{async_view, EmptyText, ListResults, SearchForm};
use crate::history_note::{take_note, DELETED_ORGANISATION};
use crate::hooks::use_load;
use crate::ipc;
use crate::state::organisations::{
    deleted_notice, OrganisationQuery, QueryChange, Served, SortChoice,
};

/// How long typing pauses before the search applies.
const SEARCH_PAUSE: Duration = Duration::from_millis(350);

impl Reducible for OrganisationQuery {
    type Action = QueryChange;

    fn reduce(self: Rc<Self>, change: QueryChange) -> Rc<Self> {
        Rc::new(self.apply(change))
    }
}

const RESULTS: ListResults = ListResults {
    id_prefix: "organisations",
    empty_id: Some("organisations-empty"),
    nothing_yet: EmptyText {
        title: "No organisations yet.",
        body: "Organisations appear here once new_partner creates one, or after importing a HyOpps v0.3 database in Settings.",
    },
    nothing_matches: EmptyText {
        title: "No organisations match this search.",
        body: "Change or clear the search to see the others.",
    },
};

#[component]
pub fn OrganisationsPage() -> Html {
    let query = use_reducer_eq(OrganisationQuery::default);
    // Bumped by every key and by Enter: a pause applies only the latest text.
    let typing = use_mut_ref(|| 0_u64);
    let deleted = use_state(|| take_note(DELETED_ORGANISATION));
    let page = use_load((*query).clone(), |query: OrganisationQuery| {
        let request = query.to_request();
        async move { ipc::list_organizations(&request).await }
    });

    let on_typed = {
        let (typing, change) = (typing.clone(), query.dispatcher());
        Callback::from(move |value: String| {
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
        let (typing, change) = (typing.clone(), query.dispatcher());
        Callback::from(move |value: String| {
            *typing.borrow_mut() += 1;
            change.dispatch(QueryChange::Search(value));
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
    let on_served = {
        let change = query.dispatcher();
        Callback::from(move |key: Option<String>| {
            if let Some(served) = key.as_deref().and_then(Served::parse) {
                change.dispatch(QueryChange::Served(served));
            }
        })
    };
    let go_to = query.dispatcher().to_callback().reform(QueryChange::Page);

    let narrowed = query.is_narrowed();
    let list = async_view(&page.state, Some(page.reload.clone()), |result| {
        RESULTS.view(
            result,
            narrowed,
            &go_to,
            |items| html! { <OrganisationsTable {items} /> },
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
                        <SearchForm id="organisations-search" label="Search organisations"
                            placeholder="Search by name" {on_typed} on_apply={on_search} />
                    </div>
                    <div>
                        <FormSelect<String>
                            id="organisations-served"
                            value={Some(query.served.key().to_owned())}
                            onchange={on_served}
                        >
                            { for Served::ALL.iter().map(|served| html_nested! {
                                <FormSelectOption<String> value={served.key().to_owned()} description={served.label().to_owned()} />
                            }) }
                        </FormSelect<String>>
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
