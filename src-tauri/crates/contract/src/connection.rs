//! Where the desktop app works: its own database on this computer, or a HyOpps server that the
//! team shares. Chosen on the sign-in screen and remembered on this computer. Only the desktop
//! has these commands; when it works on a server, its shell holds the server's token and passes
//! every command of the table on to it.

use serde::{Deserialize, Serialize};

/// The place chosen on the sign-in screen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Workplace {
    /// This computer's own database and engine (the default, and HyOpps without a server).
    #[default]
    ThisComputer,
    /// A HyOpps server: nothing is kept or run on this computer.
    Server(ServerAddress),
}

/// How to reach a HyOpps server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerAddress {
    /// `https://hyopps.example.com` (plain `http://` only for a server on this computer).
    pub url: String,
    /// A PEM file with the certificate authority that signed the server's certificate, when the
    /// system does not already trust it (a company's own authority).
    #[serde(default)]
    pub ca_file: Option<String>,
}

/// What `connection` and `choose_workplace` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionView {
    pub workplace: Workplace,
    /// The server as screens name it ("hyopps.example.com:8443"); `None` on this computer.
    pub server_name: Option<String>,
    /// Whether the server answered the last time the shell asked; always true on this computer.
    pub online: bool,
}

/// The event pushed to the window when the connection to the server is lost or back.
pub const CONNECTION_CHANGED_EVENT: &str = "connection-changed";

/// The payload of [`CONNECTION_CHANGED_EVENT`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionChanged {
    pub online: bool,
    pub server_name: String,
    /// Why the connection was lost, in words; `None` when it is back.
    pub message: Option<String>,
}

/// The event that says the session ended elsewhere (signed out, idle, the account changed, the
/// server restarted): on a server's event stream, and from the desktop's shell to its window,
/// which then shows the sign-in screen with the reason. Its payload is the [`WireError`] that
/// says why.
///
/// [`WireError`]: crate::WireError
pub const SESSION_ENDED_EVENT: &str = "session-ended";
