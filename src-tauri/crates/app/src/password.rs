//! Password hashing (argon2id, OWASP parameters; bcrypt hashes imported from v0.3 are verified
//! once and replaced) and the password policy.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::AppError;

/// At least 12 characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longer input is refused before hashing, so a huge paste cannot stall the hasher.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane (the `argon2` crate's default).
fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

pub(crate) fn hash(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AppError::Internal(format!("could not hash the password: {e}")))
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verified {
    Wrong,
    /// Right; `rehash` is true when the stored hash uses older parameters and should be replaced.
    Right {
        rehash: bool,
    },
}

pub(crate) fn verify(password: &str, stored: Option<&str>) -> Verified {
    let Some(stored) = stored else {
        // An account without a password cannot sign in; spend the same time as a real check so
        // the answer does not reveal which accounts have one.
        burn_equal_time(password);
        return Verified::Wrong;
    };
    if is_bcrypt(stored) {
        return verify_bcrypt(password, stored);
    }
    let Ok(parsed) = PasswordHash::new(stored) else {
        burn_equal_time(password);
        return Verified::Wrong;
    };
    if hasher()
        .verify_password(password.as_bytes(), &parsed)
        .is_err()
    {
        return Verified::Wrong;
    }
    let current = Params::default();
    let same_params = parsed.algorithm.as_str() == "argon2id"
        && Params::try_from(&parsed).is_ok_and(|p| {
            p.m_cost() == current.m_cost()
                && p.t_cost() == current.t_cost()
                && p.p_cost() == current.p_cost()
        });
    Verified::Right {
        rehash: !same_params,
    }
}

/// Whether a stored hash is a bcrypt hash, as HyOpps v0.3 wrote them (`$2b$`; `$2a$` and `$2y$`
/// from other bcrypt libraries). The import keeps such hashes only for accounts that sign in.
pub(crate) fn is_bcrypt(stored: &str) -> bool {
    ["$2a$", "$2b$", "$2y$"]
        .iter()
        .any(|prefix| stored.starts_with(prefix))
}

/// Whether `password`, right for the stored hash, is a v0.3 password (bcrypt) that today's
/// policy would refuse (too short, `admin123` among them, or the email itself): it signs in this
/// once, and the account must then choose a new one before anything else.
pub(crate) fn v03_password_below_policy(password: &str, stored: Option<&str>, email: &str) -> bool {
    stored.is_some_and(is_bcrypt) && PasswordPolicy::check(password, email, None).is_err()
}

/// A bcrypt hash imported from v0.3 is accepted, and always asks for a rehash: sign-in replaces
/// it with argon2id at once, so it is used at most once. A malformed one never matches.
fn verify_bcrypt(password: &str, stored: &str) -> Verified {
    match bcrypt::verify(password, stored) {
        Ok(true) => Verified::Right { rehash: true },
        Ok(false) => Verified::Wrong,
        Err(_) => {
            burn_equal_time(password);
            Verified::Wrong
        }
    }
}

/// Verifies against a fixed hash, so an unknown email costs as much as a known one.
pub(crate) fn burn_equal_time(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("hyopps-timing-equaliser").unwrap_or_default());
    if let Ok(parsed) = PasswordHash::new(dummy) {
        let _ = hasher().verify_password(password.as_bytes(), &parsed);
    }
}

/// The rules a new password must meet. Field errors are keyed `new_password`.
pub struct PasswordPolicy;

impl PasswordPolicy {
    pub fn check(
        new_password: &str,
        email: &str,
        current_password: Option<&str>,
    ) -> Result<(), AppError> {
        let mut fields = BTreeMap::new();
        let chars = new_password.chars().count();
        if new_password.trim().is_empty() {
            fields.insert("new_password".into(), "Enter a new password.".into());
        } else if chars < MIN_PASSWORD_CHARS {
            fields.insert(
                "new_password".into(),
                format!("Use at least {MIN_PASSWORD_CHARS} characters (this one has {chars})."),
            );
        } else if chars > MAX_PASSWORD_CHARS {
            fields.insert(
                "new_password".into(),
                format!("Use at most {MAX_PASSWORD_CHARS} characters."),
            );
        } else if new_password.trim().eq_ignore_ascii_case(email.trim()) {
            fields.insert(
                "new_password".into(),
                "The password must not be your email address.".into(),
            );
        } else if current_password == Some(new_password) {
            fields.insert(
                "new_password".into(),
                "Choose a password different from the current one.".into(),
            );
        }
        if fields.is_empty() {
            Ok(())
        } else {
            Err(AppError::invalid_fields(fields))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_own_password() {
        let stored = hash("correct horse battery").unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "OWASP argon2id parameters"
        );
        assert_eq!(
            verify("correct horse battery", Some(&stored)),
            Verified::Right { rehash: false }
        );
        assert_eq!(
            verify("wrong horse battery", Some(&stored)),
            Verified::Wrong
        );
        assert_eq!(
            verify("anything", None),
            Verified::Wrong,
            "no hash: cannot sign in"
        );
        assert_eq!(verify("anything", Some("not a hash")), Verified::Wrong);
    }

    #[test]
    fn a_v03_bcrypt_hash_verifies_and_asks_for_a_rehash() {
        let stored = bcrypt::hash("the v0.3 password", 4).unwrap();
        assert!(is_bcrypt(&stored));
        assert_eq!(
            verify("the v0.3 password", Some(&stored)),
            Verified::Right { rehash: true },
            "an imported bcrypt hash is replaced by argon2id at the first sign-in"
        );
        assert_eq!(verify("another password", Some(&stored)), Verified::Wrong);
        // Other libraries' prefixes for the same algorithm (PHP writes $2y$).
        let php_style = stored.replacen("$2b$", "$2y$", 1);
        assert_eq!(
            verify("the v0.3 password", Some(&php_style)),
            Verified::Right { rehash: true }
        );
        assert_eq!(
            verify("the v0.3 password", Some("$2b$04$truncated")),
            Verified::Wrong,
            "a malformed bcrypt hash never matches"
        );
    }

    #[test]
    fn weaker_argon2_parameters_ask_for_a_rehash() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        )
        .hash_password(b"some long password", &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
        assert_eq!(
            verify("some long password", Some(&weak)),
            Verified::Right { rehash: true }
        );
    }
}
