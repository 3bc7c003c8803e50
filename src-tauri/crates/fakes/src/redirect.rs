//! A server that answers every request with a redirect elsewhere, keeping the path and query:
//! a service that moved, or a proxy in the middle that sends callers (and whatever secrets
//! their requests carry) to another host.

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

/// Redirects `METHOD /path?query` to `{target}/path?query` with `status` (307 and 308 keep the
/// method and the body, 301–303 turn into a GET).
pub fn redirect_router(target: &str, status: u16) -> Router {
    let target = target.trim_end_matches('/').to_string();
    let status = StatusCode::from_u16(status).expect("a redirect status");
    Router::new().fallback(move |request: Request| {
        let target = target.clone();
        async move { redirect(&target, status, &request) }
    })
}

fn redirect(target: &str, status: StatusCode, request: &Request) -> Response {
    let path_and_query = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    (
        status,
        [(header::LOCATION, format!("{target}{path_and_query}"))],
    )
        .into_response()
}
