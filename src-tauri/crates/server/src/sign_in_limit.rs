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
