//! A backend timestamp as "5 min ago", with the full time on hover.

use yew::prelude::*;

use crate::state::time::{from_millis, full_time, relative_time};

#[derive(Clone, PartialEq, Properties)]
pub struct TimeTextProps {
    /// RFC 3339, as the backend writes it.
    pub at: AttrValue,
}

#[component]
pub fn TimeText(props: &TimeTextProps) -> Html {
    // Read at render: the screens re-render whenever their data changes, which is when a
    // stale "5 min ago" would matter.
    let now = from_millis(js_sys::Date::now());
    html! {
        <time datetime={props.at.clone()} title={full_time(&props.at)}>
            { relative_time(&props.at, now) }
        </time>
    }
}
