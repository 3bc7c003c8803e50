//! The admin console's organisations: list, detail, and every change to one. Each change
//! answers with the organisation as it is now, so the screen shows what was stored.

use hyopps_contract::{
    AddStudioCompanyRequest, OrganizationAccessCheck, OrganizationDeletion, OrganizationDetail,
    OrganizationIdRequest, OrganizationListRequest, OrganizationRow, Page, SetDocumentationRequest,
    SetOrganizationSystemsRequest, SetSystemGroupRequest, StudioCompanyIdRequest,
    UpdateOrganizationRequest, UpdateStudioCompanyRequest, WireError,
};

use hyopps_contract::commands::{
    AddStudioCompany, CheckOrganizationAccess, DeleteOrganization, GetOrganization,
    ListOrganizations, PreviewOrganizationDeletion, RemoveStudioCompany, SetDocumentationLinks,
    SetOrganizationSystems, SetSystemGroup, UpdateOrganization, UpdateStudioCompany,
};

use super::call_with;

pub async fn list_organizations(
    request: &OrganizationListRequest,
) -> Result<Page<OrganizationRow>, WireError> {
    call_with::<ListOrganizations, _>(request).await
}

pub async fn get_organization(
    request: &OrganizationIdRequest,
) -> Result<OrganizationDetail, WireError> {
    call_with::<GetOrganization, _>(request).await
}

/// Name and account types; a `Validation` error keys `name` / `account_types`.
pub async fn update_organization(
    request: &UpdateOrganizationRequest,
) -> Result<OrganizationDetail, WireError> {
    call_with::<UpdateOrganization, _>(request).await
}

/// Records (or, with both fields empty, removes) the organisation's group in one tool.
pub async fn set_system_group(
    request: &SetSystemGroupRequest,
) -> Result<OrganizationDetail, WireError> {
    call_with::<SetSystemGroup, _>(request).await
}

/// The three documentation links; a `Validation` error keys the link's field name.
pub async fn set_documentation_links(
    request: &SetDocumentationRequest,
) -> Result<OrganizationDetail, WireError> {
    call_with::<SetDocumentationLinks, _>(request).await
}

/// Which systems the organisation uses; a `Conflict` says whose access would be left behind.
pub async fn set_organization_systems(
    request: &SetOrganizationSystemsRequest,
) -> Result<OrganizationDetail, WireError> {
    call_with::<SetOrganizationSystems, _>(request).await
}

pub async fn add_studio_company(
    request: &AddStudioCompanyRequest,
) -> Result<OrganizationDetail, WireError> {
    call_with::<AddStudioCompany, _>(request).await
}

pub async fn update_studio_company(
    request: &UpdateStudioCompanyRequest,
) -> Result<OrganizationDetail, WireError> {
    call_with::<UpdateStudioCompany, _>(request).await
}

pub async fn remove_studio_company(
    request: &StudioCompanyIdRequest,
) -> Result<OrganizationDetail, WireError> {
    call_with::<RemoveStudioCompany, _>(request).await
}

/// Every person's access in the systems (see the `check_organization_access` command).
pub async fn check_organization_access(
    request: &OrganizationIdRequest,
) -> Result<OrganizationAccessCheck, WireError> {
    call_with::<CheckOrganizationAccess, _>(request).await
}

/// What deleting the organisation would do; changes nothing.
pub async fn preview_organization_deletion(
    request: &OrganizationIdRequest,
) -> Result<OrganizationDeletion, WireError> {
    call_with::<PreviewOrganizationDeletion, _>(request).await
}

/// Deletes it (refused while `blocked_by` would be set) and says what was done.
pub async fn delete_organization(
    request: &OrganizationIdRequest,
) -> Result<OrganizationDeletion, WireError> {
    call_with::<DeleteOrganization, _>(request).await
}
