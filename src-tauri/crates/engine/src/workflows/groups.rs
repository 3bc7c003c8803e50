//! An organisation's groups in the outside systems, as recorded on it (`system_groups`): what
//! the steps that give or take access in "the organisation's group" act on, and how they say
//! what they found.

use hyopps_connectors::{MetabaseMembership, Removal};
use hyopps_store::{organizations, Connection, StoreError};
use serde::{Deserialize, Serialize};

/// The organisation's group in one system.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Group {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
}

impl Group {
    /// The group's name where known, else its id: for the operator's sentences.
    pub(crate) fn shown(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// The organisation's group in `tool` ("metabase", "teams", "slack", "keycloak"), when one
/// with an id is recorded.
pub(crate) fn recorded_group(
    conn: &Connection,
    organization_id: &str,
    tool: &str,
) -> Result<Option<Group>, StoreError> {
    Ok(
        match organizations::system_group(conn, organization_id, tool)? {
            Some(organizations::SystemGroup {
                external_id: Some(id),
                external_name: name,
            }) if !id.is_empty() => Some(Group { id, name }),
            _ => None,
        },
    )
}

/// "Removed from X" or "Was no longer in X: nothing to do", for `what` (e.g. "the Slack group
/// @ext-acme").
pub(crate) fn removal_sentence(removal: Removal, what: &str) -> String {
    match removal {
        Removal::Removed => format!("Removed from {what}."),
        Removal::AlreadyGone => format!("Was no longer in {what}: nothing to do."),
    }
}

/// Metabase's own group every user is in; leaving it is not possible, nor meant.
const METABASE_ALL_USERS: &str = "All Users";

/// The Metabase groups other than `group_id` and All Users: access someone else gave, which
/// keeps the account active.
pub(crate) fn other_metabase_groups(
    memberships: &[MetabaseMembership],
    group_id: i64,
) -> Vec<String> {
    memberships
        .iter()
        .filter(|m| m.group_id != group_id && m.group_name != METABASE_ALL_USERS)
        .map(|m| m.group_name.clone())
        .collect()
}
