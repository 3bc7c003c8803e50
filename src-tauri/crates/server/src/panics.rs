//! A handler that panics (a defect) answers `500` with the usual wire error, "internal error"
//! and no details, instead of hyper dropping the connection with no answer at all. The panic's
//! message goes to the log (Rust's panic hook prints it to stderr), never to the client.

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyopps_contract::ErrorCode;

use crate::wire::ApiError;

/// `router` with every route's panics answered as `500 Internal`; apply it last, so it wraps
/// every route and layer.
pub fn guarded(router: Router) -> Router {
    router.layer(middleware::from_fn(answer_panics))
}

async fn answer_panics(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().chars().take(200).collect::<String>();
    match CatchUnwind(Box::pin(next.run(request))).await {
        Ok(response) => response,
        Err(()) => {
            tracing::error!(%method, %path, "a request's handler panicked: answered 500");
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                "internal error",
            )
            .into_response()
        }
    }
}

/// A future that is `Err(())` when polling it panics.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, ()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        // The future is dropped after a panic, never polled again, so whatever state the panic
        // left behind is not observed.
        match catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(poll) => poll.map(Ok),
            Err(_) => Poll::Ready(Err(())),
        }
    }
}
