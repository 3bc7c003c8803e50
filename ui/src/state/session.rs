//! Who is signed in, and what the window shows because of it.
//!
//! The backend owns the session; this is the UI's copy of its last answer. Transitions are a
//! pure function of (state, event) so they are tested here, and `app.rs` only wires them to Yew.

use hyopps_contract::{SessionInfo, WireError};

use super::Async;

/// The screen the session calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Session {
    /// Show sign-in, prefilled with the last signed-in email when there is one; `notice` says
    /// why the session ended when it ended elsewhere (on the server).
    SignedOut {
        remembered_email: Option<String>,
        notice: Option<String>,
    },
    /// Signed in, but nothing else is allowed until a new password is set.
    MustChangePassword(SessionInfo),
    /// The app frame.
    SignedIn(SessionInfo),
}

impl Session {
    fn from_info(info: SessionInfo) -> Self {
        if info.must_change_password {
            Session::MustChangePassword(info)
        } else {
            Session::SignedIn(info)
        }
    }

    /// The account shown on screen, if any.
    pub fn info(&self) -> Option<&SessionInfo> {
        match self {
            Session::SignedOut { .. } => None,
            Session::MustChangePassword(info) | Session::SignedIn(info) => Some(info),
        }
    }
}

/// What happened, as reported by the IPC door.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionEvent {
    /// `current_session` and `remembered_email` answered at start (a reload keeps the session).
    Started {
        session: Option<SessionInfo>,
        remembered_email: Option<String>,
    },
    /// `current_session` failed at start: nothing can be shown but the error.
    StartFailed(WireError),
    /// Asked again after a failed start.
    Retrying,
    SignedIn(SessionInfo),
    PasswordChanged(SessionInfo),
    /// Signed out by the user, or the backend said the session is gone.
    SignedOut,
    /// The server ended the session (signed out elsewhere, idle, restarted): why, in words.
    Ended(WireError),
}

/// The session as the window knows it: pending until the start-up questions are answered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SessionState(pub Async<Session>);

impl SessionState {
    pub fn apply(&self, event: SessionEvent) -> SessionState {
        let next = match event {
            SessionEvent::Started {
                session,
                remembered_email,
            } => Async::Ready(match session {
                Some(info) => Session::from_info(info),
                None => Session::SignedOut {
                    remembered_email,
                    notice: None,
                },
            }),
            SessionEvent::StartFailed(error) => Async::Failed(error),
            SessionEvent::Retrying => Async::Pending,
            SessionEvent::SignedIn(info) | SessionEvent::PasswordChanged(info) => {
                Async::Ready(Session::from_info(info))
            }
            SessionEvent::SignedOut => Async::Ready(Session::SignedOut {
                remembered_email: self.email_to_remember(),
                notice: None,
            }),
            SessionEvent::Ended(why) => Async::Ready(Session::SignedOut {
                remembered_email: self.email_to_remember(),
                notice: Some(why.message),
            }),
        };
        SessionState(next)
    }

    /// The email to prefill after sign-out: the account that was just signed in, which is also
    /// what the backend remembers.
    fn email_to_remember(&self) -> Option<String> {
        match &self.0 {
            Async::Ready(Session::SignedOut {
                remembered_email, ..
            }) => remembered_email.clone(),
            Async::Ready(session) => session.info().map(|info| info.user.email.clone()),
            Async::Pending | Async::Failed(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyopps_contract::{AppRole, CurrentUser, ErrorCode};

    fn info(must_change_password: bool) -> SessionInfo {
        SessionInfo {
            user: CurrentUser {
                id: "u1".into(),
                email: "admin@hyopps.local".into(),
                display_name: "Ada Admin".into(),
                app_role: AppRole::Admin,
                organization_id: None,
                organization_name: None,
            },
            must_change_password,
            idle_timeout_minutes: 480,
        }
    }

    fn started(session: Option<SessionInfo>, email: Option<&str>) -> SessionState {
        SessionState::default().apply(SessionEvent::Started {
            session,
            remembered_email: email.map(str::to_owned),
        })
    }

    #[test]
    fn start_without_a_session_shows_sign_in_with_the_remembered_email() {
        assert!(
            SessionState::default().0.is_pending(),
            "nothing is known before start-up answers"
        );
        assert_eq!(
            started(None, Some("a@b.c")).0,
            Async::Ready(Session::SignedOut {
                remembered_email: Some("a@b.c".into()),
                notice: None,
            })
        );
    }

    #[test]
    fn a_reload_with_a_live_session_goes_straight_to_the_frame_or_the_password_screen() {
        assert_eq!(
            started(Some(info(false)), None).0,
            Async::Ready(Session::SignedIn(info(false)))
        );
        assert_eq!(
            started(Some(info(true)), None).0,
            Async::Ready(Session::MustChangePassword(info(true))),
            "a pending password change survives a reload"
        );
    }

    #[test]
    fn sign_in_then_password_change_then_sign_out() {
        let state = started(None, None).apply(SessionEvent::SignedIn(info(true)));
        assert_eq!(
            state.0,
            Async::Ready(Session::MustChangePassword(info(true)))
        );

        let state = state.apply(SessionEvent::PasswordChanged(info(false)));
        assert_eq!(state.0, Async::Ready(Session::SignedIn(info(false))));

        let state = state.apply(SessionEvent::SignedOut);
        assert_eq!(
            state.0,
            Async::Ready(Session::SignedOut {
                remembered_email: Some("admin@hyopps.local".into()),
                notice: None,
            }),
            "sign-out returns to sign-in with the email prefilled"
        );
    }

    #[test]
    fn signing_out_from_the_password_screen_also_remembers_the_email() {
        let state = started(Some(info(true)), None).apply(SessionEvent::SignedOut);
        assert_eq!(
            state.0,
            Async::Ready(Session::SignedOut {
                remembered_email: Some("admin@hyopps.local".into()),
                notice: None,
            })
        );
    }

    #[test]
    fn a_session_the_server_ended_returns_to_sign_in_saying_why() {
        let why = WireError::new(
            ErrorCode::Unauthorized,
            "You were signed out after 480 minutes without activity.",
        );
        let state = started(Some(info(false)), None).apply(SessionEvent::Ended(why));
        assert_eq!(
            state.0,
            Async::Ready(Session::SignedOut {
                remembered_email: Some("admin@hyopps.local".into()),
                notice: Some("You were signed out after 480 minutes without activity.".into()),
            })
        );
    }

    #[test]
    fn a_failed_start_can_be_retried() {
        let error = WireError::new(ErrorCode::Internal, "The database could not be opened.");
        let state = SessionState::default().apply(SessionEvent::StartFailed(error.clone()));
        assert_eq!(state.0, Async::Failed(error));
        assert!(state.apply(SessionEvent::Retrying).0.is_pending());
    }
}
