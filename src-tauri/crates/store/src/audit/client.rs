//! Where the actions of a request come from ("ops-desk-3 (10.0.0.5)"), for the audit log of a
//! server that a team shares. The server names the client once per request
//! ([`acting_from`]); every audit entry written by that request's transactions records it,
//! however deep in the core or the engine the entry is written. The engine's own steps run
//! outside any request and record none.
//!
//! Two hops carry it: a task-local while the request's future runs, then a thread-local on
//! the writer thread while that request's write job runs there.

use std::cell::RefCell;
use std::future::Future;
use std::sync::Arc;

tokio::task_local! {
    static REQUEST_CLIENT: Arc<str>;
}

thread_local! {
    static WRITING_FOR: RefCell<Option<Arc<str>>> = const { RefCell::new(None) };
}

/// Runs `work` as coming from `client`: the audit entries it writes record it.
pub async fn acting_from<F: Future>(client: impl Into<Arc<str>>, work: F) -> F::Output {
    REQUEST_CLIENT.scope(client.into(), work).await
}

/// The client of the request running on this task, if any.
pub(crate) fn of_this_task() -> Option<Arc<str>> {
    REQUEST_CLIENT.try_with(Arc::clone).ok()
}

/// Runs a write job for `client` on the writer thread.
pub(crate) fn writing_for<T>(client: Option<Arc<str>>, job: impl FnOnce() -> T) -> T {
    let previous = WRITING_FOR.with(|current| current.replace(client));
    // Restored even when the job panics (the writer catches panics and goes on).
    struct Restore(Option<Arc<str>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            WRITING_FOR.with(|current| *current.borrow_mut() = previous);
        }
    }
    let _restore = Restore(previous);
    job()
}

/// The client the current write job is for.
pub(crate) fn of_this_write() -> Option<Arc<str>> {
    WRITING_FOR.with(|current| current.borrow().clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_s_client_reaches_its_write_job_and_nothing_else() {
        assert_eq!(of_this_task(), None, "outside a request there is no client");
        let seen = acting_from("ops-desk-3 (10.0.0.5)", async {
            let client = of_this_task();
            writing_for(client, of_this_write)
        })
        .await;
        assert_eq!(seen.as_deref(), Some("ops-desk-3 (10.0.0.5)"));
        assert_eq!(of_this_write(), None, "the writer forgets it after the job");
    }
}
