//! The commands, one file per area, each a few lines: authorise through the core, call one use
//! case, map the error to the wire error.

pub mod access;
pub mod audit;
pub mod auth;
pub mod backups;
pub mod connection;
pub mod executions;
pub mod organizations;
pub mod partner;
pub mod people_import;
pub mod settings;
pub mod users;

include!("names.rs");
