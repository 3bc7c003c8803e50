//! The HTTP doors: `POST /api/v1/<command>` for every server command of the contract's table,
//! and `GET /health`. Whatever is refused at the door (an unknown command, a body that is not
//! the command's JSON, a body over 1 MiB, too many sign-ins from one address) is a wire error
//! with its status, logged without the body, and changes nothing.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::connect_info::Connected;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::serve::IncomingStream;
use axum::{Json, Router};
use hyopps_app::{App, SessionToken};
use hyopps_contract::commands::SignIn;
use hyopps_contract::{command_spec, Command, ErrorCode, ServerSignIn, SessionInfo};
use serde_json::json;

use crate::sign_in_limit::{SignInLimit, SignInLimiter};
use crate::tls::TlsListener;
use crate::wire::ApiError;
use crate::{dispatch, events};

/// The largest request body any command takes; a v0.3 import does not travel over the API.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// What every request shares.
pub struct ServerState {
    pub(crate) app: App,
    sign_ins: SignInLimiter,
    pub(crate) stopping: tokio::sync::watch::Receiver<bool>,
    /// The reverse proxies whose `X-Forwarded-For` names the real client.
    trusted_proxies: Vec<IpAddr>,
}

impl ServerState {
    /// `stopping` turns true when the server shuts down, so long-lived answers (the event
    /// stream) end and the graceful shutdown does not wait for them forever. The server's
    /// sessions are kept in its store: a restart (an upgrade, a crash) signs nobody out.
    /// Requests from `trusted_proxies` are taken to come from the client they forward.
    pub fn new(
        app: App,
        sign_in_limit: SignInLimit,
        stopping: tokio::sync::watch::Receiver<bool>,
        trusted_proxies: Vec<IpAddr>,
    ) -> Arc<Self> {
        Arc::new(Self {
            app: app.with_lasting_sessions(),
            sign_ins: SignInLimiter::new(sign_in_limit),
            stopping,
            trusted_proxies: trusted_proxies
                .into_iter()
                .map(|ip| ip.to_canonical())
                .collect(),
        })
    }

    pub fn app(&self) -> &App {
        &self.app
    }

    pub(crate) fn trusted_proxies(&self) -> &[IpAddr] {
        &self.trusted_proxies
    }
}

/// The client's address, over plain TCP or TLS: the sign-in limit is per address, and the log
/// names it.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub SocketAddr);

impl Connected<IncomingStream<'_, tokio::net::TcpListener>> for ClientAddress {
    fn connect_info(stream: IncomingStream<'_, tokio::net::TcpListener>) -> Self {
        Self(*stream.remote_addr())
    }
}

impl Connected<IncomingStream<'_, TlsListener>> for ClientAddress {
    fn connect_info(stream: IncomingStream<'_, TlsListener>) -> Self {
        Self(*stream.remote_addr())
    }
}

/// The server's routes. Serve with `into_make_service_with_connect_info::<ClientAddress>()`.
pub fn router(state: Arc<ServerState>) -> Router {
    let routes = Router::new()
        .route("/health", get(health))
        .route("/api/v1/events", get(events::stream))
        .route("/api/v1/{command}", post(command))
        .merge(crate::v03::routes())
        .merge(crate::uploads::routes())
        .fallback(no_such_path)
        .method_not_allowed_fallback(wrong_method)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(
            crate::client_label::record_client,
        ))
        // Outermost: everything above sees the client a trusted proxy forwarded.
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            crate::real_client::resolve,
        ))
        .with_state(state);
    crate::panics::guarded(routes)
}

async fn health() -> Json<serde_json::Value> {
    Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}))
}

async fn no_such_path() -> ApiError {
    ApiError::no_such_path()
}

async fn wrong_method() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::NotFound,
        "Commands are called with POST, the event stream with GET.",
    )
}

async fn command(
    State(state): State<Arc<ServerState>>,
    ConnectInfo(ClientAddress(client)): ConnectInfo<ClientAddress>,
    command: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    // A name that is not even text (bad percent-encoding) names no command either.
    let Ok(Path(command)) = command else {
        return ApiError::no_such_path().into_response();
    };
    let started = Instant::now();
    let response = match answer(&state, client, &command, &headers, body).await {
        Ok(response) => response,
        Err(error) => {
            tracing::info!(
                command = shown(&command),
                %client,
                status = error.status.as_u16(),
                code = ?error.error.code,
                "command refused"
            );
            error.into_response()
        }
    };
    tracing::debug!(
        command = shown(&command),
        %client,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "command answered"
    );
    response
}

async fn answer(
    state: &ServerState,
    client: SocketAddr,
    command: &str,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let spec = command_spec(command).ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("HyOpps has no command called {:?}.", shown(command)),
        )
    })?;
    if !spec.on_server() {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!(
                "{} works only in the desktop app: it uses a file or a preference of that computer.",
                spec.name
            ),
        ));
    }
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large(MAX_BODY_BYTES)
        } else {
            ApiError::bad_body(command, "it could not be read")
        }
    })?;
    let token = bearer_token(headers);
    if spec.name == SignIn::NAME {
        return sign_in(state, client, &token, &body).await;
    }
    match dispatch::call(&state.app, &token, spec.name, &body).await {
        Some(result) => Ok(Json(result?).into_response()),
        None => {
            tracing::error!(
                command = spec.name,
                "a server command of the table has no route"
            );
            Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
                format!("{} is not served by this server yet.", spec.name),
            ))
        }
    }
}

/// Checks the address's attempts, then the credentials; answers the session and its token.
async fn sign_in(
    state: &ServerState,
    client: SocketAddr,
    previous: &SessionToken,
    body: &[u8],
) -> Result<Response, ApiError> {
    let request = dispatch::args::<<SignIn as Command>::Args>(SignIn::NAME, body)?.request;
    let (token, session) =
        limited_sign_in(state, client, previous, &request.email, &request.password).await?;
    let answer = ServerSignIn {
        token: token.expose().to_owned(),
        session,
    };
    Ok(no_store(Json(answer).into_response()))
}

/// A sign-in through any door (`sign_in`, v0.3's `/api/auth/login`): the address's attempts
/// first, then the credentials with the core's rules; a live session in the header ends.
pub(crate) async fn limited_sign_in(
    state: &ServerState,
    client: SocketAddr,
    previous: &SessionToken,
    email: &str,
    password: &str,
) -> Result<(SessionToken, SessionInfo), ApiError> {
    let attempt = state.sign_ins.begin(client.ip()).map_err(|wait| {
        tracing::warn!(%client, "sign-in attempts from this address are paused");
        let minutes = wait.as_secs().div_ceil(60).max(1);
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Unauthorized,
            format!(
                "Too many sign-in attempts from this address. Try again in {minutes} minute(s)."
            ),
        );
        error.retry_after = Some(wait.as_secs().max(1));
        error
    })?;
    let (token, session) = state.app.sign_in(email, password).await?;
    attempt.succeeded();
    // Signing in again with a live session replaces it, as in the desktop window.
    if !previous.expose().is_empty() {
        state.app.sign_out(previous).await?;
    }
    Ok((token, session))
}

/// The token must not be kept by a proxy or a browser cache.
pub(crate) fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `Authorization: Bearer <token>`; anything else is no session (the core says "not signed in").
pub(crate) fn bearer_token(headers: &HeaderMap) -> SessionToken {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            let (scheme, token) = value.trim().split_once(' ')?;
            scheme
                .eq_ignore_ascii_case("bearer")
                .then(|| SessionToken::from_client(token.trim()))
        })
        .unwrap_or_else(SessionToken::none)
}

/// A command name as logged or echoed: never more than a short, printable string.
fn shown(command: &str) -> String {
    command
        .chars()
        .take(64)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}
