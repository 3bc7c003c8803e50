//! The partner admin's panel: their own organisation, as the session names it.

use hyopps_contract::{Activity, PartnerOverview, WireError};

use hyopps_contract::commands::PartnerOverviewCommand;

use super::call_reload_plain;

/// The session's organisation and its people. Takes no argument: the backend reads the
/// organisation from the session, never from the UI.
pub async fn partner_overview(activity: Activity) -> Result<PartnerOverview, WireError> {
    call_reload_plain::<PartnerOverviewCommand>(activity).await
}
