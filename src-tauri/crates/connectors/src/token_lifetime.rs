//! What the client-credentials token caches of Microsoft Graph and Keycloak share: how long a
//! token they were given is trusted.

use std::time::Duration;

/// The longest a token is cached, whatever its `expires_in` says. Real services issue tokens
/// for minutes to hours; a larger value is a misconfigured or hostile server, and must neither
/// overflow the clock arithmetic (a panic) nor keep a token for ever.
const LONGEST: Duration = Duration::from_secs(24 * 60 * 60);

/// A token's lifetime from its `expires_in` seconds, at most a day.
pub(crate) fn token_lifetime(expires_in_seconds: u64) -> Duration {
    Duration::from_secs(expires_in_seconds).min(LONGEST)
}
