//! Thin wrappers around PatternFly that every screen reuses, so the same thing looks and
//! behaves the same everywhere (and element ids are set in one place).

mod app_frame;
mod async_view;
mod auth_card;
mod empty;
mod error_alert;
mod field_error;
mod nav_link;
mod text_field;

pub use app_frame::AppFrame;
pub use async_view::{async_view, Loading};
pub use auth_card::AuthCard;
pub use empty::{Empty, EmptyPage};
pub use error_alert::ErrorAlert;
pub use field_error::FieldError;
pub use nav_link::NavRouteLink;
pub use text_field::TextField;
