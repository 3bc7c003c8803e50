//! Who hears of the engine's transitions: the window forwards an execution's change (and may
//! show a desktop notification about it) only to a live session that may see that execution.
//! A signed-out window, or one whose session ended while nobody used it, hears nothing.

use crate::{Access, App, SessionToken};

impl App {
    /// Whether the window signed in with `token` may be told that `execution_id` changed.
    /// Asking is not activity: it never keeps an idle session alive.
    pub async fn may_hear_of_execution(&self, token: &SessionToken, execution_id: &str) -> bool {
        let refresh = token.for_refresh();
        let Ok(actor) = self.authorize(&refresh, Access::SignedIn).await else {
            return false;
        };
        self.visible_execution(&actor, execution_id).await.is_ok()
    }
}
