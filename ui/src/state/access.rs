//! The Access check screen's filters over the differences of the latest check of everything.

use hyopps_contract::{AccessDifference, AccessState, CheckedSystem};

/// What the list is narrowed to; empty: everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DifferenceFilter {
    pub organization_id: String,
    /// `metabase`, `teams`…
    pub system: String,
    /// `missing`, `unexpected`, `disabled`.
    pub state: String,
}

impl DifferenceFilter {
    pub fn keeps(&self, difference: &AccessDifference) -> bool {
        (self.organization_id.is_empty() || difference.organization_id == self.organization_id)
            && (self.system.is_empty() || difference.system.as_str() == self.system)
            && (self.state.is_empty() || state_key(difference.state) == self.state)
    }
}

/// The states a difference has, with the screens' words.
pub const DIFFERENCE_STATES: [AccessState; 3] = [
    AccessState::Missing,
    AccessState::Unexpected,
    AccessState::Disabled,
];

pub fn state_key(state: AccessState) -> &'static str {
    match state {
        AccessState::InOrder => "in_order",
        AccessState::Missing => "missing",
        AccessState::Unexpected => "unexpected",
        AccessState::Disabled => "disabled",
        AccessState::Unknown => "unknown",
    }
}

/// The organisations the differences are in (id, name), each once, by name.
pub fn organisations_of(differences: &[AccessDifference]) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    for d in differences {
        if !found.iter().any(|(id, _)| *id == d.organization_id) {
            found.push((d.organization_id.clone(), d.organization_name.clone()));
        }
    }
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found
}

pub fn systems() -> impl Iterator<Item = CheckedSystem> {
    CheckedSystem::ALL.into_iter()
}
