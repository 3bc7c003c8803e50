//! One server, its HTTP client, and the calls: the health check, sign-in, any command of the
//! table, the event stream.

use std::fmt;
use std::time::Duration;

use hyopps_contract::{
    Command, ErrorCode, ServerAddress, ServerSignIn, SessionInfo, SignInRequest, WireError,
    WORKSTATION_HEADER,
};
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::address::{field_error, ServerUrl};
use crate::events::EventStream;
use crate::unreachable;

/// How long the connection may take to open, and how long the server may stay silent. The
/// event stream's keep-alive comes every 15 s, so a stream silent for longer is a lost one.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const SILENCE_LIMIT: Duration = Duration::from_secs(60);

/// A session's bearer token. It never appears in a `Debug` output or a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    fn header(&self) -> Result<HeaderValue, WireError> {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", self.0)).map_err(|_| {
            WireError::new(
                ErrorCode::Unauthorized,
                "The server's session is not usable: sign in again.",
            )
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

/// A HyOpps server and the HTTP client that reaches it, trusting the publicly trusted
/// certificate authorities built in and, when named, the company's own.
#[derive(Clone)]
pub struct ServerClient {
    url: ServerUrl,
    http: reqwest::Client,
}

impl ServerClient {
    /// `workstation` names this computer in the server's audit log. Refuses an address that is
    /// not a server's (field `url`) and a CA file that cannot be read or holds no certificate
    /// (field `ca_file`); nothing is sent yet.
    pub fn new(address: &ServerAddress, workstation: Option<&str>) -> Result<Self, WireError> {
        let url = ServerUrl::try_from(address)?;
        let mut headers = HeaderMap::new();
        if let Some(name) = workstation.and_then(|name| HeaderValue::from_str(name).ok()) {
            headers.insert(WORKSTATION_HEADER, name);
        }
        let mut builder = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .read_timeout(SILENCE_LIMIT)
            // HyOpps never redirects a command: a redirect means something else answers there,
            // and a token must not follow it elsewhere.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("HyOpps/", env!("CARGO_PKG_VERSION")))
            .default_headers(headers);
        let ca_file = address.ca_file.as_deref().map(str::trim);
        if let Some(path) = ca_file.filter(|path| !path.is_empty()) {
            for certificate in read_authorities(path)? {
                builder = builder.add_root_certificate(certificate);
            }
        }
        let http = builder.build().map_err(|error| {
            tracing::error!(%error, "the HTTP client could not be built");
            field_error(
                "ca_file",
                "This file's certificates cannot be used to check the server.",
            )
        })?;
        Ok(Self { url, http })
    }

    pub fn url(&self) -> &ServerUrl {
        &self.url
    }

    /// Asks the server whether it is there and is HyOpps: `GET /health` must answer HyOpps's
    /// `{"status": "ok"}`. Answers the server's version.
    pub async fn check(&self) -> Result<String, WireError> {
        let response = self
            .http
            .get(self.url.join("/health"))
            .send()
            .await
            .map_err(|error| unreachable::from_request(&self.url, &error))?;
        let status = response.status();
        let body: Value = response
            .json()
            .await
            .map_err(|_| unreachable::not_hyopps(&self.url, status.as_u16()))?;
        match (status.is_success(), body["status"].as_str()) {
            (true, Some("ok")) => Ok(body["version"].as_str().unwrap_or_default().to_owned()),
            _ => Err(unreachable::not_hyopps(&self.url, status.as_u16())),
        }
    }

    /// Signs in: the session as the desktop's `sign_in` answers it, and its token.
    pub async fn sign_in(
        &self,
        request: &SignInRequest,
    ) -> Result<(Token, SessionInfo), WireError> {
        let args = hyopps_contract::commands::RequestArgs {
            request: request.clone(),
        };
        let answer: ServerSignIn = self.call_as(None, "sign_in", &args).await?;
        Ok((Token::new(answer.token), answer.session))
    }

    /// Command `C` of the table, with its arguments and answer typed.
    pub async fn command<C: Command>(
        &self,
        token: Option<&Token>,
        args: &C::Args,
    ) -> Result<C::Response, WireError> {
        self.call_as(token, C::NAME, args).await
    }

    /// Any command by name, with the arguments as the window passes them to `invoke`.
    pub async fn call(
        &self,
        token: Option<&Token>,
        command: &str,
        args: &Value,
    ) -> Result<Value, WireError> {
        self.call_as(token, command, args).await
    }

    async fn call_as<A: Serialize + ?Sized, R: DeserializeOwned>(
        &self,
        token: Option<&Token>,
        command: &str,
        args: &A,
    ) -> Result<R, WireError> {
        let mut request = self
            .http
            .post(self.url.join(&format!("/api/v1/{command}")))
            .json(args);
        if let Some(token) = token {
            request = request.header(AUTHORIZATION, token.header()?);
        }
        let response = request
            .send()
            .await
            .map_err(|error| unreachable::from_request(&self.url, &error))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|error| unreachable::from_request(&self.url, &error))?;
        if status.is_success() {
            return serde_json::from_slice(&body)
                .map_err(|_| unreachable::not_hyopps(&self.url, status.as_u16()));
        }
        // HyOpps's refusals are wire errors; anything else (a proxy's error page) is not HyOpps
        // answering.
        Err(serde_json::from_slice::<WireError>(&body)
            .unwrap_or_else(|_| unreachable::not_hyopps(&self.url, status.as_u16())))
    }

    /// Opens the session's event stream (`GET /api/v1/events`).
    pub async fn events(&self, token: &Token) -> Result<EventStream, WireError> {
        let response = self
            .http
            .get(self.url.join("/api/v1/events"))
            .header(AUTHORIZATION, token.header()?)
            .send()
            .await
            .map_err(|error| unreachable::from_request(&self.url, &error))?;
        let status = response.status();
        if !status.is_success() {
            let body = response.bytes().await.unwrap_or_default();
            return Err(serde_json::from_slice::<WireError>(&body)
                .unwrap_or_else(|_| unreachable::not_hyopps(&self.url, status.as_u16())));
        }
        Ok(EventStream::new(self.url.clone(), response))
    }
}

impl fmt::Debug for ServerClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerClient")
            .field("url", &self.url)
            .finish()
    }
}

/// The certificate authorities of a PEM file.
fn read_authorities(path: &str) -> Result<Vec<reqwest::Certificate>, WireError> {
    let pem = std::fs::read(path).map_err(|error| {
        field_error(
            "ca_file",
            &format!("The certificate authority's file could not be read: {error}."),
        )
    })?;
    match reqwest::Certificate::from_pem_bundle(&pem) {
        Ok(certificates) if !certificates.is_empty() => Ok(certificates),
        _ => Err(field_error(
            "ca_file",
            "This file holds no certificate: choose the certificate authority's PEM file (it starts with -----BEGIN CERTIFICATE-----).",
        )),
    }
}
