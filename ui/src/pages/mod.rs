//! One file per screen.

mod access;
mod audit;
mod dashboard;
mod execution;
mod executions;
mod no_access;
mod organisation;
mod organisations;
mod partner;
mod set_password;
mod settings;
mod sign_in;
mod user;
mod users;

pub use access::AccessPage;
pub use audit::AuditPage;
pub use dashboard::{DashboardPage, DashboardPageProps};
pub use execution::{ExecutionPage, ExecutionPageProps};
pub use executions::ExecutionsPage;
pub use no_access::NoAccessPage;
pub use organisation::{OrganisationPage, OrganisationPageProps};
pub use organisations::OrganisationsPage;
pub use partner::{PartnerPage, PartnerPageProps};
pub use set_password::{SetPasswordPage, SetPasswordPageProps};
pub use settings::SettingsPage;
pub use sign_in::{SignInPage, SignInPageProps};
pub use user::{UserPage, UserPageProps};
pub use users::UsersPage;
