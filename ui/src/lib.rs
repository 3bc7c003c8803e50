//! HyOpps' user interface: Yew + PatternFly compiled to wasm, shown in the Tauri window.
//!
//! Rules of this crate:
//! - **One typed door.** Every call to the native core goes through [`ipc`]: a single
//!   `invoke` binding and one typed function per command, using the `hyopps-contract` types.
//!   Command names appear there and nowhere else; every failure arrives as a `WireError`.
//! - **The UI never decides access.** The backend checks the session's role on every command.
//!   Menus per role are a convenience; a hidden button is not a guard.
//! - **Screens are thin.** Validation and session transitions live in [`state`], free of the
//!   DOM and tested natively; [`components`] wrap PatternFly so every screen renders waiting,
//!   errors and empty lists the same way.
//!
//! The crate is a library so the browser tests in `tests/` can mount its components; the
//! binary in `main.rs`, built by trunk, only mounts [`App`].

pub mod app;
pub mod components;
pub mod dom;
pub mod history_note;
pub mod hooks;
pub mod ipc;
pub mod pages;
pub mod route;
pub mod state;

pub use app::App;
