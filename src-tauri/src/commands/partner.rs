//! The partner admin's panel.

use hyopps_contract::{Activity, PartnerOverview, WireError};
use tauri::State;

use crate::DesktopState;

#[tauri::command]
pub async fn partner_overview(
    state: State<'_, DesktopState>,
    activity: Option<Activity>,
) -> Result<PartnerOverview, WireError> {
    Ok(state
        .core()?
        .partner_overview(&state.session_for(activity))
        .await?)
}
