//! Deleting the organisation: the backend's preview first, shown in a confirmation that lists
//! what goes and what stays (and why it cannot be done now, if so); then the list, with a
//! notice of what was done.

use hyopps_contract::{OrganizationDeletion, OrganizationIdRequest};
use patternfly_yew::prelude::*;
use yew::prelude::*;
use yew_nested_router::prelude::use_router;

use crate::components::{DangerModal, ErrorAlert};
use crate::history_note::{with_note, DELETED_ORGANISATION};
use crate::hooks::use_submission;
use crate::ipc;
use crate::route::AppRoute;
use crate::state::organisations::{deletion_lines, detached_user_text};

#[derive(Clone, PartialEq, Properties)]
pub struct DangerZoneProps {
    pub organization_id: AttrValue,
    pub name: AttrValue,
}

#[component]
pub fn DangerZone(props: &DangerZoneProps) -> Html {
    let router = use_router::<AppRoute>();
    let preview = use_state_eq(|| None::<OrganizationDeletion>);
    let previewing = use_submission();
    let deleting = use_submission();
    let request = OrganizationIdRequest {
        organization_id: props.organization_id.to_string(),
    };

    let on_open = {
        let (preview, previewing, deleting) =
            (preview.clone(), previewing.clone(), deleting.clone());
        let request = request.clone();
        Callback::from(move |_: MouseEvent| {
            deleting.clear();
            let (preview, request) = (preview.clone(), request.clone());
            previewing.run(
                async move { ipc::preview_organization_deletion(&request).await },
                move |answer| preview.set(Some(answer)),
            );
        })
    };
    let on_cancel = {
        let (preview, deleting) = (preview.clone(), deleting.clone());
        Callback::from(move |()| {
            deleting.clear();
            preview.set(None);
        })
    };
    let on_confirm = {
        let (preview, deleting) = (preview.clone(), deleting.clone());
        Callback::from(move |()| {
            let (preview, router, request) = (preview.clone(), router.clone(), request.clone());
            deleting.run(
                async move { ipc::delete_organization(&request).await },
                move |answer: OrganizationDeletion| {
                    // Refused after all (an execution started meanwhile): show why, stay.
                    if answer.blocked_by.is_some() {
                        preview.set(Some(answer));
                        return;
                    }
                    if let Some(router) = router {
                        router.push_with(
                            AppRoute::organisations(),
                            with_note(DELETED_ORGANISATION, &answer.name),
                        );
                    }
                },
            );
        })
    };

    html! {
        <Card id="organisation-danger-zone">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ "Danger zone" }</Title>
            </CardTitle>
            <CardBody>
                <p class="pf-v6-u-mb-md">
                    { "Deleting the organisation removes its Studio companies, system groups, integration state and documentation links from HyOpps. Its people and executions stay, detached. You see the full list before anything happens." }
                </p>
                if let Some(error) = previewing.error() {
                    <ErrorAlert id="organisation-delete-preview-error" {error} />
                }
                <Button id="organisation-delete" variant={ButtonVariant::Danger} onclick={on_open}
                    disabled={previewing.is_pending()} loading={previewing.is_pending()}>
                    { "Delete organisation…" }
                </Button>
                if let Some(deletion) = (*preview).clone() {
                    <DangerModal
                        id="organisation-delete-modal"
                        title={format!("Delete the organisation \u{201c}{}\u{201d}?", props.name)}
                        confirm_id="organisation-delete-confirm"
                        confirm_label="Delete organisation"
                        cancel_id="organisation-delete-cancel"
                        {on_confirm}
                        {on_cancel}
                        busy={deleting.is_pending()}
                        confirm_disabled={deletion.blocked_by.is_some()}
                        error={deleting.error()}
                    >
                        { deletion_body(&deletion) }
                    </DangerModal>
                }
            </CardBody>
        </Card>
    }
}

fn deletion_body(deletion: &OrganizationDeletion) -> Html {
    let more = deletion
        .user_count
        .saturating_sub(deletion.users.len() as u64);
    html! {
        <>
            if let Some(reason) = deletion.blocked_by.clone() {
                <div id="organisation-delete-blocked" data-blocked="true" class="pf-v6-u-mb-md">
                    <Alert inline=true r#type={AlertType::Warning} title="It cannot be deleted now">
                        <p>{ reason }</p>
                    </Alert>
                </div>
            }
            <ul id="organisation-delete-lines" class="pf-v6-c-list">
                { for deletion_lines(deletion).into_iter().map(|line| html! {
                    <li id={format!("organisation-delete-line-{}", line.key)}>{ line.text }</li>
                }) }
            </ul>
            if !deletion.users.is_empty() {
                <ul id="organisation-delete-users" class="pf-v6-c-list pf-m-plain pf-v6-u-mt-md">
                    { for deletion.users.iter().map(|user| html! {
                        <li id={format!("organisation-delete-user-{}", user.id)}
                            data-demoted={user.demoted.to_string()}>
                            { detached_user_text(user) }
                        </li>
                    }) }
                    if more > 0 {
                        <li id="organisation-delete-users-more" class="pf-v6-u-color-200">
                            { format!("…and {more} more.") }
                        </li>
                    }
                </ul>
            }
        </>
    }
}
