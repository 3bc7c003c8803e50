//! Local fakes of the outside systems HyOpps talks to, each an axum app served on 127.0.0.1.
//!
//! Each fake keeps its state in memory behind a lock, answers the way docs/systems.md documents the real
//! system (including its quirks: plain-text errors, 200 with `ok:false`, 201 + `Location`, 429 with
//! `Retry-After`), and lets a test read back what was created so it can assert "exactly once".

pub mod graph;
pub mod keycloak;
pub mod metabase;
pub mod redirect;
mod server;
pub mod slack;
pub mod smtp;
pub mod webhook;
pub mod world;

pub use server::FakeServer;
