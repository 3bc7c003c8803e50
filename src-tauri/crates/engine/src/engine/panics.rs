//! A panic in a workflow's code (a connector reading an odd answer, say) must cost one step,
//! not a worker: the step fails with an internal error the operator can retry, and the worker
//! carries on with the next one.

use std::any::Any;
use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::task::Poll;

/// What the operator reads on a step whose code panicked; the details go to the log only
/// (a panic message is not written for an operator, and might quote anything).
pub(super) const INTERNAL_ERROR: &str =
    "HyOpps hit an internal error while running this step (the details are in its log). Retry it, or complete it by hand.";

/// Runs `future` to completion, or returns the panic's message if polling it panicked.
pub(super) async fn catch_panic<F: Future>(future: F) -> Result<F::Output, String> {
    let mut future = std::pin::pin!(future);
    std::future::poll_fn(move |cx| {
        match panic::catch_unwind(AssertUnwindSafe(|| future.as_mut().poll(cx))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Err(describe(payload.as_ref()))),
        }
    })
    .await
}

/// Calls `f`, or returns the panic's message if it panicked (for code run in the writer
/// thread, where a panic would otherwise roll back the whole transaction).
pub(super) fn catch_panic_now<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| describe(payload.as_ref()))
}

fn describe(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|message| (*message).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}
