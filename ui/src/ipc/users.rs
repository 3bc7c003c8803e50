//! Users (admin): the list and its CSV export, one user's detail and the changes to it, their
//! live Metabase account, and deleting one.

use hyopps_contract::{
    AccessCheck, AddToMetabaseGroupRequest, ExportUsersRequest, MetabaseAccount, Page,
    RemoveMetabaseMembershipRequest, RepairAccessRequest, RepairOutcome, SavedExport,
    SetUserPasswordRequest, UpdateUserRequest, UserDeletion, UserDetail, UserIdRequest,
    UserListRequest, UserRow, WireError,
};

use hyopps_contract::commands::{
    AddUserToMetabaseGroup, CheckUserAccess, DeleteUser, ExportUsersCsv, GetMetabaseAccount,
    GetUser, ListUsers, PreviewUserDeletion, RemoveMetabaseMembership, RepairAccess,
    SetUserPassword, UpdateUser,
};

use super::call_with;
use super::dialog::{choose_save_path, FileFilter};

pub const CSV_FILES: &[FileFilter] = &[FileFilter {
    name: "CSV file",
    extensions: &["csv"],
}];

pub async fn list_users(request: &UserListRequest) -> Result<Page<UserRow>, WireError> {
    call_with::<ListUsers, _>(request).await
}

pub async fn get_user(request: &UserIdRequest) -> Result<UserDetail, WireError> {
    call_with::<GetUser, _>(request).await
}

/// Details, organisation and role in one change; a `Validation` error keys its `fields` by
/// the request's field names (`firstname`, `organization_id`, `new_password`…).
pub async fn update_user(request: &UpdateUserRequest) -> Result<UserDetail, WireError> {
    call_with::<UpdateUser, _>(request).await
}

pub async fn set_user_password(request: &SetUserPasswordRequest) -> Result<UserDetail, WireError> {
    call_with::<SetUserPassword, _>(request).await
}

/// What each system says of the person's access (see the `check_user_access` command).
pub async fn check_user_access(request: &UserIdRequest) -> Result<AccessCheck, WireError> {
    call_with::<CheckUserAccess, _>(request).await
}

/// One click on a difference the access check found (see the `repair_access` command).
pub async fn repair_access(request: &RepairAccessRequest) -> Result<RepairOutcome, WireError> {
    call_with::<RepairAccess, _>(request).await
}

pub async fn preview_user_deletion(request: &UserIdRequest) -> Result<UserDeletion, WireError> {
    call_with::<PreviewUserDeletion, _>(request).await
}

pub async fn delete_user(request: &UserIdRequest) -> Result<UserDeletion, WireError> {
    call_with::<DeleteUser, _>(request).await
}

/// The account as Metabase has it now; an `Integration` error when Metabase is not
/// configured or cannot be reached.
pub async fn get_metabase_account(request: &UserIdRequest) -> Result<MetabaseAccount, WireError> {
    call_with::<GetMetabaseAccount, _>(request).await
}

pub async fn add_user_to_metabase_group(
    request: &AddToMetabaseGroupRequest,
) -> Result<MetabaseAccount, WireError> {
    call_with::<AddUserToMetabaseGroup, _>(request).await
}

pub async fn remove_metabase_membership(
    request: &RemoveMetabaseMembershipRequest,
) -> Result<MetabaseAccount, WireError> {
    call_with::<RemoveMetabaseMembership, _>(request).await
}

/// Asks where to save the users CSV, proposing `default_name`; `None` when the admin cancels.
pub async fn choose_users_export_path(default_name: &str) -> Result<Option<String>, WireError> {
    choose_save_path("Export users as CSV", default_name, CSV_FILES).await
}

pub async fn export_users_csv(request: &ExportUsersRequest) -> Result<SavedExport, WireError> {
    call_with::<ExportUsersCsv, _>(request).await
}
