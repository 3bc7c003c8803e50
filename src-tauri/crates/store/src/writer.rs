//! The one writer: a thread that owns the only write connection.
//!
//! Jobs that queue up while one transaction is being written are committed **together**: one
//! `BEGIN IMMEDIATE … COMMIT` holds each of them in a savepoint of its own. What a commit costs
//! (the pages it writes to the log, the full-text index's new segment) is then paid once per
//! group instead of once per job, and a job still fails alone: its savepoint is rolled back and
//! the others commit. A job's caller hears back only after the commit that holds it, so nothing
//! is reported as saved before it is.

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::thread;

use rusqlite::{ffi, Connection, Transaction, TransactionBehavior};
use tokio::sync::oneshot;

use crate::StoreError;

/// The most jobs one commit holds: enough to share it among everything queued at a busy moment,
/// few enough that no caller waits long behind the others.
const MOST_JOBS_PER_COMMIT: usize = 64;

/// A queued write. Given the group's transaction it runs and says whether to keep what it wrote;
/// given the reason no transaction could be begun, it tells its caller that instead.
type Job = Box<dyn FnOnce(Result<&Transaction<'_>, &rusqlite::Error>) -> Option<Ran> + Send>;

/// A job that ran: whether its writes are kept, and how to tell its caller.
struct Ran {
    keep: bool,
    reply: Reply,
}

/// Tells a job's caller its answer, once the outcome of the commit that holds it is known.
type Reply = Box<dyn FnOnce(Result<(), &rusqlite::Error>) + Send>;

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
                while let Ok(first) = queue.recv() {
                    let mut group = vec![first];
                    while group.len() < MOST_JOBS_PER_COMMIT {
                        match queue.try_recv() {
                            Ok(job) => group.push(job),
                            Err(_) => break,
                        }
                    }
                    commit_together(&mut connection, group);
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
        let wrapped: Job = Box::new(move |transaction| {
            let transaction = match transaction {
                Ok(transaction) => transaction,
                Err(error) => {
                    reply(Err(E::from(StoreError::Sql(copy_of(error)))));
                    return None;
                }
            };
            let result = job(transaction);
            Some(Ran {
                keep: result.is_ok(),
                reply: Box::new(move |committed| {
                    reply(match (result, committed) {
                        (Ok(_), Err(error)) => Err(E::from(StoreError::Sql(copy_of(error)))),
                        (result, _) => result,
                    })
                }),
            })
        });
        let jobs = self.jobs.as_ref().ok_or_else(|| E::from(gone()))?;
        jobs.send(wrapped).map_err(|_| E::from(gone()))
    }
}

/// Runs `group` in one IMMEDIATE transaction (the write lock is taken up front, so a job never
/// fails half-way on a lock upgrade), each job in a savepoint, and tells every caller after the
/// commit.
fn commit_together(connection: &mut Connection, group: Vec<Job>) {
    let transaction = match connection.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(transaction) => transaction,
        Err(error) => {
            for job in group {
                job(Err(&error));
            }
            return;
        }
    };
    let mut replies = Vec::with_capacity(group.len());
    let mut jobs = group.into_iter();
    for job in jobs.by_ref() {
        if let Some(reply) = run_in_savepoint(&transaction, job) {
            replies.push(reply);
        }
        // SQLite itself rolled the whole transaction back (a full disk, or a job that ran
        // ROLLBACK): what ran before is lost and reported as such below; the jobs not yet run
        // go into a transaction of their own instead of running outside one.
        if transaction.is_autocommit() {
            break;
        }
    }
    let rest: Vec<Job> = jobs.collect();
    let committed = if transaction.is_autocommit() {
        drop(transaction);
        Err(rusqlite::Error::SqliteFailure(
            ffi::Error::new(ffi::SQLITE_ABORT),
            Some("the transaction was rolled back before it could be committed".into()),
        ))
    } else {
        transaction.commit()
    };
    for reply in replies {
        reply(committed.as_ref().map(|_| ()));
    }
    if !rest.is_empty() {
        commit_together(connection, rest);
    }
}

/// One job in a savepoint: kept when it returns `Ok`, rolled back when it returns `Err` or
/// panics (a panicking job must not take the others down with it: its caller sees its reply
/// channel closed, the writer carries on). Returns how to tell its caller.
fn run_in_savepoint(transaction: &Transaction<'_>, job: Job) -> Option<Reply> {
    if let Err(error) = transaction.execute_batch("SAVEPOINT job") {
        job(Err(&error));
        return None;
    }
    let ran = panic::catch_unwind(AssertUnwindSafe(|| job(Ok(transaction))));
    let keep = matches!(&ran, Ok(Some(Ran { keep: true, .. })));
    if ran.is_err() {
        tracing::error!("a database write job panicked; its writes were rolled back");
    }
    if !transaction.is_autocommit() {
        let end = if keep {
            "RELEASE job"
        } else {
            "ROLLBACK TO job; RELEASE job"
        };
        if let Err(error) = transaction.execute_batch(end) {
            // Whether the job's writes are still there is unknown: none of the group is kept.
            tracing::error!(%error, "could not end a write job's savepoint; the group is rolled back");
            let _ = transaction.execute_batch("ROLLBACK");
        }
    }
    ran.ok().flatten().map(|ran| ran.reply)
}

/// The same error again, for each caller whose job a failed commit held (rusqlite's error is
/// not `Clone`).
fn copy_of(error: &rusqlite::Error) -> rusqlite::Error {
    match error {
        rusqlite::Error::SqliteFailure(code, message) => {
            rusqlite::Error::SqliteFailure(*code, message.clone())
        }
        other => rusqlite::Error::SqliteFailure(
            ffi::Error::new(ffi::SQLITE_ERROR),
            Some(other.to_string()),
        ),
    }
}

fn gone() -> StoreError {
    StoreError::WorkerGone("the writer thread has stopped".into())
}
