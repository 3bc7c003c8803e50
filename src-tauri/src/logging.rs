//! Logs go to a daily-rotated file in the data directory (and to stderr in debug builds).
//! Nothing logged carries a secret: requests with passwords redact them in `Debug`, and the core
//! logs ids, never credentials.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter};

/// Log files kept: a week of daily files.
const KEPT_LOG_FILES: usize = 7;
/// `HYOPPS_LOG=debug` (or any tracing filter) changes what is logged.
const FILTER_ENV: &str = "HYOPPS_LOG";

/// Starts logging; the returned guard flushes the file when dropped, so keep it for the app's life.
pub fn init(data_dir: &Path) -> Result<WorkerGuard, Box<dyn std::error::Error>> {
    let logs = data_dir.join("logs");
    // The appender prunes old files at start-up and complains if the folder is not there yet.
    // Logs name people and organisations: the folder is private (0700), so are the files in it.
    hyopps_app::create_private_dir(&logs)?;
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("hyopps")
        .filename_suffix("log")
        .max_log_files(KEPT_LOG_FILES)
        .build(&logs)?;
    // Today's file exists now; a file the appender opens on a later day is created with the
    // default permissions, inside the private folder.
    for entry in std::fs::read_dir(&logs)? {
        let path = entry?.path();
        if path.is_file() {
            hyopps_app::make_private_file(&path)?;
        }
    }
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env(FILTER_ENV).unwrap_or_else(|_| EnvFilter::new("info"));
    let file_layer = fmt::layer().with_writer(writer).with_ansi(false);
    let stderr_layer = cfg!(debug_assertions).then(|| fmt::layer().with_writer(std::io::stderr));
    // try_init: a second initialisation (tests) keeps the first subscriber instead of panicking.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(file_layer)
        .with(stderr_layer)
        .try_init();
    Ok(guard)
}
