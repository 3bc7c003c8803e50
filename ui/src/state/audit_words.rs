//! The audit log in the operator's words: what was done ("Signed in", "Backup made"), to what
//! kind of thing ("Person", "Organisation"), and the summary's keys as labels. The stored codes
//! stay what they are (filters and the CSV export use them); a code this table does not know
//! yet still reads as words, never as `snake_case`.

use super::json_lines;

/// What each recorded action is called on screen.
const ACTIONS: &[(&str, &str)] = &[
    ("signed_in", "Signed in"),
    ("signed_out", "Signed out"),
    ("sign_in_failed", "Sign-in failed"),
    ("account_locked", "Account locked after failed sign-ins"),
    ("lockout_cleared", "Account unlocked"),
    ("password_changed", "Changed their password"),
    ("password_change_failed", "Password change refused"),
    ("password_set", "Password set by an administrator"),
    ("admin_created", "Administrator created"),
    ("user_updated", "Person changed"),
    ("user_deleted", "Person deleted"),
    ("users_exported", "People exported"),
    ("organization_updated", "Organisation changed"),
    ("organization_deleted", "Organisation deleted"),
    ("organization_systems_changed", "Systems used changed"),
    ("documentation_updated", "Documentation links changed"),
    ("system_group_set", "Group recorded"),
    ("system_group_removed", "Group removed"),
    ("studio_company_added", "Studio company added"),
    ("studio_company_updated", "Studio company changed"),
    ("studio_company_removed", "Studio company removed"),
    ("metabase_group_joined", "Added to a Metabase group"),
    ("metabase_group_left", "Removed from a Metabase group"),
    ("execution_started", "Workflow started"),
    ("execution_completed", "Workflow completed"),
    ("execution_cancelled", "Workflow cancelled"),
    ("step_completed", "Step completed"),
    ("step_completed_by_hand", "Step completed by hand"),
    ("step_failed", "Step failed"),
    ("step_retried", "Step retried"),
    ("step_retry_scheduled", "Step to be tried again"),
    ("step_skipped", "Step skipped"),
    ("step_became_manual_task", "Step left to do by hand"),
    ("step_ended_after_cancel", "Step ended after a cancel"),
    ("people_import_started", "People added from a file"),
    ("access_checked", "Access checked"),
    ("access_check_scheduled", "Daily access check scheduled"),
    ("access_accepted", "Difference accepted"),
    ("access_recorded_as_removed", "Access recorded as removed"),
    ("stranger_access_accepted", "Unknown account accepted"),
    ("stranger_access_removed", "Unknown account removed"),
    ("access_report_exported", "Access report exported"),
    ("audit_log_exported", "Audit log exported"),
    ("settings_saved", "Settings saved"),
    ("imported_v03", "Imported from HyOpps v0.3"),
    ("backup_made", "Backup made"),
    ("restore_requested", "Restore of a backup asked for"),
    ("database_restored", "Database restored from a backup"),
];

/// What kind of thing an entry is about.
const TARGETS: &[(&str, &str)] = &[
    ("user", "Person"),
    ("organization", "Organisation"),
    ("execution", "Execution"),
    ("workflow_execution", "Execution"),
    ("studio_company", "Studio company"),
    ("database", "Database"),
    ("settings", "Settings"),
    ("integration", "System"),
    ("access_check", "Access check"),
    ("people_import", "File of people"),
];

/// Summary keys of the audit log whose plain spelling would mislead or read badly; the rest
/// read as the step timeline's labels do.
const KEYS: &[(&str, &str)] = &[
    ("app_role", "Role"),
    ("removed_old", "Old backups removed"),
    ("previous_database_kept_as", "Previous database kept as"),
    ("password_rehashed", "Password hash renewed"),
    ("access_grants_deleted", "Access records deleted"),
    (
        "personal_studio_company_deleted",
        "Personal Studio company deleted",
    ),
    ("failed_logins", "Failed sign-ins"),
    ("via", "Done from"),
    ("by", "By"),
    ("new_differences", "New differences"),
    ("rows_refused", "Lines refused"),
    ("people_started", "People started"),
];

pub fn action_label(code: &str) -> String {
    lookup(ACTIONS, code)
}

pub fn target_kind_label(kind: &str) -> String {
    lookup(TARGETS, kind)
}

pub fn key_label(key: &str) -> String {
    lookup(KEYS, key)
}

pub use super::json_lines::is_id as is_id_key;

/// The table's words for `code`, or the code's own words as the step timeline reads keys.
fn lookup(table: &[(&str, &str)], code: &str) -> String {
    table
        .iter()
        .find(|(known, _)| *known == code)
        .map(|(_, label)| (*label).to_owned())
        .unwrap_or_else(|| json_lines::label(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_read_as_words() {
        assert_eq!(
            action_label("people_import_started"),
            "People added from a file"
        );
        assert_eq!(action_label("access_accepted"), "Difference accepted");
        assert_eq!(target_kind_label("organization"), "Organisation");
        assert_eq!(key_label("password_rehashed"), "Password hash renewed");
    }

    #[test]
    fn an_unknown_code_still_reads_as_words() {
        assert_eq!(
            action_label("studio_sign_ins_removed"),
            "Studio sign ins removed"
        );
        assert_eq!(target_kind_label("resource"), "Resource");
        assert_eq!(key_label("interrupted_steps"), "Interrupted steps");
        for code in ACTIONS
            .iter()
            .chain(TARGETS)
            .chain(KEYS)
            .map(|(_, label)| *label)
        {
            assert!(!code.contains('_'), "{code} is words");
        }
    }
}
