//! CSV exports: the filtered audit log, and users with their access (one row per user). Both
//! answer the file's text; the shell saves it where the admin chooses. An export of people's
//! data is itself recorded in the audit log.

use hyopps_contract::{AuditFilter, CsvExport, UserFilter};
use hyopps_store::{audit, users};
use serde_json::json;

use super::audit_log::{audit_query, entry_view};
use super::csv::CsvWriter;
use super::record;
use super::users::{user_query, user_row};
use crate::clock::stamp;
use crate::{Access, App, AppError, SessionToken};

const AUDIT_HEADER: &[&str] = &[
    "at",
    "actor_user_id",
    "actor",
    "action",
    "target_type",
    "target_id",
    "target",
    "summary",
    "client",
];

const USERS_HEADER: &[&str] = &[
    "id",
    "firstname",
    "lastname",
    "email",
    "organization",
    "app_role",
    "resources",
    "studio_companies",
    "can_sign_in",
    "created_at",
];

/// Several values in one cell.
const LIST_SEPARATOR: &str = "; ";

impl App {
    /// Every audit entry the filter matches (not just a page), newest first, as CSV.
    pub async fn export_audit_log_csv(
        &self,
        token: &SessionToken,
        filter: AuditFilter,
    ) -> Result<CsvExport, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let query = audit_query(&filter)?;
        let content = self
            .store
            .read(move |c| {
                let mut csv = CsvWriter::with_header(AUDIT_HEADER);
                audit::for_each(c, &query, |entry| {
                    let view = entry_view(entry);
                    let summary = view.summary.to_string();
                    csv.row([
                        view.at.as_str(),
                        view.actor_user_id.as_deref().unwrap_or(""),
                        view.actor_name.as_deref().unwrap_or(""),
                        view.action.as_str(),
                        view.target_type.as_deref().unwrap_or(""),
                        view.target_id.as_deref().unwrap_or(""),
                        view.target_name.as_deref().unwrap_or(""),
                        summary.as_str(),
                        view.client.as_deref().unwrap_or(""),
                    ]);
                })?;
                Ok::<_, AppError>(csv)
            })
            .await?;
        self.exported(
            &actor.user_id,
            "audit_log_exported",
            "audit_log",
            content,
            json!(filter),
        )
        .await
    }

    /// Every user the filter matches, by name, with their organisation, role and the
    /// resources and Studio companies they were given, as CSV (one row per user).
    pub async fn export_users_csv(
        &self,
        token: &SessionToken,
        filter: UserFilter,
    ) -> Result<CsvExport, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let query = user_query(&filter)?;
        let content = self
            .store
            .read(move |c| {
                let mut csv = CsvWriter::with_header(USERS_HEADER);
                users::for_each_listed(c, &query, |listed| {
                    let row = user_row(listed);
                    let resources = row.access.join(LIST_SEPARATOR);
                    let companies = row.studio_companies.join(LIST_SEPARATOR);
                    csv.row([
                        row.id.as_str(),
                        row.firstname.as_str(),
                        row.lastname.as_str(),
                        row.email.as_str(),
                        row.organization_name.as_deref().unwrap_or(""),
                        row.app_role.as_str(),
                        resources.as_str(),
                        companies.as_str(),
                        if row.has_password { "yes" } else { "no" },
                        row.created_at.as_str(),
                    ]);
                })?;
                Ok::<_, AppError>(csv)
            })
            .await?;
        self.exported(
            &actor.user_id,
            "users_exported",
            "users",
            content,
            json!(filter),
        )
        .await
    }

    /// The latest check of everything's differences (every one; the screen's filters narrow
    /// only what it shows).
    pub async fn export_access_report_csv(
        &self,
        token: &SessionToken,
    ) -> Result<CsvExport, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        let report = self.access_report(token).await?;
        let mut csv = CsvWriter::with_header(ACCESS_HEADER);
        for d in &report.differences {
            csv.row([
                d.organization_name.as_str(),
                d.who.as_str(),
                d.email.as_str(),
                if d.user_id.is_some() {
                    "person"
                } else {
                    "none of its people"
                },
                d.system.label(),
                d.state.label(),
                d.says.as_str(),
            ]);
        }
        let checked_at = report.run.map(|r| r.finished_at);
        self.exported(
            &actor.user_id,
            "access_report_exported",
            "access_check",
            csv,
            json!({ "checked_at": checked_at }),
        )
        .await
    }

    /// Records the export (who, how many rows, which filter) and names the file.
    async fn exported(
        &self,
        actor_user_id: &str,
        action: &'static str,
        what: &'static str,
        csv: CsvWriter,
        filter: serde_json::Value,
    ) -> Result<CsvExport, AppError> {
        let now = self.clock.now();
        let (at, actor, rows) = (stamp(now), actor_user_id.to_string(), csv.rows());
        self.store
            .write(move |tx| {
                record(
                    tx,
                    &at,
                    &actor,
                    action,
                    ("export", what),
                    json!({ "rows": rows, "filter": filter }),
                )
            })
            .await?;
        Ok(CsvExport {
            suggested_file_name: format!(
                "hyopps-{}-{}.csv",
                what.replace('_', "-"),
                now.format("%Y-%m-%d")
            ),
            rows,
            content: csv.finish(),
        })
    }
}

const ACCESS_HEADER: &[&str] = &[
    "Organisation",
    "Who",
    "Email",
    "In HyOpps",
    "System",
    "Difference",
    "What the system says",
];
