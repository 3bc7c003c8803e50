//! The access check of everything (admin): the screen's overview, a check now, the schedule.

use hyopps_contract::commands::{
    AccessOverviewCommand, CheckAllAccess, ExportAccessReportCsv, SetAccessCheckSchedule,
};
use hyopps_contract::{
    AccessCheckRun, AccessCheckSchedule, AccessOverview, ExportAccessReportRequest, SavedExport,
    WireError,
};

use super::dialog::choose_save_path;
use super::users::CSV_FILES;
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

pub async fn choose_access_export_path(default_name: &str) -> Result<Option<String>, WireError> {
    choose_save_path("Export the access check as CSV", default_name, CSV_FILES).await
}

pub async fn export_access_report_csv(
    request: &ExportAccessReportRequest,
) -> Result<SavedExport, WireError> {
    call_with::<ExportAccessReportCsv, _>(request).await
}
