//! `hyopps-server --data-dir D --listen ADDR [--tls-cert C --tls-key K | --allow-plain-http]`.

mod failure;
mod memory;

use std::path::Path;
use std::process::ExitCode;

use failure::Failure;
use hyopps_app::data_lock::{DataLock, Holder};
use hyopps_app::import::import_v03_file;
use hyopps_app::App;
use hyopps_server::cli::{self, Command, Options};
use hyopps_server::{serve, serve_tls, start_engine, stop_signal, tls, ServerState, SignInLimit};

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HYOPPS_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    memory::return_big_buffers();
    let options = match cli::parse(std::env::args_os().skip(1)) {
        Ok(Command::Serve(options)) => options,
        Ok(Command::ImportV03 { data_dir, file }) => return import_v03(&data_dir, &file),
        Ok(Command::CreateAdmin { data_dir, email }) => return create_admin(&data_dir, &email),
        Ok(Command::Backup { data_dir }) => return backup(&data_dir),
        Ok(Command::Restore { data_dir, file }) => return restore(&data_dir, &file),
        Ok(Command::Help) => {
            println!("{}", cli::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("hyopps-server: {message}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    match cli::check_plain_http(&options) {
        Ok(Some(warning)) => tracing::warn!("{warning}"),
        Ok(None) => {}
        Err(message) => {
            eprintln!("hyopps-server: {message}");
            return ExitCode::from(2);
        }
    }
    // A certificate that cannot be used stops the start before anything is opened.
    let tls = match &options.tls {
        Some(files) => match tls::load_config(&files.cert, &files.key) {
            Ok(config) => Some(config),
            Err(message) => {
                eprintln!("hyopps-server: {message}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("hyopps-server: could not start: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(options, tls)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            tracing::error!("{failure}");
            eprintln!("hyopps-server: {failure}");
            ExitCode::FAILURE
        }
    }
}

async fn run(
    options: Options,
    tls: Option<std::sync::Arc<rustls::ServerConfig>>,
) -> Result<(), Failure> {
    // Held for as long as the server runs: a desktop app or an import on the same folder then
    // refuses instead of writing the same database from a second process.
    let (_lock, app) = open_data_folder(&options.data_dir, Holder::Server)?;
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .map_err(|source| Failure::Listen {
            address: options.listen,
            source,
        })?;
    start_engine(&app).await;
    let (stopping, stopped) = tokio::sync::watch::channel(false);
    let state = ServerState::new(
        app,
        SignInLimit::default(),
        stopped,
        options.trusted_proxies.clone(),
    );
    tracing::info!(
        listen = %options.listen,
        https = tls.is_some(),
        trusted_proxies = ?options.trusted_proxies,
        data_dir = %options.data_dir.display(),
        version = env!("CARGO_PKG_VERSION"),
        "hyopps-server is serving"
    );
    let shutdown = async move {
        stop_signal().await;
        tracing::info!("stopping: no new requests; those in flight finish");
        let _ = stopping.send(true);
    };
    match tls {
        Some(tls) => serve_tls(listener, tls, state, shutdown).await,
        None => serve(listener, state, shutdown).await,
    }
    .map_err(Failure::Stopped)?;
    tracing::info!("hyopps-server stopped");
    Ok(())
}

/// The data folder's lock (the folder created first, private to its owner), then the store.
/// The lock comes first: opening the store migrates it, which is a write too.
fn open_data_folder(data_dir: &Path, holder: Holder) -> Result<(DataLock, App), Failure> {
    hyopps_app::create_private_dir(data_dir).map_err(|source| Failure::DataFolder {
        path: data_dir.to_path_buf(),
        source,
    })?;
    let lock = DataLock::try_acquire(data_dir, holder)
        .map_err(|source| Failure::lock(data_dir.to_path_buf(), source))?;
    let app = App::open(data_dir).map_err(|source| Failure::Database {
        path: data_dir.to_path_buf(),
        source,
    })?;
    Ok((lock, app))
}

/// A command that does one thing on the data folder and exits (`import-v03`, `create-admin`):
/// `work` runs with the folder's lock held and the store open; what it prints on success is
/// `report`'s, a failure is one line on stderr and exit code 1.
fn one_shot<T, Work, Fut>(
    data_dir: &Path,
    holder: Holder,
    work: Work,
    report: impl FnOnce(T),
) -> ExitCode
where
    Work: FnOnce(App) -> Fut,
    Fut: std::future::Future<Output = Result<T, Failure>>,
{
    let done = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Failure::Runtime)
        .and_then(|runtime| {
            let (_lock, app) = open_data_folder(data_dir, holder)?;
            runtime.block_on(work(app))
        });
    match done {
        Ok(value) => {
            report(value);
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("hyopps-server: {failure}");
            ExitCode::from(1)
        }
    }
}

/// `import-v03 FILE`: the same import as the desktop's, recorded as done from the command line.
fn import_v03(data_dir: &Path, file: &Path) -> ExitCode {
    one_shot(
        data_dir,
        Holder::Import,
        |app| async move { Ok(import_v03_file(app.store(), file, None, chrono::Utc::now()).await?) },
        |report| print!("{report}"),
    )
}

/// `create-admin EMAIL`: the account, and its one-time password printed once on stdout (the
/// database keeps only its hash); the audit log records it as done from the command line.
fn create_admin(data_dir: &Path, email: &str) -> ExitCode {
    one_shot(
        data_dir,
        Holder::CreateAdmin,
        |app| async move { Ok(app.create_admin_from_command_line(email).await?) },
        |admin| {
            println!(
                "Administrator {} created.\nOne-time password: {}\nIt is shown only this once; it must be changed at the first sign-in.",
                admin.email, admin.one_time_password
            )
        },
    )
}

/// `backup`: a copy of the database into `backups/` now; it only reads the database, so it
/// takes no lock and may run beside a serving server.
fn backup(data_dir: &Path) -> ExitCode {
    match hyopps_app::backups::back_up_folder(data_dir, chrono::Utc::now()) {
        Ok(made) => {
            println!("Backup made: {}", made.backup.path);
            if made.removed > 0 {
                println!(
                    "{} older backups removed (the newest {} are kept).",
                    made.removed,
                    hyopps_contract::KEEP_BACKUPS
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("hyopps-server: {error}");
            ExitCode::from(1)
        }
    }
}

/// `restore FILE`: with the data folder's lock held (so never under a serving server), the
/// file is checked and set in place; opening the folder puts it there, keeping the current
/// database aside, and records the restore in the audit log.
fn restore(data_dir: &Path, file: &Path) -> ExitCode {
    let done = DataLock::try_acquire(data_dir, Holder::Restore)
        .map_err(|source| Failure::lock(data_dir.to_path_buf(), source))
        .and_then(|lock| {
            let staged = hyopps_app::backups::stage_restore(data_dir, file, None)?;
            App::open(data_dir).map_err(|source| Failure::Database {
                path: data_dir.to_path_buf(),
                source,
            })?;
            drop(lock);
            Ok(staged)
        });
    match done {
        Ok(staged) => {
            println!(
                "{} is now the database; the one it replaced is kept in {}.",
                staged.file_name,
                data_dir.join(hyopps_app::backups::BACKUPS_DIR).display()
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("hyopps-server: {failure}");
            ExitCode::from(1)
        }
    }
}
