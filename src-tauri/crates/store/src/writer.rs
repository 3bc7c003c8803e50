//! The one writer: a thread that owns the only write connection and runs jobs one at a time.

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::thread;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use tokio::sync::oneshot;

use crate::StoreError;

type Job = Box<dyn FnOnce(&mut Connection) + Send>;

pub(crate) struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    pub(crate) fn spawn(mut connection: Connection) -> Result<Self, StoreError> {
        let (jobs, queue) = mpsc::channel::<Job>();
        thread::Builder::new()
            .name("hyopps-db-writer".into())
            .spawn(move || {
                // Ends when every Store clone (and so every sender) is dropped.
                for job in queue {
                    // A panicking job must not take every later write down with it: its caller
                    // sees its reply channel closed, the writer carries on.
                    let outcome = panic::catch_unwind(AssertUnwindSafe(|| job(&mut connection)));
                    if outcome.is_err() {
                        tracing::error!(
                            "a database write job panicked; its transaction was rolled back"
                        );
                    }
                }
            })
            .map_err(|e| {
                StoreError::WorkerGone(format!("could not start the writer thread: {e}"))
            })?;
        Ok(Self { jobs })
    }

    pub(crate) async fn submit<T, E, F>(&self, job: F) -> Result<T, E>
    where
        F: FnOnce(&Transaction<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let (reply, receiver) = oneshot::channel();
        self.enqueue(job, move |result| {
            let _ = reply.send(result);
        })?;
        receiver.await.map_err(|_| E::from(gone()))?
    }

    /// Waits on a plain channel, so it also works (blocking the thread) inside an async runtime.
    pub(crate) fn submit_blocking<T, E, F>(&self, job: F) -> Result<T, E>
    where
        F: FnOnce(&Transaction<'_>) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let (reply, receiver) = mpsc::sync_channel(1);
        self.enqueue(job, move |result| {
            let _ = reply.send(result);
        })?;
        receiver.recv().map_err(|_| E::from(gone()))?
    }

    fn enqueue<T, E, F, R>(&self, job: F, reply: R) -> Result<(), E>
    where
        F: FnOnce(&Transaction<'_>) -> Result<T, E> + Send + 'static,
        R: FnOnce(Result<T, E>) + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let wrapped: Job = Box::new(move |connection: &mut Connection| {
            reply(run_in_transaction(connection, job));
        });
        self.jobs.send(wrapped).map_err(|_| E::from(gone()))
    }
}

/// IMMEDIATE takes the write lock up front, so a job never fails half-way on lock upgrade.
fn run_in_transaction<T, E, F>(connection: &mut Connection, job: F) -> Result<T, E>
where
    F: FnOnce(&Transaction<'_>) -> Result<T, E>,
    E: From<StoreError>,
{
    let transaction = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| E::from(StoreError::Sql(e)))?;
    let value = job(&transaction)?; // dropping the transaction on Err rolls it back
    transaction
        .commit()
        .map_err(|e| E::from(StoreError::Sql(e)))?;
    Ok(value)
}

fn gone() -> StoreError {
    StoreError::WorkerGone("the writer thread has stopped".into())
}
