//! Live sessions, in memory only: they end on sign-out, when the app closes, or when idle.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

/// An opaque, unguessable session handle (244 random bits), and whether the request it comes
/// with is the person at the window or the window refreshing a screen by itself.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SessionToken {
    secret: String,
    refresh: bool,
}

impl SessionToken {
    /// A token that matches no session, for a window that is signed out.
    pub fn none() -> Self {
        Self {
            secret: String::new(),
            refresh: false,
        }
    }

    /// The same session, for a request the window makes by itself (it reloads a screen because
    /// an engine event said something changed): authorised as usual, but it is not activity, so
    /// the idle timeout still ends a session nobody uses while executions keep running.
    pub fn for_refresh(&self) -> Self {
        Self {
            secret: self.secret.clone(),
            refresh: true,
        }
    }

    /// Whether this request is a refresh rather than the person's activity.
    pub fn is_refresh(&self) -> bool {
        self.refresh
    }

    /// The token a client presented (a server's `Authorization: Bearer …`). An unknown or
    /// empty one simply matches no session.
    pub fn from_client(token: impl Into<String>) -> Self {
        Self {
            secret: token.into(),
            refresh: false,
        }
    }

    /// The token's text, to hand to the client that signed in (the desktop shell keeps its own
    /// and never shows it).
    pub fn expose(&self) -> &str {
        &self.secret
    }

    fn generate() -> Self {
        Self {
            secret: format!(
                "{}{}",
                uuid::Uuid::new_v4().simple(),
                uuid::Uuid::new_v4().simple()
            ),
            refresh: false,
        }
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
    /// By the token's secret: a refresh and the person's own requests share one session.
    live: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    pub fn open(&self, session: Session) -> SessionToken {
        let token = SessionToken::generate();
        self.lock().insert(token.secret.clone(), session);
        token
    }

    pub fn get(&self, token: &SessionToken) -> Option<Session> {
        self.lock().get(&token.secret).cloned()
    }

    pub fn touch(&self, token: &SessionToken, now: DateTime<Utc>, auth_epoch: Option<i64>) {
        if let Some(session) = self.lock().get_mut(&token.secret) {
            session.last_seen = now;
            if let Some(epoch) = auth_epoch {
                session.auth_epoch = epoch;
            }
        }
    }

    pub fn close(&self, token: &SessionToken) -> Option<Session> {
        self.lock().remove(&token.secret)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }
}
