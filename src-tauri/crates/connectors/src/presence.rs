//! What the read-only verbs answer: where a person stands in a system right now, read without
//! changing anything (a preview of a workflow, and later the access check).

/// A person in the configured Teams team and one of its channels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamsPresence {
    /// Their directory (Entra) user id; `None`: not in the directory, so in nothing.
    pub user_id: Option<String>,
    pub in_team: bool,
    /// Whether they are a member of the private channel asked about; `None` when the channel
    /// is standard (everyone in the team reads it) or none was asked about.
    pub in_channel: Option<bool>,
}

/// A person in the Slack workspace and one of its user groups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlackPresence {
    /// Their Slack user id; `None`: no account in the workspace with this email.
    pub user_id: Option<String>,
    pub in_group: bool,
    /// How many members the user group has.
    pub group_members: usize,
    /// Whether the group is enabled: a disabled group keeps its list but reaches nobody.
    pub group_enabled: bool,
}

/// A person in Keycloak's realm and one of its groups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeycloakPresence {
    /// Their Keycloak user id; `None`: no such user.
    pub user_id: Option<String>,
    pub enabled: bool,
    pub in_group: bool,
    /// How many groups they are in, the one asked about included.
    pub groups: usize,
}
