//! "Export CSV…": the native save dialog (proposing a dated file name), then the export of
//! what the screen's filter shows, then where it went and how many rows. A cancelled dialog
//! changes nothing.

use chrono::NaiveDate;
use hyopps_contract::{
    AuditFilter, ExportAccessReportRequest, ExportAuditLogRequest, ExportUsersRequest, SavedExport,
    UserFilter, WireError,
};
use patternfly_yew::prelude::*;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::ErrorAlert;
use crate::ipc;
use crate::state::audit::audit_export_file_name;
use crate::state::users::{export_saved_text, users_export_file_name};

/// What to export, with the filter the screen applies now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportSource {
    Users(UserFilter),
    Audit(AuditFilter),
    /// Every difference of the latest check of everything.
    Access,
}

impl ExportSource {
    /// The button's id; the result is `<id>-result`, a failure `<id>-error`.
    fn id(&self) -> &'static str {
        match self {
            ExportSource::Users(_) => "users-export",
            ExportSource::Audit(_) => "audit-export",
            ExportSource::Access => "access-export",
        }
    }

    fn nouns(&self) -> (&'static str, &'static str) {
        match self {
            ExportSource::Users(_) => ("user", "users"),
            ExportSource::Audit(_) => ("audit entry", "audit entries"),
            ExportSource::Access => ("difference", "differences"),
        }
    }

    /// Asks where to save, then writes there; `Ok(None)` when the admin cancelled.
    async fn run(self, today: NaiveDate) -> Result<Option<SavedExport>, WireError> {
        match self {
            ExportSource::Users(filter) => {
                let name = users_export_file_name(today);
                let Some(path) = ipc::choose_users_export_path(&name).await? else {
                    return Ok(None);
                };
                ipc::export_users_csv(&ExportUsersRequest { filter, path })
                    .await
                    .map(Some)
            }
            ExportSource::Audit(filter) => {
                let name = audit_export_file_name(today);
                let Some(path) = ipc::choose_audit_export_path(&name).await? else {
                    return Ok(None);
                };
                ipc::export_audit_log_csv(&ExportAuditLogRequest { filter, path })
                    .await
                    .map(Some)
            }
            ExportSource::Access => {
                let name = format!("hyopps-access-check-{}.csv", today.format("%Y-%m-%d"));
                let Some(path) = ipc::choose_access_export_path(&name).await? else {
                    return Ok(None);
                };
                ipc::export_access_report_csv(&ExportAccessReportRequest { path })
                    .await
                    .map(Some)
            }
        }
    }
}

/// Today in the admin's own time zone: the day they would write on the file.
fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

#[derive(Clone, PartialEq, Properties)]
pub struct CsvExportButtonProps {
    pub source: ExportSource,
}

#[component]
pub fn CsvExportButton(props: &CsvExportButtonProps) -> Html {
    let busy = use_state_eq(|| false);
    let outcome = use_state_eq(|| None::<Result<SavedExport, WireError>>);

    let onclick = {
        let (busy, outcome, source) = (busy.clone(), outcome.clone(), props.source.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            let (busy, outcome, source) = (busy.clone(), outcome.clone(), source.clone());
            spawn_local(async move {
                let result = source.run(today()).await;
                busy.set(false);
                match result {
                    // Cancelled: whatever was shown before stays.
                    Ok(None) => {}
                    Ok(Some(saved)) => outcome.set(Some(Ok(saved))),
                    Err(error) => outcome.set(Some(Err(error))),
                }
            });
        })
    };

    let id = props.source.id();
    let (one, many) = props.source.nouns();
    html! {
        <div>
            <Button id={id} variant={ButtonVariant::Secondary} {onclick}
                disabled={*busy} loading={*busy}>
                { "Export CSV…" }
            </Button>
            { match &*outcome {
                None => html!(),
                Some(Ok(saved)) => html! {
                    <div id={format!("{id}-result")} class="pf-v6-u-mt-sm" role="status"
                        data-path={saved.path.clone()} data-rows={saved.rows.to_string()}>
                        <Alert inline=true r#type={AlertType::Success}
                            title={export_saved_text(saved, one, many)} />
                    </div>
                },
                Some(Err(error)) => html! {
                    <div class="pf-v6-u-mt-sm">
                        <ErrorAlert id={AttrValue::from(format!("{id}-error"))} error={error.clone()} />
                    </div>
                },
            } }
        </div>
    }
}
