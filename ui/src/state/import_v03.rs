//! Settings → Import from HyOpps v0.3…: choosing the file, importing it, and what is shown
//! afterwards.
//!
//! One import at a time: while the dialog is open or the import runs, the button waits. A
//! cancelled dialog changes nothing on screen; a new import replaces the last report or error.

use hyopps_contract::{ImportReport, WireError};

/// What the import card is doing, and the last import's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportV03 {
    pub phase: ImportPhase,
    /// The last finished attempt: its report, or why it failed (a refused file, no dialog, …).
    pub outcome: Option<Result<ImportReport, WireError>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ImportPhase {
    #[default]
    Idle,
    /// The native file dialog is open.
    Choosing,
    /// The backend is importing this file.
    Importing(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportEvent {
    /// The admin pressed the button: the dialog opens.
    Choose,
    /// The dialog closed without a file.
    Cancelled,
    /// A file was chosen; the import starts.
    Chosen(String),
    /// The dialog or the import answered.
    Finished(Result<ImportReport, WireError>),
}

impl ImportV03 {
    /// Whether the button must wait (a dialog is open or an import runs).
    pub fn is_busy(&self) -> bool {
        self.phase != ImportPhase::Idle
    }

    pub fn apply(&self, event: ImportEvent) -> Self {
        match event {
            ImportEvent::Choose => Self {
                phase: ImportPhase::Choosing,
                outcome: self.outcome.clone(),
            },
            ImportEvent::Cancelled => Self {
                phase: ImportPhase::Idle,
                outcome: self.outcome.clone(),
            },
            ImportEvent::Chosen(path) => Self {
                phase: ImportPhase::Importing(path),
                outcome: None,
            },
            ImportEvent::Finished(result) => Self {
                phase: ImportPhase::Idle,
                outcome: Some(result),
            },
        }
    }
}

/// One sentence above the report's table: how much arrived, from which file.
pub fn report_summary(report: &ImportReport) -> String {
    let rows = |n: u64| match n {
        1 => "1 row".to_owned(),
        n => format!("{n} rows"),
    };
    let imported = report.total_imported();
    let total: u64 = report.tables.iter().map(|count| count.total()).sum();
    if total == 0 {
        format!("{} has no rows to import.", report.source)
    } else if imported == 0 {
        format!(
            "Nothing new in {}: all {} were already here, merged or skipped.",
            report.source,
            rows(total)
        )
    } else {
        format!(
            "Imported {} of {} from {}.",
            rows(imported),
            total,
            report.source
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyopps_contract::{ErrorCode, TableCount};

    fn report(imported: u64, already_present: u64) -> ImportReport {
        let mut users = TableCount::new("users");
        users.imported = imported;
        users.already_present = already_present;
        ImportReport {
            source: "/old/hyopps_py.db".into(),
            tables: vec![TableCount::new("organizations"), users],
            notes: vec![],
        }
    }

    #[test]
    fn a_cancelled_dialog_leaves_the_last_outcome_on_screen() {
        let done = ImportV03::default()
            .apply(ImportEvent::Choose)
            .apply(ImportEvent::Chosen("/a.db".into()))
            .apply(ImportEvent::Finished(Ok(report(3, 0))));
        let choosing = done.apply(ImportEvent::Choose);
        assert!(choosing.is_busy(), "one dialog at a time");
        assert_eq!(
            choosing.outcome, done.outcome,
            "the report stays while choosing"
        );
        assert_eq!(
            choosing.apply(ImportEvent::Cancelled),
            done,
            "cancelling changes nothing"
        );
    }

    #[test]
    fn a_new_import_replaces_the_last_outcome() {
        let failed = ImportV03::default().apply(ImportEvent::Finished(Err(WireError::new(
            ErrorCode::Validation,
            "not a database",
        ))));
        let importing = failed.apply(ImportEvent::Chosen("/b.db".into()));
        assert_eq!(importing.phase, ImportPhase::Importing("/b.db".into()));
        assert_eq!(
            importing.outcome, None,
            "the old error goes while importing"
        );
        assert!(importing.is_busy());
        let done = importing.apply(ImportEvent::Finished(Ok(report(1, 0))));
        assert!(!done.is_busy());
        assert!(matches!(done.outcome, Some(Ok(_))));
    }

    #[test]
    fn the_summary_says_when_nothing_was_new() {
        assert_eq!(
            report_summary(&report(3, 2)),
            "Imported 3 rows of 5 from /old/hyopps_py.db."
        );
        assert_eq!(
            report_summary(&report(0, 5)),
            "Nothing new in /old/hyopps_py.db: all 5 rows were already here, merged or skipped.",
            "importing twice changes nothing, and says so"
        );
        assert_eq!(
            report_summary(&report(0, 0)),
            "/old/hyopps_py.db has no rows to import."
        );
    }
}
