//! When to try a transiently failed step again: one pure function.

use std::time::Duration;

/// How transient failures are retried.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; the step fails after the last one.
    pub max_attempts: u32,
    /// The delay after the first failure; it doubles with each further one.
    pub base_delay: Duration,
    /// No computed delay exceeds this (a `Retry-After` may).
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            base_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(300),
        }
    }
}

/// The longest a system's own `Retry-After` is honoured: it comes from outside, and a step
/// that waits days for an answer is better failed and retried by an operator.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60 * 60);

/// The delay before attempt `failed_attempts + 1`: exponential backoff with "equal jitter"
/// (half fixed, half random, so retries of many executions spread out), and never shorter than
/// the system's own `Retry-After` (up to [`MAX_RETRY_AFTER`]). `jitter` is a random number in
/// `[0, 1]`.
pub fn retry_delay(
    policy: &RetryPolicy,
    failed_attempts: u32,
    retry_after: Option<Duration>,
    jitter: f64,
) -> Duration {
    let exponent = failed_attempts.saturating_sub(1).min(30);
    let backoff = policy
        .base_delay
        .saturating_mul(1u32 << exponent)
        .min(policy.max_delay);
    let jittered = backoff.mul_f64(0.5 + jitter.clamp(0.0, 1.0) / 2.0);
    jittered.max(retry_after.unwrap_or_default().min(MAX_RETRY_AFTER))
}

/// A random number in `[0, 1]` for [`retry_delay`], from the OS's randomness.
pub(crate) fn random_jitter() -> f64 {
    (uuid::Uuid::new_v4().as_u128() & u128::from(u32::MAX)) as f64 / f64::from(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(60),
        }
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let p = policy();
        let full = |n| retry_delay(&p, n, None, 1.0);
        assert_eq!(full(1), Duration::from_secs(2));
        assert_eq!(full(2), Duration::from_secs(4));
        assert_eq!(full(3), Duration::from_secs(8));
        assert_eq!(full(10), Duration::from_secs(60), "capped at max_delay");
        assert_eq!(
            full(1000),
            Duration::from_secs(60),
            "no overflow for absurd counts"
        );
    }

    #[test]
    fn jitter_keeps_at_least_half_the_backoff() {
        let p = policy();
        assert_eq!(retry_delay(&p, 3, None, 0.0), Duration::from_secs(4));
        assert_eq!(retry_delay(&p, 3, None, 0.5), Duration::from_secs(6));
    }

    #[test]
    fn retry_after_is_a_floor() {
        let p = policy();
        assert_eq!(
            retry_delay(&p, 1, Some(Duration::from_secs(120)), 0.0),
            Duration::from_secs(120),
            "the system said when: wait at least that long, even past max_delay"
        );
        assert_eq!(
            retry_delay(&p, 3, Some(Duration::from_secs(1)), 1.0),
            Duration::from_secs(8),
            "a short Retry-After does not shorten the backoff"
        );
    }

    #[test]
    fn retry_after_is_honoured_up_to_an_hour() {
        let p = policy();
        assert_eq!(
            retry_delay(&p, 1, Some(Duration::from_secs(u64::MAX)), 0.0),
            MAX_RETRY_AFTER,
            "an absurd Retry-After from outside is capped"
        );
    }

    #[test]
    fn random_jitter_is_in_range() {
        for _ in 0..1000 {
            let j = random_jitter();
            assert!((0.0..=1.0).contains(&j));
        }
    }
}
