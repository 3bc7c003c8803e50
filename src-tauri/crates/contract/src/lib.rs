//! The contract between the HyOpps UI (wasm) and its native core.
//!
//! Everything that crosses the IPC boundary is declared here, once: request and response
//! types, the enums both sides branch on, and the one wire error [`WireError`]. The crate
//! depends on serde alone, so the UI and every native crate can use it without pulling in
//! Tauri, SQLite or the network. Rules: types here carry data, not behaviour (the one
//! exception is [`rules`], the checks of what people type, shared so that every door applies the
//! same ones); field names are the JSON names (snake_case); a secret (a password) never appears
//! in a `Debug` output.

pub mod access_check;
pub mod admin_requests;
pub mod audit;
pub mod auth;
pub mod backups;
pub mod commands;
pub mod connection;
pub mod error;
pub mod executions;
pub mod import;
pub mod menu;
pub mod organizations;
pub mod partner;
pub mod partner_systems;
pub mod people_import;
pub mod preview;
pub mod rules;
pub mod server;
pub mod settings;
pub mod users;

pub use access_check::{
    AccessCheck, AccessCheckRun, AccessCheckSchedule, AccessDifference, AccessOverview,
    AccessRepair, AccessReport, AccessState, CheckedSystem, OrganizationAccessCheck,
    RepairAccessRequest, RepairOutcome, RepairSubject, Stranger, SystemAccess,
};
pub use admin_requests::{
    AddToMetabaseGroupRequest, ExportAccessReportRequest, ExportAuditLogRequest,
    ExportUsersRequest, MetabaseAccount, MetabaseGroupView, MetabaseMembershipView,
    OrganizationIdRequest, RemoveMetabaseMembershipRequest, SavedExport, StudioCompanyIdRequest,
    UserIdRequest,
};
pub use audit::{AuditEntryView, AuditFilter, AuditFilterOptions, AuditListRequest, CsvExport};
pub use auth::{Activity, AppRole, ChangePasswordRequest, CurrentUser, SessionInfo, SignInRequest};
pub use backups::{
    BackupFile, BackupKind, BackupMade, BackupOverview, RestoreBackupRequest, RestoreStaged,
    KEEP_BACKUPS,
};
pub use commands::{
    command_spec, Command, CommandAccess, CommandReach, CommandSpec, COMMANDS, COMMAND_NAMES,
};
pub use connection::{
    ConnectionChanged, ConnectionView, ServerAddress, Workplace, CONNECTION_CHANGED_EVENT,
    SESSION_ENDED_EVENT,
};
pub use error::{ErrorCode, WireError};
pub use executions::*;
pub use import::{ImportReport, ImportV03Request, TableCount};
pub use menu::{MenuAction, MENU_EVENT};
pub use organizations::{
    AccountType, AddStudioCompanyRequest, DetachedUser, DocumentationLinks, IntegrationState,
    OrganizationDeletion, OrganizationDetail, OrganizationListRequest, OrganizationRow,
    OrganizationSort, SetDocumentationRequest, SetSystemGroupRequest, SortDirection, StudioCompany,
    StudioEnvironment, SystemGroupView, SystemTool, UpdateOrganizationRequest,
    UpdateStudioCompanyRequest,
};
pub use partner::{
    DocumentationLink, OrganizationView, PartnerOverview, PersonView, StudioCompanyView,
};
pub use partner_systems::{PartnerSystem, SetOrganizationSystemsRequest};
pub use people_import::{
    ImportRowState, PeopleFile, PeopleImportPreview, PeopleImportProgress, PeopleImportRequest,
    PeopleImportRow, PeopleImportStarted, PeopleImportsRequest, ReadPeopleFileRequest,
};
pub use preview::{PreviewOutcome, PreviewRequest, StepPreview, WorkflowPreview};
pub use server::{workstation_name, ServerSignIn, MAX_WORKSTATION_CHARS, WORKSTATION_HEADER};
pub use settings::{
    ConnectionCheck, SaveSystemSettingsRequest, SecretChange, SecretSource, SecretView,
    SettingFieldView, SettingKind, SettingsOverview, SystemSettingsView,
};
pub use users::{
    AccessGrantView, PersonalStudioCompany, SetUserPasswordRequest, StudioAccessView,
    UpdateUserRequest, UserDeletion, UserDetail, UserFilter, UserListRequest, UserRow,
};
