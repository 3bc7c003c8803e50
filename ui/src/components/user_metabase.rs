//! The user's Metabase account as Metabase has it now: their group memberships (each can be
//! removed, after a confirmation) and every group (to add them to one). Loaded on its own, so
//! a Metabase that is not configured or unreachable fails this section only, with its message.

use std::future::Future;

use hyopps_contract::{
    AddToMetabaseGroupRequest, MetabaseAccount, MetabaseMembershipView,
    RemoveMetabaseMembershipRequest, UserIdRequest, WireError,
};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{DangerModal, ErrorAlert, LabelledField, Loading, OptionSelect, SelectOption};
use crate::hooks::use_load;
use crate::ipc;
use crate::state::Async;

#[derive(Clone, PartialEq, Properties)]
pub struct UserMetabaseProps {
    pub user_id: AttrValue,
    pub display_name: AttrValue,
}

#[component]
pub fn UserMetabase(props: &UserMetabaseProps) -> Html {
    let account = use_load(props.user_id.to_string(), |user_id: String| {
        let request = UserIdRequest { user_id };
        async move { ipc::get_metabase_account(&request).await }
    });
    let chosen = use_state_eq(String::new);
    let busy = use_state_eq(|| false);
    let error = use_state_eq(|| None::<WireError>);
    let done = use_state_eq(|| None::<String>);
    let removing = use_state_eq(|| None::<MetabaseMembershipView>);

    // Runs one change; Metabase's answer (the account now) replaces the shown one.
    let run = {
        let (busy, error, done, removing, set) = (
            busy.clone(),
            error.clone(),
            done.clone(),
            removing.clone(),
            account.set.clone(),
        );
        move |change: std::pin::Pin<
            Box<dyn Future<Output = Result<MetabaseAccount, WireError>>>,
        >,
              success: String| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            done.set(None);
            let (busy, error, done, removing, set) = (
                busy.clone(),
                error.clone(),
                done.clone(),
                removing.clone(),
                set.clone(),
            );
            spawn_local(async move {
                let result = change.await;
                busy.set(false);
                removing.set(None);
                match result {
                    Ok(now) => {
                        done.set(Some(success));
                        set.emit(now);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };

    let groups = match &account.state {
        Async::Ready(now) => now.groups.clone(),
        _ => Vec::new(),
    };
    let on_add = {
        let (run, chosen, user_id) = (run.clone(), chosen.clone(), props.user_id.to_string());
        Callback::from(move |_: MouseEvent| {
            let Ok(group_id) = chosen.parse::<i64>() else {
                return;
            };
            let name = groups
                .iter()
                .find(|g| g.id == group_id)
                .map(|g| g.name.clone())
                .unwrap_or_else(|| group_id.to_string());
            let request = AddToMetabaseGroupRequest {
                user_id: user_id.clone(),
                group_id,
            };
            chosen.set(String::new());
            run(
                Box::pin(async move { ipc::add_user_to_metabase_group(&request).await }),
                format!("Added to the Metabase group {name}."),
            );
        })
    };
    let on_remove_confirmed = {
        let (run, removing, user_id) = (run.clone(), removing.clone(), props.user_id.to_string());
        Callback::from(move |()| {
            let Some(membership) = (*removing).clone() else {
                return;
            };
            let request = RemoveMetabaseMembershipRequest {
                user_id: user_id.clone(),
                membership_id: membership.membership_id,
            };
            run(
                Box::pin(async move { ipc::remove_metabase_membership(&request).await }),
                format!("Removed from the Metabase group {}.", membership.group_name),
            );
        })
    };
    let ask_remove = {
        let (removing, done) = (removing.clone(), done.clone());
        Callback::from(move |membership: MetabaseMembershipView| {
            done.set(None);
            removing.set(Some(membership));
        })
    };
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |value: String| chosen.set(value))
    };

    let body = match &account.state {
        Async::Pending => html! { <div id="user-metabase-pending"><Loading /></div> },
        Async::Failed(error) => html! {
            <ErrorAlert id="user-metabase-error" error={error.clone()} on_retry={account.reload.clone()} />
        },
        Async::Ready(now) => html! {
            <>
                <p id="metabase-user-id" class="pf-v6-u-mb-md">
                    { match now.metabase_user_id {
                        Some(id) => format!("Metabase user id {id}."),
                        None => "No Metabase account is stored for this user yet.".to_owned(),
                    } }
                </p>
                { memberships(&now.memberships, *busy, ask_remove) }
                { add_controls(now, &chosen, *busy, on_choose, on_add) }
            </>
        },
    };

    html! {
        <Card id="user-metabase">
            <CardTitle>
                <Title level={Level::H2} size={Size::XLarge}>{ "Metabase account" }</Title>
            </CardTitle>
            <CardBody>
                { body }
                if let Some(message) = (*done).clone() {
                    <div class="pf-v6-u-mt-md" role="status">
                        <Alert id="metabase-action-done" inline=true r#type={AlertType::Success} title={message} />
                    </div>
                }
                if let Some(error) = (*error).clone() {
                    <div class="pf-v6-u-mt-md">
                        <ErrorAlert id="metabase-action-error" {error} />
                    </div>
                }
                if let Some(membership) = (*removing).clone() {
                    <DangerModal
                        id="metabase-remove-modal"
                        title="Remove from this Metabase group?"
                        confirm_id="metabase-remove-confirm"
                        confirm_label="Remove from group"
                        cancel_id="metabase-remove-cancel"
                        busy={*busy}
                        on_confirm={on_remove_confirmed}
                        on_cancel={{ let removing = removing.clone(); Callback::from(move |()| removing.set(None)) }}
                    >
                        <p>{ format!(
                            "{} leaves the Metabase group {} (id {}) at once, and with it what the group gives access to in Metabase. Nothing else changes.",
                            props.display_name, membership.group_name, membership.group_id
                        ) }</p>
                    </DangerModal>
                }
            </CardBody>
        </Card>
    }
}

fn memberships(
    memberships: &[MetabaseMembershipView],
    busy: bool,
    ask_remove: Callback<MetabaseMembershipView>,
) -> Html {
    if memberships.is_empty() {
        return html! {
            <p id="metabase-memberships-empty" class="pf-v6-u-color-200">{ "Not in any Metabase group." }</p>
        };
    }
    html! {
        <table id="metabase-memberships" class="pf-v6-c-table pf-m-grid-md pf-m-compact" role="grid">
            <thead class="pf-v6-c-table__thead">
                <tr class="pf-v6-c-table__tr">
                    <th class="pf-v6-c-table__th" scope="col">{ "Group" }</th>
                    <th class="pf-v6-c-table__th" scope="col">{ "Group id" }</th>
                    <th class="pf-v6-c-table__th" scope="col"><span class="pf-v6-screen-reader">{ "Actions" }</span></th>
                </tr>
            </thead>
            <tbody class="pf-v6-c-table__tbody">
                { for memberships.iter().map(|membership| {
                    let id = membership.membership_id;
                    let onclick = {
                        let (ask_remove, membership) = (ask_remove.clone(), membership.clone());
                        Callback::from(move |_: MouseEvent| ask_remove.emit(membership.clone()))
                    };
                    html! {
                        <tr key={id.to_string()} id={format!("metabase-membership-{id}")} class="pf-v6-c-table__tr"
                            data-group-id={membership.group_id.to_string()}>
                            <td class="pf-v6-c-table__td" data-label="Group">{ membership.group_name.clone() }</td>
                            <td class="pf-v6-c-table__td" data-label="Group id"><code>{ membership.group_id }</code></td>
                            <td class="pf-v6-c-table__td">
                                <Button id={format!("metabase-remove-{id}")} variant={ButtonVariant::DangerSecondary}
                                    {onclick} disabled={busy}>
                                    { "Remove" }
                                </Button>
                            </td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// Every group in the select; those the account is in already are shown but cannot be chosen.
fn add_controls(
    account: &MetabaseAccount,
    chosen: &str,
    busy: bool,
    on_choose: Callback<String>,
    on_add: Callback<MouseEvent>,
) -> Html {
    if account.groups.is_empty() {
        return html! { <p id="metabase-groups-empty" class="pf-v6-u-mt-md">{ "Metabase has no groups." }</p> };
    }
    let options: Vec<_> = account
        .groups
        .iter()
        .map(|group| {
            let member = account.memberships.iter().any(|m| m.group_id == group.id);
            let label = match member {
                true => format!("{} (already a member)", group.name),
                false => group.name.clone(),
            };
            SelectOption::new(group.id.to_string(), label).disabled(member)
        })
        .collect();
    html! {
        <div class="pf-v6-u-mt-md">
            <LabelledField id="metabase-group" label="Add to a Metabase group">
                <OptionSelect id="metabase-group" {options} value={chosen.to_owned()}
                    empty="Choose a group…" disabled={busy} onchange={on_choose} />
            </LabelledField>
            <Button id="metabase-add" class="pf-v6-u-mt-sm" variant={ButtonVariant::Secondary}
                onclick={on_add} disabled={busy || chosen.is_empty()} loading={busy}>
                { "Add to group" }
            </Button>
        </div>
    }
}
