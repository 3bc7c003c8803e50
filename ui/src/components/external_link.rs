//! A link to a page outside HyOpps (documentation, a system's own page): it opens in the
//! default browser, and says so on hover. If the browser cannot be started, the reason shows
//! beside the link, whose address can still be copied.

use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::ipc;

#[derive(Clone, PartialEq, Properties)]
pub struct ExternalLinkProps {
    pub href: AttrValue,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn ExternalLink(props: &ExternalLinkProps) -> Html {
    let failed = use_state_eq(|| None::<String>);
    let onclick = {
        let (href, failed) = (props.href.clone(), failed.clone());
        Callback::from(move |event: MouseEvent| {
            // The window itself never follows the link.
            event.prevent_default();
            let (href, failed) = (href.clone(), failed.clone());
            spawn_local(async move {
                match ipc::open_in_browser(&href).await {
                    Ok(()) => failed.set(None),
                    Err(error) => failed.set(Some(error.message)),
                }
            });
        })
    };
    html! {
        <>
            <a id={props.id.clone()} href={props.href.clone()} {onclick}
                rel="noopener noreferrer" title={format!("Opens {} in your browser", props.href)}>
                { props.children.clone() }
            </a>
            if let Some(why) = &*failed {
                <HelperText>
                    <HelperTextItem variant={HelperTextItemVariant::Error}>
                        { format!("Could not open the browser: {why}") }
                    </HelperTextItem>
                </HelperText>
            }
        </>
    }
}
