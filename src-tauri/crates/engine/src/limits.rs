//! How hard the engine may press each outside system: at most `concurrency` calls at once, and
//! at least `min_interval` between the starts of two calls. The systems' own 429/Retry-After
//! answers are honoured by the retry policy on top of this.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// One system's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub concurrency: usize,
    pub min_interval: Duration,
}

impl Default for Limit {
    fn default() -> Self {
        Self {
            concurrency: 4,
            min_interval: Duration::ZERO,
        }
    }
}

/// The limits per system name (as [`crate::StepDefinition::system`] names them); systems not listed
/// get [`Limit::default`].
#[derive(Debug, Clone, Default)]
pub struct SystemLimits {
    pub per_system: HashMap<&'static str, Limit>,
    pub default: Limit,
}

struct Gate {
    permits: Arc<Semaphore>,
    min_interval: Duration,
    next_start: Mutex<Instant>,
}

/// The gates, one per system, made on first use.
pub(crate) struct Gates {
    limits: SystemLimits,
    gates: std::sync::Mutex<HashMap<&'static str, Arc<Gate>>>,
}

/// Held while a call to a system runs.
pub(crate) struct Pass {
    _permit: OwnedSemaphorePermit,
}

impl Gates {
    pub(crate) fn new(limits: SystemLimits) -> Self {
        Self {
            limits,
            gates: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// Waits for a free slot and the minimum interval; the slot is released when the pass drops.
    pub(crate) async fn enter(&self, system: &'static str) -> Pass {
        let gate = {
            let mut gates = self.gates.lock().unwrap_or_else(|p| p.into_inner());
            let limit = self
                .limits
                .per_system
                .get(system)
                .copied()
                .unwrap_or(self.limits.default);
            Arc::clone(gates.entry(system).or_insert_with(|| {
                Arc::new(Gate {
                    permits: Arc::new(Semaphore::new(limit.concurrency.max(1))),
                    min_interval: limit.min_interval,
                    next_start: Mutex::new(Instant::now()),
                })
            }))
        };
        let permit = Arc::clone(&gate.permits)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        if !gate.min_interval.is_zero() {
            let mut next = gate.next_start.lock().await;
            let now = Instant::now();
            if *next > now {
                tokio::time::sleep_until(*next).await;
            }
            *next = Instant::now() + gate.min_interval;
        }
        Pass { _permit: permit }
    }
}
