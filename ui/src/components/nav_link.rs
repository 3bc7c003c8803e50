//! A sidebar link to a route, with an element id.
//!
//! patternfly-yew's `NavRouterItem` renders the same markup but takes no id, and the E2E tests
//! find links by id; yew-nested-router's `Link` does take one.

use yew::prelude::*;
use yew_nested_router::components::Link;

use crate::route::AppRoute;

#[derive(Clone, PartialEq, Properties)]
pub struct NavRouteLinkProps {
    pub id: AttrValue,
    pub to: AppRoute,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn NavRouteLink(props: &NavRouteLinkProps) -> Html {
    // Marked current anywhere in its area: "Executions" stays lit on an execution's detail.
    let predicate = {
        let to = props.to.clone();
        Callback::from(move |active: AppRoute| active.same_area(&to))
    };
    html! {
        <li class="pf-v6-c-nav__item">
            <Link<AppRoute>
                id={props.id.clone()}
                to={props.to.clone()}
                {predicate}
                class="pf-v6-c-nav__link"
                active="pf-m-current"
            >
                { props.children.clone() }
            </Link<AppRoute>>
        </li>
    }
}
