//! The command line, checked before Tauri starts: `hyopps import-v03 <file>` imports a HyOpps
//! v0.3 database headless (no window, no GTK, no display needed) into the database the app uses
//! (`HYOPPS_DATA_DIR`, else the platform's app-data folder), prints the report and exits.
//!
//! While the desktop app runs it is the database's only writer, so the import refuses (see
//! `data_lock`): import from Settings instead, or quit the app first.
//!
//! Exit codes: 0 imported, 1 refused or failed (the reason on stderr), 2 wrong arguments.
//! Any other arguments start the desktop app as before: the operating system and Tauri's
//! plugins pass arguments of their own.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use hyopps_app::import::{import_v03_file, ImportReport};

use crate::cli_onboard::{self, OnboardArgs, ONBOARD_USAGE};
use crate::data_lock::{DataLock, Holder, LockError};
use crate::{logging, paths};

pub const USAGE: &str = "usage: hyopps import-v03 <path to the v0.3 hyopps_py.db>";

const HELP: &str = "HyOpps: onboarding partner organisations and their people.

Run without arguments to start the desktop app.

Commands:
  import-v03 <file>   Import a HyOpps v0.3 database (hyopps_py.db) into this HyOpps's database,
                      without opening a window. The file is only read. Importing twice changes
                      nothing. Prints what was imported per table.
  onboard --as EMAIL --organisation NAME --file people.csv [--dry-run]
                      Add the people of a CSV file to an organisation, as \"Add people from a
                      file\" does in the window: prints what each line becomes (refused lines
                      with why), then starts and runs their onboardings until each has ended or
                      waits for someone. The account's password comes from HYOPPS_PASSWORD, else
                      the first line on standard input. --dry-run only prints. Exits 0 when
                      everyone was onboarded, 1 otherwise.

The database is in the folder named by HYOPPS_DATA_DIR, or else in the platform's app-data
folder (com.hyopps.desktop).";

/// What the arguments ask for.
#[derive(Debug, PartialEq, Eq)]
pub enum Invocation {
    Desktop,
    Help,
    ImportV03(PathBuf),
    Onboard(OnboardArgs),
}

/// Arguments that name a command but do not fit it.
#[derive(Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

/// Reads the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Invocation, UsageError> {
    let mut args = args.into_iter();
    let Some(first) = args.next() else {
        return Ok(Invocation::Desktop);
    };
    match first.to_str() {
        Some("import-v03") => {
            let file = args.next().ok_or_else(|| {
                UsageError("import-v03 needs the v0.3 database file to import.".into())
            })?;
            if let Some(extra) = args.next() {
                return Err(UsageError(format!(
                    "import-v03 imports one file; {} is one argument too many.",
                    Path::new(&extra).display()
                )));
            }
            Ok(Invocation::ImportV03(PathBuf::from(file)))
        }
        Some("onboard") => Ok(Invocation::Onboard(cli_onboard::parse(args)?)),
        Some("--help" | "-h" | "help") => Ok(Invocation::Help),
        _ => Ok(Invocation::Desktop),
    }
}

/// Runs a command-line invocation to its exit code; `None` when the desktop app should start.
pub fn run(args: impl IntoIterator<Item = OsString>) -> Option<ExitCode> {
    match parse(args) {
        Ok(Invocation::Desktop) => None,
        Ok(Invocation::Help) => {
            println!("{HELP}");
            Some(ExitCode::SUCCESS)
        }
        Ok(Invocation::ImportV03(file)) => Some(match import_v03(&file) {
            Ok(report) => {
                print!("{report}");
                ExitCode::SUCCESS
            }
            Err(reason) => {
                eprintln!("hyopps: {reason}");
                ExitCode::from(1)
            }
        }),
        Ok(Invocation::Onboard(args)) => Some(match onboard(&args) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::from(1),
            Err(reason) => {
                eprintln!("hyopps: {reason}");
                ExitCode::from(1)
            }
        }),
        Err(UsageError(reason)) => {
            eprintln!("hyopps: {reason}\n{USAGE}\n{ONBOARD_USAGE}");
            Some(ExitCode::from(2))
        }
    }
}

/// Said when the desktop app has the data folder: it is the database's one writer.
pub const APP_IS_RUNNING: &str = "HyOpps is running: import from Settings, or quit it first.";

/// The data folder's lock for a command line run (`what` it does, in a message; `app_is_running`
/// when the desktop app holds it), taken before the database is even opened (opening migrates
/// it, which is a write too).
fn take_lock(data_dir: &Path, what: &str, app_is_running: &str) -> Result<DataLock, String> {
    DataLock::try_acquire(data_dir, Holder::Import).map_err(|error| match error {
        LockError::Held(Some(Holder::Import)) => format!(
            "another `hyopps` command is working on {}: wait for it to finish, then {what} again.",
            data_dir.display()
        ),
        LockError::Held(Some(Holder::Server)) => format!(
            "hyopps-server is serving {}: stop it first, then {what}.",
            data_dir.display()
        ),
        LockError::Held(_) => app_is_running.to_string(),
        LockError::Io { .. } => error.to_string(),
    })
}

/// `hyopps onboard`: `Ok(true)` when everyone was onboarded.
fn onboard(args: &OnboardArgs) -> Result<bool, String> {
    cli_onboard::check_file(&args.file)?;
    let data_dir = paths::data_dir().map_err(|e| e.to_string())?;
    let _log = logging::init(&data_dir).map_err(|e| format!("could not start logging: {e}"))?;
    let _lock = take_lock(
        &data_dir,
        "add the people",
        "HyOpps is running: add them from the organisation's page, or quit it first.",
    )?;
    let core = hyopps_app::App::open(&data_dir).map_err(|e| {
        format!(
            "could not open the HyOpps database in {}: {e}",
            data_dir.display()
        )
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("could not start: {e}"))?;
    runtime.block_on(cli_onboard::onboard(&core, args))
}

fn import_v03(file: &Path) -> Result<ImportReport, String> {
    let data_dir = paths::data_dir().map_err(|e| e.to_string())?;
    // The import is recorded in the app's log file too; the guard flushes it on return.
    let _log = logging::init(&data_dir).map_err(|e| format!("could not start logging: {e}"))?;
    // Held until the import is written; taken before the database is even opened (opening
    // migrates it, which is a write too).
    let _lock = take_lock(&data_dir, "import", APP_IS_RUNNING)?;
    let core = hyopps_app::App::open(&data_dir).map_err(|e| {
        format!(
            "could not open the HyOpps database in {}: {e}",
            data_dir.display()
        )
    })?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("could not start: {e}"))?;
    runtime
        .block_on(import_v03_file(
            core.store(),
            file,
            None,
            chrono::Utc::now(),
        ))
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn reads_the_import_command_and_leaves_everything_else_to_the_app() {
        assert_eq!(parse(args(&[])), Ok(Invocation::Desktop));
        assert_eq!(
            parse(args(&["import-v03", "old/hyopps_py.db"])),
            Ok(Invocation::ImportV03("old/hyopps_py.db".into()))
        );
        assert_eq!(parse(args(&["--help"])), Ok(Invocation::Help));
        assert_eq!(
            parse(args(&["-psn_0_12345"])),
            Ok(Invocation::Desktop),
            "arguments the system passes start the app"
        );
    }

    #[test]
    fn a_missing_or_extra_file_is_a_usage_error() {
        assert!(parse(args(&["import-v03"])).is_err());
        assert!(parse(args(&["import-v03", "a.db", "b.db"])).is_err());
        assert_eq!(run(args(&["import-v03"])), Some(ExitCode::from(2)));
    }
}
