//! Pure screen logic: form validation, session transitions, navigation per role, list
//! filters and paging, how statuses and times read.
//!
//! Nothing here touches the DOM or the IPC door, so all of it is unit-tested natively
//! (`cargo test -p hyopps-ui --lib`). Components hold these values and render them.

pub mod access;
pub mod async_state;
pub mod audit;
pub mod audit_summary;
pub mod audit_words;
pub mod backups;
pub mod execution_answer;
pub mod execution_list;
pub mod field_errors;
pub mod hand_completion;
pub mod import_v03;
pub mod integration_settings;
pub mod json_lines;
pub mod jump;
pub mod nav;
pub mod organisations;
pub mod partner;
pub mod password;
pub mod people_import;
pub mod session;
pub mod sign_in;
pub mod status;
pub mod step_form;
pub mod time;
pub mod user_form;
pub mod users;
pub mod workplace;

pub use async_state::Async;
pub use execution_list::{ListFilter, Paging};
pub use field_errors::FieldErrors;
pub use hand_completion::{HandCompletionForm, HandFormAction, OpenHandForm};
pub use import_v03::{ImportEvent, ImportPhase, ImportV03};
pub use integration_settings::{CheckOutcome, SettingEdit, SystemForm};
pub use nav::{nav_entries, screen_title, NavEntry};
pub use password::PasswordForm;
pub use session::{Session, SessionEvent, SessionState};
pub use sign_in::SignInForm;
pub use step_form::{FormEdit, FormState};
pub use workplace::WorkplaceForm;
