// Every command the window may invoke, by name. The build script reads this list to generate
// each command's permission; the capability grants them; the IPC tests check it against the
// registered handler, so a command cannot be added without appearing here.

/// The names of all registered commands.
pub const COMMAND_NAMES: &[&str] = &[
    "sign_in",
    "change_password",
    "sign_out",
    "current_session",
    "remembered_email",
    "list_workflows",
    "start_execution",
    "list_executions",
    "get_execution",
    "submit_step_input",
    "retry_step",
    "complete_step_by_hand",
    "cancel_execution",
    "dashboard_summary",
    "partner_overview",
    "import_v03_database",
    "get_settings",
    "save_system_settings",
    "test_connection",
    "send_test_email",
];
