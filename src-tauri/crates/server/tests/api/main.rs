//! hyopps-server through real HTTP on 127.0.0.1, with a real SQLite file in a temp folder.

/// A server on a free port, a client, and the world the authorisation tests act on.
mod support;

/// The audit log records where each action came from.
mod audit_client;
/// Every server command × every kind of caller.
mod authorization;
/// `backup` and `restore FILE`: copies of the database, and putting one back.
mod backups;
/// The binary's command line: plain HTTP only on loopback.
mod command_line;
/// `create-admin EMAIL`: a one-time password, audited, under the data folder's lock.
mod create_admin;
/// Secrets from systemd's credentials directory.
mod credentials;
/// What is refused at the door: unknown commands, bodies that are not JSON, too large.
mod door;
/// The execution events as Server-Sent Events, scoped to the session.
mod events;
/// HTTPS with rustls.
mod https;
/// A handler's panic is a 500 wire error.
mod panics;
/// A file of people: a large body, read only for a live session.
mod people_upload;
/// Behind a trusted reverse proxy: the forwarded client's address.
mod proxy;
/// Sign-in, the bearer token, the forced password change and sign-out.
mod sessions;
/// `hyopps.toml` is followed while the server serves.
mod settings_file;
/// Sign-in attempts per client address.
mod sign_in_limit;
/// HyOpps v0.3's REST paths, used as a v0.3 script used them.
mod v03_paths;
