//! Live sessions: they end on sign-out, when idle, when the password changes or the account
//! goes. The desktop keeps them in memory only (closing the app ends them); a server also
//! writes them to its store, so that a restart does not sign the whole team out.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use hyopps_store::{server_sessions, Store};
use sha2::{Digest, Sha256};

use crate::clock::{parse_stamp, stamp};
use crate::AppError;

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

/// A session in memory, and what its stored row says (when it is kept).
struct Live {
    session: Session,
    written_last_seen: DateTime<Utc>,
    written_epoch: i64,
}

/// Activity is written down at most this often: a restart may bring a session back up to a
/// minute "older" than it was, which an idle timeout of hours does not notice, and busy
/// sessions do not queue a write behind every read.
const WRITE_ACTIVITY_EVERY: Duration = Duration::minutes(1);

#[derive(Default)]
pub(crate) struct Sessions {
    /// By the token's secret: a refresh and the person's own requests share one session.
    live: Mutex<HashMap<String, Live>>,
    /// Where a server keeps its sessions across restarts; `None` keeps them in memory only.
    kept_in: Option<Store>,
}

impl Sessions {
    /// Sessions that outlive the process, in this store.
    pub fn kept_in(store: Store) -> Self {
        Self {
            live: Mutex::default(),
            kept_in: Some(store),
        }
    }

    /// Opens a session; a kept one is written first, so a token handed out always survives a
    /// restart. Kept sessions idle for longer than `idle_timeout` are forgotten on the way.
    pub async fn open(
        &self,
        session: Session,
        idle_timeout: Duration,
    ) -> Result<SessionToken, AppError> {
        let token = SessionToken::generate();
        if let Some(store) = &self.kept_in {
            let row = server_sessions::StoredSession {
                token_sha256: sha256(&token),
                user_id: session.user_id.clone(),
                auth_epoch: session.auth_epoch,
                opened_at: stamp(session.last_seen),
                last_seen_at: stamp(session.last_seen),
            };
            let idle_before = stamp(session.last_seen - idle_timeout);
            store
                .write(move |tx| server_sessions::open(tx, &row, &idle_before))
                .await?;
        }
        self.lock()
            .insert(token.secret.clone(), Live::written(session));
        Ok(token)
    }

    /// The token's session: from memory, or (kept sessions) from the store after a restart.
    pub async fn get(&self, token: &SessionToken) -> Result<Option<Session>, AppError> {
        if let Some(live) = self.lock().get(&token.secret) {
            return Ok(Some(live.session.clone()));
        }
        let Some(store) = &self.kept_in else {
            return Ok(None);
        };
        if token.secret.is_empty() {
            return Ok(None);
        }
        let hash = sha256(token);
        let Some(row) = store
            .read(move |conn| server_sessions::find(conn, &hash))
            .await?
        else {
            return Ok(None);
        };
        let Some(last_seen) = parse_stamp(&row.last_seen_at) else {
            return Err(AppError::Internal(format!(
                "a kept session has an unreadable time {:?}",
                row.last_seen_at
            )));
        };
        let session = Session {
            user_id: row.user_id,
            auth_epoch: row.auth_epoch,
            last_seen,
        };
        self.lock()
            .entry(token.secret.clone())
            .or_insert_with(|| Live::written(session.clone()));
        Ok(Some(session))
    }

    /// Records activity at `now`, and the password generation the session now belongs to.
    pub async fn touch(
        &self,
        token: &SessionToken,
        now: DateTime<Utc>,
        auth_epoch: Option<i64>,
    ) -> Result<(), AppError> {
        let to_write = {
            let mut live = self.lock();
            let Some(entry) = live.get_mut(&token.secret) else {
                return Ok(());
            };
            entry.session.last_seen = now;
            if let Some(epoch) = auth_epoch {
                entry.session.auth_epoch = epoch;
            }
            let due = entry.session.auth_epoch != entry.written_epoch
                || now - entry.written_last_seen >= WRITE_ACTIVITY_EVERY;
            if due && self.kept_in.is_some() {
                entry.written_last_seen = now;
                entry.written_epoch = entry.session.auth_epoch;
                Some(entry.session.auth_epoch)
            } else {
                None
            }
        };
        if let (Some(store), Some(epoch)) = (&self.kept_in, to_write) {
            let (hash, at) = (sha256(token), stamp(now));
            store
                .write(move |tx| server_sessions::touch(tx, &hash, &at, epoch))
                .await?;
        }
        Ok(())
    }

    /// Ends the session (also a kept one that this process has not seen yet).
    pub async fn close(&self, token: &SessionToken) -> Result<Option<Session>, AppError> {
        let in_memory = self.lock().remove(&token.secret);
        let session = match in_memory {
            Some(live) => Some(live.session),
            None if self.kept_in.is_some() => self.get(token).await?,
            None => None,
        };
        self.lock().remove(&token.secret);
        if let (Some(store), Some(_)) = (&self.kept_in, &session) {
            let hash = sha256(token);
            store
                .write(move |tx| server_sessions::close(tx, &hash))
                .await?;
        }
        Ok(session)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Live>> {
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Live {
    /// A session whose stored row (if any) says what it says.
    fn written(session: Session) -> Self {
        Self {
            written_last_seen: session.last_seen,
            written_epoch: session.auth_epoch,
            session,
        }
    }
}

/// What the store keeps instead of the token: enough to find its row, useless to present.
fn sha256(token: &SessionToken) -> String {
    Sha256::digest(token.secret.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
