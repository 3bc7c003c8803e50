//! Adding people from a file: read it ([`file`]), say what each row would become ([`rows`]),
//! then start one `new_partner_user` per new row, all in one transaction, and follow how far
//! the file has got. An admin names the organisation; a partner admin's is always their own,
//! from the session: naming another is "no such organisation".

mod file;
mod rows;

use std::path::Path;

use hyopps_contract::people_import::MAX_PEOPLE_FILE_BYTES;
use hyopps_contract::{
    AppRole, ImportRowState, PeopleFile, PeopleImportPreview, PeopleImportProgress,
    PeopleImportRequest, PeopleImportRow, PeopleImportStarted, PeopleImportsRequest,
};
use hyopps_engine::{AnsweredStart, BatchStart};
use hyopps_store::people_imports::{self, ImportProgressRow, NewImport};
use hyopps_store::users::{self, ExistingAccount};
use hyopps_store::{audit, organizations, Connection};
use serde_json::json;

use crate::admin::organizations::refuse_if_offboarded;
use crate::clock::stamp;
use crate::executions::NEW_PARTNER_USER;
use crate::{Access, Actor, App, AppError, SessionToken};
use file::{thousands, Column, PeopleTable};
use rows::Draft;

/// The organisation a file's people join.
struct Organization {
    id: String,
    name: String,
}

/// A file planned: every row as the preview shows it, and the new rows' answers.
struct Plan {
    rows: Vec<PeopleImportRow>,
    /// The line and the answers of each new row, in the file's order.
    new: Vec<(u32, AnsweredStart)>,
    skipped: u32,
    invalid: u32,
    notes: Vec<String>,
}

impl App {
    /// The file at `path` (chosen in the desktop's native dialog), for a signed-in account.
    pub async fn read_people_file(
        &self,
        token: &SessionToken,
        path: &Path,
    ) -> Result<PeopleFile, AppError> {
        self.authorize(token, Access::SignedIn).await?;
        people_file_at(path)
    }

    /// What each row of the file would become. Starts nothing, changes nothing.
    pub async fn preview_people_import(
        &self,
        token: &SessionToken,
        request: PeopleImportRequest,
    ) -> Result<PeopleImportPreview, AppError> {
        let (_, organization, plan) = self.planned(token, &request).await?;
        Ok(PeopleImportPreview {
            organization_name: organization.name,
            file_name: file_name(&request.file),
            new: count(plan.new.len()),
            skipped: plan.skipped,
            invalid: plan.invalid,
            rows: plan.rows,
            notes: plan.notes,
        })
    }

    /// Starts one `new_partner_user` per new row of the file, all together (the engine's limits
    /// pace their calls), and records the file so its progress can be followed. The file is
    /// checked again here: the preview the person saw is never trusted.
    pub async fn start_people_import(
        &self,
        token: &SessionToken,
        request: PeopleImportRequest,
    ) -> Result<PeopleImportStarted, AppError> {
        let (actor, organization, plan) = self.planned(token, &request).await?;
        let (skipped, invalid) = (plan.skipped, plan.invalid);
        if plan.new.is_empty() {
            return Ok(PeopleImportStarted {
                import_id: None,
                started: 0,
                skipped,
                invalid,
                message: format!(
                    "Nobody to start: {}.",
                    left_out(&organization.name, skipped, invalid)
                ),
            });
        }
        let import_id = uuid::Uuid::new_v4().to_string();
        let now = stamp(self.clock.now());
        let (lines, starts): (Vec<u32>, Vec<AnsweredStart>) = plan.new.into_iter().unzip();
        let record_import = {
            let (import_id, organization_id, actor_id) = (
                import_id.clone(),
                organization.id.clone(),
                actor.user_id.clone(),
            );
            let name = file_name(&request.file);
            move |tx: &hyopps_store::Transaction<'_>, outcomes: &[BatchStart]| {
                let started: Vec<(i64, String)> = lines
                    .iter()
                    .zip(outcomes)
                    .filter_map(|(line, outcome)| match outcome {
                        BatchStart::Started { execution_id } => {
                            Some((i64::from(*line), execution_id.clone()))
                        }
                        BatchStart::Refused(_) => None,
                    })
                    .collect();
                let refused_now = outcomes.len() - started.len();
                people_imports::record(
                    tx,
                    &NewImport {
                        id: &import_id,
                        organization_id: &organization_id,
                        file_name: &name,
                        started_by: &actor_id,
                        started_at: &now,
                        skipped: i64::from(skipped),
                        invalid: i64::from(invalid) + count_i64(refused_now),
                        rows: &started,
                    },
                )?;
                audit::record(
                    tx,
                    &audit::Entry {
                        at: &now,
                        actor_user_id: Some(&actor_id),
                        action: "people_import_started",
                        target_type: "organization",
                        target_id: Some(&organization_id),
                        summary: json!({
                            "file": name,
                            "people_started": started.len(),
                            "already_there": skipped,
                            "rows_refused": i64::from(invalid) + count_i64(refused_now),
                        }),
                    },
                )?;
                Ok(started.len())
            }
        };
        let (outcomes, started) = self
            .engine
            .start_answered(
                NEW_PARTNER_USER,
                &actor.user_id,
                &organization.id,
                starts,
                record_import,
            )
            .await?;
        let invalid = invalid + count(outcomes.len() - started);
        let started = count(started);
        let mut message = format!(
            "Started onboarding {} of {}",
            people(started),
            organization.name
        );
        if skipped + invalid > 0 {
            message.push_str(&format!(
                "; {}",
                left_out(&organization.name, skipped, invalid)
            ));
        }
        message.push('.');
        Ok(PeopleImportStarted {
            import_id: Some(import_id),
            started,
            skipped,
            invalid,
            message,
        })
    }

    /// The organisation's latest files and how far each has got.
    pub async fn people_imports(
        &self,
        token: &SessionToken,
        request: PeopleImportsRequest,
    ) -> Result<Vec<PeopleImportProgress>, AppError> {
        let actor = self.authorize(token, Access::SignedIn).await?;
        let organization = self
            .import_organization(&actor, request.organization_id.as_deref())
            .await?;
        let rows = self
            .store
            .read(move |c| people_imports::of_organization(c, &organization.id))
            .await?;
        Ok(rows.into_iter().map(progress).collect())
    }

    /// The organisation `requested` for `actor`: a partner admin's own (naming another is "no
    /// such organisation"), or the one an admin names. An offboarded one takes nobody.
    async fn import_organization(
        &self,
        actor: &Actor,
        requested: Option<&str>,
    ) -> Result<Organization, AppError> {
        let not_found = || AppError::NotFound("There is no such organisation.".into());
        let requested = requested.map(str::trim).filter(|id| !id.is_empty());
        let id = match actor.role {
            AppRole::Admin => requested
                .ok_or_else(|| {
                    AppError::invalid(
                        "organization_id",
                        "Choose the organisation the people join.",
                    )
                })?
                .to_string(),
            _ => {
                let own = actor.organization_id.clone().ok_or_else(not_found)?;
                if requested.is_some_and(|r| r != own) {
                    return Err(not_found());
                }
                own
            }
        };
        let found = self
            .store
            .read(move |c| {
                let name = organizations::name(c, &id)?;
                if name.is_some() {
                    refuse_if_offboarded(c, &id)?;
                }
                Ok::<_, AppError>(name.map(|name| Organization { id, name }))
            })
            .await?;
        found.ok_or_else(not_found)
    }

    /// Who asks, for which organisation, and the request's file planned.
    async fn planned(
        &self,
        token: &SessionToken,
        request: &PeopleImportRequest,
    ) -> Result<(Actor, Organization, Plan), AppError> {
        let actor = self.authorize(token, Access::SignedIn).await?;
        let organization = self
            .import_organization(&actor, request.organization_id.as_deref())
            .await?;
        let plan = self
            .plan_import(&actor, &organization, &request.file)
            .await?;
        Ok((actor, organization, plan))
    }

    /// The file read and every row judged, the new ones by the form's own check.
    async fn plan_import(
        &self,
        actor: &Actor,
        organization: &Organization,
        file: &PeopleFile,
    ) -> Result<Plan, AppError> {
        refuse_if_too_large(file.contents.len() as u64)?;
        let table = file::read(&file.contents)?;
        let emails: Vec<String> = table
            .rows
            .iter()
            .map(|r| hyopps_contract::rules::normalized_email(r.get(Column::Email)))
            .collect();
        let organization_id = organization.id.clone();
        let (companies, here) = self
            .store
            .read(move |c| {
                let companies = organizations::studio_companies(c, &organization_id)?;
                let here = people_here(c, &organization_id, emails)?;
                Ok::<_, AppError>((companies, here))
            })
            .await?;
        let drafts = rows::draft(
            &table,
            &organization.id,
            &organization.name,
            &companies,
            |email| here.contains(email),
        );
        let answers: Vec<_> = drafts
            .iter()
            .filter_map(|d| match d {
                Draft::Answers(answers) => Some(answers.clone()),
                _ => None,
            })
            .collect();
        let mut checked = self
            .engine
            .check_answers(NEW_PARTNER_USER, &organization.id, &actor.user_id, answers)
            .await?
            .into_iter();
        Ok(judge(&table, drafts, &mut checked))
    }
}

/// The file at `path`, read for a preview or a start: at most 50 MB, UTF-8 text. A desktop
/// working on a server reads it with this too, and sends the text.
pub fn people_file_at(path: &Path) -> Result<PeopleFile, AppError> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let cannot_read =
        |e: std::io::Error| AppError::invalid("file", format!("{file_name} cannot be read: {e}."));
    refuse_if_too_large(std::fs::metadata(path).map_err(cannot_read)?.len())?;
    let bytes = std::fs::read(path).map_err(cannot_read)?;
    let contents = String::from_utf8(bytes).map_err(|_| {
        AppError::invalid(
            "file",
            format!("{file_name} is not UTF-8 text. Save it from the spreadsheet as \"CSV UTF-8\" and choose it again."),
        )
    })?;
    Ok(PeopleFile {
        file_name,
        contents,
    })
}

/// Each draft with the form's verdict on the new ones (`checked`, in the same order).
fn judge(
    table: &PeopleTable,
    drafts: Vec<Draft>,
    checked: &mut impl Iterator<Item = Result<(), hyopps_engine::FieldErrors>>,
) -> Plan {
    let mut plan = Plan {
        rows: Vec::with_capacity(drafts.len()),
        new: Vec::new(),
        skipped: 0,
        invalid: 0,
        notes: table.notes.clone(),
    };
    for (row, draft) in table.rows.iter().zip(drafts) {
        let state = match draft {
            Draft::Refused(state) => state,
            Draft::AlreadyHere => ImportRowState::AlreadyHere,
            Draft::Answers(answers) => match checked.next() {
                Some(Ok(())) => {
                    plan.new.push((row.line, rows::to_start(row, answers)));
                    ImportRowState::New
                }
                Some(Err(errors)) => {
                    let (column, problem) = rows::first_problem(&errors);
                    rows::refused(table, column, problem)
                }
                None => rows::refused(table, Column::Email, "Could not be checked.".into()),
            },
        };
        match state {
            ImportRowState::AlreadyHere => plan.skipped += 1,
            ImportRowState::Invalid { .. } => plan.invalid += 1,
            ImportRowState::New => {}
        }
        plan.rows.push(rows::shown(row, state));
    }
    plan
}

/// The normalised emails among `emails` that are people of the organisation already.
fn people_here(
    conn: &Connection,
    organization_id: &str,
    emails: Vec<String>,
) -> Result<std::collections::HashSet<String>, AppError> {
    let mut here = std::collections::HashSet::new();
    for email in emails.into_iter().filter(|e| !e.is_empty()) {
        if let ExistingAccount::OfThisOrganization { .. } =
            users::existing_account(conn, &email, organization_id)?
        {
            here.insert(email);
        }
    }
    Ok(here)
}

fn refuse_if_too_large(bytes: u64) -> Result<(), AppError> {
    if bytes <= MAX_PEOPLE_FILE_BYTES {
        return Ok(());
    }
    Err(AppError::invalid(
        "file",
        format!(
            "The file is {:.1} MB; HyOpps reads files of people up to {} MB. Is it the right file? A list of people that long needs splitting into smaller files.",
            bytes as f64 / (1024.0 * 1024.0),
            MAX_PEOPLE_FILE_BYTES / (1024 * 1024)
        ),
    ))
}

/// The file's name as shown and recorded: a single line, never empty.
fn file_name(file: &PeopleFile) -> String {
    let name: String = file
        .file_name
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    if name.trim().is_empty() {
        "the file".into()
    } else {
        name.trim().to_string()
    }
}

/// "2 already in O'Brien & Söhne, 1 row refused".
fn left_out(organization: &str, skipped: u32, invalid: u32) -> String {
    let mut parts = Vec::new();
    if skipped > 0 {
        parts.push(format!(
            "{} already in {organization}",
            thousands(skipped as usize)
        ));
    }
    if invalid > 0 {
        parts.push(format!(
            "{} refused",
            if invalid == 1 {
                "1 row".to_string()
            } else {
                format!("{} rows", thousands(invalid as usize))
            }
        ));
    }
    if parts.is_empty() {
        "the file has no people".into()
    } else {
        parts.join(", ")
    }
}

fn people(n: u32) -> String {
    if n == 1 {
        "1 person".into()
    } else {
        format!("{} people", thousands(n as usize))
    }
}

fn progress(row: ImportProgressRow) -> PeopleImportProgress {
    let n = |v: i64| u32::try_from(v).unwrap_or(0);
    PeopleImportProgress {
        id: row.id,
        file_name: row.file_name,
        started_at: row.started_at,
        started_by: row.started_by,
        started: n(row.started),
        done: n(row.completed),
        waiting: n(row.awaiting_input),
        failed: n(row.failed),
        cancelled: n(row.cancelled),
        skipped: n(row.skipped),
        invalid: n(row.invalid),
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn count_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
