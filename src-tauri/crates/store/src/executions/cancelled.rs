//! What cancelling does to steps: nothing left is run, and a step that was in flight keeps
//! what it answered, but nothing it said can move the execution again.

use crate::cached::CachedSql;
use rusqlite::{params, Transaction};

use crate::StoreError;

/// Why a step in flight when HyOpps stopped was not run again after the restart.
const NOT_RESUMED: &str =
    "HyOpps stopped while this step ran; the execution had been cancelled, so it was not run again.";

/// Cancelling: every step that has not started yet, waits for input or failed is skipped. A
/// step that is running is left to finish; [`skip`] records its answer.
pub fn skip_unfinished(tx: &Transaction<'_>, execution_id: &str) -> Result<usize, StoreError> {
    Ok(tx.execute_cached(
        "UPDATE workflow_step_executions SET status = 'skipped', next_attempt_at = NULL
          WHERE execution_id = ?1 AND status IN ('pending', 'awaiting_input', 'failed')",
        [execution_id],
    )?)
}

/// The step is skipped, and `answer` stays on it for the record: why it does not run (a system
/// its organisation does not use), or what it said when its execution was cancelled (an error,
/// a manual task's instructions).
pub fn skip(tx: &Transaction<'_>, step_id: &str, answer: &str) -> Result<(), StoreError> {
    tx.execute_cached(
        "UPDATE workflow_step_executions SET status = 'skipped', error = ?2, next_attempt_at = NULL
          WHERE id = ?1",
        params![step_id, answer],
    )?;
    Ok(())
}

/// After a restart, a step that was running in an execution cancelled meanwhile is skipped
/// rather than run again (see `requeue_interrupted`).
pub(super) fn skip_interrupted_of_cancelled(tx: &Transaction<'_>) -> Result<usize, StoreError> {
    Ok(tx.execute_cached(
        "UPDATE workflow_step_executions SET status = 'skipped', error = ?1, next_attempt_at = NULL
          WHERE status = 'running'
            AND execution_id IN (SELECT id FROM workflow_executions WHERE status = 'cancelled')",
        [NOT_RESUMED],
    )?)
}
