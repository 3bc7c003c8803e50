//! The desktop's menu: what each entry asks the window to do. The shell builds the native menu
//! (with the keyboard shortcuts) and sends the chosen entry as a [`MENU_EVENT`]; the window
//! acts on it. One list, so the two cannot disagree on an entry.

use serde::{Deserialize, Serialize};

/// The event the shell emits to the window when a menu entry (or its shortcut) is chosen.
pub const MENU_EVENT: &str = "menu-action";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MenuAction {
    /// Find a person, an organisation or an execution by name and open it.
    Jump,
    /// Start a workflow (the dashboard's Start buttons).
    StartWorkflow,
    /// Read the current screen again.
    Refresh,
    GoDashboard,
    GoExecutions,
    GoOrganisations,
    GoUsers,
    GoAccessCheck,
    GoSettings,
    GoAuditLog,
}

impl MenuAction {
    pub const ALL: [MenuAction; 10] = [
        MenuAction::Jump,
        MenuAction::StartWorkflow,
        MenuAction::Refresh,
        MenuAction::GoDashboard,
        MenuAction::GoExecutions,
        MenuAction::GoOrganisations,
        MenuAction::GoUsers,
        MenuAction::GoAccessCheck,
        MenuAction::GoSettings,
        MenuAction::GoAuditLog,
    ];

    /// The entry's id in the native menu.
    pub fn id(self) -> &'static str {
        match self {
            MenuAction::Jump => "jump",
            MenuAction::StartWorkflow => "start_workflow",
            MenuAction::Refresh => "refresh",
            MenuAction::GoDashboard => "go_dashboard",
            MenuAction::GoExecutions => "go_executions",
            MenuAction::GoOrganisations => "go_organisations",
            MenuAction::GoUsers => "go_users",
            MenuAction::GoAccessCheck => "go_access_check",
            MenuAction::GoSettings => "go_settings",
            MenuAction::GoAuditLog => "go_audit_log",
        }
    }

    pub fn from_id(id: &str) -> Option<MenuAction> {
        MenuAction::ALL.into_iter().find(|action| action.id() == id)
    }

    /// The entry as the menu shows it.
    pub fn label(self) -> &'static str {
        match self {
            MenuAction::Jump => "Jump to…",
            MenuAction::StartWorkflow => "Start a workflow…",
            MenuAction::Refresh => "Refresh",
            MenuAction::GoDashboard => "Dashboard",
            MenuAction::GoExecutions => "Executions",
            MenuAction::GoOrganisations => "Organisations",
            MenuAction::GoUsers => "Users",
            MenuAction::GoAccessCheck => "Access check",
            MenuAction::GoSettings => "Settings",
            MenuAction::GoAuditLog => "Audit log",
        }
    }

    /// Its keyboard shortcut (Ctrl on Linux and Windows, Cmd on macOS).
    pub fn shortcut(self) -> Option<&'static str> {
        match self {
            MenuAction::Jump => Some("CmdOrCtrl+K"),
            MenuAction::StartWorkflow => Some("CmdOrCtrl+N"),
            MenuAction::Refresh => Some("F5"),
            MenuAction::GoDashboard => Some("CmdOrCtrl+1"),
            MenuAction::GoExecutions => Some("CmdOrCtrl+2"),
            MenuAction::GoOrganisations => Some("CmdOrCtrl+3"),
            MenuAction::GoUsers => Some("CmdOrCtrl+4"),
            MenuAction::GoAccessCheck => Some("CmdOrCtrl+5"),
            MenuAction::GoSettings => Some("CmdOrCtrl+Comma"),
            MenuAction::GoAuditLog => Some("CmdOrCtrl+6"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_its_own_id_and_shortcut_and_is_found_by_its_id() {
        let mut ids: Vec<_> = MenuAction::ALL.iter().map(|a| a.id()).collect();
        let mut shortcuts: Vec<_> = MenuAction::ALL
            .iter()
            .filter_map(|a| a.shortcut())
            .collect();
        ids.sort();
        ids.dedup();
        shortcuts.sort();
        shortcuts.dedup();
        assert_eq!(ids.len(), MenuAction::ALL.len(), "ids are unique");
        assert_eq!(
            shortcuts.len(),
            MenuAction::ALL.len(),
            "shortcuts are unique"
        );
        for action in MenuAction::ALL {
            assert_eq!(MenuAction::from_id(action.id()), Some(action));
            assert_eq!(
                serde_json::to_value(action).unwrap(),
                serde_json::json!(action.id()),
                "the event carries the same id as the menu"
            );
        }
        assert_eq!(MenuAction::from_id("quit"), None);
    }
}
