//! Sign-in, password change, sign-out and the start-up session questions.

use hyopps_contract::{ChangePasswordRequest, SessionInfo, SignInRequest, WireError};

use hyopps_contract::commands::{ChangePassword, CurrentSession, RememberedEmail, SignIn, SignOut};

use super::{call, call_with};

pub async fn sign_in(request: &SignInRequest) -> Result<SessionInfo, WireError> {
    call_with::<SignIn, _>(request).await
}

pub async fn change_password(request: &ChangePasswordRequest) -> Result<SessionInfo, WireError> {
    call_with::<ChangePassword, _>(request).await
}

pub async fn sign_out() -> Result<(), WireError> {
    call::<SignOut>().await
}

/// The live session, if the backend still has one (a reload keeps the user signed in).
pub async fn current_session() -> Result<Option<SessionInfo>, WireError> {
    call::<CurrentSession>().await
}

/// The last signed-in email, to prefill sign-in. Never a password.
pub async fn remembered_email() -> Result<Option<String>, WireError> {
    call::<RememberedEmail>().await
}
