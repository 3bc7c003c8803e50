//! The partner admin's panel.

use hyopps_contract::{PartnerOverview, WireError};
use tauri::State;

use crate::DesktopState;

#[tauri::command]
pub async fn partner_overview(
    state: State<'_, DesktopState>,
) -> Result<PartnerOverview, WireError> {
    Ok(state.core.partner_overview(&state.session()).await?)
}
