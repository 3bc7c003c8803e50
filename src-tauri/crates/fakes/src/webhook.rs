//! A fake webhook receiver (what Studio's automation would expose): records every request's
//! method, path, headers and JSON body, and answers with a configurable status and JSON body.
//! When a header is required (the webhook's secret), a request without it gets 401.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde_json::{json, Value};

/// One request as the receiver saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookRequest {
    pub method: String,
    pub path: String,
    /// Header names lower-cased, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body parsed as JSON; `Value::Null` when it was not JSON.
    pub body: Value,
}

impl WebhookRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(found, _)| found.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

type Shared = Arc<Mutex<ReceiverState>>;

#[derive(Clone)]
pub struct FakeWebhook {
    state: Shared,
}

struct ReceiverState {
    status: StatusCode,
    body: Value,
    /// Answers used once each before `status`/`body`.
    next: VecDeque<(StatusCode, Value, Option<u64>)>,
    required_header: Option<(String, String)>,
    requests: Vec<WebhookRequest>,
    /// Answers that depend on who the request is about: see [`FakeWebhook::respond_per`].
    per_key: Option<PerKey>,
}

/// One answer per distinct value of a body field, made once and given again for that value.
struct PerKey {
    field: String,
    answer: fn(usize) -> Value,
    given: HashMap<String, Value>,
}

impl Default for FakeWebhook {
    fn default() -> Self {
        Self::new()
    }
}

impl FakeWebhook {
    /// Answers every request `200 {"ok": true}` until told otherwise.
    pub fn new() -> Self {
        Self {
            state: Arc::new(Mutex::new(ReceiverState {
                status: StatusCode::OK,
                body: json!({ "ok": true }),
                next: VecDeque::new(),
                required_header: None,
                requests: Vec::new(),
                per_key: None,
            })),
        }
    }

    pub fn router(&self) -> Router {
        Router::new()
            .fallback(receive)
            .with_state(self.state.clone())
    }

    /// From now on answers with `status` and `body`.
    pub fn respond_with(&self, status: u16, body: Value) {
        let mut state = self.lock();
        state.status = StatusCode::from_u16(status).expect("a valid HTTP status");
        state.body = body;
    }

    /// From now on answers with `status` and `answer(n)` for the n-th distinct value (from 0)
    /// of the body's `field`, and the same answer again for a value seen before: a receiver
    /// that finds or creates one thing per person, as Studio's company webhook does.
    pub fn respond_per(&self, status: u16, field: &str, answer: fn(usize) -> Value) {
        let mut state = self.lock();
        state.status = StatusCode::from_u16(status).expect("a valid HTTP status");
        state.per_key = Some(PerKey {
            field: field.into(),
            answer,
            given: HashMap::new(),
        });
    }

    /// Answers the next request (after any queued before it) with `status`, `body` and, if
    /// given, `Retry-After`; then goes back to the usual answer.
    pub fn respond_next(&self, status: u16, body: Value, retry_after: Option<u64>) {
        self.lock().next.push_back((
            StatusCode::from_u16(status).expect("a valid HTTP status"),
            body,
            retry_after,
        ));
    }

    /// Requests without the header `name: value` are answered 401 (and still recorded).
    pub fn require_header(&self, name: &str, value: &str) {
        self.lock().required_header = Some((name.into(), value.into()));
    }

    pub fn requests(&self) -> Vec<WebhookRequest> {
        self.lock().requests.clone()
    }

    fn lock(&self) -> MutexGuard<'_, ReceiverState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

async fn receive(
    State(state): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut state = state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let request = WebhookRequest {
        method: method.to_string(),
        path: uri.path().to_string(),
        headers: headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    };
    let authorised = state
        .required_header
        .as_ref()
        .is_none_or(|(name, value)| request.header(name) == Some(value.as_str()));
    state.requests.push(request);
    if !authorised {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "unauthorized", "message": "Missing or wrong webhook secret" })),
        )
            .into_response();
    }
    let key = state
        .per_key
        .as_ref()
        .map(|per| request_key(state.requests.last(), &per.field));
    let per_key = state.per_key.as_mut().zip(key).map(|(per, key)| {
        let next = per.given.len();
        let answer = per.answer;
        per.given.entry(key).or_insert_with(|| answer(next)).clone()
    });
    let usual = per_key.unwrap_or_else(|| state.body.clone());
    let (status, body, retry_after) = state
        .next
        .pop_front()
        .unwrap_or_else(|| (state.status, usual, None));
    let mut response = (status, Json(body)).into_response();
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(axum::http::header::RETRY_AFTER, seconds.into());
    }
    response
}

/// The body's `field` as text (a string without its quotes), for [`FakeWebhook::respond_per`].
fn request_key(request: Option<&WebhookRequest>, field: &str) -> String {
    match request.and_then(|r| r.body.get(field)) {
        Some(Value::String(text)) => text.to_lowercase(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}
