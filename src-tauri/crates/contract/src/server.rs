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
