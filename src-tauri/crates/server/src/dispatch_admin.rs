//! The admin console's commands (see [`crate::dispatch`]).

use hyopps_app::{App, SessionToken};
use hyopps_contract::commands as c;
use hyopps_contract::Command;
use serde_json::Value;

use crate::dispatch::run;
use crate::wire::ApiError;

pub async fn call(
    app: &App,
    token: &SessionToken,
    command: &str,
    body: &[u8],
) -> Option<Result<Value, ApiError>> {
    let b = body;
    Some(match command {
        c::ListOrganizations::NAME => {
            run::<c::ListOrganizations, _, _>(b, |a| async move {
                app.list_organizations(token, a.request).await
            })
            .await
        }
        c::GetOrganization::NAME => {
            run::<c::GetOrganization, _, _>(b, |a| async move {
                app.get_organization(token, &a.request.organization_id)
                    .await
            })
            .await
        }
        c::UpdateOrganization::NAME => {
            run::<c::UpdateOrganization, _, _>(b, |a| async move {
                app.update_organization(token, a.request).await
            })
            .await
        }
        c::SetSystemGroup::NAME => {
            run::<c::SetSystemGroup, _, _>(b, |a| async move {
                app.set_system_group(token, a.request).await
            })
            .await
        }
        c::SetDocumentationLinks::NAME => {
            run::<c::SetDocumentationLinks, _, _>(b, |a| async move {
                app.set_documentation_links(token, a.request).await
            })
            .await
        }
        c::SetOrganizationSystems::NAME => {
            run::<c::SetOrganizationSystems, _, _>(b, |a| async move {
                app.set_organization_systems(token, a.request).await
            })
            .await
        }
        c::AddStudioCompany::NAME => {
            run::<c::AddStudioCompany, _, _>(b, |a| async move {
                app.add_studio_company(token, a.request).await
            })
            .await
        }
        c::UpdateStudioCompany::NAME => {
            run::<c::UpdateStudioCompany, _, _>(b, |a| async move {
                app.update_studio_company(token, a.request).await
            })
            .await
        }
        c::RemoveStudioCompany::NAME => {
            run::<c::RemoveStudioCompany, _, _>(b, |a| async move {
                app.remove_studio_company(token, &a.request.studio_company_id)
                    .await
            })
            .await
        }
        c::CheckOrganizationAccess::NAME => {
            run::<c::CheckOrganizationAccess, _, _>(b, |a| async move {
                app.check_organization_access(token, &a.request.organization_id)
                    .await
            })
            .await
        }
        c::PreviewOrganizationDeletion::NAME => {
            run::<c::PreviewOrganizationDeletion, _, _>(b, |a| async move {
                app.preview_organization_deletion(token, &a.request.organization_id)
                    .await
            })
            .await
        }
        c::DeleteOrganization::NAME => {
            run::<c::DeleteOrganization, _, _>(b, |a| async move {
                app.delete_organization(token, &a.request.organization_id)
                    .await
            })
            .await
        }
        c::ListUsers::NAME => {
            run::<c::ListUsers, _, _>(b, |a| async move { app.list_users(token, a.request).await })
                .await
        }
        c::GetUser::NAME => {
            run::<c::GetUser, _, _>(b, |a| async move {
                app.get_user(token, &a.request.user_id).await
            })
            .await
        }
        c::UpdateUser::NAME => {
            run::<c::UpdateUser, _, _>(
                b,
                |a| async move { app.update_user(token, a.request).await },
            )
            .await
        }
        c::SetUserPassword::NAME => {
            run::<c::SetUserPassword, _, _>(b, |a| async move {
                app.set_user_password(token, a.request).await
            })
            .await
        }
        c::CheckUserAccess::NAME => {
            run::<c::CheckUserAccess, _, _>(b, |a| async move {
                app.check_user_access(token, &a.request.user_id).await
            })
            .await
        }
        c::AccessOverviewCommand::NAME => {
            run::<c::AccessOverviewCommand, _, _>(
                b,
                |_| async move { app.access_overview(token).await },
            )
            .await
        }
        c::AccessReportCsv::NAME => {
            run::<c::AccessReportCsv, _, _>(b, |_| async move {
                app.export_access_report_csv(token).await
            })
            .await
        }
        c::CheckAllAccess::NAME => {
            run::<c::CheckAllAccess, _, _>(b, |_| async move { app.check_all_access(token).await })
                .await
        }
        c::SetAccessCheckSchedule::NAME => {
            run::<c::SetAccessCheckSchedule, _, _>(b, |a| async move {
                app.set_access_check_schedule(token, a.request).await
            })
            .await
        }
        c::RepairAccess::NAME => {
            run::<c::RepairAccess, _, _>(
                b,
                |a| async move { app.repair_access(token, a.request).await },
            )
            .await
        }
        c::PreviewUserDeletion::NAME => {
            run::<c::PreviewUserDeletion, _, _>(b, |a| async move {
                app.preview_user_deletion(token, &a.request.user_id).await
            })
            .await
        }
        c::DeleteUser::NAME => {
            run::<c::DeleteUser, _, _>(b, |a| async move {
                app.delete_user(token, &a.request.user_id).await
            })
            .await
        }
        c::GetMetabaseAccount::NAME => {
            run::<c::GetMetabaseAccount, _, _>(b, |a| async move {
                app.metabase_account(token, &a.request.user_id).await
            })
            .await
        }
        c::AddUserToMetabaseGroup::NAME => {
            run::<c::AddUserToMetabaseGroup, _, _>(b, |a| async move {
                app.add_user_to_metabase_group(token, a.request).await
            })
            .await
        }
        c::RemoveMetabaseMembership::NAME => {
            run::<c::RemoveMetabaseMembership, _, _>(b, |a| async move {
                app.remove_metabase_membership(token, a.request).await
            })
            .await
        }
        c::ListAuditLog::NAME => {
            run::<c::ListAuditLog, _, _>(b, |a| async move {
                app.list_audit_log(token, a.request).await
            })
            .await
        }
        c::AuditFilterOptionsCommand::NAME => {
            run::<c::AuditFilterOptionsCommand, _, _>(b, |_| async move {
                app.audit_filter_options(token).await
            })
            .await
        }
        c::AuditLogCsv::NAME => {
            run::<c::AuditLogCsv, _, _>(b, |a| async move {
                app.export_audit_log_csv(token, a.request).await
            })
            .await
        }
        c::UsersCsv::NAME => {
            run::<c::UsersCsv, _, _>(b, |a| async move {
                app.export_users_csv(token, a.request).await
            })
            .await
        }
        _ => return None,
    })
}
