//! Hooks that tie a screen to the IPC door.

mod execution_events;
mod execution_start;
mod load;
mod menu_actions;
mod on_demand;
mod sign_out;
mod submission;
mod window_title;

pub use execution_events::{use_execution_events, LiveUpdate};
pub use execution_start::{use_execution_start, ExecutionStart};
pub use load::{use_live_load, use_load, use_ordered_live_load, UseLoad};
pub use menu_actions::{use_menu_actions, MenuActions};
pub use on_demand::{use_on_demand, OnDemand};
pub use sign_out::{use_sign_out, UseSignOut};
pub use submission::{use_submission, Submission};
pub use window_title::use_window_title;
