//! Live sessions, in memory only: they end on sign-out, when the app closes, or when idle.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

/// An opaque, unguessable session handle (244 random bits).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SessionToken(String);

impl SessionToken {
    /// A token that matches no session, for a window that is signed out.
    pub fn none() -> Self {
        Self(String::new())
    }

    /// The token a client presented (a server's `Authorization: Bearer …`). An unknown or
    /// empty one simply matches no session.
    pub fn from_client(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token's text, to hand to the client that signed in (the desktop shell keeps its own
    /// and never shows it).
    pub fn expose(&self) -> &str {
        &self.0
    }

    fn generate() -> Self {
        Self(format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        ))
    }
}

impl fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub user_id: String,
    /// The account's `auth_epoch` at sign-in: a later password change ends this session.
    pub auth_epoch: i64,
    pub last_seen: DateTime<Utc>,
}

#[derive(Default)]
pub(crate) struct Sessions {
    live: Mutex<HashMap<SessionToken, Session>>,
}

impl Sessions {
    pub fn open(&self, session: Session) -> SessionToken {
        let token = SessionToken::generate();
        self.lock().insert(token.clone(), session);
        token
    }

    pub fn get(&self, token: &SessionToken) -> Option<Session> {
        self.lock().get(token).cloned()
    }

    pub fn touch(&self, token: &SessionToken, now: DateTime<Utc>, auth_epoch: Option<i64>) {
        if let Some(session) = self.lock().get_mut(token) {
            session.last_seen = now;
            if let Some(epoch) = auth_epoch {
                session.auth_epoch = epoch;
            }
        }
    }

    pub fn close(&self, token: &SessionToken) -> Option<Session> {
        self.lock().remove(token)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SessionToken, Session>> {
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }
}
