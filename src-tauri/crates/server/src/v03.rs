//! HyOpps v0.3's REST paths, so a script written for v0.3 runs unchanged against the server:
//! `POST /api/auth/login`, `GET`/`POST /api/executions`, `GET /api/executions/{id}`,
//! `POST /api/executions/{id}/steps/{step_id}/input` and `/retry`, `GET /api/partner/…`.
//!
//! Each path calls the same `hyopps_app` use case as its `/api/v1` command, for the session of
//! the bearer token (the core checks the role, and a partner admin's organisation comes from
//! the session); only the JSON's names are v0.3's ([`crate::v03_shapes`]).

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use hyopps_app::SessionToken;
use hyopps_contract::{
    ErrorCode, ExecutionDetail, ExecutionListRequest, ExecutionStatus, StepStatus, StepView,
    SubmitInputRequest,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::api::{bearer_token, limited_sign_in, no_store, ClientAddress, ServerState};
use crate::v03_shapes as shape;
use crate::wire::ApiError;
use crate::MAX_BODY_BYTES;

/// The most executions `GET /api/executions` reads a page at a time (the core's largest page).
const PAGE_SIZE: u32 = 200;

type Shared = State<Arc<ServerState>>;

pub fn routes() -> Router<Arc<ServerState>> {
    Router::new()
        .route("/api/auth/login", post(login))
        .route("/api/executions", get(list).post(start))
        .route("/api/executions/{id}", get(read))
        .route("/api/executions/{id}/steps/{step_id}/input", post(input))
        .route("/api/executions/{id}/steps/{step_id}/retry", post(retry))
        .route("/api/partner/organization", get(partner_organization))
        .route("/api/partner/users", get(partner_users))
        .layer(middleware::from_fn(log_answer))
}

/// Each answer logged with its path and status, never its body (which may hold a password or
/// a person's details); refusals at `info`, the rest at `debug` as for `/api/v1`.
async fn log_answer(
    ConnectInfo(ClientAddress(client)): ConnectInfo<ClientAddress>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let path = shown(request.uri().path());
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let elapsed_ms = started.elapsed().as_millis() as u64;
    if status >= 400 {
        tracing::info!(%method, path, %client, status, elapsed_ms, "v0.3 request refused");
    } else {
        tracing::debug!(%method, path, %client, status, elapsed_ms, "v0.3 request answered");
    }
    response
}

/// `{"email", "password"}` → `{"token", "token_type", "user", "must_change_password"}`, with
/// the same rules as `sign_in` (the per-address limit, the lockout, the forced change).
async fn login(
    State(state): Shared,
    ConnectInfo(ClientAddress(client)): ConnectInfo<ClientAddress>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let request: shape::LoginRequest = json_body("login", body)?;
    let previous = bearer_token(&headers);
    let (token, session) =
        limited_sign_in(&state, client, &previous, &request.email, &request.password).await?;
    let answer = shape::login(token.expose(), &session);
    Ok(no_store(Json(answer).into_response()))
}

/// Every execution the session may see (a partner admin: their organisation's), newest first,
/// as one list as v0.3 answered it; `?status=`, `?workflow_name=`, `?organization_id=` filter.
async fn list(
    State(state): Shared,
    headers: HeaderMap,
    query: Result<Query<shape::ListQuery>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::bad_body("the executions list", e))?;
    let status = match query.status.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(status) => Some(ExecutionStatus::parse(status).ok_or_else(|| {
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::Validation,
                format!("There is no execution status {status:?}."),
            )
        })?),
    };
    let token = bearer_token(&headers);
    let mut rows = Vec::new();
    for page in 1.. {
        let request = ExecutionListRequest {
            status,
            workflow: query.workflow_name.clone(),
            organization_id: query.organization_id.clone(),
            search: None,
            page,
            page_size: PAGE_SIZE,
        };
        let answer = state.app.list_executions(&token, request).await?;
        let last = answer.items.len() < PAGE_SIZE as usize;
        rows.extend(answer.items.iter().map(shape::execution));
        if last || rows.len() as u64 >= answer.total {
            break;
        }
    }
    Ok(Json(Value::Array(rows)))
}

/// `{"workflow_name": "new_partner_user"}` → the new execution with its steps.
async fn start(
    State(state): Shared,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let request: shape::StartRequest = json_body("starting an execution", body)?;
    let detail = state
        .app
        .start_execution(&bearer_token(&headers), &request.workflow_name)
        .await?;
    Ok(Json(shape::execution_detail(&detail)))
}

async fn read(
    State(state): Shared,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path(id)?;
    let detail = state
        .app
        .get_execution(&bearer_token(&headers), &id)
        .await?;
    Ok(Json(shape::execution_detail(&detail)))
}

/// The step's manual input, as v0.3 stored it (`{"firstname": …, "email": …}`), or that object
/// under `"manual_input"`. The step must be the one the execution is at.
async fn input(
    State(state): Shared,
    headers: HeaderMap,
    ids: Result<Path<(String, String)>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let (id, step_id) = path(ids)?;
    let mut input: Value = json_body("a step's input", body)?;
    if !input.is_object() {
        return Err(ApiError::bad_body(
            "a step's input",
            "it must be a JSON object of the step's fields",
        ));
    }
    if let Some(inner) = input.get("manual_input").filter(|v| v.is_object()) {
        input = inner.clone();
    }
    let token = bearer_token(&headers);
    let (detail, step) = named_step(&state, &token, &id, &step_id).await?;
    if step.order != detail.summary.current_step_order {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::Conflict,
            format!(
                "Step {} ({}) is not the step this execution is at: it is at step {}.",
                step.order, step.label, detail.summary.current_step_order
            ),
        ));
    }
    // The step the path names, checked again where the input is written.
    let request = SubmitInputRequest {
        execution_id: id,
        input,
        step_order: Some(step.order),
    };
    let detail = state.app.submit_input(&token, request).await?;
    Ok(Json(shape::execution_detail(&detail)))
}

/// Runs the failed step again; it must be the step the execution stopped at.
async fn retry(
    State(state): Shared,
    headers: HeaderMap,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let (id, step_id) = path(ids)?;
    let token = bearer_token(&headers);
    let (_, step) = named_step(&state, &token, &id, &step_id).await?;
    if step.status != StepStatus::Failed {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::Conflict,
            format!(
                "Step {} ({}) has not failed, so there is nothing to retry: reload the execution.",
                step.order, step.label
            ),
        ));
    }
    let detail = state.app.retry_step(&token, &id).await?;
    Ok(Json(shape::execution_detail(&detail)))
}

/// The partner admin's organisation (from the session) with its Studio companies.
async fn partner_organization(
    State(state): Shared,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let overview = state.app.partner_overview(&bearer_token(&headers)).await?;
    Ok(Json(shape::organization(&overview.organization)))
}

/// The people of the partner admin's organisation.
async fn partner_users(State(state): Shared, headers: HeaderMap) -> Result<Json<Value>, ApiError> {
    let overview = state.app.partner_overview(&bearer_token(&headers)).await?;
    Ok(Json(shape::partner_users(&overview)))
}

/// The step `step_id` names. The core acts on the step an execution is at (input) or its failed
/// step (retry); the handlers refuse a path that names another, so a script's action never
/// lands on a step it did not mean.
async fn named_step(
    state: &ServerState,
    token: &SessionToken,
    execution_id: &str,
    step_id: &str,
) -> Result<(ExecutionDetail, StepView), ApiError> {
    let detail = state.app.get_execution(token, execution_id).await?;
    let Some(step) = detail
        .steps
        .iter()
        .find(|s| shape::step_id(s) == step_id)
        .cloned()
    else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!(
                "This execution has no step {:?}: its steps are numbered 1 to {}.",
                shown(step_id),
                detail.steps.len()
            ),
        ));
    };
    Ok((detail, step))
}

fn json_body<T: DeserializeOwned>(
    what: &str,
    body: Result<Bytes, BytesRejection>,
) -> Result<T, ApiError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large(MAX_BODY_BYTES)
        } else {
            ApiError::bad_body(what, "it could not be read")
        }
    })?;
    serde_json::from_slice(&body).map_err(|e| ApiError::bad_body(what, e))
}

fn path<T>(path: Result<Path<T>, PathRejection>) -> Result<T, ApiError> {
    path.map(|Path(value)| value)
        .map_err(|_| ApiError::no_such_path())
}

/// A path or path segment as echoed or logged: short and printable.
fn shown(value: &str) -> String {
    value
        .chars()
        .take(200)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}
