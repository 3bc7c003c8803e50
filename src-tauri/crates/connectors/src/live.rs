//! The connectors in use right now, replaceable while executions run: saving Settings swaps in
//! newly built connectors without restarting the engine.

use std::sync::{Arc, RwLock};

use crate::Connectors;

/// A shared handle on the current [`Connectors`]. Each step takes a snapshot with
/// [`LiveConnectors::current`] when it starts, so one step never mixes old and new settings.
#[derive(Clone)]
pub struct LiveConnectors {
    current: Arc<RwLock<Connectors>>,
}

impl LiveConnectors {
    pub fn new(connectors: Connectors) -> Self {
        Self {
            current: Arc::new(RwLock::new(connectors)),
        }
    }

    /// The connectors to use for one step (a cheap clone of shared handles).
    pub fn current(&self) -> Connectors {
        // A poisoned lock only means a panic elsewhere while swapping; the value is still whole.
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Steps that start after this call use `connectors`; steps already running finish with
    /// the ones they started with.
    pub fn replace(&self, connectors: Connectors) {
        *self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = connectors;
    }
}

impl From<Connectors> for LiveConnectors {
    fn from(connectors: Connectors) -> Self {
        Self::new(connectors)
    }
}
