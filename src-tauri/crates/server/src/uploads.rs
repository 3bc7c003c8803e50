//! The commands that carry a file of people (`preview_people_import`, `start_people_import`):
//! their bodies may be as large as the file (up to 50 MB of text, escaped in JSON), far above
//! what other commands take. Such a body is read only once the session is known to be alive,
//! so nobody signed out can make the server hold 100 MB per request.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use hyopps_app::Access;
use hyopps_contract::commands::{PreviewPeopleImport, StartPeopleImport};
use hyopps_contract::people_import::MAX_PEOPLE_FILE_BYTES;
use hyopps_contract::Command;

use crate::api::{bearer_token, ClientAddress, ServerState};
use crate::dispatch;
use crate::wire::ApiError;

/// The largest body of an upload command: the file with every character escaped once, and the
/// rest of the request.
pub const MAX_UPLOAD_BYTES: usize = 2 * MAX_PEOPLE_FILE_BYTES as usize + 64 * 1024;

pub(crate) fn routes() -> Router<Arc<ServerState>> {
    Router::new()
        .route(&path_of(PreviewPeopleImport::NAME), post(upload))
        .route(&path_of(StartPeopleImport::NAME), post(upload))
}

fn path_of(command: &str) -> String {
    format!("/api/v1/{command}")
}

async fn upload(
    State(state): State<Arc<ServerState>>,
    ConnectInfo(ClientAddress(client)): ConnectInfo<ClientAddress>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let command = uri.path().trim_start_matches("/api/v1/").to_string();
    match answer(&state, &command, &headers, body).await {
        Ok(response) => response,
        Err(error) => {
            tracing::info!(
                command,
                %client,
                status = error.status.as_u16(),
                code = ?error.error.code,
                "command refused"
            );
            error.into_response()
        }
    }
}

async fn answer(
    state: &ServerState,
    command: &str,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let token = bearer_token(headers);
    // The session first: the body is read only for someone signed in.
    state.app().authorize(&token, Access::SignedIn).await?;
    let body = axum::body::to_bytes(body, MAX_UPLOAD_BYTES)
        .await
        .map_err(|_| ApiError::too_large(MAX_UPLOAD_BYTES))?;
    match dispatch::call(state.app(), &token, command, &body).await {
        Some(result) => Ok(Json(result?).into_response()),
        None => Err(ApiError::no_such_path()),
    }
}
