//! Which executions' events a session may receive, for a server's event stream: the same rule
//! as reading the execution (an admin every one, a partner admin their organisation's).

use crate::{Access, App, AppError, SessionToken};

impl App {
    /// Whether the session may receive this execution's events. The session is checked again
    /// (an ended, demoted or deleted one is an error, and its stream ends), without counting as
    /// its activity.
    pub async fn may_see_execution(
        &self,
        token: &SessionToken,
        execution_id: &str,
    ) -> Result<bool, AppError> {
        let actor = self
            .authorize(&token.for_refresh(), Access::SignedIn)
            .await?;
        match self.visible_execution(&actor, execution_id).await {
            Ok(_) => Ok(true),
            Err(AppError::NotFound(_)) => Ok(false),
            Err(other) => Err(other),
        }
    }
}
