//! Sign-in attempts per client address, on top of the per-account lockout: one address may not
//! try passwords on many accounts. Every attempt counts when it starts (so a burst of parallel
//! attempts cannot slip through before the first fails); a successful one is given back.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many sign-in attempts one address may make in a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInLimit {
    pub attempts: usize,
    pub window: Duration,
}

impl Default for SignInLimit {
    /// Four accounts' worth of lockouts (5 tries each) per quarter hour: a team behind one
    /// address signs in freely, a script guessing passwords across accounts does not.
    fn default() -> Self {
        Self {
            attempts: 20,
            window: Duration::from_secs(15 * 60),
        }
    }
}

/// Held past sign-in's answer; [`Attempt::succeeded`] gives the attempt back.
pub struct Attempt<'a> {
    limiter: &'a SignInLimiter,
    address: IpAddr,
    at: Instant,
}

impl Attempt<'_> {
    pub fn succeeded(self) {
        let mut recent = self.limiter.lock();
        if let Some(times) = recent.get_mut(&self.address) {
            if let Some(position) = times.iter().position(|t| *t == self.at) {
                times.remove(position);
            }
        }
    }
}

/// What one client controls: an IPv4 address, or an IPv6 /64 (a host picks any address in its
/// network's /64, so counting single IPv6 addresses would limit nothing).
fn client_network(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        },
    }
}

pub struct SignInLimiter {
    limit: SignInLimit,
    recent: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl SignInLimiter {
    pub fn new(limit: SignInLimit) -> Self {
        Self {
            limit,
            recent: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt from `address`, or says how long until the next one is allowed.
    pub fn begin(&self, address: IpAddr) -> Result<Attempt<'_>, Duration> {
        let address = client_network(address);
        let now = Instant::now();
        let mut recent = self.lock();
        // Forget what is out of the window, everywhere, so the map cannot grow without bound.
        recent.retain(|_, times| {
            while times
                .front()
                .is_some_and(|t| now.duration_since(*t) >= self.limit.window)
            {
                times.pop_front();
            }
            !times.is_empty()
        });
        let times = recent.entry(address).or_default();
        if times.len() >= self.limit.attempts {
            let oldest = times.front().copied().unwrap_or(now);
            return Err(self.limit.window.saturating_sub(now.duration_since(oldest)));
        }
        times.push_back(now);
        Ok(Attempt {
            limiter: self,
            address,
            at: now,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, VecDeque<Instant>>> {
        self.recent.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(attempts: usize) -> SignInLimiter {
        SignInLimiter::new(SignInLimit {
            attempts,
            window: Duration::from_secs(60),
        })
    }

    #[test]
    fn addresses_of_one_ipv6_network_share_their_attempts() {
        let limiter = limiter(2);
        let first: IpAddr = "2001:db8:1:2::10".parse().unwrap();
        let same_network: IpAddr = "2001:db8:1:2:ffff::99".parse().unwrap();
        let other_network: IpAddr = "2001:db8:1:3::10".parse().unwrap();
        assert!(limiter.begin(first).is_ok());
        assert!(limiter.begin(same_network).is_ok());
        assert!(
            limiter.begin(first).is_err(),
            "a host cannot escape the limit by changing the low 64 bits"
        );
        assert!(
            limiter.begin(other_network).is_ok(),
            "another /64 is another client"
        );
    }

    #[test]
    fn ipv4_addresses_are_counted_alone_also_when_mapped_into_ipv6() {
        let limiter = limiter(1);
        let v4: IpAddr = "192.0.2.7".parse().unwrap();
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert!(limiter.begin(v4).is_ok());
        assert!(limiter.begin(mapped).is_err(), "the same client");
        assert!(limiter.begin("192.0.2.8".parse().unwrap()).is_ok());
    }
}
