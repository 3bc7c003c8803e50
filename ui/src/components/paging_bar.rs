//! Previous / "26–50 of 120" / Next under a paged list, the same on every screen.

use patternfly_yew::prelude::*;
use yew::prelude::*;

use crate::state::Paging;

#[derive(Clone, PartialEq, Properties)]
pub struct PagingBarProps {
    /// Ids are `<id_prefix>-prev`, `<id_prefix>-paging` and `<id_prefix>-next`.
    pub id_prefix: AttrValue,
    pub paging: Paging,
    pub on_previous: Callback<MouseEvent>,
    pub on_next: Callback<MouseEvent>,
}

#[component]
pub fn PagingBar(props: &PagingBarProps) -> Html {
    let id = |suffix: &str| format!("{}-{suffix}", props.id_prefix);
    html! {
        <div class="pf-v6-l-flex pf-m-align-items-center pf-v6-u-mt-md">
            <div>
                <Button id={id("prev")} variant={ButtonVariant::Secondary}
                    onclick={props.on_previous.clone()} disabled={!props.paging.has_previous()}>
                    { "Previous" }
                </Button>
            </div>
            <div>
                <span id={id("paging")}>{ props.paging.text() }</span>
            </div>
            <div>
                <Button id={id("next")} variant={ButtonVariant::Secondary}
                    onclick={props.on_next.clone()} disabled={!props.paging.has_next()}>
                    { "Next" }
                </Button>
            </div>
        </div>
    }
}
