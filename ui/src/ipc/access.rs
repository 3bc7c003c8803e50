//! The access check of everything (admin): the screen's overview, a check now, the schedule.

use hyopps_contract::commands::{AccessOverviewCommand, CheckAllAccess, SetAccessCheckSchedule};
use hyopps_contract::{AccessCheckRun, AccessCheckSchedule, AccessOverview, WireError};

use super::{call, call_with};

pub async fn access_overview() -> Result<AccessOverview, WireError> {
    call::<AccessOverviewCommand>().await
}

pub async fn check_all_access() -> Result<AccessCheckRun, WireError> {
    call::<CheckAllAccess>().await
}

pub async fn set_access_check_schedule(
    request: &AccessCheckSchedule,
) -> Result<AccessOverview, WireError> {
    call_with::<SetAccessCheckSchedule, _>(request).await
}
