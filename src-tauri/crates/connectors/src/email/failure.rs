//! Turning lettre's SMTP errors into errors an admin can act on: 4xx replies and network trouble
//! are worth retrying, 5xx replies and a connection that cannot be secured are not. The
//! password is never part of a message.

use lettre::transport::smtp::Error as SmtpError;

use crate::{ConnectorError, Secret, SmtpSecurity};

/// What a message needs to know about the connection.
pub(super) struct Server<'a> {
    pub(super) host: &'a str,
    pub(super) port: u16,
    pub(super) security: SmtpSecurity,
    pub(super) user: &'a str,
    pub(super) password: &'a Secret,
}

/// Reply codes that mean the sign-in itself failed (RFC 4954): authentication required, too
/// weak, credentials invalid, encryption required for it.
const SIGN_IN_CODES: [u16; 4] = [530, 534, 535, 538];

pub(super) fn describe(error: &SmtpError, what: &str, server: &Server) -> ConnectorError {
    let address = format!("{}:{}", server.host, server.port);
    let detail = redact(&error.to_string(), server.password);
    if error.is_transient() {
        return ConnectorError::Transient {
            message: format!(
                "The SMTP server {address} could not {what} just now ({detail}). HyOpps will try again."
            ),
            retry_after: None,
        };
    }
    if error.is_permanent() {
        let code = error.status().map(u16::from).unwrap_or_default();
        let message = if SIGN_IN_CODES.contains(&code) {
            let who = if server.user.trim().is_empty() {
                "without a user".to_string()
            } else {
                format!("as {}", server.user)
            };
            format!(
                "The SMTP server {address} refused the sign-in {who} ({detail}): check the SMTP user and password in Settings → Email."
            )
        } else {
            format!("The SMTP server {address} refused to {what} ({detail}).")
        };
        return ConnectorError::Permanent { message };
    }
    if error.is_client() && detail.contains("STARTTLS") {
        return ConnectorError::Permanent {
            message: format!(
                "The SMTP server {address} does not offer STARTTLS, which the security setting (STARTTLS) requires, so nothing was sent. In Settings → Email, check the host and port, or choose TLS for a server that uses implicit TLS (usually port 465); \"none\" is only for a local relay."
            ),
        };
    }
    if error.is_client() && detail.contains("authentication mechanism") {
        return ConnectorError::Permanent {
            message: format!(
                "The SMTP server {address} offers no sign-in method HyOpps supports (PLAIN or LOGIN) on this connection. Check the security setting in Settings → Email, or clear the SMTP user for a relay that needs no sign-in."
            ),
        };
    }
    // A TLS handshake that fails (a plain server behind implicit TLS, a bad certificate)
    // reaches us as a connection error carrying an InvalidData I/O error.
    if error.is_tls() || error.is_response() || carries_invalid_data(error) {
        let expected = match server.security {
            SmtpSecurity::Tls => "implicit TLS (usually port 465)",
            SmtpSecurity::StartTls => "STARTTLS (usually port 587)",
            SmtpSecurity::None => "no encryption",
        };
        return ConnectorError::Permanent {
            message: format!(
                "The connection to the SMTP server {address} could not be set up as configured, {expected} ({detail}). Check the port and security in Settings → Email, and that the server's certificate is valid for {}.",
                server.host
            ),
        };
    }
    if error.is_client() {
        return ConnectorError::Permanent {
            message: format!("HyOpps could not {what} through {address} ({detail})."),
        };
    }
    // Connection refused, a timeout, a dropped connection.
    ConnectorError::Transient {
        message: format!(
            "The SMTP server {address} could not be reached to {what} ({detail}). HyOpps will try again; check the host and port in Settings → Email if this persists."
        ),
        retry_after: None,
    }
}

fn carries_invalid_data(error: &SmtpError) -> bool {
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::InvalidData {
                return true;
            }
        }
        source = cause.source();
    }
    false
}

/// A server may echo what it was sent; the password never goes further.
fn redact(text: &str, password: &Secret) -> String {
    let secret = password.expose();
    if secret.is_empty() {
        text.to_string()
    } else {
        text.replace(secret, "[redacted]")
    }
}
