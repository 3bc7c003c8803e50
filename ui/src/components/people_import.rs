//! "Add people from a file…": the native open dialog, then a preview of what every line
//! becomes (new, already there, refused with the column and why), nothing started until the
//! admin confirms; then one onboarding per new person, and each started file's progress
//! ("23 of 40 done, 2 need you"), kept up to date by the execution events and read back from
//! the backend after a restart. Used on an organisation's page (an admin names it) and in the
//! partner panel (the backend takes the session's organisation).

use hyopps_contract::{
    PeopleFile, PeopleImportPreview, PeopleImportProgress, PeopleImportRequest,
    PeopleImportsRequest, WireError,
};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{plain_table, table_cell, DangerModal, ErrorAlert, TimeText};
use crate::hooks::{use_execution_events, use_live_load};
use crate::ipc;
use crate::state::people_import::{
    ordered_rows, preview_summary, progress_fraction, shown_note, start_label, state_key,
    state_text, SHOWN_ROWS,
};

/// How many of the latest files the card shows.
const FILES_SHOWN: usize = 3;

#[derive(Clone, PartialEq, Properties)]
pub struct PeopleImportCardProps {
    /// The organisation, for an admin; `None` in the partner panel (the session's).
    #[prop_or_default]
    pub organization_id: Option<AttrValue>,
    /// Told once a file has started: its new people exist now (the page around may list them).
    #[prop_or_default]
    pub on_started: Callback<()>,
}

/// A file read and previewed, waiting for the admin's confirmation.
#[derive(Clone, PartialEq)]
struct Previewed {
    file: PeopleFile,
    preview: PeopleImportPreview,
}

#[component]
pub fn PeopleImportCard(props: &PeopleImportCardProps) -> Html {
    let organization_id = props.organization_id.as_ref().map(|id| id.to_string());
    let previewed = use_state_eq(|| None::<Previewed>);
    let busy = use_state_eq(|| false);
    let error = use_state_eq(|| None::<WireError>);
    let started = use_state_eq(|| None::<String>);
    let files = use_live_load(organization_id.clone(), |organization_id, activity| {
        let request = PeopleImportsRequest { organization_id };
        async move { ipc::people_imports(&request, activity).await }
    });
    {
        let refresh = files.refresh.clone();
        use_execution_events(Callback::from(move |_| refresh.emit(())));
    }

    let request_for = {
        let organization_id = organization_id.clone();
        move |file: PeopleFile| PeopleImportRequest {
            organization_id: organization_id.clone(),
            file,
        }
    };
    let choose = {
        let (previewed, busy, error, started) = (
            previewed.clone(),
            busy.clone(),
            error.clone(),
            started.clone(),
        );
        let request_for = request_for.clone();
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            error.set(None);
            started.set(None);
            busy.set(true);
            let (previewed, busy, error, request_for) = (
                previewed.clone(),
                busy.clone(),
                error.clone(),
                request_for.clone(),
            );
            spawn_local(async move {
                let read = async {
                    let Some(path) = ipc::choose_people_file().await? else {
                        return Ok(None);
                    };
                    let file = ipc::read_people_file(&path).await?;
                    let preview = ipc::preview_people_import(&request_for(file.clone())).await?;
                    Ok::<_, WireError>(Some(Previewed { file, preview }))
                };
                match read.await {
                    Ok(found) => previewed.set(found),
                    Err(refused) => error.set(Some(refused)),
                }
                busy.set(false);
            });
        })
    };
    let cancel = {
        let previewed = previewed.clone();
        Callback::from(move |()| previewed.set(None))
    };
    let confirm = {
        let (previewed, busy, error, started) = (
            previewed.clone(),
            busy.clone(),
            error.clone(),
            started.clone(),
        );
        let reload = files.reload.clone();
        let on_started = props.on_started.clone();
        Callback::from(move |()| {
            let Some(chosen) = (*previewed).clone() else {
                return;
            };
            busy.set(true);
            error.set(None);
            let request = request_for(chosen.file);
            let (previewed, busy, error, started, reload, on_started) = (
                previewed.clone(),
                busy.clone(),
                error.clone(),
                started.clone(),
                reload.clone(),
                on_started.clone(),
            );
            spawn_local(async move {
                match ipc::start_people_import(&request).await {
                    Ok(answer) => {
                        started.set(Some(answer.message));
                        previewed.set(None);
                        reload.emit(());
                        on_started.emit(());
                    }
                    Err(refused) => error.set(Some(refused)),
                }
                busy.set(false);
            });
        })
    };

    let in_modal = previewed.is_some();
    html! {
        <Card id="people-import">
            <CardTitle>
                <Title level={Level::H2} size={Size::Large}>{ "Add people from a file" }</Title>
            </CardTitle>
            <CardBody>
                <p class="pf-v6-u-mb-md pf-v6-u-color-200">
                    { "A CSV file as a spreadsheet saves it, one person per line, under a first line that names the columns: First name, Last name and Email, and if you like Languages, Skills, Roles and Studio companies (their names or Studio ids). Any order, ; or , between values. You see what each line becomes before anything starts." }
                </p>
                <Button id="people-import-choose" variant={ButtonVariant::Secondary}
                    onclick={choose} disabled={*busy} loading={*busy && !in_modal}>
                    { "Add people from a file…" }
                </Button>
                if let (Some(refused), false) = ((*error).clone(), in_modal) {
                    <div class="pf-v6-u-mt-md">
                        <ErrorAlert id="people-import-error" error={refused} />
                    </div>
                }
                if let Some(message) = (*started).clone() {
                    <div id="people-import-started" class="pf-v6-u-mt-md">
                        <Alert inline=true r#type={AlertType::Success} title={message} />
                    </div>
                }
                { files_view(files.state.ready()) }
            </CardBody>
            if let Some(chosen) = (*previewed).clone() {
                <DangerModal
                    id="people-import-modal"
                    title={format!("Add the people of {}?", chosen.preview.file_name)}
                    confirm_id="people-import-confirm"
                    confirm_label={start_label(chosen.preview.new)}
                    confirm_variant={ButtonVariant::Primary}
                    confirm_disabled={chosen.preview.new == 0}
                    cancel_id="people-import-cancel"
                    busy={*busy}
                    error={(*error).clone()}
                    on_confirm={confirm}
                    on_cancel={cancel}
                >
                    { preview_view(&chosen.preview) }
                </DangerModal>
            }
        </Card>
    }
}

const COLUMNS: [&str; 4] = ["Line", "Name", "Email", "What happens"];

fn preview_view(preview: &PeopleImportPreview) -> Html {
    let rows = ordered_rows(preview);
    let cell = |label: &'static str, content: Html| table_cell(label, content);
    let shown: Html = rows
        .iter()
        .take(SHOWN_ROWS)
        .map(|row| {
            let (label, why) = state_text(&row.state);
            html! {
                <tr key={row.line} id={format!("people-import-row-{}", row.line)}
                    class="pf-v6-c-table__tr" data-state={state_key(&row.state)}>
                    { cell(COLUMNS[0], html! { row.line }) }
                    { cell(COLUMNS[1], html! { row.name.clone() }) }
                    { cell(COLUMNS[2], html! { row.email.clone() }) }
                    { cell(COLUMNS[3], html! {
                        <>
                            <strong>{ label }</strong>
                            if let Some(why) = why {
                                <div class="pf-v6-u-font-size-sm">{ why }</div>
                            }
                        </>
                    }) }
                </tr>
            }
        })
        .collect();
    html! {
        <>
            <p id="people-import-summary" data-new={preview.new.to_string()}
                data-skipped={preview.skipped.to_string()} data-invalid={preview.invalid.to_string()}>
                { preview_summary(preview) }
            </p>
            <p class="pf-v6-u-mt-sm pf-v6-u-color-200">
                { format!("Each new person gets their own onboarding into {}, started together; the steps pace themselves under each system's limits. Fix a refused line in the file and add the file again: the people already there are skipped.", preview.organization_name) }
            </p>
            { for preview.notes.iter().map(|note| html! {
                <p class="pf-v6-u-mt-sm pf-v6-u-color-200 people-import-note">{ note.clone() }</p>
            }) }
            if let Some(note) = shown_note(rows.len()) {
                <p id="people-import-shown" class="pf-v6-u-mt-sm">{ note }</p>
            }
            <div class="pf-v6-u-mt-md people-import-rows">
                { plain_table("people-import-rows", &COLUMNS, shown) }
            </div>
        </>
    }
}

/// The latest started files, each with its progress bar.
fn files_view(files: Option<&Vec<PeopleImportProgress>>) -> Html {
    let Some(files) = files.filter(|f| !f.is_empty()) else {
        return html!();
    };
    html! {
        <div id="people-import-files" class="pf-v6-u-mt-lg">
            <Title level={Level::H3} size={Size::Medium}>{ "Files added" }</Title>
            { for files.iter().take(FILES_SHOWN).enumerate().map(|(i, file)| file_view(file, i == 0)) }
        </div>
    }
}

/// One file's progress; the latest file's element is `people-import-latest`.
fn file_view(file: &PeopleImportProgress, latest: bool) -> Html {
    let variant = if file.failed > 0 {
        ProgressVariant::Danger
    } else if file.is_finished() {
        ProgressVariant::Success
    } else {
        ProgressVariant::Default
    };
    html! {
        <div id={if latest { "people-import-latest".to_string() } else { format!("people-import-file-{}", file.id) }}
            class="pf-v6-u-mt-md" data-file-id={file.id.clone()}
            data-done={file.done.to_string()} data-started={file.started.to_string()}
            data-need-you={file.need_you().to_string()}>
            <Progress
                value={progress_fraction(file)}
                {variant}
                description={html! {
                    <>
                        { file.file_name.clone() }
                        <span class="pf-v6-u-color-200">
                            { " · added " }<TimeText at={file.started_at.clone()} />
                            { file.started_by.clone().map(|by| format!(" by {by}")).unwrap_or_default() }
                        </span>
                    </>
                }}
                value_text={file.summary()}
            />
        </div>
    }
}
