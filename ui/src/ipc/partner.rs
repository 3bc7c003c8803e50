//! The partner admin's panel: their own organisation, as the session names it.

use hyopps_contract::{PartnerOverview, WireError};

use super::call;

/// The session's organisation and its people. Takes no argument: the backend reads the
/// organisation from the session, never from the UI.
pub async fn partner_overview() -> Result<PartnerOverview, WireError> {
    call("partner_overview").await
}
