//! Hooks that tie a screen to the IPC door.

mod sign_out;

pub use sign_out::{use_sign_out, UseSignOut};
