//! The one writer: a thread that owns the only write connection and runs jobs one at a time.

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::thread;

use rusqlite::{Connection, Transaction, TransactionBehavior};
use tokio::sync::oneshot;

use crate::StoreError;

type Job = Box<dyn FnOnce(&mut Connection) + Send>;

pub(crate) struct Writer {
    /// `None` only while dropping.
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<thread::JoinHandle<()>>,
}

/// Dropping the last [`crate::Store`] closes the write connection before it returns, so the
/// database file is left whole (its write-ahead log checkpointed) for whatever comes next: a
/// restore that replaces it, or another process.
impl Drop for Writer {
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take() {
            // A job that drops the last Store runs on the writer thread itself: it cannot wait
            // for itself, and the thread ends right after that job.
            if thread.thread().id() != thread::current().id() {
                let _ = thread.join();
            }
        }
    }
}

impl Writer {
    pub(crate) fn spawn(mut connection: Connection) -> Result<Self, StoreError> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let thread = thread::Builder::new()
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
        Ok(Self {
            jobs: Some(jobs),
            thread: Some(thread),
        })
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
        let jobs = self.jobs.as_ref().ok_or_else(|| E::from(gone()))?;
        jobs.send(wrapped).map_err(|_| E::from(gone()))
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
