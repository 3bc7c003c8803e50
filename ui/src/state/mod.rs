//! Pure screen logic: form validation, session transitions, navigation per role.
//!
//! Nothing here touches the DOM or the IPC door, so all of it is unit-tested natively
//! (`cargo test -p hyopps-ui --lib`). Components hold these values and render them.

pub mod async_state;
pub mod field_errors;
pub mod nav;
pub mod password;
pub mod session;
pub mod sign_in;

pub use async_state::Async;
pub use field_errors::FieldErrors;
pub use nav::{nav_entries, NavEntry};
pub use password::PasswordForm;
pub use session::{Session, SessionEvent, SessionState};
pub use sign_in::SignInForm;
