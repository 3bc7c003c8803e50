//! `hyopps-server --data-dir D --listen ADDR [--tls-cert C --tls-key K | --allow-plain-http]`.

use std::process::ExitCode;

use hyopps_app::data_lock::{DataLock, Holder, LockError};
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
    let options = match cli::parse(std::env::args_os().skip(1)) {
        Ok(Command::Serve(options)) => options,
        Ok(Command::ImportV03 { data_dir, file }) => return import_v03(&data_dir, &file),
        Ok(Command::CreateAdmin { data_dir, email }) => return create_admin(&data_dir, &email),
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
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("hyopps-server: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(
    options: Options,
    tls: Option<std::sync::Arc<rustls::ServerConfig>>,
) -> Result<(), String> {
    // Held for as long as the server runs: a desktop app or an import on the same folder then
    // refuses instead of writing the same database from a second process.
    let _lock = take_data_folder(&options.data_dir, Holder::Server)?;
    let app = hyopps_app::App::open(&options.data_dir).map_err(|e| {
        format!(
            "could not open the database in {}: {e}",
            options.data_dir.display()
        )
    })?;
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .map_err(|e| format!("could not listen on {}: {e}", options.listen))?;
    start_engine(&app).await;
    let (stopping, stopped) = tokio::sync::watch::channel(false);
    let state = ServerState::new(app, SignInLimit::default(), stopped);
    tracing::info!(
        listen = %options.listen,
        https = tls.is_some(),
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
    .map_err(|e| format!("the server stopped: {e}"))?;
    tracing::info!("hyopps-server stopped");
    Ok(())
}

/// The data folder's lock (created first, private to its owner), or why another process has it.
fn take_data_folder(data_dir: &std::path::Path, holder: Holder) -> Result<DataLock, String> {
    hyopps_app::create_private_dir(data_dir).map_err(|e| {
        format!(
            "could not create the data folder {}: {e}",
            data_dir.display()
        )
    })?;
    DataLock::try_acquire(data_dir, holder).map_err(|error| match error {
        LockError::Held(_) => format!("{error} ({}): stop it first.", data_dir.display()),
        LockError::Io { .. } => error.to_string(),
    })
}

/// `import-v03 FILE`: the same import as the desktop's, recorded as done from the command line.
fn import_v03(data_dir: &std::path::Path, file: &std::path::Path) -> ExitCode {
    let imported = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("could not start: {e}"))
        .and_then(|runtime| {
            let _lock = take_data_folder(data_dir, Holder::Import)?;
            let app = hyopps_app::App::open(data_dir).map_err(|e| {
                format!("could not open the database in {}: {e}", data_dir.display())
            })?;
            runtime
                .block_on(hyopps_app::import::import_v03_file(
                    app.store(),
                    file,
                    None,
                    chrono::Utc::now(),
                ))
                .map_err(|e| e.to_string())
        });
    match imported {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(reason) => {
            eprintln!("hyopps-server: {reason}");
            ExitCode::from(1)
        }
    }
}

/// `create-admin EMAIL`: the account, and its one-time password printed once on stdout (the
/// database keeps only its hash); the audit log records it as done from the command line.
fn create_admin(data_dir: &std::path::Path, email: &str) -> ExitCode {
    let created = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("could not start: {e}"))
        .and_then(|runtime| {
            let _lock = take_data_folder(data_dir, Holder::CreateAdmin)?;
            let app = hyopps_app::App::open(data_dir).map_err(|e| {
                format!("could not open the database in {}: {e}", data_dir.display())
            })?;
            runtime
                .block_on(app.create_admin_from_command_line(email))
                .map_err(refusal)
        });
    match created {
        Ok(admin) => {
            println!(
                "Administrator {} created.\nOne-time password: {}\nIt is shown only this once; it must be changed at the first sign-in.",
                admin.email, admin.one_time_password
            );
            ExitCode::SUCCESS
        }
        Err(reason) => {
            eprintln!("hyopps-server: {reason}");
            ExitCode::from(1)
        }
    }
}

/// The core's refusal as one line: its message, and each field's.
fn refusal(error: hyopps_app::AppError) -> String {
    let wire = hyopps_contract::WireError::from(error);
    let mut message = wire.message;
    for problem in wire.fields.values() {
        message.push(' ');
        message.push_str(problem);
    }
    message
}
