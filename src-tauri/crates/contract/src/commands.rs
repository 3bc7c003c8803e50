//! The one table of commands: every command's name, who may call it, and where it makes sense.
//!
//! The desktop shell's permission list (its build script and capability file), its IPC tests and
//! the server's router all read this table, so a command cannot exist in one place and be
//! missing in another. The core still checks every session itself ([`CommandAccess`] says what
//! that check is, it does not replace it).

use serde::{Deserialize, Serialize};

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

/// Every command, in the order the screens' areas are listed.
pub const COMMANDS: &[CommandSpec] = &[
    // Sign-in and the session.
    command("sign_in", SignedOut, Everywhere),
    command("change_password", OwnAccount, Everywhere),
    command("sign_out", SignedOut, Everywhere),
    // Signed out, it answers `null`, so a starting window knows where it is.
    command("current_session", OwnAccount, Everywhere),
    // The email last used on this computer, to prefill its sign-in form.
    command("remembered_email", SignedOut, DesktopOnly),
    // Executions.
    command("list_workflows", SignedIn, Everywhere),
    command("start_execution", SignedIn, Everywhere),
    command("list_executions", SignedIn, Everywhere),
    command("get_execution", SignedIn, Everywhere),
    command("submit_step_input", SignedIn, Everywhere),
    command("retry_step", SignedIn, Everywhere),
    command("complete_step_by_hand", Admin, Everywhere),
    command("cancel_execution", Admin, Everywhere),
    command("dashboard_summary", SignedIn, Everywhere),
    command("partner_overview", PartnerAdmin, Everywhere),
    // Settings; the v0.3 import reads a file chosen in the native dialog.
    command("import_v03_database", Admin, DesktopOnly),
    command("get_settings", Admin, Everywhere),
    command("save_system_settings", Admin, Everywhere),
    command("test_connection", Admin, Everywhere),
    command("send_test_email", Admin, Everywhere),
    // The admin console's organisations.
    command("list_organizations", Admin, Everywhere),
    command("get_organization", Admin, Everywhere),
    command("update_organization", Admin, Everywhere),
    command("set_system_group", Admin, Everywhere),
    command("set_documentation_links", Admin, Everywhere),
    command("add_studio_company", Admin, Everywhere),
    command("update_studio_company", Admin, Everywhere),
    command("remove_studio_company", Admin, Everywhere),
    command("preview_organization_deletion", Admin, Everywhere),
    command("delete_organization", Admin, Everywhere),
    // The admin console's users; the CSV export writes to a file chosen in the save dialog.
    command("list_users", Admin, Everywhere),
    command("get_user", Admin, Everywhere),
    command("update_user", Admin, Everywhere),
    command("set_user_password", Admin, Everywhere),
    command("preview_user_deletion", Admin, Everywhere),
    command("delete_user", Admin, Everywhere),
    command("get_metabase_account", Admin, Everywhere),
    command("add_user_to_metabase_group", Admin, Everywhere),
    command("remove_metabase_membership", Admin, Everywhere),
    command("export_users_csv", Admin, DesktopOnly),
    // The audit log; its CSV export writes to a file chosen in the save dialog.
    command("list_audit_log", Admin, Everywhere),
    command("audit_filter_options", Admin, Everywhere),
    command("export_audit_log_csv", Admin, DesktopOnly),
];

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
                "import_v03_database",
                "export_users_csv",
                "export_audit_log_csv"
            ],
            "a command left off the server must have a reason in the table"
        );
    }
}
