//! The access check: what HyOpps recorded for a person against what each system says now.

use serde::{Deserialize, Serialize};

/// How one system's access compares with the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessState {
    /// The system and the record agree (both have it, or neither).
    InOrder,
    /// HyOpps granted it; the system does not have it.
    Missing,
    /// The system has it; HyOpps did not grant it (or took it back).
    Unexpected,
    /// The account is there but disabled (Keycloak).
    Disabled,
    /// The system cannot be asked (not configured, unreachable, no API, no group on record).
    Unknown,
}

impl AccessState {
    /// The word the screens show.
    pub fn label(self) -> &'static str {
        match self {
            AccessState::InOrder => "In order",
            AccessState::Missing => "Missing",
            AccessState::Unexpected => "Unexpected",
            AccessState::Disabled => "Disabled",
            AccessState::Unknown => "Unknown",
        }
    }

    /// Whether it is a difference someone should look at.
    pub fn is_difference(self) -> bool {
        matches!(
            self,
            AccessState::Missing | AccessState::Unexpected | AccessState::Disabled
        )
    }
}

/// One system's line of a person's check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemAccess {
    /// The system's name ("Metabase").
    pub system: String,
    pub state: AccessState,
    /// Whether HyOpps records the access as given (and not taken back).
    pub recorded: bool,
    /// What the system answered, in a sentence ("ada@… is in the group ext-acme (account 17).").
    pub says: String,
}

/// A person's access, checked against every system just now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessCheck {
    pub user_id: String,
    pub name: String,
    pub organization_name: Option<String>,
    pub checked_at: String,
    pub systems: Vec<SystemAccess>,
}

/// Someone in an organisation's group who is none of its people in HyOpps: access HyOpps
/// did not give (always [`AccessState::Unexpected`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stranger {
    pub system: String,
    pub email: String,
    pub says: String,
}

/// Every person of an organisation, checked just now, and the strangers in its groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizationAccessCheck {
    pub organization_name: String,
    pub checked_at: String,
    pub people: Vec<AccessCheck>,
    /// Read in the systems whose members can be listed (Metabase, Keycloak).
    #[serde(default)]
    pub strangers: Vec<Stranger>,
}
