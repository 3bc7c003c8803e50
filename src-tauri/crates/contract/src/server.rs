//! What only a HyOpps server's clients see.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::SessionInfo;

/// The answer to `sign_in` on a server: the same session as the desktop's `sign_in` answers
/// (its fields at the top level, so a client that reads a `SessionInfo` reads this too), and
/// the bearer token for every later request's `Authorization` header.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerSignIn {
    pub token: String,
    #[serde(flatten)]
    pub session: SessionInfo,
}

impl fmt::Debug for ServerSignIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerSignIn")
            .field("token", &"<redacted>")
            .field("session", &self.session)
            .finish()
    }
}

/// The header in which a desktop names its workstation ("ops-desk-3"); the server's audit log
/// records it with the address each action came from.
pub const WORKSTATION_HEADER: &str = "x-hyopps-workstation";

/// The longest workstation name the audit log keeps; a longer or unprintable one is left out.
pub const MAX_WORKSTATION_CHARS: usize = 64;

/// A workstation name as sent, if it is one worth recording: trimmed, not empty, printable,
/// not too long.
pub fn workstation_name(sent: &str) -> Option<&str> {
    let name = sent.trim();
    (!name.is_empty()
        && name.chars().count() <= MAX_WORKSTATION_CHARS
        && !name.chars().any(char::is_control))
    .then_some(name)
}
