//! Sign-in, the forced password change, sign-out, and authorising every later command.

use std::collections::BTreeMap;

use chrono::Duration;
use hyopps_contract::{AppRole, CurrentUser, SessionInfo};
use hyopps_store::{audit, users};
use serde_json::json;

use crate::clock::{parse_stamp, stamp};
use crate::password::{self, PasswordPolicy, Verified};
use crate::sessions::{Session, SessionToken};
use crate::{App, AppError};

/// The sign-in rules.
#[derive(Debug, Clone)]
pub struct AuthPolicy {
    /// Failed attempts in a row that lock the account.
    pub max_failed_logins: i64,
    pub lockout: Duration,
    pub idle_timeout: Duration,
}

impl Default for AuthPolicy {
    fn default() -> Self {
        Self {
            max_failed_logins: 5,
            lockout: Duration::minutes(15),
            idle_timeout: Duration::hours(8),
        }
    }
}

/// What a command needs from its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Any live session, even one that must still set a new password (only the password change
    /// and reading the session itself use this).
    OwnAccount,
    /// An admin or a partner admin who has set their password.
    SignedIn,
    /// Admins only.
    Admin,
}

/// Who is calling, as re-read from the database for this command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub role: AppRole,
    /// For a partner admin, the only organisation they may see; from the session, never the UI.
    pub organization_id: Option<String>,
}

const WRONG_CREDENTIALS: &str = "Email or password is incorrect.";
const NO_ACCESS: &str = "This account has no access to HyOpps.";
const NOT_SIGNED_IN: &str = "You are not signed in. Sign in to continue.";
const MAX_EMAIL_CHARS: usize = 320;

impl App {
    /// Checks the credentials and opens a session. An unknown email gets the same answer as a
    /// wrong password; the `max_failed_logins`-th wrong password in a row locks the account.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
    ) -> Result<(SessionToken, SessionInfo), AppError> {
        let email = email.trim().to_string();
        check_sign_in_input(&email, password)?;
        let now = self.clock.now();

        let lookup = email.clone();
        let found = self
            .store
            .read(move |conn| users::credentials_by_email(conn, &lookup))
            .await?;
        let Some(account) = found else {
            let attempt = password.to_string();
            run_blocking(move || password::burn_equal_time(&attempt)).await?;
            return Err(AppError::Unauthorized(WRONG_CREDENTIALS.into()));
        };

        if let Some(until) = account.locked_until.as_deref().and_then(parse_stamp) {
            if until > now {
                return Err(AppError::Unauthorized(format!(
                    "This account is locked after {} failed sign-ins. Try again after {} UTC, or ask an administrator to set a new password.",
                    self.policy.max_failed_logins,
                    until.format("%H:%M")
                )));
            }
        }

        let (attempt, stored) = (password.to_string(), account.password_hash.clone());
        let verified = run_blocking(move || password::verify(&attempt, stored.as_deref())).await?;
        let rehash = match verified {
            Verified::Wrong => return Err(self.count_failed_sign_in(&account.id).await),
            Verified::Right { rehash } => rehash,
        };
        let weak_v03_password = password::v03_password_below_policy(
            password,
            account.password_hash.as_deref(),
            &account.email,
        );
        let mut account = account;
        account.must_change_password |= weak_v03_password;

        let role = AppRole::parse(&account.app_role).ok_or_else(|| {
            AppError::Internal(format!("unknown app role {:?}", account.app_role))
        })?;
        if role == AppRole::User {
            return Err(AppError::Forbidden(NO_ACCESS.into()));
        }
        if role == AppRole::PartnerAdmin && account.organization_id.is_none() {
            return Err(AppError::Forbidden(
                "This partner admin account is not linked to an organisation yet. Ask an administrator to set its organisation.".into(),
            ));
        }

        let new_hash = if rehash {
            let attempt = password.to_string();
            Some(run_blocking(move || password::hash(&attempt)).await??)
        } else {
            None
        };
        let (user_id, at) = (account.id.clone(), stamp(now));
        self.store
            .write(move |tx| {
                users::record_successful_login(tx, &user_id, new_hash.as_deref(), &at)?;
                if weak_v03_password {
                    users::require_password_change(tx, &user_id, &at)?;
                }
                audit::record(
                    tx,
                    &audit::Entry {
                        at: &at,
                        actor_user_id: Some(&user_id),
                        action: "signed_in",
                        target_type: "user",
                        target_id: Some(&user_id),
                        summary: json!({ "password_rehashed": new_hash.is_some() }),
                    },
                )?;
                Ok::<_, AppError>(())
            })
            .await?;

        let token = self
            .sessions
            .open(
                Session {
                    user_id: account.id.clone(),
                    auth_epoch: account.auth_epoch,
                    last_seen: now,
                },
                self.policy.idle_timeout,
            )
            .await?;
        tracing::info!(user_id = %account.id, role = role.as_str(), "signed in");
        Ok((token, self.session_info(&account, role)))
    }

    async fn count_failed_sign_in(&self, user_id: &str) -> AppError {
        match self.count_wrong_password(user_id, "sign_in_failed").await {
            Ok(true) => AppError::Unauthorized(format!(
                "{WRONG_CREDENTIALS} After {} failed sign-ins in a row the account is locked for {} minutes.",
                self.policy.max_failed_logins,
                self.policy.lockout.num_minutes()
            )),
            Ok(false) => AppError::Unauthorized(WRONG_CREDENTIALS.into()),
            Err(error) => error,
        }
    }

    /// Counts a wrong password toward the lockout, wherever it was typed (the sign-in, or the
    /// current password on "Change password", else a window left signed in could be used to
    /// guess without limit), and records it as `failed_action`, or as `account_locked` when this
    /// one locks the account. True when it did.
    async fn count_wrong_password(
        &self,
        user_id: &str,
        failed_action: &'static str,
    ) -> Result<bool, AppError> {
        let now = self.clock.now();
        let (id, at, until) = (
            user_id.to_string(),
            stamp(now),
            stamp(now + self.policy.lockout),
        );
        let max = self.policy.max_failed_logins;
        let locked = self
            .store
            .write(move |tx| {
                let outcome = users::record_failed_login(tx, &id, max, &until, &at)?;
                let locked = outcome.locked_until.as_deref() == Some(until.as_str());
                let (action, summary) = if locked {
                    // Which kind of wrong password locked it.
                    ("account_locked", json!({ "cause": failed_action }))
                } else {
                    (
                        failed_action,
                        json!({ "failed_logins": outcome.failed_logins }),
                    )
                };
                audit::record(
                    tx,
                    &audit::Entry {
                        at: &at,
                        actor_user_id: None,
                        action,
                        target_type: "user",
                        target_id: Some(&id),
                        summary,
                    },
                )?;
                Ok::<_, AppError>(locked)
            })
            .await?;
        if locked {
            tracing::warn!(user_id, "account locked after repeated wrong passwords");
        }
        Ok(locked)
    }

    /// Sets the signed-in account's own new password; required before anything else when the
    /// account must change its password. Sessions opened before the change end.
    pub async fn change_own_password(
        &self,
        token: &SessionToken,
        current_password: &str,
        new_password: &str,
    ) -> Result<SessionInfo, AppError> {
        let actor = self.authorize(token, Access::OwnAccount).await?;
        let account = self.load_account(&actor.user_id).await?;
        if current_password.is_empty() {
            return Err(AppError::invalid(
                "current_password",
                "Enter your current password.",
            ));
        }
        PasswordPolicy::check(new_password, &account.email, Some(current_password))?;

        let (attempt, stored) = (current_password.to_string(), account.password_hash.clone());
        if run_blocking(move || password::verify(&attempt, stored.as_deref())).await?
            == Verified::Wrong
        {
            if self
                .count_wrong_password(&actor.user_id, "password_change_failed")
                .await?
            {
                // Locked: this window's session ends with it, like any other sign-in.
                self.sessions.close(token).await?;
                return Err(AppError::Unauthorized(format!(
                    "The current password is incorrect. After {} wrong passwords in a row the account is locked for {} minutes.",
                    self.policy.max_failed_logins,
                    self.policy.lockout.num_minutes()
                )));
            }
            return Err(AppError::invalid(
                "current_password",
                "The current password is incorrect.",
            ));
        }
        let new_password = new_password.to_string();
        let new_hash = run_blocking(move || password::hash(&new_password)).await??;

        let (user_id, at) = (actor.user_id.clone(), stamp(self.clock.now()));
        let epoch = self
            .store
            .write(move |tx| {
                let epoch = users::set_own_password(tx, &user_id, &new_hash, &at)?;
                audit::record(
                    tx,
                    &audit::Entry {
                        at: &at,
                        actor_user_id: Some(&user_id),
                        action: "password_changed",
                        target_type: "user",
                        target_id: Some(&user_id),
                        summary: json!({ "by": "self" }),
                    },
                )?;
                Ok::<_, AppError>(epoch)
            })
            .await?;
        // This session carries on under the new password; any other one ends at its next command.
        self.sessions
            .touch(token, self.clock.now(), Some(epoch))
            .await?;
        let account = self.load_account(&actor.user_id).await?;
        tracing::info!(user_id = %actor.user_id, "password changed");
        Ok(self.session_info(&account, actor.role))
    }

    /// The signed-in account, for a UI that starts (or reloads) while a session is live.
    pub async fn current_session(&self, token: &SessionToken) -> Result<SessionInfo, AppError> {
        let actor = self.authorize(token, Access::OwnAccount).await?;
        let account = self.load_account(&actor.user_id).await?;
        Ok(self.session_info(&account, actor.role))
    }

    pub async fn sign_out(&self, token: &SessionToken) -> Result<(), AppError> {
        let Some(session) = self.sessions.close(token).await? else {
            return Ok(()); // signing out twice is not an error
        };
        let at = stamp(self.clock.now());
        self.store
            .write(move |tx| {
                audit::record(
                    tx,
                    &audit::Entry {
                        at: &at,
                        actor_user_id: Some(&session.user_id),
                        action: "signed_out",
                        target_type: "user",
                        target_id: Some(&session.user_id),
                        summary: json!({}),
                    },
                )?;
                Ok::<_, AppError>(())
            })
            .await
    }

    /// Checks the session for a command that needs `access`, re-reading the account so that a
    /// changed role, password or deletion takes effect now. Every use case starts here.
    pub async fn authorize(&self, token: &SessionToken, access: Access) -> Result<Actor, AppError> {
        let session = self
            .sessions
            .get(token)
            .await?
            .ok_or_else(|| AppError::Unauthorized(NOT_SIGNED_IN.into()))?;
        let now = self.clock.now();
        if now - session.last_seen > self.policy.idle_timeout {
            self.sessions.close(token).await?;
            return Err(AppError::Unauthorized(format!(
                "Your session ended after {} hours without activity. Sign in again.",
                self.policy.idle_timeout.num_hours()
            )));
        }
        let user_id = session.user_id.clone();
        let account = self
            .store
            .read(move |conn| users::credentials_by_id(conn, &user_id))
            .await?;
        let Some(account) = account else {
            self.sessions.close(token).await?;
            return Err(AppError::Unauthorized(
                "This account no longer exists.".into(),
            ));
        };
        if account.auth_epoch != session.auth_epoch {
            self.sessions.close(token).await?;
            return Err(AppError::Unauthorized(
                "The password of this account was changed. Sign in again.".into(),
            ));
        }
        let role = AppRole::parse(&account.app_role).unwrap_or(AppRole::User);
        if role == AppRole::User
            || (role == AppRole::PartnerAdmin && account.organization_id.is_none())
        {
            self.sessions.close(token).await?;
            return Err(AppError::Forbidden(NO_ACCESS.into()));
        }
        if account.must_change_password && access != Access::OwnAccount {
            return Err(AppError::Forbidden(
                "Set a new password before you continue.".into(),
            ));
        }
        if access == Access::Admin && role != AppRole::Admin {
            return Err(AppError::Forbidden(
                "Only administrators can do this.".into(),
            ));
        }
        if !token.is_refresh() {
            self.sessions.touch(token, now, None).await?;
        }
        Ok(Actor {
            user_id: account.id,
            role,
            organization_id: account.organization_id,
        })
    }

    async fn load_account(&self, user_id: &str) -> Result<users::Credentials, AppError> {
        let id = user_id.to_string();
        self.store
            .read(move |conn| users::credentials_by_id(conn, &id))
            .await?
            .ok_or_else(|| AppError::Unauthorized("This account no longer exists.".into()))
    }

    fn session_info(&self, account: &users::Credentials, role: AppRole) -> SessionInfo {
        let display_name = format!("{} {}", account.firstname, account.lastname)
            .trim()
            .to_string();
        SessionInfo {
            user: CurrentUser {
                id: account.id.clone(),
                email: account.email.clone(),
                display_name: if display_name.is_empty() {
                    account.email.clone()
                } else {
                    display_name
                },
                app_role: role,
                organization_id: account.organization_id.clone(),
                organization_name: account.organization_name.clone(),
            },
            must_change_password: account.must_change_password,
            idle_timeout_minutes: self
                .policy
                .idle_timeout
                .num_minutes()
                .try_into()
                .unwrap_or(u32::MAX),
        }
    }
}

fn check_sign_in_input(email: &str, password: &str) -> Result<(), AppError> {
    let mut fields = BTreeMap::new();
    if email.is_empty() {
        fields.insert("email".to_string(), "Enter your email address.".to_string());
    } else if email.chars().count() > MAX_EMAIL_CHARS {
        fields.insert(
            "email".to_string(),
            format!("An email address has at most {MAX_EMAIL_CHARS} characters."),
        );
    }
    if password.is_empty() {
        fields.insert("password".to_string(), "Enter your password.".to_string());
    } else if password.chars().count() > password::MAX_PASSWORD_CHARS {
        // Refused before hashing; still the same answer as any wrong password.
        return Err(AppError::Unauthorized(WRONG_CREDENTIALS.into()));
    }
    if fields.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid_fields(fields))
    }
}

/// Password hashing is CPU-bound: keep it off the async workers, and run at most one per core
/// at a time. Each argon2id hash takes 19 MiB; a burst of sign-ins on a server (or a flood of
/// wrong ones) then waits its turn instead of taking the machine's memory.
pub(crate) async fn run_blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    static TURNS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let turns = TURNS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(cores)
    });
    let _turn = turns
        .acquire()
        .await
        .map_err(|e| AppError::Internal(format!("password hashing stopped: {e}")))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| AppError::Internal(format!("a background task failed: {e}")))
}
