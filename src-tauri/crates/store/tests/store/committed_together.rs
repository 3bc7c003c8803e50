//! Jobs queued while the writer is busy are committed in one transaction, each in a savepoint:
//! every caller's answer must still be the truth about its own rows.

use std::sync::{mpsc, Arc};
use std::thread;
use std::time::Duration;

use hyopps_store::StoreError;

use super::{insert_the_row_failing_jobs_collide_with, open_temp};

/// What a queued job does after inserting its own row.
#[derive(Clone, Copy, Debug)]
enum Then {
    Keeps,
    Fails,
    Panics,
    /// Ends the whole transaction itself, taking every job before it in the group down too.
    RollsBackEverything,
}

#[test]
fn jobs_committed_together_each_report_the_truth_about_their_own_rows() {
    let (_dir, store) = open_temp();
    insert_the_row_failing_jobs_collide_with(&store);
    let store = Arc::new(store);

    // A first job holds the writer while the others queue up behind it, so they are drained
    // into shared transactions.
    let (release, held) = mpsc::channel::<()>();
    let holder = {
        let store = Arc::clone(&store);
        thread::spawn(move || {
            store.write_blocking(move |_tx| -> Result<(), StoreError> {
                held.recv().ok();
                Ok(())
            })
        })
    };
    let plan: Vec<Then> = (0..40)
        .map(|n| match n % 10 {
            3 => Then::Fails,
            6 => Then::Panics,
            9 if n == 19 => Then::RollsBackEverything,
            _ => Then::Keeps,
        })
        .collect();
    let jobs: Vec<_> = plan
        .iter()
        .enumerate()
        .map(|(n, then)| {
            let (store, then) = (Arc::clone(&store), *then);
            thread::spawn(move || {
                store.write_blocking(move |tx| -> Result<(), StoreError> {
                    tx.execute(
                        "INSERT INTO audit_log (id, at, action) VALUES (?1, 'now', 'grouped')",
                        [format!("job-{n}")],
                    )?;
                    match then {
                        Then::Keeps => {}
                        Then::Fails => {
                            tx.execute("INSERT INTO audit_log (id, at, action) VALUES ('taken', 'now', 'dup')", [])?;
                        }
                        Then::Panics => panic!("a bug in job {n}"),
                        Then::RollsBackEverything => tx.execute_batch("ROLLBACK")?,
                    }
                    Ok(())
                })
            })
        })
        .collect();
    // Not a timing assertion: the pause only makes shared transactions likely; the checks
    // below hold however the jobs were grouped.
    thread::sleep(Duration::from_millis(200));
    release.send(()).unwrap();
    // The holder writes nothing; jobs queued before the writer took it share its transaction,
    // so it may go down with the job that ends that transaction: only that it answers matters.
    let _holder_answer = holder.join().expect("write_blocking itself never panics");

    let answers: Vec<bool> = jobs
        .into_iter()
        .map(|job| {
            job.join()
                .expect("write_blocking itself never panics")
                .is_ok()
        })
        .collect();
    let kept: Vec<String> = store
        .read_blocking(|c| -> Result<_, StoreError> {
            let mut statement = c.prepare("SELECT id FROM audit_log WHERE action = 'grouped'")?;
            let ids = statement.query_map([], |r| r.get(0))?;
            Ok(ids.collect::<Result<_, _>>()?)
        })
        .unwrap();
    for (n, (then, told_saved)) in plan.iter().zip(&answers).enumerate() {
        let saved = kept.contains(&format!("job-{n}"));
        assert_eq!(
            saved, *told_saved,
            "job {n} ({then:?}) was told saved={told_saved} but its row is there={saved}"
        );
        if !matches!(then, Then::Keeps) {
            assert!(!saved, "job {n} ({then:?}) must not keep its row");
        }
    }
    store
        .write_blocking(|tx| -> Result<_, StoreError> {
            Ok(tx.execute("DELETE FROM audit_log WHERE action = 'grouped'", [])?)
        })
        .expect("the writer goes on after all of that");
}
