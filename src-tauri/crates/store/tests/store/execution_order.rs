//! An execution's `updated_at` orders its states: a screen that holds two answers about the
//! same execution shows the later one, so two changes must never share a time.

use hyopps_store::executions::{self, Subject};
use hyopps_store::StoreError;

use super::open_temp;

#[test]
fn every_change_moves_updated_at_forward_even_within_one_millisecond() {
    let (_dir, store) = open_temp();
    let stamps = store
        .write_blocking(|tx| -> Result<Vec<String>, StoreError> {
            let at = "2026-12-07T04:30:59.998Z";
            let id = executions::create(tx, "new_partner", "someone", Subject::default(), at)?
                .expect("new_partner is seeded");
            let mut stamps = Vec::new();
            let mut change = |order: i64, now: &str| -> Result<(), StoreError> {
                executions::set_execution_state(tx, &id, "running", order, None, now)?;
                let row = executions::get(tx, &id)?.expect("the execution is there");
                stamps.push(row.updated_at);
                Ok(())
            };
            change(1, at)?; // the same millisecond as its creation
            change(2, at)?; // and again: past a second boundary
            change(3, "2026-12-07T04:30:59.500Z")?; // a clock set back
            change(4, "2026-12-07T04:31:05.000Z")?; // the clock ahead again: its own time
            Ok(stamps)
        })
        .unwrap();
    assert_eq!(
        stamps,
        [
            "2026-12-07T04:30:59.999Z",
            "2026-12-07T04:31:00.000Z",
            "2026-12-07T04:31:00.001Z",
            "2026-12-07T04:31:05.000Z",
        ],
        "each change later than the one before, in the stored form"
    );
}
