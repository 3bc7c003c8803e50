//! Settings → Backups: the backups kept (made every day by themselves), "Back up now", and
//! putting one back, from the list or from a file chosen in the native dialog. A restore asks
//! first, says what happens to the current database, and the app restarts to do it.

use hyopps_contract::{BackupFile, BackupOverview, RestoreBackupRequest, WireError};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{async_view, plain_table, table_cell, DangerModal, ErrorAlert, TimeText};
use crate::hooks::use_load;
use crate::ipc;
use crate::state::backups::{kind_text, made_text, size_text};

/// The backup the admin is about to put back.
#[derive(Clone, PartialEq)]
struct Chosen {
    name: String,
    path: String,
}

const COLUMNS: [&str; 4] = ["Made", "Kind", "Size", ""];

#[component]
pub fn BackupsCard() -> Html {
    let backups = use_load((), |()| ipc::list_backups());
    let made = use_state_eq(|| None::<Result<String, WireError>>);
    let making = use_state_eq(|| false);
    let chosen = use_state_eq(|| None::<Chosen>);
    let restoring = use_state_eq(|| false);
    let restore_error = use_state_eq(|| None::<WireError>);
    let restarting = use_state_eq(|| None::<String>);

    let back_up = {
        let (made, making, reload) = (made.clone(), making.clone(), backups.reload.clone());
        Callback::from(move |_: MouseEvent| {
            if *making {
                return;
            }
            making.set(true);
            let (made, making, reload) = (made.clone(), making.clone(), reload.clone());
            spawn_local(async move {
                let result = ipc::back_up_now().await;
                making.set(false);
                made.set(Some(result.map(|made| made_text(&made))));
                reload.emit(());
            });
        })
    };
    let choose_file = {
        let (chosen, restore_error, made) = (chosen.clone(), restore_error.clone(), made.clone());
        Callback::from(move |_: MouseEvent| {
            let (chosen, restore_error, made) =
                (chosen.clone(), restore_error.clone(), made.clone());
            spawn_local(async move {
                match ipc::choose_backup_file().await {
                    Ok(Some(path)) => {
                        restore_error.set(None);
                        chosen.set(Some(Chosen {
                            name: file_name(&path),
                            path,
                        }));
                    }
                    Ok(None) => {}
                    Err(error) => made.set(Some(Err(error))),
                }
            });
        })
    };
    let choose_listed = {
        let (chosen, restore_error) = (chosen.clone(), restore_error.clone());
        Callback::from(move |backup: BackupFile| {
            restore_error.set(None);
            chosen.set(Some(Chosen {
                name: backup.name,
                path: backup.path,
            }));
        })
    };
    let cancel = {
        let chosen = chosen.clone();
        Callback::from(move |()| chosen.set(None))
    };
    let confirm = {
        let (chosen, restoring, restore_error, restarting) = (
            chosen.clone(),
            restoring.clone(),
            restore_error.clone(),
            restarting.clone(),
        );
        Callback::from(move |()| {
            let Some(backup) = (*chosen).clone() else {
                return;
            };
            if *restoring {
                return;
            }
            restoring.set(true);
            let (chosen, restoring, restore_error, restarting) = (
                chosen.clone(),
                restoring.clone(),
                restore_error.clone(),
                restarting.clone(),
            );
            spawn_local(async move {
                let request = RestoreBackupRequest { path: backup.path };
                match ipc::restore_backup(&request).await {
                    Ok(staged) => {
                        chosen.set(None);
                        restarting.set(Some(staged.file_name));
                    }
                    Err(error) => {
                        restoring.set(false);
                        restore_error.set(Some(error));
                    }
                }
            });
        })
    };

    let listed = {
        let choose_listed = choose_listed.clone();
        let disabled = restarting.is_some();
        async_view(
            &backups.state,
            Some(backups.reload.clone()),
            move |overview| backup_list(overview, &choose_listed, disabled),
        )
    };

    html! {
        <Card id="backups-card">
            <CardTitle>
                <Title level={Level::H2} size={Size::XLarge}>{ "Backups" }</Title>
            </CardTitle>
            <CardBody>
                if let Some(name) = &*restarting {
                    <Alert id="backups-restarting" inline=true r#type={AlertType::Info}
                        title={format!("Restoring {name}: HyOpps restarts now.")}>
                        { "The current database is kept in the backups folder. Sign in again once the window is back." }
                    </Alert>
                }
                { listed }
                <div class="pf-v6-u-mt-md pf-v6-u-mb-md">
                    <Button id="backups-back-up-now" variant={ButtonVariant::Primary}
                        onclick={back_up} disabled={*making || restarting.is_some()} loading={*making}>
                        { "Back up now" }
                    </Button>
                    { " " }
                    <Button id="backups-restore-file" variant={ButtonVariant::Secondary}
                        onclick={choose_file} disabled={restarting.is_some()}>
                        { "Restore from a file…" }
                    </Button>
                </div>
                { match &*made {
                    Some(Ok(text)) => html! {
                        <Alert id="backups-made" inline=true r#type={AlertType::Success} title={text.clone()} />
                    },
                    Some(Err(error)) => html! { <ErrorAlert id="backups-error" error={error.clone()} /> },
                    None => html!(),
                } }
                if let Some(backup) = &*chosen {
                    <DangerModal
                        id="backups-restore-modal"
                        title={format!("Restore {}?", backup.name)}
                        confirm_id="backups-restore-confirm"
                        confirm_label="Restore and restart"
                        cancel_id="backups-restore-cancel"
                        busy={*restoring}
                        error={(*restore_error).clone()}
                        on_confirm={confirm}
                        on_cancel={cancel}
                    >
                        <p>{ "Everything recorded since this backup was made is no longer shown: \
                              organisations, people, executions and the audit log go back to that moment." }</p>
                        <p class="pf-v6-u-mt-sm">{ "The current database is kept in the backups folder \
                              (as \"Kept before a restore\"), so this can be undone by restoring that copy. \
                              HyOpps checks the file, then restarts to put it in place; runs that were \
                              under way then are resumed." }</p>
                    </DangerModal>
                }
            </CardBody>
        </Card>
    }
}

fn backup_list(
    overview: &BackupOverview,
    on_restore: &Callback<BackupFile>,
    disabled: bool,
) -> Html {
    let intro = format!(
        "HyOpps copies its database every day into {} and keeps the newest {}. Make one now before a large change; put one back if something went wrong.",
        overview.folder, overview.keep
    );
    if overview.backups.is_empty() {
        return html! {
            <>
                <p id="backups-intro" class="pf-v6-u-mb-sm">{ intro }</p>
                <p id="backups-none">{ "No backup yet: the first is made within a day, or now with \"Back up now\"." }</p>
            </>
        };
    }
    let rows: Html = overview
        .backups
        .iter()
        .map(|backup| {
            let restore = {
                let (on_restore, backup) = (on_restore.clone(), backup.clone());
                Callback::from(move |_: MouseEvent| on_restore.emit(backup.clone()))
            };
            html! {
                <tr key={backup.name.clone()} class="pf-v6-c-table__tr">
                    { table_cell(COLUMNS[0], html! {
                        <span title={backup.name.clone()}><TimeText at={backup.made_at.clone()} /></span>
                    }) }
                    { table_cell(COLUMNS[1], html! { kind_text(backup) }) }
                    { table_cell(COLUMNS[2], html! { size_text(backup.bytes) }) }
                    { table_cell(COLUMNS[3], html! {
                        <Button variant={ButtonVariant::Link} class="pf-m-inline" onclick={restore} {disabled}
                            aria_label={format!("Restore {}", backup.name)}>
                            { "Restore…" }
                        </Button>
                    }) }
                </tr>
            }
        })
        .collect();
    html! {
        <>
            <p id="backups-intro" class="pf-v6-u-mb-sm">{ intro }</p>
            { plain_table("backups-list", &COLUMNS, rows) }
        </>
    }
}

/// The file's name without its folder, on any system's paths.
fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}
