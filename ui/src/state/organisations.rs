//! The Organisations screens' pure logic: the list's query and how a row reads, the detail's
//! forms and the requests they make, and what a deletion takes along, in words.
//!
//! Nothing here touches the DOM or the IPC door; the components hold these values.

mod deletion;
mod link_forms;
mod list;
mod organisation_forms;

pub use deletion::{deleted_notice, deletion_lines, detached_user_text, DeletionLine};
pub use link_forms::{
    system_group_help, system_group_saved_text, DocumentationForm, SystemGroupForm,
    DOCUMENTATION_FIELDS,
};
pub use list::{
    account_types_text, all_in_users_text, integration_badges, shown_of_total, system_groups_text,
    IntegrationBadge, OrganisationQuery, QueryChange, Served, SortChoice, PAGE_SIZE,
};
pub use organisation_forms::{DetailsForm, StudioCompanyForm};
