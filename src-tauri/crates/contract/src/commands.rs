//! The one table of commands: every command's name, arguments, answer, who may call it, and
//! where it makes sense. Each command also has a marker type implementing [`Command`], so a
//! front door can take its types from the table (the server's router does).
//!
//! The desktop shell's permission list (its build script and capability file), its IPC tests and
//! the server's router all read this table, so a command cannot exist in one place and be
//! missing in another. The core still checks every session itself ([`CommandAccess`] says what
//! that check is, it does not replace it).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::{
    AccessCheck, AccessCheckRun, AccessCheckSchedule, AccessOverview, Activity,
    AddStudioCompanyRequest, AddToMetabaseGroupRequest, AuditEntryView, AuditFilter,
    AuditFilterOptions, AuditListRequest, BackupMade, BackupOverview, ChangePasswordRequest,
    CompleteByHandRequest, ConnectionCheck, ConnectionView, CsvExport, DashboardSummary,
    ExecutionActionRequest, ExecutionDetail, ExecutionListRequest, ExecutionSummary,
    ExportAccessReportRequest, ExportAuditLogRequest, ExportUsersRequest, ImportReport,
    ImportV03Request, MetabaseAccount, MoveUserRequest, OffboardUserRequest,
    OrganizationAccessCheck, OrganizationDeletion, OrganizationDetail, OrganizationIdRequest,
    OrganizationListRequest, OrganizationRow, Page, PartnerOverview, PeopleFile,
    PeopleImportPreview, PeopleImportProgress, PeopleImportRequest, PeopleImportStarted,
    PeopleImportsRequest, PreviewRequest, ReadPeopleFileRequest, RemoveMetabaseMembershipRequest,
    RepairAccessRequest, RepairOutcome, RestoreBackupRequest, RestoreStaged,
    SaveSystemSettingsRequest, SavedExport, SessionInfo, SetDocumentationRequest,
    SetOrganizationSystemsRequest, SetSystemGroupRequest, SetUserPasswordRequest, SettingsOverview,
    SignInRequest, StartExecutionRequest, StudioCompanyIdRequest, SubmitInputRequest,
    UpdateOrganizationRequest, UpdateStudioCompanyRequest, UpdateUserRequest, UserDeletion,
    UserDetail, UserFilter, UserIdRequest, UserListRequest, UserRow, WorkflowInfo, WorkflowPreview,
    Workplace,
};

/// Who may call a command, as the core checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandAccess {
    /// Anyone, signed in or not (signing in, signing out).
    SignedOut,
    /// Any live session, even one that must still set a new password.
    OwnAccount,
    /// An admin, or a partner admin within their own organisation.
    SignedIn,
    /// Partner admins only (their organisation's panel).
    PartnerAdmin,
    /// Administrators only.
    Admin,
}

/// Where a command can be served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommandReach {
    /// The desktop window and the HyOpps server.
    Everywhere,
    /// Only in the desktop app: the command reads or writes a file on this computer chosen in
    /// a native dialog, or a preference of this computer. A server would touch its own disk.
    DesktopOnly,
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandSpec {
    /// The command's name: the Tauri command and the server's `POST /api/v1/<name>`.
    pub name: &'static str,
    pub access: CommandAccess,
    pub reach: CommandReach,
}

impl CommandSpec {
    pub const fn on_server(&self) -> bool {
        matches!(self.reach, CommandReach::Everywhere)
    }
}

use CommandAccess::{Admin, OwnAccount, PartnerAdmin, SignedIn, SignedOut};
use CommandReach::{DesktopOnly, Everywhere};

const fn command(name: &'static str, access: CommandAccess, reach: CommandReach) -> CommandSpec {
    CommandSpec {
        name,
        access,
        reach,
    }
}

/// A command's types: what its caller sends and what it answers.
pub trait Command {
    const NAME: &'static str;
    /// The JSON object the window passes to Tauri's `invoke` and a server reads as the body.
    type Args: Serialize + DeserializeOwned;
    /// The answer (on a server, `sign_in` answers [`crate::ServerSignIn`], which adds the token).
    type Response: Serialize + DeserializeOwned;
}

/// `{"request": …}`: Tauri maps the `request` key onto the command's `request` parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestArgs<T> {
    pub request: T,
}

/// `{"request": …, "activity": …}`: a command that a screen also calls to reload itself on an
/// event, which says so with `activity` (see [`Activity`]; missing means the person's own).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestActivityArgs<T> {
    pub request: T,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<Activity>,
}

/// `{"activity": …}`, for such a command without input.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityArgs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<Activity>,
}

/// A command without parameters takes an object whose keys it ignores.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoArgs {}

/// `test_connection`'s one parameter: the system's key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemArgs {
    pub system: String,
}

/// `send_test_email`'s one parameter: the address to send to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailToArgs {
    pub to: String,
}

/// Declares each command's marker type (implementing [`Command`]) and its row in [`COMMANDS`],
/// so a command's name, types and rules are written once.
macro_rules! commands {
    ($(
        $(#[$doc:meta])*
        $marker:ident = $name:literal ($args:ty) -> $response:ty, $access:ident, $reach:ident;
    )*) => {
        $(
            $(#[$doc])*
            #[doc = concat!("The `", $name, "` command.")]
            pub enum $marker {}

            impl Command for $marker {
                const NAME: &'static str = $name;
                type Args = $args;
                type Response = $response;
            }
        )*

        /// Every command, in the order the screens' areas are listed.
        pub const COMMANDS: &[CommandSpec] = &[$(command($name, $access, $reach)),*];
    };
}

type Request<T> = RequestArgs<T>;

commands! {
    // Sign-in and the session.
    SignIn = "sign_in" (Request<SignInRequest>) -> SessionInfo, SignedOut, Everywhere;
    ChangePassword = "change_password" (Request<ChangePasswordRequest>) -> SessionInfo, OwnAccount, Everywhere;
    SignOut = "sign_out" (NoArgs) -> (), SignedOut, Everywhere;
    /// Signed out, it answers `null`, so a starting window knows where it is.
    CurrentSession = "current_session" (NoArgs) -> Option<SessionInfo>, OwnAccount, Everywhere;
    /// The email last used on this computer, to prefill its sign-in form.
    RememberedEmail = "remembered_email" (NoArgs) -> Option<String>, SignedOut, DesktopOnly;
    /// Where this computer works: its own database or a HyOpps server.
    Connection = "connection" (NoArgs) -> ConnectionView, SignedOut, DesktopOnly;
    /// Chooses where to work (signs out of the other place), after checking a server answers.
    ChooseWorkplace = "choose_workplace" (Request<Workplace>) -> ConnectionView, SignedOut, DesktopOnly;
    // Executions.
    ListWorkflows = "list_workflows" (NoArgs) -> Vec<WorkflowInfo>, SignedIn, Everywhere;
    StartExecution = "start_execution" (Request<StartExecutionRequest>) -> ExecutionDetail, SignedIn, Everywhere;
    /// Starts `offboard_partner_user` for a person; an admin's is approved by starting it.
    OffboardUser = "offboard_user" (Request<OffboardUserRequest>) -> ExecutionDetail, SignedIn, Everywhere;
    MoveUser = "move_user" (Request<MoveUserRequest>) -> ExecutionDetail, Admin, Everywhere;
    OffboardOrganization = "offboard_organization" (Request<OrganizationIdRequest>) -> ExecutionDetail, Admin, Everywhere;
    /// What a workflow would do, read from the live systems without changing anything.
    PreviewWorkflow = "preview_workflow" (Request<PreviewRequest>) -> WorkflowPreview, SignedIn, Everywhere;
    ListExecutions = "list_executions" (RequestActivityArgs<ExecutionListRequest>) -> Page<ExecutionSummary>, SignedIn, Everywhere;
    GetExecution = "get_execution" (RequestActivityArgs<ExecutionActionRequest>) -> ExecutionDetail, SignedIn, Everywhere;
    SubmitStepInput = "submit_step_input" (Request<SubmitInputRequest>) -> ExecutionDetail, SignedIn, Everywhere;
    RetryStep = "retry_step" (Request<ExecutionActionRequest>) -> ExecutionDetail, SignedIn, Everywhere;
    CompleteStepByHand = "complete_step_by_hand" (Request<CompleteByHandRequest>) -> ExecutionDetail, Admin, Everywhere;
    CancelExecution = "cancel_execution" (Request<ExecutionActionRequest>) -> ExecutionDetail, Admin, Everywhere;
    DashboardSummaryCommand = "dashboard_summary" (ActivityArgs) -> DashboardSummary, SignedIn, Everywhere;
    PartnerOverviewCommand = "partner_overview" (ActivityArgs) -> PartnerOverview, PartnerAdmin, Everywhere;
    // Adding people from a file.
    /// Reads a file chosen in the native dialog, for the preview and the start.
    ReadPeopleFile = "read_people_file" (Request<ReadPeopleFileRequest>) -> PeopleFile, SignedIn, DesktopOnly;
    /// What each row would become; starts nothing.
    PreviewPeopleImport = "preview_people_import" (Request<PeopleImportRequest>) -> PeopleImportPreview, SignedIn, Everywhere;
    /// One `new_partner_user` per new row, all started together.
    StartPeopleImport = "start_people_import" (Request<PeopleImportRequest>) -> PeopleImportStarted, SignedIn, Everywhere;
    PeopleImports = "people_imports" (RequestActivityArgs<PeopleImportsRequest>) -> Vec<PeopleImportProgress>, SignedIn, Everywhere;
    // Settings.
    /// Reads a file chosen in the native dialog.
    ImportV03Database = "import_v03_database" (Request<ImportV03Request>) -> ImportReport, Admin, DesktopOnly;
    GetSettings = "get_settings" (NoArgs) -> SettingsOverview, Admin, Everywhere;
    /// The backups kept where the database is (on a server: the server's).
    ListBackups = "list_backups" (NoArgs) -> BackupOverview, Admin, Everywhere;
    BackUpNow = "back_up_now" (NoArgs) -> BackupMade, Admin, Everywhere;
    /// Puts a backup file of this computer back; the app restarts. A server's database is
    /// restored on the server itself (`hyopps-server restore`).
    RestoreBackup = "restore_backup" (Request<RestoreBackupRequest>) -> RestoreStaged, Admin, DesktopOnly;
    SaveSystemSettings = "save_system_settings" (Request<SaveSystemSettingsRequest>) -> SettingsOverview, Admin, Everywhere;
    TestConnection = "test_connection" (SystemArgs) -> ConnectionCheck, Admin, Everywhere;
    SendTestEmail = "send_test_email" (EmailToArgs) -> ConnectionCheck, Admin, Everywhere;
    // The admin console's organisations.
    ListOrganizations = "list_organizations" (Request<OrganizationListRequest>) -> Page<OrganizationRow>, Admin, Everywhere;
    GetOrganization = "get_organization" (Request<OrganizationIdRequest>) -> OrganizationDetail, Admin, Everywhere;
    UpdateOrganization = "update_organization" (Request<UpdateOrganizationRequest>) -> OrganizationDetail, Admin, Everywhere;
    SetSystemGroup = "set_system_group" (Request<SetSystemGroupRequest>) -> OrganizationDetail, Admin, Everywhere;
    SetDocumentationLinks = "set_documentation_links" (Request<SetDocumentationRequest>) -> OrganizationDetail, Admin, Everywhere;
    SetOrganizationSystems = "set_organization_systems" (Request<SetOrganizationSystemsRequest>) -> OrganizationDetail, Admin, Everywhere;
    AddStudioCompany = "add_studio_company" (Request<AddStudioCompanyRequest>) -> OrganizationDetail, Admin, Everywhere;
    UpdateStudioCompany = "update_studio_company" (Request<UpdateStudioCompanyRequest>) -> OrganizationDetail, Admin, Everywhere;
    RemoveStudioCompany = "remove_studio_company" (Request<StudioCompanyIdRequest>) -> OrganizationDetail, Admin, Everywhere;
    PreviewOrganizationDeletion = "preview_organization_deletion" (Request<OrganizationIdRequest>) -> OrganizationDeletion, Admin, Everywhere;
    /// The access check of every person of an organisation; reads only.
    CheckOrganizationAccess = "check_organization_access" (Request<OrganizationIdRequest>) -> OrganizationAccessCheck, Admin, Everywhere;
    DeleteOrganization = "delete_organization" (Request<OrganizationIdRequest>) -> OrganizationDeletion, Admin, Everywhere;
    // The admin console's users.
    ListUsers = "list_users" (Request<UserListRequest>) -> Page<UserRow>, Admin, Everywhere;
    GetUser = "get_user" (Request<UserIdRequest>) -> UserDetail, Admin, Everywhere;
    UpdateUser = "update_user" (Request<UpdateUserRequest>) -> UserDetail, Admin, Everywhere;
    SetUserPassword = "set_user_password" (Request<SetUserPasswordRequest>) -> UserDetail, Admin, Everywhere;
    PreviewUserDeletion = "preview_user_deletion" (Request<UserIdRequest>) -> UserDeletion, Admin, Everywhere;
    /// What each system says of a person's access against what HyOpps recorded; reads only.
    CheckUserAccess = "check_user_access" (Request<UserIdRequest>) -> AccessCheck, Admin, Everywhere;
    /// One click on a difference the check found: starts a repair, or changes the record.
    RepairAccess = "repair_access" (Request<RepairAccessRequest>) -> RepairOutcome, Admin, Everywhere;
    DeleteUser = "delete_user" (Request<UserIdRequest>) -> UserDeletion, Admin, Everywhere;
    // The access check of everything.
    /// The latest check of everything, what it found, and the daily schedule.
    AccessOverviewCommand = "access_overview" (NoArgs) -> AccessOverview, Admin, Everywhere;
    /// Checks every organisation now (recorded, audited).
    CheckAllAccess = "check_all_access" (NoArgs) -> AccessCheckRun, Admin, Everywhere;
    SetAccessCheckSchedule = "set_access_check_schedule" (Request<AccessCheckSchedule>) -> AccessOverview, Admin, Everywhere;
    /// Writes to a file chosen in the save dialog.
    ExportAccessReportCsv = "export_access_report_csv" (Request<ExportAccessReportRequest>) -> SavedExport, Admin, DesktopOnly;
    /// The same export as text, for a desktop working on a server to save on its own computer.
    AccessReportCsv = "access_report_csv" (NoArgs) -> CsvExport, Admin, Everywhere;
    GetMetabaseAccount = "get_metabase_account" (Request<UserIdRequest>) -> MetabaseAccount, Admin, Everywhere;
    AddUserToMetabaseGroup = "add_user_to_metabase_group" (Request<AddToMetabaseGroupRequest>) -> MetabaseAccount, Admin, Everywhere;
    RemoveMetabaseMembership = "remove_metabase_membership" (Request<RemoveMetabaseMembershipRequest>) -> MetabaseAccount, Admin, Everywhere;
    /// Writes to a file chosen in the save dialog.
    ExportUsersCsv = "export_users_csv" (Request<ExportUsersRequest>) -> SavedExport, Admin, DesktopOnly;
    /// The same export as text, for a desktop working on a server to save on its own computer.
    UsersCsv = "users_csv" (Request<UserFilter>) -> CsvExport, Admin, Everywhere;
    // The audit log.
    ListAuditLog = "list_audit_log" (Request<AuditListRequest>) -> Page<AuditEntryView>, Admin, Everywhere;
    AuditFilterOptionsCommand = "audit_filter_options" (NoArgs) -> AuditFilterOptions, Admin, Everywhere;
    /// Writes to a file chosen in the save dialog.
    ExportAuditLogCsv = "export_audit_log_csv" (Request<ExportAuditLogRequest>) -> SavedExport, Admin, DesktopOnly;
    /// The same export as text, for a desktop working on a server to save on its own computer.
    AuditLogCsv = "audit_log_csv" (Request<AuditFilter>) -> CsvExport, Admin, Everywhere;
}

/// The names of [`COMMANDS`], in the same order, as a constant (Tauri's build step takes a
/// `&'static [&'static str]`).
pub const COMMAND_NAMES: [&str; COMMANDS.len()] = {
    let mut names = [""; COMMANDS.len()];
    let mut i = 0;
    while i < COMMANDS.len() {
        names[i] = COMMANDS[i].name;
        i += 1;
    }
    names
};

/// The row of the command called `name`.
pub fn command_spec(name: &str) -> Option<&'static CommandSpec> {
    COMMANDS.iter().find(|spec| spec.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_unique_and_a_plain_identifier() {
        let mut seen = std::collections::BTreeSet::new();
        for spec in COMMANDS {
            assert!(seen.insert(spec.name), "{} is listed twice", spec.name);
            assert!(
                !spec.name.is_empty()
                    && spec
                        .name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{:?} must be snake_case: it is a Rust function, a permission and a URL path",
                spec.name
            );
        }
    }

    #[test]
    fn the_names_follow_the_table() {
        assert_eq!(COMMAND_NAMES.len(), COMMANDS.len());
        for (name, spec) in COMMAND_NAMES.iter().zip(COMMANDS) {
            assert_eq!(*name, spec.name);
        }
        assert_eq!(
            command_spec("sign_in").map(|s| s.access),
            Some(CommandAccess::SignedOut)
        );
        assert_eq!(command_spec("drop_all_tables"), None);
    }

    #[test]
    fn arguments_are_the_objects_the_window_passes_to_invoke() {
        let args: <SignIn as Command>::Args = RequestArgs {
            request: SignInRequest {
                email: "a@b.c".into(),
                password: "pw".into(),
            },
        };
        assert_eq!(
            serde_json::to_value(&args).unwrap(),
            serde_json::json!({"request": {"email": "a@b.c", "password": "pw"}})
        );
        let none: <ListWorkflows as Command>::Args =
            serde_json::from_value(serde_json::json!({"ignored": 1})).unwrap();
        assert_eq!(
            none,
            NoArgs {},
            "like Tauri, a command without input ignores the keys"
        );
        let system: <TestConnection as Command>::Args =
            serde_json::from_value(serde_json::json!({"system": "slack"})).unwrap();
        assert_eq!(system.system, "slack");
        assert_eq!(<SignIn as Command>::NAME, COMMANDS[0].name);
    }

    #[test]
    fn only_commands_on_files_or_preferences_of_this_computer_stay_on_the_desktop() {
        let desktop_only: Vec<&str> = COMMANDS
            .iter()
            .filter(|spec| !spec.on_server())
            .map(|spec| spec.name)
            .collect();
        assert_eq!(
            desktop_only,
            [
                "remembered_email",
                "connection",
                "choose_workplace",
                "read_people_file",
                "import_v03_database",
                "restore_backup",
                "export_access_report_csv",
                "export_users_csv",
                "export_audit_log_csv"
            ],
            "a command left off the server must have a reason in the table"
        );
    }
}
