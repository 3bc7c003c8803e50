//! The admin console's users, their Metabase account and the users CSV export (admins only,
//! checked in the core).

use hyopps_contract::{
    AccessCheck, AddToMetabaseGroupRequest, ExportUsersRequest, MetabaseAccount, Page,
    RemoveMetabaseMembershipRequest, RepairAccessRequest, RepairOutcome, SavedExport,
    SetUserPasswordRequest, UpdateUserRequest, UserDeletion, UserDetail, UserIdRequest,
    UserListRequest, UserRow, WireError,
};
use tauri::State;

use hyopps_app::save_csv_export;
use hyopps_contract::commands::{RequestArgs, UsersCsv};
use hyopps_contract::{CsvExport, UserFilter};

use crate::{remote, DesktopState};

/// A page of users: search, organisation and role filters, paging.
#[tauri::command]
pub async fn list_users(
    state: State<'_, DesktopState>,
    request: UserListRequest,
) -> Result<Page<UserRow>, WireError> {
    Ok(state.core()?.list_users(&state.session(), request).await?)
}

/// One user with their access.
#[tauri::command]
pub async fn get_user(
    state: State<'_, DesktopState>,
    request: UserIdRequest,
) -> Result<UserDetail, WireError> {
    Ok(state
        .core()?
        .get_user(&state.session(), &request.user_id)
        .await?)
}

/// Edits details, organisation and role (with a password where the role needs one).
#[tauri::command]
pub async fn update_user(
    state: State<'_, DesktopState>,
    request: UpdateUserRequest,
) -> Result<UserDetail, WireError> {
    Ok(state.core()?.update_user(&state.session(), request).await?)
}

/// Sets a password the user must change at their next sign-in.
#[tauri::command]
pub async fn set_user_password(
    state: State<'_, DesktopState>,
    request: SetUserPasswordRequest,
) -> Result<UserDetail, WireError> {
    Ok(state
        .core()?
        .set_user_password(&state.session(), request)
        .await?)
}

/// What each system says of the person's access against the record; changes nothing.
#[tauri::command]
pub async fn check_user_access(
    state: State<'_, DesktopState>,
    request: UserIdRequest,
) -> Result<AccessCheck, WireError> {
    Ok(state
        .core()?
        .check_user_access(&state.session(), &request.user_id)
        .await?)
}

/// One click on a difference the access check found.
#[tauri::command]
pub async fn repair_access(
    state: State<'_, DesktopState>,
    request: RepairAccessRequest,
) -> Result<RepairOutcome, WireError> {
    Ok(state
        .core()?
        .repair_access(&state.session(), request)
        .await?)
}

/// What deleting the user would take along; changes nothing.
#[tauri::command]
pub async fn preview_user_deletion(
    state: State<'_, DesktopState>,
    request: UserIdRequest,
) -> Result<UserDeletion, WireError> {
    Ok(state
        .core()?
        .preview_user_deletion(&state.session(), &request.user_id)
        .await?)
}

/// Deletes the user with their grants, access and personal company.
#[tauri::command]
pub async fn delete_user(
    state: State<'_, DesktopState>,
    request: UserIdRequest,
) -> Result<UserDeletion, WireError> {
    Ok(state
        .core()?
        .delete_user(&state.session(), &request.user_id)
        .await?)
}

/// The user's Metabase groups, live from Metabase.
#[tauri::command]
pub async fn get_metabase_account(
    state: State<'_, DesktopState>,
    request: UserIdRequest,
) -> Result<MetabaseAccount, WireError> {
    Ok(state
        .core()?
        .metabase_account(&state.session(), &request.user_id)
        .await?)
}

/// Adds the user's Metabase account to a group.
#[tauri::command]
pub async fn add_user_to_metabase_group(
    state: State<'_, DesktopState>,
    request: AddToMetabaseGroupRequest,
) -> Result<MetabaseAccount, WireError> {
    Ok(state
        .core()?
        .add_user_to_metabase_group(&state.session(), request)
        .await?)
}

/// Removes one of the user's Metabase memberships.
#[tauri::command]
pub async fn remove_metabase_membership(
    state: State<'_, DesktopState>,
    request: RemoveMetabaseMembershipRequest,
) -> Result<MetabaseAccount, WireError> {
    Ok(state
        .core()?
        .remove_metabase_membership(&state.session(), request)
        .await?)
}

/// Writes the filtered users with their access as CSV to the chosen file.
#[tauri::command]
pub async fn export_users_csv(
    state: State<'_, DesktopState>,
    request: ExportUsersRequest,
) -> Result<SavedExport, WireError> {
    let Some(link) = state.server() else {
        return Ok(state
            .core()?
            .save_users_csv(&state.session(), request)
            .await?);
    };
    // On a server: the server makes the export (and audits it), this computer saves it.
    let filter = request.filter;
    save_csv_export(&request.path, async move {
        let args = RequestArgs { request: filter };
        let token = remote::signed_in(&link)?;
        link.client.command::<UsersCsv>(Some(token), &args).await
    })
    .await
}

/// The same export as text (what a server answers a desktop that works on it).
#[tauri::command]
pub async fn users_csv(
    state: State<'_, DesktopState>,
    request: UserFilter,
) -> Result<CsvExport, WireError> {
    Ok(state
        .core()?
        .export_users_csv(&state.session(), request)
        .await?)
}
