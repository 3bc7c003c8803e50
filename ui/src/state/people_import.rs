//! How a file of people reads before and after it starts: the preview's rows in the order an
//! admin wants them (what needs fixing first), each row's state in words, and the summaries.

use hyopps_contract::{ImportRowState, PeopleImportPreview, PeopleImportProgress, PeopleImportRow};

/// The most rows the preview table shows; the counts always cover every row.
pub const SHOWN_ROWS: usize = 200;

/// Refused rows first (they need fixing in the file), then the new people, then those already
/// there; in the file's order within each.
pub fn ordered_rows(preview: &PeopleImportPreview) -> Vec<&PeopleImportRow> {
    let mut rows: Vec<&PeopleImportRow> = preview.rows.iter().collect();
    rows.sort_by_key(|row| (rank(&row.state), row.line));
    rows
}

fn rank(state: &ImportRowState) -> u8 {
    match state {
        ImportRowState::Invalid { .. } => 0,
        ImportRowState::New => 1,
        ImportRowState::AlreadyHere => 2,
    }
}

/// The row's state as a short label and, for a refused row, the column and why.
pub fn state_text(state: &ImportRowState) -> (&'static str, Option<String>) {
    match state {
        ImportRowState::New => ("New: will be onboarded", None),
        ImportRowState::AlreadyHere => ("Already there: skipped", None),
        ImportRowState::Invalid { column, problem } => {
            ("Refused", Some(format!("{column}: {problem}")))
        }
    }
}

/// The state's key, for tests and styling that must not depend on wording.
pub fn state_key(state: &ImportRowState) -> &'static str {
    match state {
        ImportRowState::New => "new",
        ImportRowState::AlreadyHere => "already_here",
        ImportRowState::Invalid { .. } => "invalid",
    }
}

/// "8 people in people.csv: 2 new, 1 already in O'Brien & Söhne, 5 refused."
pub fn preview_summary(preview: &PeopleImportPreview) -> String {
    let total = preview.rows.len();
    let mut parts = vec![format!("{} new", preview.new)];
    if preview.skipped > 0 {
        parts.push(format!(
            "{} already in {}",
            preview.skipped, preview.organization_name
        ));
    }
    if preview.invalid > 0 {
        parts.push(format!("{} refused", preview.invalid));
    }
    format!(
        "{} in {}: {}.",
        people(total),
        preview.file_name,
        parts.join(", ")
    )
}

/// The confirm button: what starting does.
pub fn start_label(new: u32) -> String {
    match new {
        0 => "Nobody new to start".into(),
        n => format!("Start onboarding {}", people(n as usize)),
    }
}

/// "Showing the first 200 of 10,000 rows." when the table does not show them all.
pub fn shown_note(total: usize) -> Option<String> {
    (total > SHOWN_ROWS).then(|| {
        format!("Showing the first {SHOWN_ROWS} of {total} rows (refused ones first); the counts above cover all of them.")
    })
}

/// How far a started file is, from 0 to 1 (ended executions over started ones).
pub fn progress_fraction(progress: &PeopleImportProgress) -> f64 {
    if progress.started == 0 {
        return 1.0;
    }
    f64::from(progress.ended()) / f64::from(progress.started)
}

fn people(n: usize) -> String {
    if n == 1 {
        "1 person".into()
    } else {
        format!("{n} people")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u32, state: ImportRowState) -> PeopleImportRow {
        PeopleImportRow {
            line,
            name: format!("Person {line}"),
            email: format!("p{line}@example.com"),
            state,
        }
    }

    fn refused() -> ImportRowState {
        ImportRowState::Invalid {
            column: "E-Mail".into(),
            problem: "Also on line 2: each person once per file.".into(),
        }
    }

    fn preview(rows: Vec<PeopleImportRow>) -> PeopleImportPreview {
        PeopleImportPreview {
            organization_name: "O'Brien & Söhne".into(),
            file_name: "people.csv".into(),
            new: 2,
            skipped: 1,
            invalid: 1,
            rows,
            notes: vec![],
        }
    }

    #[test]
    fn refused_rows_come_first_then_new_then_already_there_each_in_file_order() {
        let p = preview(vec![
            row(2, ImportRowState::New),
            row(3, ImportRowState::AlreadyHere),
            row(4, ImportRowState::New),
            row(5, refused()),
        ]);
        let lines: Vec<u32> = ordered_rows(&p).iter().map(|r| r.line).collect();
        assert_eq!(lines, [5, 2, 4, 3]);
    }

    #[test]
    fn the_summary_and_the_button_say_what_the_file_holds_and_what_starting_does() {
        let p = preview(vec![
            row(2, ImportRowState::New),
            row(3, ImportRowState::AlreadyHere),
            row(4, ImportRowState::New),
            row(5, refused()),
        ]);
        assert_eq!(
            preview_summary(&p),
            "4 people in people.csv: 2 new, 1 already in O'Brien & Söhne, 1 refused."
        );
        assert_eq!(start_label(2), "Start onboarding 2 people");
        assert_eq!(start_label(1), "Start onboarding 1 person");
        assert_eq!(start_label(0), "Nobody new to start");
        assert_eq!(
            state_text(&refused()),
            (
                "Refused",
                Some("E-Mail: Also on line 2: each person once per file.".into())
            )
        );
        assert_eq!(shown_note(200), None);
        assert!(shown_note(10_000)
            .unwrap()
            .starts_with("Showing the first 200 of 10000 rows"));
    }
}
