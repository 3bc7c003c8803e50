//! "Jump to…" (Ctrl/Cmd + K): what a search finds, as one list of places to open, each in
//! words — a name, then what it is — never an id.

use hyopps_contract::{ExecutionSummary, OrganizationRow, UserRow};

use crate::route::AppRoute;

/// Fewer characters than this match too much to be worth asking for.
pub const MIN_QUERY_CHARS: usize = 2;
/// How many of each kind the list shows.
pub const PER_KIND: u32 = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct JumpTarget {
    pub label: String,
    /// What it is, and where: "Organisation", "Person · Acme Widgets", "Execution · Failed".
    pub detail: String,
    pub route: AppRoute,
}

/// The query to send, or `None` while it is too short.
pub fn query(text: &str) -> Option<String> {
    let text = text.trim();
    (text.chars().count() >= MIN_QUERY_CHARS).then(|| text.to_string())
}

/// Organisations first, then people, then executions, each in the order the lists give them.
pub fn targets(
    organisations: &[OrganizationRow],
    people: &[UserRow],
    executions: &[ExecutionSummary],
) -> Vec<JumpTarget> {
    let organisations = organisations.iter().map(|row| JumpTarget {
        label: row.name.clone(),
        detail: "Organisation".into(),
        route: AppRoute::organisation(&row.id),
    });
    let people = people.iter().map(|row| JumpTarget {
        label: row.display_name.clone(),
        detail: match &row.organization_name {
            Some(organisation) => format!("Person · {organisation}"),
            None => format!("Person · {}", row.email),
        },
        route: AppRoute::user(&row.id),
    });
    let executions = executions.iter().map(|row| {
        let about = row
            .user_name
            .clone()
            .or_else(|| row.organization_name.clone());
        JumpTarget {
            label: match about {
                Some(about) => format!("{}: {about}", row.workflow_label),
                None => row.workflow_label.clone(),
            },
            detail: format!("Execution · {}", row.status.label()),
            route: AppRoute::execution(&row.id),
        }
    });
    organisations.chain(people).chain(executions).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyopps_contract::{AppRole, ExecutionStatus};

    #[test]
    fn a_query_needs_two_characters_and_is_trimmed() {
        assert_eq!(query(""), None);
        assert_eq!(query("  ö "), None);
        assert_eq!(query(" Mü "), Some("Mü".into()));
    }

    #[test]
    fn places_read_as_names_with_what_they_are_never_as_ids() {
        let organisation = OrganizationRow {
            id: "3516e9dd".into(),
            name: "O'Brien & Söhne".into(),
            account_types: vec![],
            created_at: "2026-12-01T08:00:00Z".into(),
            user_count: 2,
            integration: Default::default(),
            system_groups: vec![],
            offboarded_at: None,
        };
        let person = UserRow {
            id: "u-1".into(),
            firstname: "Jürgen".into(),
            lastname: "Müller".into(),
            display_name: "Jürgen Müller".into(),
            email: "jm@obrien.example".into(),
            app_role: AppRole::User,
            organization_id: Some("3516e9dd".into()),
            organization_name: Some("O'Brien & Söhne".into()),
            access: vec![],
            studio_companies: vec![],
            has_password: false,
            locked_until: None,
            created_at: "2026-12-01T08:00:00Z".into(),
        };
        let execution = ExecutionSummary {
            id: "e-1".into(),
            workflow: "new_partner_user".into(),
            workflow_label: "New partner user".into(),
            status: ExecutionStatus::Failed,
            organization_id: Some("3516e9dd".into()),
            organization_name: Some("O'Brien & Söhne".into()),
            user_id: Some("u-1".into()),
            user_name: Some("Jürgen Müller".into()),
            current_step_order: 3,
            current_step_label: None,
            step_count: 9,
            requested_by_name: None,
            created_at: "2026-12-01T08:00:00Z".into(),
            updated_at: "2026-12-01T08:00:00Z".into(),
            completed_at: None,
            error: None,
        };
        let found = targets(&[organisation], &[person], &[execution]);
        let shown: Vec<(&str, &str)> = found
            .iter()
            .map(|t| (t.label.as_str(), t.detail.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("O'Brien & Söhne", "Organisation"),
                ("Jürgen Müller", "Person · O'Brien & Söhne"),
                ("New partner user: Jürgen Müller", "Execution · Failed"),
            ]
        );
        assert_eq!(found[0].route, AppRoute::organisation("3516e9dd"));
        assert_eq!(found[2].route, AppRoute::execution("e-1"));
    }
}
