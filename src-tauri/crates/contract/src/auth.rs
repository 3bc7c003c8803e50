//! Sign-in, password change and the signed-in account as the UI sees it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What an account may do in HyOpps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppRole {
    Admin,
    PartnerAdmin,
    User,
}

impl AppRole {
    pub const ALL: [AppRole; 3] = [AppRole::Admin, AppRole::PartnerAdmin, AppRole::User];

    /// The value stored in `users.app_role`.
    pub fn as_str(self) -> &'static str {
        match self {
            AppRole::Admin => "admin",
            AppRole::PartnerAdmin => "partner_admin",
            AppRole::User => "user",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == value)
    }

    pub fn label(self) -> &'static str {
        match self {
            AppRole::Admin => "Administrator",
            AppRole::PartnerAdmin => "Partner administrator",
            AppRole::User => "User",
        }
    }
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
}

impl fmt::Debug for SignInRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInRequest")
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .finish()
    }
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

impl fmt::Debug for ChangePasswordRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ChangePasswordRequest { <redacted> }")
    }
}

/// The signed-in account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub app_role: AppRole,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
}

/// The state of the session after sign-in or a password change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub user: CurrentUser,
    /// While true, the only thing the session may do is set a new password.
    pub must_change_password: bool,
    /// The idle time after which the session ends, so the UI can say so.
    pub idle_timeout_minutes: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_stored_names() {
        for role in AppRole::ALL {
            assert_eq!(AppRole::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(
                json,
                format!("\"{}\"", role.as_str()),
                "wire and database names agree"
            );
        }
        assert_eq!(AppRole::parse("root"), None);
    }

    #[test]
    fn debug_output_never_shows_a_password() {
        let request = SignInRequest {
            email: "a@b.c".into(),
            password: "hunter2-secret".into(),
        };
        assert!(!format!("{request:?}").contains("hunter2"));
        let change = ChangePasswordRequest {
            current_password: "old-secret-1".into(),
            new_password: "new-secret-2".into(),
        };
        assert!(!format!("{change:?}").contains("secret"));
    }
}

/// Who asks for a screen's data: the person at the window, or the window itself reloading a
/// screen because an engine event said something changed. Only the person's requests are
/// activity: a window left open while executions run still reaches its idle timeout. Sent as
/// the `activity` argument of the commands a screen reloads on events; missing means `user`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    #[default]
    User,
    Refresh,
}

impl Activity {
    pub fn is_user(&self) -> bool {
        *self == Activity::User
    }
}
