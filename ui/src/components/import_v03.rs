//! Settings → "Import from HyOpps v0.3…": the native file dialog, then the import, then its
//! report table or its error. The rules (what the import reads and how it merges) are the
//! backend's; this card only explains them and shows what happened.

use std::rc::Rc;

use hyopps_contract::{ImportReport, ImportV03Request};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{plain_table, table_cell, ErrorAlert};
use crate::ipc;
use crate::state::import_v03::report_summary;
use crate::state::{ImportEvent, ImportPhase, ImportV03};

impl Reducible for ImportV03 {
    type Action = ImportEvent;

    fn reduce(self: Rc<Self>, event: ImportEvent) -> Rc<Self> {
        Rc::new(self.apply(event))
    }
}

#[component]
pub fn ImportV03Card() -> Html {
    let import = use_reducer_eq(ImportV03::default);

    let onclick = {
        let import = import.clone();
        Callback::from(move |_: MouseEvent| {
            if import.is_busy() {
                return;
            }
            import.dispatch(ImportEvent::Choose);
            let import = import.clone();
            spawn_local(async move {
                let path = match ipc::choose_v03_database().await {
                    Ok(Some(path)) => path,
                    Ok(None) => return import.dispatch(ImportEvent::Cancelled),
                    Err(error) => return import.dispatch(ImportEvent::Finished(Err(error))),
                };
                import.dispatch(ImportEvent::Chosen(path.clone()));
                let result = ipc::import_v03_database(&ImportV03Request { path }).await;
                import.dispatch(ImportEvent::Finished(result));
            });
        })
    };

    let importing = matches!(import.phase, ImportPhase::Importing(_));
    html! {
        <Card id="import-v03-card">
            <CardTitle>
                <Title level={Level::H2} size={Size::XLarge}>{ "Import from HyOpps v0.3" }</Title>
            </CardTitle>
            <CardBody>
                <p class="pf-v6-u-mb-sm">
                    { "Brings everything from HyOpps v0.3 into this app: organisations, users and their \
                       access, integrations, documentation, workflows and their executions. Choose the \
                       hyopps_py.db file of the v0.3 installation; it is only read, never changed." }
                </p>
                <p class="pf-v6-u-mb-md">
                    { "Every row comes in with its v0.3 id; what is already here (the same email, \
                       organisation name or workflow) is kept and linked instead. Importing the same \
                       file twice changes nothing." }
                </p>
                <Button id="import-v03-choose" variant={ButtonVariant::Primary}
                    onclick={onclick} disabled={import.is_busy()} loading={importing}>
                    { "Import from HyOpps v0.3…" }
                </Button>
                if let ImportPhase::Importing(path) = &import.phase {
                    <p id="import-v03-pending" class="pf-v6-u-mt-md">
                        { format!("Importing {path}…") }
                    </p>
                }
                { match &import.outcome {
                    Some(Ok(report)) => html! { <ImportReportView report={report.clone()} /> },
                    Some(Err(error)) => html! {
                        <div class="pf-v6-u-mt-md">
                            <ErrorAlert id="import-v03-error" error={error.clone()} />
                        </div>
                    },
                    None => html!(),
                } }
            </CardBody>
        </Card>
    }
}

#[derive(Clone, PartialEq, Properties)]
struct ImportReportViewProps {
    report: ImportReport,
}

const COLUMNS: [&str; 5] = ["Table", "Imported", "Already present", "Merged", "Skipped"];

/// The report, table by table in import order, then the notes.
#[component]
fn ImportReportView(props: &ImportReportViewProps) -> Html {
    let report = &props.report;
    html! {
        <div id="import-v03-result" class="pf-v6-u-mt-md">
            <Alert inline=true r#type={AlertType::Success} title={report_summary(report)} />
            { plain_table("import-v03-report", &COLUMNS, report_rows(report)) }
            if !report.notes.is_empty() {
                <div id="import-v03-notes" class="pf-v6-u-mt-md">
                    <Title level={Level::H3} size={Size::Medium}>{ "Notes" }</Title>
                    <ul class="pf-v6-c-list">
                        { for report.notes.iter().map(|note| html! { <li>{ note.clone() }</li> }) }
                    </ul>
                </div>
            }
        </div>
    }
}

fn report_rows(report: &ImportReport) -> Html {
    let cell = |label: &'static str, content: String| table_cell(label, html! { content });
    report
        .tables
        .iter()
        .map(|count| {
            html! {
                <tr key={count.table.clone()} id={format!("import-v03-row-{}", count.table)}
                    class="pf-v6-c-table__tr">
                    { cell(COLUMNS[0], count.table.clone()) }
                    { cell(COLUMNS[1], count.imported.to_string()) }
                    { cell(COLUMNS[2], count.already_present.to_string()) }
                    { cell(COLUMNS[3], count.merged.to_string()) }
                    { cell(COLUMNS[4], count.skipped.to_string()) }
                </tr>
            }
        })
        .collect()
}
