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

/// The systems the access check asks and a repair works in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckedSystem {
    Metabase,
    Teams,
    Slack,
    Keycloak,
}

impl CheckedSystem {
    pub const ALL: [CheckedSystem; 4] = [
        CheckedSystem::Metabase,
        CheckedSystem::Teams,
        CheckedSystem::Slack,
        CheckedSystem::Keycloak,
    ];

    /// The name the screens show.
    pub fn label(self) -> &'static str {
        match self {
            CheckedSystem::Metabase => "Metabase",
            CheckedSystem::Teams => "Microsoft Teams",
            CheckedSystem::Slack => "Slack",
            CheckedSystem::Keycloak => "Keycloak",
        }
    }

    /// The workflow steps' name of the system (their definition's `system`).
    pub fn as_str(self) -> &'static str {
        match self {
            CheckedSystem::Metabase => "metabase",
            CheckedSystem::Teams => "teams",
            CheckedSystem::Slack => "slack",
            CheckedSystem::Keycloak => "keycloak",
        }
    }

    /// The resource (`resources.name`) a person's grant in it is recorded under.
    pub fn resource(self) -> &'static str {
        match self {
            CheckedSystem::Metabase => "Metabase",
            CheckedSystem::Teams => "Microsoft Teams",
            CheckedSystem::Slack => "Slack",
            CheckedSystem::Keycloak => "KeyCloak",
        }
    }
}

/// One click on a difference the access check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessRepair {
    /// Missing: give it back, with the steps onboarding gives it with (an execution).
    GiveBack,
    /// Missing: the system is right; record the access as taken away.
    RecordAsRemoved,
    /// Unexpected: take it away, with the steps offboarding takes it with (an execution).
    TakeAway,
    /// Unexpected: the system is right; record the access as given, with who and why.
    Accept,
}

impl AccessRepair {
    /// The button's words.
    pub fn label(self) -> &'static str {
        match self {
            AccessRepair::GiveBack => "Give it back",
            AccessRepair::RecordAsRemoved => "Record as removed",
            AccessRepair::TakeAway => "Take it away",
            AccessRepair::Accept => "Accept it",
        }
    }

    /// The repairs that fit a state: none when there is nothing to repair, or nothing one click
    /// can do (a disabled Keycloak account is enabled in Keycloak, by a person).
    pub fn for_state(state: AccessState) -> &'static [AccessRepair] {
        match state {
            AccessState::Missing => &[AccessRepair::GiveBack, AccessRepair::RecordAsRemoved],
            AccessState::Unexpected => &[AccessRepair::TakeAway, AccessRepair::Accept],
            AccessState::InOrder | AccessState::Disabled | AccessState::Unknown => &[],
        }
    }

    /// Whether it records something (a reason is then asked for) rather than starting a run.
    pub fn only_records(self) -> bool {
        matches!(self, AccessRepair::RecordAsRemoved | AccessRepair::Accept)
    }
}

/// Whose access a repair is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RepairSubject {
    /// One of HyOpps's people.
    Person { user_id: String },
    /// Someone in the organisation's group who is none of its people in HyOpps.
    Stranger {
        organization_id: String,
        email: String,
    },
}

/// Repair one system's difference, for a person or a stranger (admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepairAccessRequest {
    pub subject: RepairSubject,
    pub system: CheckedSystem,
    pub repair: AccessRepair,
    /// Why: required to accept or record as removed, kept with the record and in the audit log.
    #[serde(default)]
    pub reason: Option<String>,
}

/// What a repair did: an execution started (follow it there), or a record changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepairOutcome {
    pub message: String,
    pub execution_id: Option<String>,
}

/// One system's line of a person's check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemAccess {
    /// The system's name ("Metabase").
    pub system: String,
    /// The system, for a repair; `None` for one no repair works in (Studio).
    #[serde(default)]
    pub key: Option<CheckedSystem>,
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
    #[serde(default)]
    pub email: String,
    pub organization_name: Option<String>,
    pub checked_at: String,
    pub systems: Vec<SystemAccess>,
}

/// Someone in an organisation's group who is none of its people in HyOpps: access HyOpps
/// did not give (always [`AccessState::Unexpected`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stranger {
    pub system: String,
    /// The system, for a repair.
    #[serde(default)]
    pub key: Option<CheckedSystem>,
    pub email: String,
    pub says: String,
    /// Accepted there by an admin: who, when and why, in a sentence; no longer a difference.
    #[serde(default)]
    pub accepted: Option<String>,
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

/// One difference a check of everything found (a person's, or a stranger's: no `user_id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessDifference {
    pub organization_id: String,
    pub organization_name: String,
    pub user_id: Option<String>,
    /// The person's name, or the stranger's email.
    pub who: String,
    pub email: String,
    pub system: CheckedSystem,
    pub state: AccessState,
    pub says: String,
}

/// A check of everything: when, who asked (`None`: the daily check), what it covered and found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessCheckRun {
    pub started_at: String,
    pub finished_at: String,
    pub started_by: Option<String>,
    pub organizations: u32,
    pub people: u32,
    pub differences: u32,
    /// Differences the run before it did not find.
    pub new_differences: u32,
}

/// The latest check of everything and what it found (admins); no run yet: `run` is `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessReport {
    pub run: Option<AccessCheckRun>,
    pub differences: Vec<AccessDifference>,
}

/// When the daily check of everything runs (admins change it on the Access check screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessCheckSchedule {
    pub daily: bool,
    /// From this hour of the day (UTC), 0–23.
    pub hour_utc: u8,
}

/// The Access check screen: the latest check of everything, what it found, and when the next
/// one runs by itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessOverview {
    pub report: AccessReport,
    pub schedule: AccessCheckSchedule,
    /// Whether any system the check asks (Metabase, Teams, Slack, Keycloak) is configured:
    /// until one is, the daily check does not run.
    pub systems_configured: bool,
}
