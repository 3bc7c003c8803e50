//! Importing a HyOpps v0.3 database: every row of the Python version's `hyopps_py.db`,
//! in one transaction, idempotently, without touching the file.
//!
//! Two front doors: [`App::import_v03`] for a signed-in admin (Settings), and
//! [`import_v03_file`] without a session for the command line (`hyopps import-v03 <file>`).
//! Both read the whole file first ([`source`]: read-only, recognised or refused), then write
//! everything in one job on the store's writer ([`run`] and one module per family of tables),
//! so either all of it lands or nothing does, and record one `imported_v03` audit entry.
//!
//! Errors: a file that is not an importable v0.3 database is [`AppError::Validation`] on the
//! field `file` (wire code `Validation`), with a message that says what the file is and what to
//! do; so is a row our schema cannot hold. Database failures are [`AppError::Store`].
//!
//! Nothing imported acts by itself: accounts still on v0.3's default password must change it,
//! steps v0.3 was running are imported as failed (interrupted) for an admin to retry or complete
//! by hand, and documentation links that are not web links are left empty.
//!
//! Ids are kept; rows that are already here under another id (seeded resources and workflows,
//! a user with the same email, an organisation with the same name) are merged onto ours, and
//! every reference is rewritten to our id. See [`run`] for the rule every table follows.

mod access;
mod organizations;
mod people;
mod report;
mod run;
mod schema;
mod source;
mod users;
mod values;
mod workflows;

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, Utc};
use hyopps_store::{audit, Store, Transaction};

pub use hyopps_contract::{ImportReport, TableCount};

use crate::auth::Access;
use crate::clock::stamp;
use crate::{App, AppError, SessionToken};
use run::Run;
use source::Snapshot;

impl App {
    /// Imports the v0.3 database at `path`; admins only.
    pub async fn import_v03(
        &self,
        token: &SessionToken,
        path: &Path,
    ) -> Result<ImportReport, AppError> {
        let actor = self.authorize(token, Access::Admin).await?;
        if path.as_os_str().is_empty() || path.to_string_lossy().trim().is_empty() {
            return Err(AppError::invalid("file", "Choose a v0.3 database file."));
        }
        import_v03_file(&self.store, path, Some(&actor.user_id), self.clock.now()).await
    }
}

/// Imports the v0.3 database at `path` into `store` without a session: for the command line,
/// run by whoever may write the data directory. `actor_user_id` is recorded in the audit log
/// (`None` for the command line); `now` is the import's time.
pub async fn import_v03_file(
    store: &Store,
    path: &Path,
    actor_user_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ImportReport, AppError> {
    let file = path.to_path_buf();
    let (snapshot, on_default_password) = tokio::task::spawn_blocking(move || {
        let snapshot = source::read(&file)?;
        let on_default_password = users::on_default_password(&snapshot);
        Ok::<_, AppError>((snapshot, on_default_password))
    })
    .await
    .map_err(|e| AppError::Internal(format!("reading the v0.3 database failed: {e}")))??;
    let actor = actor_user_id.map(str::to_string);
    let at = stamp(now);
    let report = store
        .write(move |tx| write_all(tx, &snapshot, &on_default_password, actor.as_deref(), at))
        .await?;
    tracing::info!(
        imported = report.total_imported(),
        tables = report.tables.len(),
        "imported a HyOpps v0.3 database"
    );
    Ok(report)
}

/// Every table in dependency order, then the audit entry, in the writer's one transaction.
fn write_all(
    tx: &Transaction<'_>,
    snapshot: &Snapshot,
    on_default_password: &HashSet<String>,
    actor_user_id: Option<&str>,
    now: String,
) -> Result<ImportReport, AppError> {
    let mut run = Run::new(tx, now.clone(), snapshot.source.clone());
    organizations::organizations(&mut run, snapshot)?;
    users::users(&mut run, snapshot, on_default_password)?;
    organizations::studio_companies(&mut run, snapshot)?;
    users::studio_access(&mut run, snapshot)?;
    users::personal_companies(&mut run, snapshot)?;
    organizations::system_groups(&mut run, snapshot)?;
    organizations::integrations(&mut run, snapshot)?;
    organizations::documentation(&mut run, snapshot)?;
    access::resources(&mut run, snapshot)?;
    access::grants(&mut run, snapshot)?;
    workflows::definitions(&mut run, snapshot)?;
    workflows::steps(&mut run, snapshot)?;
    workflows::executions(&mut run, snapshot)?;
    workflows::step_executions(&mut run, snapshot)?;

    let (tables, notes) = run.into_parts();
    let report = report::report(snapshot.source.clone(), tables, &notes);
    let via = if actor_user_id.is_some() {
        "app"
    } else {
        "command_line"
    };
    audit::record(
        tx,
        &audit::Entry {
            at: &now,
            actor_user_id,
            action: "imported_v03",
            target_type: "database",
            target_id: None,
            summary: report::audit_summary(&report, via, &notes),
        },
    )?;
    Ok(report)
}
