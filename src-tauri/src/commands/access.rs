//! The access check of everything (admins only, checked in the core): the screen's overview,
//! a check now, and the daily schedule.

use hyopps_contract::{AccessCheckRun, AccessCheckSchedule, AccessOverview, WireError};
use tauri::State;

use crate::DesktopState;

#[tauri::command]
pub async fn access_overview(state: State<'_, DesktopState>) -> Result<AccessOverview, WireError> {
    Ok(state.core()?.access_overview(&state.session()).await?)
}

/// Checks every organisation now; may take a while with many organisations.
#[tauri::command]
pub async fn check_all_access(state: State<'_, DesktopState>) -> Result<AccessCheckRun, WireError> {
    Ok(state.core()?.check_all_access(&state.session()).await?)
}

#[tauri::command]
pub async fn set_access_check_schedule(
    state: State<'_, DesktopState>,
    request: AccessCheckSchedule,
) -> Result<AccessOverview, WireError> {
    Ok(state
        .core()?
        .set_access_check_schedule(&state.session(), request)
        .await?)
}
