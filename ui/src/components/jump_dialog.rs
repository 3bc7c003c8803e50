//! "Jump to…" (Ctrl/Cmd + K, or View → Jump to…): type part of a name, see the organisations,
//! people and executions it matches, open one with a click or Enter (the first). Escape closes.

use hyopps_contract::{
    Activity, ExecutionListRequest, OrganizationListRequest, UserFilter, UserListRequest, WireError,
};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_nested_router::prelude::use_router;

use super::ErrorAlert;
use crate::ipc;
use crate::route::AppRoute;
use crate::state::jump::{query, targets, JumpTarget, PER_KIND};

#[derive(Clone, PartialEq, Properties)]
pub struct JumpDialogProps {
    pub on_close: Callback<()>,
}

/// Everything the query matches; the three lists are read one after another.
async fn search(text: String) -> Result<Vec<JumpTarget>, WireError> {
    let organisations = ipc::list_organizations(&OrganizationListRequest {
        search: Some(text.clone()),
        page: 1,
        page_size: PER_KIND,
        ..OrganizationListRequest::default()
    })
    .await?;
    let people = ipc::list_users(&UserListRequest {
        filter: UserFilter {
            search: Some(text.clone()),
            ..UserFilter::default()
        },
        page: 1,
        page_size: PER_KIND,
    })
    .await?;
    let executions = ipc::list_executions(
        &ExecutionListRequest {
            search: Some(text),
            page: 1,
            page_size: PER_KIND,
            ..ExecutionListRequest::default()
        },
        Activity::User,
    )
    .await?;
    Ok(targets(
        &organisations.items,
        &people.items,
        &executions.items,
    ))
}

#[component]
pub fn JumpDialog(props: &JumpDialogProps) -> Html {
    let router = use_router::<AppRoute>();
    let text = use_state_eq(String::new);
    let found = use_state_eq(|| None::<Result<Vec<JumpTarget>, WireError>>);
    // Only the answer to the latest text is shown: an earlier, slower one is dropped.
    let asked = use_mut_ref(|| 0_u32);

    let onchange = {
        let (text, found, asked) = (text.clone(), found.clone(), asked.clone());
        Callback::from(move |value: String| {
            text.set(value.clone());
            *asked.borrow_mut() += 1;
            let Some(wanted) = query(&value) else {
                found.set(None);
                return;
            };
            let mine = *asked.borrow();
            let (found, asked) = (found.clone(), asked.clone());
            spawn_local(async move {
                let result = search(wanted).await;
                if *asked.borrow() == mine {
                    found.set(Some(result));
                }
            });
        })
    };
    let open = {
        let (router, on_close) = (router.clone(), props.on_close.clone());
        Callback::from(move |target: JumpTarget| {
            if let Some(router) = &router {
                router.push(target.route);
            }
            on_close.emit(());
        })
    };
    let onkeydown = {
        let (found, open, on_close) = (found.clone(), open.clone(), props.on_close.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => on_close.emit(()),
            "Enter" => {
                event.prevent_default();
                if let Some(Ok(targets)) = &*found {
                    if let Some(first) = targets.first() {
                        open.emit(first.clone());
                    }
                }
            }
            _ => {}
        })
    };

    let results = match &*found {
        None => html! {
            <p id="jump-hint" class="pf-v6-u-color-200">
                { "Type at least two letters of a name or an email." }
            </p>
        },
        Some(Err(error)) => html! { <ErrorAlert id="jump-error" error={error.clone()} /> },
        Some(Ok(targets)) if targets.is_empty() => html! {
            <p id="jump-nothing">{ format!("Nothing matches \u{201c}{}\u{201d}.", text.trim()) }</p>
        },
        Some(Ok(targets)) => html! {
            <ul id="jump-results" class="pf-v6-c-list pf-m-plain">
                { for targets.iter().enumerate().map(|(i, target)| {
                    let onclick = {
                        let (open, target) = (open.clone(), target.clone());
                        Callback::from(move |_: MouseEvent| open.emit(target.clone()))
                    };
                    html! {
                        <li key={i}>
                            <Button id={format!("jump-result-{i}")} variant={ButtonVariant::Link}
                                class="pf-m-inline" {onclick}>
                                { target.label.clone() }
                            </Button>
                            <span class="pf-v6-u-color-200">{ format!(" {}", target.detail) }</span>
                        </li>
                    }
                }) }
            </ul>
        },
    };

    html! {
        <div class="pf-v6-c-backdrop" {onkeydown}>
            <div class="pf-v6-l-bullseye">
                <div id="jump-dialog" class="pf-v6-c-modal-box pf-m-md" role="dialog"
                    aria-modal="true" aria-labelledby="jump-title">
                    <header class="pf-v6-c-modal-box__header">
                        <h1 id="jump-title" class="pf-v6-c-modal-box__title">{ "Jump to" }</h1>
                    </header>
                    <div class="pf-v6-c-modal-box__body">
                        <label for="jump-search" class="pf-v6-screen-reader">
                            { "Name or email to jump to" }
                        </label>
                        <TextInput id="jump-search" value={(*text).clone()} {onchange} autofocus=true
                            placeholder="A person, an organisation or an execution" />
                        <div class="pf-v6-u-mt-md">{ results }</div>
                    </div>
                    <footer class="pf-v6-c-modal-box__footer">
                        <Button id="jump-close" variant={ButtonVariant::Link}
                            onclick={props.on_close.reform(|_| ())}>
                            { "Close" }
                        </Button>
                    </footer>
                </div>
            </div>
        </div>
    }
}
