//! Thin wrappers around PatternFly that every screen reuses, so the same thing looks and
//! behaves the same everywhere (and element ids are set in one place).

mod app_frame;
mod async_view;
mod auth_card;
mod empty;
mod error_alert;
mod execution_actions;
mod execution_links;
mod executions_table;
mod field_error;
mod hand_completion;
mod import_v03;
mod integration_settings;
mod key_values;
mod labelled_field;
mod nav_link;
mod paging_bar;
mod setting_field;
mod status_label;
mod step_form;
mod step_timeline;
mod system_card;
mod text_field;
mod time_text;

pub use app_frame::AppFrame;
pub use async_view::{async_view, Loading};
pub use auth_card::AuthCard;
pub use empty::{Empty, EmptyPage};
pub use error_alert::ErrorAlert;
pub use execution_actions::ExecutionActions;
pub use execution_links::ExecutionLinks;
pub use executions_table::ExecutionsTable;
pub use field_error::FieldError;
pub use hand_completion::HandCompletion;
pub use import_v03::ImportV03Card;
pub use integration_settings::IntegrationSettings;
pub use key_values::KeyValues;
pub use labelled_field::LabelledField;
pub use nav_link::NavRouteLink;
pub use paging_bar::PagingBar;
pub use status_label::{ExecutionStatusLabel, StepStatusLabel};
pub use step_form::StepFormView;
pub use step_timeline::StepTimeline;
pub use text_field::TextField;
pub use time_text::TimeText;
