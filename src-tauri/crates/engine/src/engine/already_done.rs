//! When two people act on the same execution at once, the second finds nothing left to do.
//! This says what happened instead ("Ada Admin already completed …"), from the steps as the
//! database has them, so they know it is done and by whom rather than guess at a conflict.

use hyopps_store::{executions, users, Connection};

use crate::EngineError;

/// The refusal for an action that found no step to act on. `expected_step` is the step the
/// person's screen showed, when it said; otherwise the latest step a person completed is
/// named. `fallback` is said when no person completed any step (the engine moved on by itself).
pub(crate) fn conflict(
    conn: &Connection,
    execution_id: &str,
    expected_step: Option<u32>,
    actor: &str,
    fallback: &str,
) -> EngineError {
    match explain(conn, execution_id, expected_step, actor) {
        Ok(Some(message)) => EngineError::Conflict(message),
        Ok(None) => EngineError::Conflict(fallback.to_owned()),
        Err(error) => error,
    }
}

fn explain(
    conn: &Connection,
    execution_id: &str,
    expected_step: Option<u32>,
    actor: &str,
) -> Result<Option<String>, EngineError> {
    let steps = executions::steps(conn, execution_id)?;
    let done = match expected_step {
        Some(order) => steps
            .iter()
            .find(|step| step.step_order == i64::from(order) && step.completed_by.is_some()),
        None => steps
            .iter()
            .filter(|step| step.completed_by.is_some())
            .max_by(|a, b| a.completed_at.cmp(&b.completed_at)),
    };
    let Some(step) = done else {
        return Ok(None);
    };
    let by = step.completed_by.as_deref().unwrap_or_default();
    let who = if by == actor {
        "You".to_owned()
    } else {
        match users::profile(conn, by)? {
            Some(person) => {
                let name = format!("{} {}", person.firstname, person.lastname);
                let name = name.trim();
                if name.is_empty() {
                    person.email
                } else {
                    name.to_owned()
                }
            }
            None => "Someone whose account no longer exists".to_owned(),
        }
    };
    Ok(Some(format!(
        "Already done: {who} completed \"{}\". Reload the execution to see where it stands.",
        step.label
    )))
}
