//! The admin console's organisations: the list, the detail, editing name and account types,
//! system groups, documentation links and Studio companies, and deleting one.
//!
//! Every change answers with the fresh [`OrganizationDetail`], so the screen shows what was
//! stored, not what it sent.

use serde::{Deserialize, Serialize};

use crate::{AppRole, ExecutionSummary, PersonView};

/// What kind of account an organisation is (at least one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountType {
    Partner,
    Client,
    Internal,
}

impl AccountType {
    pub const ALL: [AccountType; 3] = [
        AccountType::Partner,
        AccountType::Client,
        AccountType::Internal,
    ];

    /// The value stored in `organizations.account_types`.
    pub fn as_str(self) -> &'static str {
        match self {
            AccountType::Partner => "partner",
            AccountType::Client => "client",
            AccountType::Internal => "internal",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            AccountType::Partner => "Partner",
            AccountType::Client => "Client",
            AccountType::Internal => "Internal",
        }
    }
}

/// A system in which an organisation has a group (`system_groups.tool`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SystemTool {
    Metabase,
    Teams,
    Slack,
    Keycloak,
}

impl SystemTool {
    pub const ALL: [SystemTool; 4] = [
        SystemTool::Metabase,
        SystemTool::Teams,
        SystemTool::Slack,
        SystemTool::Keycloak,
    ];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            SystemTool::Metabase => "metabase",
            SystemTool::Teams => "teams",
            SystemTool::Slack => "slack",
            SystemTool::Keycloak => "keycloak",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            SystemTool::Metabase => "Metabase",
            SystemTool::Teams => "Microsoft Teams",
            SystemTool::Slack => "Slack",
            SystemTool::Keycloak => "Keycloak",
        }
    }

    /// What the group is in that system, for the form's labels.
    pub fn group_noun(self) -> &'static str {
        match self {
            SystemTool::Metabase => "group",
            SystemTool::Teams => "channel",
            SystemTool::Slack => "user group",
            SystemTool::Keycloak => "group",
        }
    }
}

/// A Studio company's environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StudioEnvironment {
    Test,
    Prod,
}

impl StudioEnvironment {
    pub const ALL: [StudioEnvironment; 2] = [StudioEnvironment::Test, StudioEnvironment::Prod];

    pub fn as_str(self) -> &'static str {
        match self {
            StudioEnvironment::Test => "test",
            StudioEnvironment::Prod => "prod",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            StudioEnvironment::Test => "TEST",
            StudioEnvironment::Prod => "PROD",
        }
    }
}

/// The organisations list's order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationSort {
    #[default]
    Name,
    CreatedAt,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortDirection {
    #[default]
    Asc,
    Desc,
}

/// Search, order and paging for the organisations list. Pages count from 1; a page size of 0
/// means the default (25), at most 200.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationListRequest {
    /// Part of the name, any case.
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub sort: OrganizationSort,
    #[serde(default)]
    pub direction: SortDirection,
    #[serde(default)]
    pub page: u32,
    #[serde(default)]
    pub page_size: u32,
    /// `Some(false)`: only organisations still served; `Some(true)`: only offboarded ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offboarded: Option<bool>,
}

/// How far an organisation's provisioning went (`organization_integrations`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationState {
    pub keycloak_confirmed: bool,
    /// `prod-eu` or `prod-us` once Keycloak is confirmed.
    pub keycloak_cluster: Option<String>,
    pub metabase_collection_id: Option<i64>,
    pub lms_confirmed: bool,
}

/// An organisation in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationRow {
    pub id: String,
    pub name: String,
    pub account_types: Vec<AccountType>,
    pub created_at: String,
    pub user_count: u64,
    pub integration: IntegrationState,
    /// The tools in which a group (with its external id) is recorded, in [`SystemTool::ALL`] order.
    pub system_groups: Vec<SystemTool>,
    /// When it was offboarded, if it was.
    #[serde(default)]
    pub offboarded_at: Option<String>,
}

/// A Studio company of an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioCompany {
    pub id: String,
    pub organization_id: String,
    /// The company's id in Studio; unique across all organisations and personal companies.
    pub studio_id: String,
    pub name: String,
    pub environment: StudioEnvironment,
    pub created_at: String,
}

/// The organisation's group in one tool; both `None` when none is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemGroupView {
    pub tool: SystemTool,
    pub external_id: Option<String>,
    pub external_name: Option<String>,
    /// Where the group opens in its own system (its admin page, the Teams channel), when the
    /// system has such a page and its address is set up.
    #[serde(default)]
    pub link: Option<String>,
}

/// Each documentation link's field (the v0.3 column) and its name, the same on the
/// organisation's page, in the partner panel and in the email partners receive.
pub const DOCUMENTATION_LINKS: [(&str, &str); 3] = [
    ("internal_docu", "Partner documentation"),
    ("generique_docu", "General documentation"),
    ("add_docu", "Additional documentation"),
];

/// The three documentation links emailed to the organisation's new users; `None` when unset.
/// Field names are the v0.3 columns'; their names are [`DOCUMENTATION_LINKS`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentationLinks {
    /// "Partner documentation".
    pub internal_docu: Option<String>,
    /// "General documentation".
    pub generique_docu: Option<String>,
    /// "Additional documentation".
    pub add_docu: Option<String>,
}

/// An organisation with everything the admin console shows about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationDetail {
    pub id: String,
    pub name: String,
    pub account_types: Vec<AccountType>,
    pub created_at: String,
    /// TEST before PROD, then by name.
    pub studio_companies: Vec<StudioCompany>,
    /// One entry per tool, in [`SystemTool::ALL`] order, recorded or not.
    pub system_groups: Vec<SystemGroupView>,
    pub integration: IntegrationState,
    pub documentation: DocumentationLinks,
    /// The first people by name (at most 200); `user_total` counts them all (the Users screen
    /// filtered by this organisation shows the rest).
    pub users: Vec<PersonView>,
    pub user_total: u64,
    /// The latest executions first (at most 20); `execution_total` counts them all.
    pub executions: Vec<ExecutionSummary>,
    pub execution_total: u64,
    /// The systems its workflows work in, in [`crate::PartnerSystem::ALL`] order; the steps
    /// of the others are skipped.
    pub systems_used: Vec<crate::PartnerSystem>,
    /// When its access was all taken back (offboard_partner); it is kept, and no one can be
    /// added to it any more.
    #[serde(default)]
    pub offboarded_at: Option<String>,
}

/// Rename an organisation and set its account types (at least one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateOrganizationRequest {
    pub organization_id: String,
    pub name: String,
    pub account_types: Vec<AccountType>,
}

/// Record the organisation's group in one tool; both fields empty removes it. The external
/// id is required otherwise (the workflows use it); the name is optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetSystemGroupRequest {
    pub organization_id: String,
    pub tool: SystemTool,
    pub external_id: String,
    pub external_name: String,
}

/// Set the three documentation links; each is empty (unset) or an http/https URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetDocumentationRequest {
    pub organization_id: String,
    pub internal_docu: String,
    pub generique_docu: String,
    pub add_docu: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddStudioCompanyRequest {
    pub organization_id: String,
    pub name: String,
    pub studio_id: String,
    pub environment: StudioEnvironment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateStudioCompanyRequest {
    pub studio_company_id: String,
    pub name: String,
    pub studio_id: String,
    pub environment: StudioEnvironment,
}

/// A person who stays when their organisation is deleted, detached from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetachedUser {
    pub id: String,
    pub display_name: String,
    pub email: String,
    /// Their role now (before the deletion).
    pub app_role: AppRole,
    /// A partner admin becomes a plain user: without an organisation the role means nothing.
    pub demoted: bool,
}

/// What deleting an organisation does: asked for before (the confirmation) and answered after
/// (what was done).
///
/// Its people stay, detached (`organization_id` cleared, partner admins demoted to user): they
/// may still have access to the systems, and deleting people is a separate, deliberate act.
/// Its executions stay as history, detached. Its Studio companies (and people's access to
/// them), system groups, integrations row and documentation links are deleted. Nothing is
/// changed in the outside systems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationDeletion {
    pub organization_id: String,
    pub name: String,
    /// The first people by name (at most 100); `user_count` counts them all.
    pub users: Vec<DetachedUser>,
    pub user_count: u64,
    pub partner_admins_demoted: u64,
    pub executions_detached: u64,
    pub studio_companies_deleted: Vec<StudioCompany>,
    /// People's access rows to those Studio companies.
    pub studio_access_deleted: u64,
    pub system_groups_deleted: Vec<SystemTool>,
    pub integrations_deleted: bool,
    pub documentation_deleted: bool,
    /// When set, the deletion is refused for this reason (executions still in progress);
    /// the message says what to do first.
    pub blocked_by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip_and_match_the_wire() {
        for t in AccountType::ALL {
            assert_eq!(AccountType::parse(t.as_str()), Some(t));
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
        for t in SystemTool::ALL {
            assert_eq!(SystemTool::parse(t.as_str()), Some(t));
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
        for e in StudioEnvironment::ALL {
            assert_eq!(StudioEnvironment::parse(e.as_str()), Some(e));
            assert_eq!(serde_json::to_value(e).unwrap(), e.as_str());
        }
        assert_eq!(AccountType::parse("vendor"), None);
    }

    #[test]
    fn an_empty_list_request_means_the_first_page_by_name() {
        let request: OrganizationListRequest = serde_json::from_str("{}").unwrap();
        assert_eq!(request, OrganizationListRequest::default());
        assert_eq!(
            (request.sort, request.direction),
            (OrganizationSort::Name, SortDirection::Asc)
        );
        let sorted: OrganizationListRequest =
            serde_json::from_str(r#"{"sort": "created_at", "direction": "desc"}"#).unwrap();
        assert_eq!(
            (sorted.sort, sorted.direction),
            (OrganizationSort::CreatedAt, SortDirection::Desc),
            "the UI sends these names"
        );
    }
}
