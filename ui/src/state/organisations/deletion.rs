//! What deleting an organisation takes along, in the words the confirmation shows, from the
//! backend's preview (nothing here guesses).

use hyopps_contract::{DetachedUser, OrganizationDeletion};

/// One line of the confirmation; `key` makes its element id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletionLine {
    pub key: &'static str,
    pub text: String,
}

/// `one` for 1, `many` with the number in front otherwise: "1 execution stays", "5
/// executions stay".
fn count(n: u64, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// What goes and what stays, one line per kind that is not empty, and always the reminder
/// that the outside systems are not touched.
pub fn deletion_lines(deletion: &OrganizationDeletion) -> Vec<DeletionLine> {
    let mut lines = Vec::new();
    let mut line = |key: &'static str, text: String| lines.push(DeletionLine { key, text });
    if deletion.user_count > 0 {
        let people = count(deletion.user_count, "person stays", "people stay");
        line(
            "users",
            format!("{people}, detached from the organisation (listed below)."),
        );
    }
    if deletion.partner_admins_demoted > 0 {
        let names: Vec<_> = deletion
            .users
            .iter()
            .filter(|u| u.demoted)
            .map(|u| u.display_name.as_str())
            .collect();
        let who = match names.is_empty() {
            true => String::new(),
            false => format!(": {}", names.join(", ")),
        };
        let admins = count(
            deletion.partner_admins_demoted,
            "partner administrator becomes a plain user",
            "partner administrators become plain users",
        );
        line("demoted", format!("{admins}{who}."));
    }
    if deletion.executions_detached > 0 {
        let executions = count(
            deletion.executions_detached,
            "execution stays",
            "executions stay",
        );
        line("executions", format!("{executions} as history, detached."));
    }
    if !deletion.studio_companies_deleted.is_empty() {
        let companies: Vec<_> = deletion
            .studio_companies_deleted
            .iter()
            .map(|c| format!("{} ({} {})", c.name, c.environment.label(), c.studio_id))
            .collect();
        let deleted = count(
            companies.len() as u64,
            "Studio company is deleted",
            "Studio companies are deleted",
        );
        line(
            "studio_companies",
            format!("{deleted}: {}.", companies.join(", ")),
        );
    }
    if deletion.studio_access_deleted > 0 {
        let rows = count(
            deletion.studio_access_deleted,
            "person's access to them is deleted",
            "access rows of people to them are deleted",
        );
        line("studio_access", format!("{rows}."));
    }
    if !deletion.system_groups_deleted.is_empty() {
        let tools: Vec<_> = deletion
            .system_groups_deleted
            .iter()
            .map(|t| t.label())
            .collect();
        line(
            "system_groups",
            format!(
                "Its recorded system groups are deleted: {}.",
                tools.join(", ")
            ),
        );
    }
    if deletion.integrations_deleted {
        line(
            "integrations",
            "Its integration state (Keycloak, Metabase collection, LMS) is deleted.".to_owned(),
        );
    }
    if deletion.documentation_deleted {
        line(
            "documentation",
            "Its documentation links are deleted.".to_owned(),
        );
    }
    line(
        "outside",
        "Nothing changes in Studio, Metabase, Teams, Slack, Keycloak or the LMS: remove it there yourself if needed."
            .to_owned(),
    );
    lines
}

/// A person in the confirmation: "Ada Lovelace <ada@acme.example> · Partner administrator,
/// becomes a user".
pub fn detached_user_text(user: &DetachedUser) -> String {
    let role = match user.demoted {
        true => format!("{}, becomes a user", user.app_role.label()),
        false => user.app_role.label().to_owned(),
    };
    format!("{} <{}> · {role}", user.display_name, user.email)
}

/// Shown on the list after a deletion.
pub fn deleted_notice(name: &str) -> String {
    format!("Organisation \u{201c}{name}\u{201d} was deleted. Its people and executions stay, detached.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyopps_contract::{AppRole, StudioCompany, StudioEnvironment, SystemTool};

    fn person(name: &str, role: AppRole, demoted: bool) -> DetachedUser {
        DetachedUser {
            id: name.to_lowercase(),
            display_name: name.into(),
            email: format!("{}@acme.example", name.to_lowercase()),
            app_role: role,
            demoted,
        }
    }

    fn empty() -> OrganizationDeletion {
        OrganizationDeletion {
            organization_id: "o1".into(),
            name: "Acme".into(),
            users: vec![],
            user_count: 0,
            partner_admins_demoted: 0,
            executions_detached: 0,
            studio_companies_deleted: vec![],
            studio_access_deleted: 0,
            system_groups_deleted: vec![],
            integrations_deleted: false,
            documentation_deleted: false,
            blocked_by: None,
        }
    }

    fn keys(lines: &[DeletionLine]) -> Vec<&str> {
        lines.iter().map(|l| l.key).collect()
    }

    #[test]
    fn an_empty_organisation_only_reminds_that_outside_systems_stay() {
        assert_eq!(keys(&deletion_lines(&empty())), ["outside"]);
    }

    #[test]
    fn every_kind_of_dependent_gets_its_line() {
        let deletion = OrganizationDeletion {
            users: vec![
                person("Ada", AppRole::PartnerAdmin, true),
                person("Bob", AppRole::User, false),
            ],
            user_count: 2,
            partner_admins_demoted: 1,
            executions_detached: 5,
            studio_companies_deleted: vec![StudioCompany {
                id: "sc1".into(),
                organization_id: "o1".into(),
                studio_id: "1001".into(),
                name: "Acme TEST".into(),
                environment: StudioEnvironment::Test,
                created_at: String::new(),
            }],
            studio_access_deleted: 3,
            system_groups_deleted: vec![SystemTool::Metabase, SystemTool::Slack],
            integrations_deleted: true,
            documentation_deleted: true,
            ..empty()
        };
        let lines = deletion_lines(&deletion);
        assert_eq!(
            keys(&lines),
            [
                "users",
                "demoted",
                "executions",
                "studio_companies",
                "studio_access",
                "system_groups",
                "integrations",
                "documentation",
                "outside"
            ]
        );
        let text = |key: &str| lines.iter().find(|l| l.key == key).unwrap().text.clone();
        assert!(text("users").starts_with("2 people stay"));
        assert_eq!(
            text("demoted"),
            "1 partner administrator becomes a plain user: Ada."
        );
        assert_eq!(
            text("executions"),
            "5 executions stay as history, detached."
        );
        assert_eq!(
            text("studio_companies"),
            "1 Studio company is deleted: Acme TEST (TEST 1001)."
        );
        assert_eq!(
            text("studio_access"),
            "3 access rows of people to them are deleted."
        );
        assert!(text("system_groups").ends_with("Metabase, Slack."));
        assert_eq!(
            detached_user_text(&deletion.users[0]),
            "Ada <ada@acme.example> · Partner administrator, becomes a user"
        );
        assert_eq!(
            detached_user_text(&deletion.users[1]),
            "Bob <bob@acme.example> · User"
        );
    }

    #[test]
    fn the_notice_names_the_deleted_organisation() {
        assert!(deleted_notice("Acme").contains("\u{201c}Acme\u{201d} was deleted"));
    }
}
