//! What a partner admin sees of their own organisation.

use serde::{Deserialize, Serialize};

use crate::AppRole;

/// The partner admin's panel: their organisation and its people. The organisation is the
/// session's; the UI never names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerOverview {
    pub organization: OrganizationView,
    pub users: Vec<PersonView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationView {
    pub id: String,
    pub name: String,
    pub account_types: Vec<String>,
    pub studio_companies: Vec<StudioCompanyView>,
    /// The documentation links that are set (read-only for a partner admin).
    pub documentation: Vec<DocumentationLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioCompanyView {
    pub name: String,
    pub studio_id: String,
    /// `test` or `prod`.
    pub environment: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentationLink {
    pub label: String,
    pub url: String,
}

/// A person of the organisation, with the systems they were given access to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonView {
    pub id: String,
    pub display_name: String,
    pub email: String,
    pub app_role: AppRole,
    /// Resource names (e.g. "Metabase", "Slack") of the access grants that are not revoked.
    pub access: Vec<String>,
    pub created_at: String,
}
