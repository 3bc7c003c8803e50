//! A step's input or output as "key: value" lines (see `state::json_lines`).

use patternfly_yew::prelude::*;
use serde_json::Value;
use yew::prelude::*;

use crate::state::json_lines::{json_lines, Shown};

#[derive(Clone, PartialEq, Properties)]
pub struct KeyValuesProps {
    pub value: Value,
}

#[component]
pub fn KeyValues(props: &KeyValuesProps) -> Html {
    html! {
        <DescriptionList compact=true mode={WithBreakpoints::from(DescriptionListMode::Horizontal)}>
            { for json_lines(&props.value).into_iter().map(|(key, shown)| html! {
                <DescriptionGroup term={key}>
                    { match shown {
                        Shown::Inline(text) => html! { text },
                        Shown::Block(json) => html! {
                            <pre class="pf-v6-u-font-family-monospace pf-v6-u-font-size-sm">{ json }</pre>
                        },
                    } }
                </DescriptionGroup>
            }) }
        </DescriptionList>
    }
}
