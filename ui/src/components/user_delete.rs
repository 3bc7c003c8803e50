//! "Delete user…": asks the backend what would go (the preview), lists it in a confirmation,
//! and deletes only when confirmed and not refused; then back to the users list, which says
//! what was done.

use hyopps_contract::{UserDeletion, UserIdRequest, WireError};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_nested_router::prelude::use_router;

use super::{DangerModal, ErrorAlert, Loading};
use crate::history_note::{with_note, DELETED_USER};
use crate::ipc;
use crate::route::AppRoute;
use crate::state::users::{deleted_text, deletion_lines};
use crate::state::Async;

#[derive(Clone, PartialEq, Properties)]
pub struct UserDeleteProps {
    pub user_id: AttrValue,
}

#[component]
pub fn UserDelete(props: &UserDeleteProps) -> Html {
    let router = use_router::<AppRoute>();
    // `None`: closed; otherwise the preview as it arrives.
    let preview = use_state_eq(|| None::<Async<UserDeletion>>);
    let busy = use_state_eq(|| false);
    let error = use_state_eq(|| None::<WireError>);
    // Bumped on every open and close: a preview answers only the opening that asked for it.
    let opening = use_mut_ref(|| 0_u32);

    let open = {
        let (preview, error, opening) = (preview.clone(), error.clone(), opening.clone());
        let user_id = props.user_id.to_string();
        Callback::from(move |_: MouseEvent| {
            error.set(None);
            preview.set(Some(Async::Pending));
            *opening.borrow_mut() += 1;
            let mine = *opening.borrow();
            let (preview, opening) = (preview.clone(), opening.clone());
            let request = UserIdRequest {
                user_id: user_id.clone(),
            };
            spawn_local(async move {
                let result = ipc::preview_user_deletion(&request).await;
                if *opening.borrow() == mine {
                    preview.set(Some(Async::from_result(result)));
                }
            });
        })
    };
    let close = {
        let preview = preview.clone();
        Callback::from(move |()| {
            *opening.borrow_mut() += 1;
            preview.set(None);
        })
    };
    let confirm = {
        let (busy, error, user_id) = (busy.clone(), error.clone(), props.user_id.to_string());
        Callback::from(move |()| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (busy, error, router) = (busy.clone(), error.clone(), router.clone());
            let request = UserIdRequest {
                user_id: user_id.clone(),
            };
            spawn_local(async move {
                let result = ipc::delete_user(&request).await;
                busy.set(false);
                match result {
                    // The list reads the message from the history entry (see `UsersPage`).
                    Ok(done) => {
                        if let Some(router) = &router {
                            router.push_with(
                                AppRoute::users(),
                                with_note(DELETED_USER, &deleted_text(&done)),
                            );
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };

    let (body, blocked, ready) = match &*preview {
        None => (html!(), false, false),
        Some(Async::Pending) => (html! { <Loading /> }, false, false),
        Some(Async::Failed(e)) => (
            html! { <ErrorAlert id="user-delete-preview-error" error={e.clone()} /> },
            false,
            false,
        ),
        Some(Async::Ready(deletion)) => (impact(deletion), deletion.blocked_by.is_some(), true),
    };

    html! {
        <>
            <Button id="user-delete" variant={ButtonVariant::DangerSecondary} onclick={open}
                disabled={preview.is_some()}>
                { "Delete user…" }
            </Button>
            if preview.is_some() {
                <DangerModal
                    id="user-delete-modal"
                    title="Delete this user?"
                    confirm_id="user-delete-confirm"
                    confirm_label="Delete user"
                    cancel_id="user-delete-cancel"
                    busy={*busy}
                    confirm_disabled={!ready || blocked}
                    on_confirm={confirm}
                    on_cancel={close}
                >
                    { body }
                    if let Some(error) = (*error).clone() {
                        <div class="pf-v6-u-mt-md">
                            <ErrorAlert id="user-delete-error" {error} />
                        </div>
                    }
                </DangerModal>
            }
        </>
    }
}

/// What the deletion would do, from the preview; a refusal says why and what to do first.
fn impact(deletion: &UserDeletion) -> Html {
    html! {
        <div id="user-delete-impact" data-blocked={deletion.blocked_by.is_some().to_string()}>
            <p>
                { format!("{} ({}) and what belongs to them will be deleted from HyOpps:", deletion.display_name, deletion.email) }
            </p>
            <ul class="pf-v6-c-list">
                { for deletion_lines(deletion).into_iter().map(|(id, text)| html! {
                    <li id={format!("user-delete-{id}")}>{ text }</li>
                }) }
            </ul>
            <p class="pf-v6-u-mt-sm pf-v6-u-color-200">
                { "Nothing changes in Metabase, Studio, Teams, Slack or Keycloak: remove their access there yourself. Audit entries keep naming them." }
            </p>
            if let Some(reason) = deletion.blocked_by.clone() {
                <div id="user-delete-blocked" class="pf-v6-u-mt-md">
                    <Alert inline=true r#type={AlertType::Warning} title={reason} />
                </div>
            }
        </div>
    }
}
