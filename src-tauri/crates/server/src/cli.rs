//! The command line: `hyopps-server --data-dir D --listen ADDR [--allow-plain-http]`, and the
//! rule that plain HTTP is for loopback only.

use std::ffi::OsString;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

pub const USAGE: &str = "\
Usage: hyopps-server --data-dir DIR --listen ADDRESS:PORT
                     [--tls-cert FILE --tls-key FILE | --allow-plain-http]
                     [--trusted-proxy IP ...]
       hyopps-server import-v03 FILE --data-dir DIR
       hyopps-server create-admin EMAIL --data-dir DIR
       hyopps-server backup --data-dir DIR
       hyopps-server restore FILE --data-dir DIR

  --data-dir DIR        the folder with HyOpps's database (hyopps.db) and hyopps.toml;
                        created if missing
  --listen ADDR:PORT    where to accept connections, e.g. 127.0.0.1:8440
  --tls-cert FILE       serve HTTPS with this PEM certificate chain (leaf first)
  --tls-key FILE        and this PEM private key
  --allow-plain-http    without TLS, serve plain HTTP on an address other than loopback (passwords and
                        session tokens then cross the network unencrypted)
  --trusted-proxy IP    a reverse proxy in front of the server (repeat for several): the client
                        address it writes in X-Forwarded-For is used for the sign-in limit and the
                        audit log. The header is ignored from anyone else
  --help                this text

import-v03 FILE imports a HyOpps v0.3 database (hyopps_py.db) into the server's database, without
serving. The file is only read; importing twice changes nothing. Prints what was imported per
table. Run it while the server is stopped.

create-admin EMAIL adds an administrator with a random one-time password, printed once, which must
be changed at the first sign-in. An email that already has an account is refused. Run it while the
server is stopped.

backup makes a copy of the database in the data folder's backups/ now (the server makes one a day by
itself; the newest 14 are kept). It only reads the database, so it may run while the server serves.

restore FILE puts a backup in place of the database: the file is checked first (a HyOpps database of
a version this server knows), the current database is kept in backups/ as before-restore-….sqlite,
and the server's next start uses the backup. Run it while the server is stopped.";

/// What the server was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub data_dir: PathBuf,
    pub listen: SocketAddr,
    pub allow_plain_http: bool,
    /// HTTPS instead of plain HTTP.
    pub tls: Option<TlsFiles>,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
}

/// The PEM files of the server's TLS identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Serve(Options),
    /// Import a v0.3 database file into the data folder's database.
    ImportV03 {
        data_dir: PathBuf,
        file: PathBuf,
    },
    /// Add an administrator with a one-time password.
    CreateAdmin {
        data_dir: PathBuf,
        email: String,
    },
    /// Copy the database into the backups folder now.
    Backup {
        data_dir: PathBuf,
    },
    /// Put a backup file in place of the database.
    Restore {
        data_dir: PathBuf,
        file: PathBuf,
    },
    Help,
}

/// Reads the arguments (without the program name). The error says what is wrong, for stderr.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut import_file = None;
    let mut admin_email = None;
    let mut backup = false;
    let mut restore_file = None;
    let mut data_dir = None;
    let mut listen = None;
    let mut allow_plain_http = false;
    let mut trusted_proxies = Vec::new();
    let (mut tls_cert, mut tls_key) = (None, None);
    let mut args = args.into_iter().peekable();
    if args.peek().and_then(|a| a.to_str()) == Some("import-v03") {
        args.next();
        let file = args
            .next()
            .ok_or("import-v03 needs the v0.3 database file to import.")?;
        import_file = Some(PathBuf::from(file));
    } else if args.peek().and_then(|a| a.to_str()) == Some("create-admin") {
        args.next();
        let email = args
            .next()
            .ok_or("create-admin needs the new administrator's email address.")?;
        let email = email
            .into_string()
            .map_err(|a| format!("{} is not valid text.", a.to_string_lossy()))?;
        admin_email = Some(email);
    } else if args.peek().and_then(|a| a.to_str()) == Some("backup") {
        args.next();
        backup = true;
    } else if args.peek().and_then(|a| a.to_str()) == Some("restore") {
        args.next();
        let file = args
            .next()
            .ok_or("restore needs the backup file to put back.")?;
        restore_file = Some(PathBuf::from(file));
    }
    while let Some(arg) = args.next() {
        let arg = arg
            .into_string()
            .map_err(|a| format!("{} is not valid text.", a.to_string_lossy()))?;
        match arg.as_str() {
            "--help" | "-h" => return Ok(Command::Help),
            "--allow-plain-http" => allow_plain_http = true,
            "--data-dir" => {
                let value = args.next().ok_or("--data-dir needs a folder.")?;
                data_dir = Some(PathBuf::from(value));
            }
            "--tls-cert" => {
                let value = args
                    .next()
                    .ok_or("--tls-cert needs a PEM certificate file.")?;
                tls_cert = Some(PathBuf::from(value));
            }
            "--tls-key" => {
                let value = args
                    .next()
                    .ok_or("--tls-key needs a PEM private key file.")?;
                tls_key = Some(PathBuf::from(value));
            }
            "--trusted-proxy" => {
                let value = args
                    .next()
                    .ok_or("--trusted-proxy needs the proxy's IP address.")?;
                let value = value.to_string_lossy();
                let address = value.parse::<IpAddr>().map_err(|_| {
                    format!("--trusted-proxy {value}: give the proxy's IP address, e.g. 127.0.0.1 or ::1.")
                })?;
                trusted_proxies.push(address);
            }
            "--listen" => {
                let value = args.next().ok_or("--listen needs an address and port.")?;
                let value = value.to_string_lossy();
                let address = value.parse::<SocketAddr>().map_err(|_| {
                    format!("--listen {value}: give an IP address and a port, e.g. 127.0.0.1:8440.")
                })?;
                listen = Some(address);
            }
            other => return Err(format!("Unknown argument {other:?}.")),
        }
    }
    let serving_options_given = listen.is_some()
        || allow_plain_http
        || tls_cert.is_some()
        || tls_key.is_some()
        || !trusted_proxies.is_empty();
    if let Some(file) = import_file {
        if serving_options_given {
            return Err(
                "import-v03 only takes --data-dir: it imports and exits, it does not serve.".into(),
            );
        }
        return Ok(Command::ImportV03 {
            data_dir: data_dir.ok_or("Give the data folder to import into with --data-dir.")?,
            file,
        });
    }
    if let Some(email) = admin_email {
        if serving_options_given {
            return Err(
                "create-admin only takes --data-dir: it adds the account and exits, it does not serve."
                    .into(),
            );
        }
        return Ok(Command::CreateAdmin {
            data_dir: data_dir
                .ok_or("Give the data folder to add the administrator to with --data-dir.")?,
            email,
        });
    }
    if backup || restore_file.is_some() {
        let name = if backup { "backup" } else { "restore" };
        if serving_options_given {
            return Err(format!(
                "{name} only takes --data-dir: it does its work and exits, it does not serve."
            ));
        }
        let data_dir = data_dir.ok_or("Give the data folder with --data-dir.")?;
        return Ok(match restore_file {
            Some(file) => Command::Restore { data_dir, file },
            None => Command::Backup { data_dir },
        });
    }
    let tls = match (tls_cert, tls_key) {
        (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
        (None, None) => None,
        (Some(_), None) => return Err("--tls-cert needs --tls-key as well.".into()),
        (None, Some(_)) => return Err("--tls-key needs --tls-cert as well.".into()),
    };
    Ok(Command::Serve(Options {
        data_dir: data_dir.ok_or("Give the data folder with --data-dir.")?,
        listen: listen.ok_or("Give the address to listen on with --listen.")?,
        allow_plain_http,
        tls,
        trusted_proxies,
    }))
}

/// HTTPS is fine anywhere. Plain HTTP carries passwords and tokens in the clear: only on loopback (a reverse proxy on
/// the same machine terminates TLS), unless the operator says otherwise, and then a warning.
/// `Ok(Some(warning))` is to be logged at every start.
pub fn check_plain_http(options: &Options) -> Result<Option<String>, String> {
    let address = options.listen;
    if options.tls.is_some() || address.ip().is_loopback() {
        return Ok(None);
    }
    if options.allow_plain_http {
        return Ok(Some(format!(
            "Serving plain HTTP on {address}: passwords and session tokens cross the network unencrypted. Put a TLS proxy in front, or listen on 127.0.0.1."
        )));
    }
    Err(format!(
        "Refusing to serve plain HTTP on {address}, which is not a loopback address: passwords and session tokens would cross the network unencrypted. Give --tls-cert and --tls-key, listen on 127.0.0.1 behind a TLS proxy, or pass --allow-plain-http if the network is trusted."
    ))
}
