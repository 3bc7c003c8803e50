//! The organisations as choices of a select (the users filter, a user's organisation).

use hyopps_contract::{
    OrganizationListRequest, OrganizationRow, OrganizationSort, Page, SortDirection, WireError,
};

use hyopps_contract::commands::ListOrganizations;

use super::call_with;

/// The most the backend returns in one page; more organisations than this would need a
/// search-as-you-type select.
pub const MAX_ORGANIZATION_OPTIONS: u32 = 200;

/// The first 200 organisations by name.
pub async fn organization_options() -> Result<Page<OrganizationRow>, WireError> {
    let request = OrganizationListRequest {
        search: None,
        sort: OrganizationSort::Name,
        direction: SortDirection::Asc,
        page: 1,
        page_size: MAX_ORGANIZATION_OPTIONS,
        // Offboarded ones too: their people stay, and filtering by them must work.
        offboarded: None,
    };
    call_with::<ListOrganizations, _>(&request).await
}
