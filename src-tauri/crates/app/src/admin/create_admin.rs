//! An administrator created from the server's command line (`hyopps-server create-admin EMAIL`),
//! for a team's first admin or one more when nobody can sign in: no session, the person at the
//! server's console is trusted as the one who installed it.

use hyopps_store::{audit, users};
use serde_json::json;

use super::validate::Check;
use crate::auth::run_blocking;
use crate::clock::stamp;
use crate::{password, App, AppError, PasswordPolicy};

/// Letters and digits a person can read back without mistaking one for another (no 0/O, 1/l/I).
const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// 20 of 56 symbols: about 116 random bits.
const ONE_TIME_PASSWORD_CHARS: usize = 20;

/// The new account and the password to hand over once: it must be changed at the first sign-in.
pub struct CreatedAdmin {
    pub user_id: String,
    pub email: String,
    pub one_time_password: String,
}

impl std::fmt::Debug for CreatedAdmin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedAdmin")
            .field("user_id", &self.user_id)
            .field("email", &self.email)
            .field("one_time_password", &"<redacted>")
            .finish()
    }
}

impl App {
    /// Creates an administrator with a random one-time password (`must_change_password`), and
    /// audits it as done from the command line. An email that already has an account is
    /// refused (`Conflict`), and nothing is written.
    pub async fn create_admin_from_command_line(
        &self,
        email: &str,
    ) -> Result<CreatedAdmin, AppError> {
        let mut check = Check::new();
        let email = check.email("email", email);
        check.finish()?;
        let one_time_password = random_password();
        PasswordPolicy::check(&one_time_password, &email, None)?;
        let secret = one_time_password.clone();
        let hash = run_blocking(move || password::hash(&secret)).await??;
        let user_id = uuid::Uuid::new_v4().to_string();
        let at = stamp(self.clock.now());
        let (id, address) = (user_id.clone(), email.clone());
        self.store
            .write(move |tx| {
                if users::email_owner(tx, &address, None)?.is_some() {
                    return Err(AppError::Conflict(format!(
                        "{address} already has an account: nothing was created. Sign in with it, or have an administrator set its password."
                    )));
                }
                let first_name = address.split('@').next().unwrap_or_default();
                users::create_admin(tx, &id, first_name, &address, &hash, &at)?;
                audit::record(
                    tx,
                    &audit::Entry {
                        at: &at,
                        actor_user_id: None,
                        action: "admin_created",
                        target_type: "user",
                        target_id: Some(&id),
                        summary: json!({
                            "by": "command line",
                            "email": address,
                            "app_role": "admin",
                            "must_change_password": true,
                        }),
                    },
                )?;
                Ok(())
            })
            .await?;
        tracing::info!(%user_id, "administrator created from the command line");
        Ok(CreatedAdmin {
            user_id,
            email,
            one_time_password,
        })
    }
}

fn random_password() -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut password = String::with_capacity(ONE_TIME_PASSWORD_CHARS);
    while password.len() < ONE_TIME_PASSWORD_CHARS {
        // Rejection sampling keeps every symbol equally likely.
        let byte = (OsRng.next_u32() & 0xff) as usize;
        if byte < ALPHABET.len() * (256 / ALPHABET.len()) {
            password.push(ALPHABET[byte % ALPHABET.len()] as char);
        }
    }
    password
}
