//! What a filtered, paged list shows under its filters: the page as a table with the paging
//! bar, or, when it is empty, an empty state that tells "nothing yet" from "nothing matches
//! the filters" (the latter says how to see more, rather than suggesting there is nothing).

use hyopps_contract::Page;
use yew::prelude::*;

use super::{Empty, PagingBar};
use crate::state::Paging;

/// An empty state's title and its one sentence.
pub struct EmptyText {
    pub title: &'static str,
    pub body: &'static str,
}

/// The fixed parts of one screen's list.
pub struct ListResults {
    /// Prefix of the paging bar's ids (`<prefix>-prev`, `-paging`, `-next`).
    pub id_prefix: &'static str,
    /// Id of an element wrapping the empty state, for the lists that have one.
    pub empty_id: Option<&'static str>,
    /// Said when nothing exists yet.
    pub nothing_yet: EmptyText,
    /// Said when the filters narrow the list to nothing.
    pub nothing_matches: EmptyText,
}

impl ListResults {
    /// `narrowed`: whether any filter is set. `go_to` moves to a page (from 1) keeping the
    /// filters; `table` renders the page's items.
    pub fn view<T: Clone>(
        &self,
        result: &Page<T>,
        narrowed: bool,
        go_to: &Callback<u32>,
        table: impl FnOnce(Vec<T>) -> Html,
    ) -> Html {
        if result.total == 0 {
            let EmptyText { title, body } = match narrowed {
                true => &self.nothing_matches,
                false => &self.nothing_yet,
            };
            let empty = html! { <Empty title={*title} body={*body} /> };
            return match self.empty_id {
                Some(id) => html! { <div {id}>{ empty }</div> },
                None => empty,
            };
        }
        let paging = Paging {
            page: result.page,
            page_size: result.page_size,
            total: result.total,
        };
        let (previous, next) = (result.page.saturating_sub(1), result.page + 1);
        html! {
            <>
                { table(result.items.clone()) }
                <PagingBar id_prefix={self.id_prefix} {paging}
                    on_previous={go_to.reform(move |_| previous)}
                    on_next={go_to.reform(move |_| next)} />
            </>
        }
    }
}

/// A callback that changes the list's filter held in `filter` with `change`, one of the
/// filter's own `with_…` (which go back to the first page, or, for `with_page`, keep the
/// other filters).
pub fn filter_change<F: Clone + PartialEq + 'static, T: 'static>(
    filter: &UseStateHandle<F>,
    change: fn(&F, T) -> F,
) -> Callback<T> {
    let filter = filter.clone();
    Callback::from(move |value| filter.set(change(&filter, value)))
}
