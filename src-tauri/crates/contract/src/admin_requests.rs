//! Small requests of the admin console that name one thing, the live Metabase account on a
//! user's detail, and saving a CSV export to the file the admin chose.

use serde::{Deserialize, Serialize};

use crate::{AuditFilter, UserFilter};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationIdRequest {
    pub organization_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserIdRequest {
    pub user_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudioCompanyIdRequest {
    pub studio_company_id: String,
}

/// A user's Metabase account as Metabase has it now (as in v0.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetabaseAccount {
    pub user_id: String,
    /// The id stored on the user (by `add_user_to_metabase_group` or an import).
    pub metabase_user_id: Option<i64>,
    /// The groups the account is in, with their names.
    pub memberships: Vec<MetabaseMembershipView>,
    /// Every Metabase group, to add the account to one.
    pub groups: Vec<MetabaseGroupView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetabaseMembershipView {
    pub membership_id: i64,
    pub group_id: i64,
    pub group_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetabaseGroupView {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddToMetabaseGroupRequest {
    pub user_id: String,
    pub group_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoveMetabaseMembershipRequest {
    pub user_id: String,
    pub membership_id: i64,
}

/// Writes the filtered audit log as CSV to `path` (chosen in the native save dialog).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportAuditLogRequest {
    #[serde(default)]
    pub filter: AuditFilter,
    pub path: String,
}

/// Writes the filtered users with their access as CSV to `path`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportUsersRequest {
    #[serde(default)]
    pub filter: UserFilter,
    pub path: String,
}

/// Writes the latest check of everything's differences as CSV to `path`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportAccessReportRequest {
    pub path: String,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedExport {
    pub path: String,
    /// Data rows, the header not counted.
    pub rows: u64,
}
