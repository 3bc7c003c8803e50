//! `hyopps onboard --organisation NAME --file people.csv [--dry-run]`: adding people from a file
//! for scripts, headless, on this computer's database. The account comes from `--as EMAIL` and
//! its password from `HYOPPS_PASSWORD` (else the first line on standard input): the same
//! sign-in, roles and rules as the window (a partner admin adds to their own organisation only).
//! It prints the preview (every refused line with the column and why); with `--dry-run` it stops
//! there. Otherwise it starts the file, then runs the onboardings itself (the desktop app is
//! not running: it would hold the data folder) until each has ended or waits for someone.
//!
//! Exit codes: 0 everyone onboarded (or the dry run found nothing refused), 1 refused, failed or
//! waiting for someone (said on stderr), 2 wrong arguments.

use std::ffi::OsString;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Duration;

use hyopps_app::{App, AppError, SessionToken};
use hyopps_contract::{
    ImportRowState, OrganizationListRequest, PeopleImportPreview, PeopleImportRequest,
    PeopleImportsRequest,
};

use crate::cli::UsageError;

pub const ONBOARD_USAGE: &str =
    "usage: hyopps onboard --as EMAIL --organisation NAME --file people.csv [--dry-run]";

/// Engine workers while the command runs the onboardings (as many as the desktop app runs).
const WORKERS: usize = 4;
/// How often the progress is read and, when it moved, printed.
const LOOK_EVERY: Duration = Duration::from_millis(500);

/// What `hyopps onboard` was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnboardArgs {
    pub account: String,
    pub organisation: String,
    pub file: PathBuf,
    pub dry_run: bool,
}

/// Reads the arguments after `onboard`.
pub fn parse(args: impl Iterator<Item = OsString>) -> Result<OnboardArgs, UsageError> {
    let (mut account, mut organisation, mut file, mut dry_run) = (None, None, None, false);
    let mut args = args.map(|a| a.to_string_lossy().into_owned());
    while let Some(flag) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| UsageError(format!("{name} needs a value.")))
        };
        match flag.as_str() {
            "--as" => account = Some(value("--as")?),
            "--organisation" | "--organization" => organisation = Some(value("--organisation")?),
            "--file" => file = Some(PathBuf::from(value("--file")?)),
            "--dry-run" => dry_run = true,
            other => return Err(UsageError(format!("onboard does not know {other:?}."))),
        }
    }
    let missing = |name: &str| UsageError(format!("onboard needs {name}."));
    Ok(OnboardArgs {
        account: account.ok_or_else(|| missing("--as EMAIL (the account that adds them)"))?,
        organisation: organisation.ok_or_else(|| missing("--organisation NAME"))?,
        file: file.ok_or_else(|| missing("--file people.csv"))?,
        dry_run,
    })
}

/// Runs the command on `core`; `Ok(true)` when everything went through.
pub async fn onboard(core: &App, args: &OnboardArgs) -> Result<bool, String> {
    core.apply_settings().await.map_err(said)?;
    let password = password()?;
    let (token, _) = core.sign_in(&args.account, &password).await.map_err(said)?;
    let organization_id = organisation_id(core, &token, &args.organisation).await?;
    let request = PeopleImportRequest {
        organization_id,
        file: hyopps_app::people_file_at(&args.file).map_err(said)?,
    };
    let preview = core
        .preview_people_import(&token, request.clone())
        .await
        .map_err(said)?;
    if !preview
        .organization_name
        .eq_ignore_ascii_case(args.organisation.trim())
    {
        return Err(format!(
            "{} is not your organisation: you add people to {} only.",
            args.organisation, preview.organization_name
        ));
    }
    print_preview(&preview);
    if args.dry_run {
        println!("Dry run: nothing was started.");
        return Ok(preview.invalid == 0);
    }
    let started = core
        .start_people_import(&token, request.clone())
        .await
        .map_err(said)?;
    println!("{}", started.message);
    let Some(import_id) = started.import_id else {
        return Ok(started.invalid == 0);
    };
    let engine = core.engine().clone();
    engine.resume().await.map_err(|e| e.to_string())?;
    let _workers = engine.spawn_workers(WORKERS);
    let mut last = String::new();
    loop {
        let files = core
            .people_imports(
                &token,
                PeopleImportsRequest {
                    organization_id: request.organization_id.clone(),
                },
            )
            .await
            .map_err(said)?;
        let Some(file) = files.into_iter().find(|f| f.id == import_id) else {
            return Err("the started file is no longer recorded.".into());
        };
        let summary = file.summary();
        if summary != last {
            println!("{summary}");
            last = summary;
        }
        if file.ended() + file.need_you() >= file.started {
            if file.need_you() > 0 {
                eprintln!(
                    "hyopps: {} onboarding(s) need someone: open HyOpps, Executions, to answer or retry them.",
                    file.need_you()
                );
            }
            return Ok(file.need_you() == 0 && file.cancelled == 0 && started.invalid == 0);
        }
        tokio::time::sleep(LOOK_EVERY).await;
    }
}

/// `HYOPPS_PASSWORD`, else the first line on standard input.
fn password() -> Result<String, String> {
    if let Some(password) = std::env::var_os("HYOPPS_PASSWORD").filter(|p| !p.is_empty()) {
        return Ok(password.to_string_lossy().into_owned());
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| format!("could not read the password from standard input: {e}"))?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    if password.is_empty() {
        return Err("no password: set HYOPPS_PASSWORD, or give it on standard input.".into());
    }
    Ok(password)
}

/// The organisation called `name` for an admin (`Some(id)`); `None` for a partner admin, whose
/// organisation is their session's.
async fn organisation_id(
    core: &App,
    token: &SessionToken,
    name: &str,
) -> Result<Option<String>, String> {
    let request = OrganizationListRequest {
        search: Some(name.trim().to_string()),
        page_size: 200,
        ..Default::default()
    };
    match core.list_organizations(token, request).await {
        Ok(page) => page
            .items
            .into_iter()
            .find(|o| o.name.eq_ignore_ascii_case(name.trim()))
            .map(|o| Some(o.id))
            .ok_or_else(|| format!("there is no organisation called {name:?}.")),
        Err(AppError::Forbidden(_)) => Ok(None),
        Err(error) => Err(said(error)),
    }
}

fn print_preview(preview: &PeopleImportPreview) {
    println!(
        "{} for {}: {} new, {} already there, {} refused.",
        preview.file_name, preview.organization_name, preview.new, preview.skipped, preview.invalid
    );
    for note in &preview.notes {
        println!("  {note}");
    }
    for row in &preview.rows {
        if let ImportRowState::Invalid { column, problem } = &row.state {
            println!("  line {}: {column}: {problem}", row.line);
        }
    }
}

fn said(error: AppError) -> String {
    hyopps_contract::WireError::from(error).message
}

/// Whether the file exists before anything is opened (a typo is then a quick, plain refusal).
pub fn check_file(file: &Path) -> Result<(), String> {
    if file.is_file() {
        Ok(())
    } else {
        Err(format!("{} is not a file.", file.display()))
    }
}
