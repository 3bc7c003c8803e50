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

/// Everyone in one of an organisation's groups, read for many people at once (an organisation's
/// access check): one read per group, and the lists the whole system shares read once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupRoster {
    /// The group's id, as asked.
    pub group_id: String,
    pub members: Vec<RosterMember>,
    /// Whether the group reaches its members: a disabled Slack user group keeps its list but
    /// reaches nobody.
    pub enabled: bool,
    /// Whether everyone in it is there for this organisation alone. A standard Teams channel's
    /// roster is the whole team's, whose other members are no strangers to it.
    pub exclusive: bool,
}

/// One member of a [`GroupRoster`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterMember {
    /// As the system has it.
    pub email: String,
    /// Whether the account may sign in (a Keycloak account enabled, a Metabase account
    /// active, a Slack account not deactivated).
    pub active: bool,
}

impl GroupRoster {
    /// The member with this email (case aside).
    pub fn member(&self, email: &str) -> Option<&RosterMember> {
        self.members
            .iter()
            .find(|m| m.email.eq_ignore_ascii_case(email.trim()))
    }
}
