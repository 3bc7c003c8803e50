//! Which colour a status label has, so a status reads the same on every screen.

use hyopps_contract::{ExecutionStatus, StepKind, StepStatus};
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

pub fn step_kind_label(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Auto => "Auto",
        StepKind::Manual => "Manual",
    }
}

/// The wire name of a status (`awaiting_input`), used as a select option's value.
pub fn execution_status_key(status: ExecutionStatus) -> &'static str {
    match status {
        ExecutionStatus::Pending => "pending",
        ExecutionStatus::Running => "running",
        ExecutionStatus::AwaitingInput => "awaiting_input",
        ExecutionStatus::Completed => "completed",
        ExecutionStatus::Failed => "failed",
        ExecutionStatus::Cancelled => "cancelled",
    }
}

pub fn execution_status_from_key(key: &str) -> Option<ExecutionStatus> {
    ExecutionStatus::ALL
        .into_iter()
        .find(|status| execution_status_key(*status) == key)
}

/// Whether the execution can still be cancelled: it has not ended.
pub fn can_cancel(status: ExecutionStatus) -> bool {
    !matches!(
        status,
        ExecutionStatus::Completed | ExecutionStatus::Cancelled
    )
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

    #[test]
    fn status_keys_are_the_wire_names_and_read_back() {
        for status in ExecutionStatus::ALL {
            let wire = serde_json::to_value(status).unwrap();
            assert_eq!(wire, execution_status_key(status));
            assert_eq!(
                execution_status_from_key(execution_status_key(status)),
                Some(status)
            );
        }
        assert_eq!(execution_status_from_key(""), None);
    }

    #[test]
    fn only_ended_executions_cannot_be_cancelled() {
        assert!(can_cancel(ExecutionStatus::Failed));
        assert!(can_cancel(ExecutionStatus::AwaitingInput));
        assert!(!can_cancel(ExecutionStatus::Completed));
        assert!(!can_cancel(ExecutionStatus::Cancelled));
    }
}
