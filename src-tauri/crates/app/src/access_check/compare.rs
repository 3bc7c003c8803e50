//! The comparison itself, apart from any system: what the record says against what the system
//! answered gives one state.

use hyopps_contract::AccessState;

/// What a system answered about a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    /// The person has the access there.
    Present,
    /// They do not (no account, or not in the group).
    Absent,
    /// They have an account there, disabled.
    Disabled,
    /// The system could not be asked.
    Unreadable,
}

/// The state of one system for a person whose access there HyOpps `recorded` (granted and not
/// taken back) or not.
pub(crate) fn compare(recorded: bool, seen: Seen) -> AccessState {
    match (recorded, seen) {
        (_, Seen::Unreadable) => AccessState::Unknown,
        (true, Seen::Present) | (false, Seen::Absent) => AccessState::InOrder,
        (true, Seen::Absent) => AccessState::Missing,
        (false, Seen::Present) => AccessState::Unexpected,
        // A disabled account gives no access: as HyOpps meant it after an offboarding, not
        // while the access is still on record.
        (true, Seen::Disabled) => AccessState::Disabled,
        (false, Seen::Disabled) => AccessState::InOrder,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_of_record_and_answer_has_one_state() {
        let table = [
            (true, Seen::Present, AccessState::InOrder),
            (false, Seen::Absent, AccessState::InOrder),
            (true, Seen::Absent, AccessState::Missing),
            (false, Seen::Present, AccessState::Unexpected),
            (true, Seen::Disabled, AccessState::Disabled),
            (false, Seen::Disabled, AccessState::InOrder),
            (true, Seen::Unreadable, AccessState::Unknown),
            (false, Seen::Unreadable, AccessState::Unknown),
        ];
        for (recorded, seen, expected) in table {
            assert_eq!(
                compare(recorded, seen),
                expected,
                "recorded {recorded}, the system answered {seen:?}"
            );
        }
    }
}
