//! Why a server could not be reached, in words: what failed on the way, never the token or a
//! request's body (neither is ever part of these errors).

use std::error::Error as _;

use hyopps_contract::{ErrorCode, WireError};

use crate::ServerUrl;

/// A request that got no HyOpps answer.
pub(crate) fn from_request(url: &ServerUrl, error: &reqwest::Error) -> WireError {
    let name = url.name();
    let chain = chain(error);
    let lowered = chain.to_lowercase();
    let message = if lowered.contains("certificate") || lowered.contains("unknownissuer") {
        format!(
            "The certificate of {name} is not trusted by this computer ({chain}). If your company signs its own certificates, name its certificate authority's file under Certificate."
        )
    } else if error.is_timeout() {
        format!("{name} did not answer in time. Check the network, then try again.")
    } else if lowered.contains("dns") || lowered.contains("lookup") {
        format!("No server called {name} could be found: check the address.")
    } else if lowered.contains("connection refused") {
        format!("Nothing answers at {name}: check the address, and that hyopps-server runs there.")
    } else if error.is_redirect() || error.status().is_some_and(|s| s.is_redirection()) {
        format!("{name} sends HyOpps elsewhere: use the server's own address.")
    } else {
        format!("Could not reach {name}: {chain}.")
    };
    tracing::warn!(server = %name, reason = %chain, "the HyOpps server could not be reached");
    WireError::new(ErrorCode::Unreachable, message)
}

/// An answer that is not HyOpps's (an error page of a proxy, another program on that port).
pub(crate) fn not_hyopps(url: &ServerUrl, status: u16) -> WireError {
    let name = url.name();
    tracing::warn!(server = %name, status, "an answer that is not HyOpps's");
    WireError::new(
        ErrorCode::Unreachable,
        format!(
            "{name} answered, but not as a HyOpps server does (HTTP {status}). Check the address; if a proxy stands in front of the server, it may be failing."
        ),
    )
}

/// The error and its causes, most specific last, without repeats.
fn chain(error: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|part| part.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    if parts.is_empty() {
        // reqwest's own text names the URL, which the message already names by host.
        let url = error
            .url()
            .map(|url| format!(" ({url})"))
            .unwrap_or_default();
        parts.push(error.to_string().replace(&url, ""));
    }
    parts.join(": ")
}
