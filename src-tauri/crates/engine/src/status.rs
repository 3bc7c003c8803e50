//! The two state machines: executions and steps (SPEC §3).

/// An execution's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExecutionStatus {
    Pending,
    Running,
    AwaitingInput,
    Completed,
    Failed,
    Cancelled,
}

/// A step execution's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    Pending,
    Running,
    AwaitingInput,
    Completed,
    Failed,
    Skipped,
}

macro_rules! stored_names {
    ($type:ident { $($variant:ident => $name:literal),* $(,)? }) => {
        impl $type {
            pub const ALL: &'static [$type] = &[$($type::$variant),*];

            /// The value stored in the `status` column.
            pub fn as_str(self) -> &'static str {
                match self { $($type::$variant => $name),* }
            }

            pub fn parse(value: &str) -> Option<Self> {
                match value { $($name => Some($type::$variant),)* _ => None }
            }
        }
    };
}

stored_names!(ExecutionStatus {
    Pending => "pending",
    Running => "running",
    AwaitingInput => "awaiting_input",
    Completed => "completed",
    Failed => "failed",
    Cancelled => "cancelled",
});

stored_names!(StepStatus {
    Pending => "pending",
    Running => "running",
    AwaitingInput => "awaiting_input",
    Completed => "completed",
    Failed => "failed",
    Skipped => "skipped",
});

impl ExecutionStatus {
    /// Nothing more will happen to a terminal execution.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            ExecutionStatus::Completed | ExecutionStatus::Cancelled
        )
    }
}

impl StepStatus {
    pub fn is_terminal(self) -> bool {
        matches!(self, StepStatus::Completed | StepStatus::Skipped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip() {
        for status in ExecutionStatus::ALL {
            assert_eq!(ExecutionStatus::parse(status.as_str()), Some(*status));
        }
        for status in StepStatus::ALL {
            assert_eq!(StepStatus::parse(status.as_str()), Some(*status));
        }
        assert_eq!(StepStatus::parse("done"), None);
    }

    #[test]
    fn a_failed_execution_is_not_terminal_because_an_operator_can_retry_it() {
        assert!(!ExecutionStatus::Failed.is_terminal());
        assert!(ExecutionStatus::Cancelled.is_terminal());
        assert!(!StepStatus::Failed.is_terminal());
    }
}
