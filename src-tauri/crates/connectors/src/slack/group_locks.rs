//! One lock per Slack user group, held while its member list is read, merged and written back.
//!
//! `usergroups.users.update` replaces the whole list. The engine runs several executions at
//! once, so two people added to the same group together would each have their list written
//! from the same read, and the later write would drop the earlier person. One lock per group
//! id in this process is enough: a single HyOpps is the only program adding partner people to
//! these groups, and all of its executions run in this process. The lock map is process-wide
//! (not per connector) because the connector is rebuilt when Settings change while earlier
//! calls may still be running. A change someone makes in Slack itself at the same moment is
//! not covered by the lock; reading the list back after writing catches that.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

type Locks = Mutex<HashMap<String, Arc<AsyncMutex<()>>>>;

fn locks() -> &'static Locks {
    static LOCKS: OnceLock<Locks> = OnceLock::new();
    LOCKS.get_or_init(Locks::default)
}

/// Waits for the user group's lock; the group is ours until the guard is dropped.
pub(super) async fn lock_usergroup(usergroup_id: &str) -> OwnedMutexGuard<()> {
    let lock = {
        let mut locks = locks()
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        locks.entry(usergroup_id.to_string()).or_default().clone()
    };
    lock.lock_owned().await
}
