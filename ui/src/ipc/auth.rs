//! Sign-in, password change, sign-out and the start-up session questions.

use hyopps_contract::{ChangePasswordRequest, SessionInfo, SignInRequest, WireError};

use super::{call, call_with};

pub async fn sign_in(request: &SignInRequest) -> Result<SessionInfo, WireError> {
    call_with("sign_in", request).await
}

pub async fn change_password(request: &ChangePasswordRequest) -> Result<SessionInfo, WireError> {
    call_with("change_password", request).await
}

pub async fn sign_out() -> Result<(), WireError> {
    // The answer is `null`; nothing in it to read.
    call::<serde::de::IgnoredAny>("sign_out").await.map(drop)
}

/// The live session, if the backend still has one (a reload keeps the user signed in).
pub async fn current_session() -> Result<Option<SessionInfo>, WireError> {
    call("current_session").await
}

/// The last signed-in email, to prefill sign-in. Never a password.
pub async fn remembered_email() -> Result<Option<String>, WireError> {
    call("remembered_email").await
}
