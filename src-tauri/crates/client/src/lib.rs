//! A HyOpps server's API from Rust, for the desktop app when it works on a server (and for
//! tools such as the load bench): which server ([`ServerUrl`]), one [`ServerClient`] that signs
//! in and calls the commands of the contract's table, and the session's event stream
//! ([`EventStream`]).
//!
//! Every failure is a [`WireError`](hyopps_contract::WireError) the window can show: the
//! server's own refusals pass through unchanged, and whatever stops a request from reaching
//! the server or its answer from being HyOpps's is [`ErrorCode::Unreachable`] with the reason
//! in words (no answer, certificate not trusted, not a HyOpps server).
//!
//! [`ErrorCode::Unreachable`]: hyopps_contract::ErrorCode::Unreachable

mod address;
mod client;
mod events;
mod unreachable;

pub use address::ServerUrl;
pub use client::{ServerClient, Token};
pub use events::{EventStream, ServerEvent};
