//! Which colour a status label has, so a status reads the same on every screen.

use hyopps_contract::{AccessState, ExecutionStatus, StepStatus};
use patternfly_yew::prelude::Color;

/// Waiting for a person stands out (orange), a failure is red, done is green, work under way
/// is blue; nothing to do (pending, cancelled, skipped) stays grey.
pub fn execution_status_color(status: ExecutionStatus) -> Color {
    match status {
        ExecutionStatus::Pending | ExecutionStatus::Cancelled => Color::Grey,
        ExecutionStatus::Running => Color::Blue,
        ExecutionStatus::AwaitingInput => Color::Orange,
        ExecutionStatus::Completed => Color::Green,
        ExecutionStatus::Failed => Color::Red,
    }
}

pub fn step_status_color(status: StepStatus) -> Color {
    match status {
        StepStatus::Pending | StepStatus::Skipped => Color::Grey,
        StepStatus::Running => Color::Blue,
        StepStatus::AwaitingInput => Color::Orange,
        StepStatus::Completed => Color::Green,
        StepStatus::Failed => Color::Red,
    }
}

/// An access check's state: agreeing green, a difference red (disabled orange), unknown grey.
pub fn access_state_color(state: AccessState) -> Color {
    match state {
        AccessState::InOrder => Color::Green,
        AccessState::Missing | AccessState::Unexpected => Color::Red,
        AccessState::Disabled => Color::Orange,
        AccessState::Unknown => Color::Grey,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_red_waiting_is_orange_done_is_green() {
        assert_eq!(execution_status_color(ExecutionStatus::Failed), Color::Red);
        assert_eq!(
            execution_status_color(ExecutionStatus::AwaitingInput),
            Color::Orange
        );
        assert_eq!(
            execution_status_color(ExecutionStatus::Completed),
            Color::Green
        );
        assert_eq!(step_status_color(StepStatus::Failed), Color::Red);
        assert_eq!(step_status_color(StepStatus::Skipped), Color::Grey);
    }
}
