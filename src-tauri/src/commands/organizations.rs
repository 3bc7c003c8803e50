//! The admin console's organisations and their Studio companies (admins only, checked in the core).

use hyopps_contract::{
    AddStudioCompanyRequest, OrganizationAccessCheck, OrganizationDeletion, OrganizationDetail,
    OrganizationIdRequest, OrganizationListRequest, OrganizationRow, Page, SetDocumentationRequest,
    SetOrganizationSystemsRequest, SetSystemGroupRequest, StudioCompanyIdRequest,
    UpdateOrganizationRequest, UpdateStudioCompanyRequest, WireError,
};
use tauri::State;

use crate::DesktopState;

/// A page of organisations: search, sort, paging.
#[tauri::command]
pub async fn list_organizations(
    state: State<'_, DesktopState>,
    request: OrganizationListRequest,
) -> Result<Page<OrganizationRow>, WireError> {
    Ok(state
        .core()?
        .list_organizations(&state.session(), request)
        .await?)
}

/// One organisation with its companies, groups, integrations, links, users and executions.
#[tauri::command]
pub async fn get_organization(
    state: State<'_, DesktopState>,
    request: OrganizationIdRequest,
) -> Result<OrganizationDetail, WireError> {
    Ok(state
        .core()?
        .get_organization(&state.session(), &request.organization_id)
        .await?)
}

/// Renames it or changes its account types.
#[tauri::command]
pub async fn update_organization(
    state: State<'_, DesktopState>,
    request: UpdateOrganizationRequest,
) -> Result<OrganizationDetail, WireError> {
    Ok(state
        .core()?
        .update_organization(&state.session(), request)
        .await?)
}

/// Which systems it uses; the workflows skip the others' steps.
#[tauri::command]
pub async fn set_organization_systems(
    state: State<'_, DesktopState>,
    request: SetOrganizationSystemsRequest,
) -> Result<OrganizationDetail, WireError> {
    Ok(state
        .core()?
        .set_organization_systems(&state.session(), request)
        .await?)
}

/// Sets (or, both values empty, removes) its group in one tool.
#[tauri::command]
pub async fn set_system_group(
    state: State<'_, DesktopState>,
    request: SetSystemGroupRequest,
) -> Result<OrganizationDetail, WireError> {
    Ok(state
        .core()?
        .set_system_group(&state.session(), request)
        .await?)
}

/// Its three documentation links (http/https, or empty).
#[tauri::command]
pub async fn set_documentation_links(
    state: State<'_, DesktopState>,
    request: SetDocumentationRequest,
) -> Result<OrganizationDetail, WireError> {
    Ok(state
        .core()?
        .set_documentation_links(&state.session(), request)
        .await?)
}

/// Adds a Studio company (unique Studio id).
#[tauri::command]
pub async fn add_studio_company(
    state: State<'_, DesktopState>,
    request: AddStudioCompanyRequest,
) -> Result<OrganizationDetail, WireError> {
    Ok(state
        .core()?
        .add_studio_company(&state.session(), request)
        .await?)
}

/// Edits a Studio company.
#[tauri::command]
pub async fn update_studio_company(
    state: State<'_, DesktopState>,
    request: UpdateStudioCompanyRequest,
) -> Result<OrganizationDetail, WireError> {
    Ok(state
        .core()?
        .update_studio_company(&state.session(), request)
        .await?)
}

/// Removes a Studio company and the access people had to it.
#[tauri::command]
pub async fn remove_studio_company(
    state: State<'_, DesktopState>,
    request: StudioCompanyIdRequest,
) -> Result<OrganizationDetail, WireError> {
    Ok(state
        .core()?
        .remove_studio_company(&state.session(), &request.studio_company_id)
        .await?)
}

/// Every person's access in the systems against the record; changes nothing.
#[tauri::command]
pub async fn check_organization_access(
    state: State<'_, DesktopState>,
    request: OrganizationIdRequest,
) -> Result<OrganizationAccessCheck, WireError> {
    Ok(state
        .core()?
        .check_organization_access(&state.session(), &request.organization_id)
        .await?)
}

/// What deleting it would take along; changes nothing.
#[tauri::command]
pub async fn preview_organization_deletion(
    state: State<'_, DesktopState>,
    request: OrganizationIdRequest,
) -> Result<OrganizationDeletion, WireError> {
    Ok(state
        .core()?
        .preview_organization_deletion(&state.session(), &request.organization_id)
        .await?)
}

/// Deletes it and handles its dependents, in one transaction.
#[tauri::command]
pub async fn delete_organization(
    state: State<'_, DesktopState>,
    request: OrganizationIdRequest,
) -> Result<OrganizationDeletion, WireError> {
    Ok(state
        .core()?
        .delete_organization(&state.session(), &request.organization_id)
        .await?)
}
