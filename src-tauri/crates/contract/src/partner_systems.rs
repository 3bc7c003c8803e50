//! The systems an organisation may or may not use. A partner that has no Slack, or manages its
//! own Teams, says so on its profile; every workflow then skips the steps in that system with
//! "Not used by <organisation>" instead of asking an admin to invent an id for them.

use serde::{Deserialize, Serialize};

/// A system an organisation's profile may leave out. Studio and Keycloak go together: the
/// Keycloak account is how a person signs in to Studio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnerSystem {
    Studio,
    Metabase,
    Teams,
    Slack,
    Lms,
    Documentation,
}

impl PartnerSystem {
    pub const ALL: [PartnerSystem; 6] = [
        PartnerSystem::Studio,
        PartnerSystem::Metabase,
        PartnerSystem::Teams,
        PartnerSystem::Slack,
        PartnerSystem::Lms,
        PartnerSystem::Documentation,
    ];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            PartnerSystem::Studio => "studio",
            PartnerSystem::Metabase => "metabase",
            PartnerSystem::Teams => "teams",
            PartnerSystem::Slack => "slack",
            PartnerSystem::Lms => "lms",
            PartnerSystem::Documentation => "documentation",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            PartnerSystem::Studio => "Studio and Keycloak",
            PartnerSystem::Metabase => "Metabase",
            PartnerSystem::Teams => "Microsoft Teams",
            PartnerSystem::Slack => "Slack",
            PartnerSystem::Lms => "LMS",
            PartnerSystem::Documentation => "Documentation email",
        }
    }

    /// The system a workflow step works in (its definition's `system`: "keycloak", "email",
    /// …), when an organisation may leave that system out; `None` for steps every
    /// organisation needs.
    pub fn of_step(step_system: &str) -> Option<Self> {
        match step_system {
            "studio" | "keycloak" => Some(PartnerSystem::Studio),
            "metabase" => Some(PartnerSystem::Metabase),
            "teams" => Some(PartnerSystem::Teams),
            "slack" => Some(PartnerSystem::Slack),
            "lms" => Some(PartnerSystem::Lms),
            "email" => Some(PartnerSystem::Documentation),
            _ => None,
        }
    }

    /// The resources (`resources.name`) whose grants a person holds in this system.
    pub fn granted_resources(self) -> &'static [&'static str] {
        match self {
            PartnerSystem::Studio => &["Studio", "KeyCloak"],
            PartnerSystem::Metabase => &["Metabase"],
            PartnerSystem::Teams => &["Microsoft Teams"],
            PartnerSystem::Slack => &["Slack"],
            PartnerSystem::Lms => &["LMS"],
            PartnerSystem::Documentation => &[],
        }
    }
}

/// Which systems an organisation uses (every one it does not list is skipped by every
/// workflow). Admins only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetOrganizationSystemsRequest {
    pub organization_id: String,
    pub systems_used: Vec<PartnerSystem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_system_reads_back_from_its_stored_name() {
        for system in PartnerSystem::ALL {
            assert_eq!(PartnerSystem::parse(system.as_str()), Some(system));
        }
        assert_eq!(PartnerSystem::parse("jira"), None);
    }

    #[test]
    fn keycloak_steps_belong_to_studio_and_the_steps_every_organisation_needs_to_none() {
        assert_eq!(
            PartnerSystem::of_step("keycloak"),
            Some(PartnerSystem::Studio)
        );
        assert_eq!(
            PartnerSystem::of_step("email"),
            Some(PartnerSystem::Documentation)
        );
        assert_eq!(PartnerSystem::of_step("hyopps"), None);
    }
}
