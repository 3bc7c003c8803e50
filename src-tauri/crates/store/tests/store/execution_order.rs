//! An execution's `updated_at` orders its states: a screen that holds two answers about the
//! same execution shows the later one, so two changes must never share a time.

use hyopps_store::executions::{self, Subject};
use hyopps_store::StoreError;

use super::open_temp;

#[test]
fn every_change_moves_updated_at_forward_even_within_one_millisecond() {
    let (_dir, store) = open_temp();
    let stamps = store
        .write_blocking(|tx| -> Result<Vec<(String, Option<String>)>, StoreError> {
            let at = "2026-12-07T04:30:59.998Z";
            let id = executions::create(tx, "new_partner", "someone", Subject::default(), at)?
                .expect("new_partner is seeded");
            let mut stamps = Vec::new();
            let mut change = |status: &str, now: &str| -> Result<(), StoreError> {
                executions::set_execution_state(tx, &id, status, 1, None, now)?;
                let row = executions::get(tx, &id)?.expect("the execution is there");
                stamps.push((row.updated_at, row.completed_at));
                Ok(())
            };
            change("running", at)?; // the same millisecond as its creation
            change("running", at)?; // and again: past a second boundary
            change("running", "2026-12-07T04:30:59.500Z")?; // a clock set back
            change("running", "2026-12-07T04:31:05.000Z")?; // the clock ahead again
            change("completed", "2026-12-07T04:31:05.000Z")?; // completed in that millisecond
            Ok(stamps)
        })
        .unwrap();
    let stamp = |at: &str| (at.to_owned(), None);
    assert_eq!(
        stamps,
        [
            stamp("2026-12-07T04:30:59.999Z"),
            stamp("2026-12-07T04:31:00.000Z"),
            stamp("2026-12-07T04:31:00.001Z"),
            stamp("2026-12-07T04:31:05.000Z"),
            (
                "2026-12-07T04:31:05.001Z".to_owned(),
                Some("2026-12-07T04:31:05.001Z".to_owned())
            ),
        ],
        "each change later than the one before, in the stored form; completed at that stamp"
    );
}
