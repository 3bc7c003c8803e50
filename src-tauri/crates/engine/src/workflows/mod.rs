//! The two onboarding workflows (docs/workflows.md), one file each. Their steps are seeded as data
//! (`workflow_step_definitions`); their forms, connector calls and side effects are here.

mod forms;
mod ids;
mod names;
mod new_partner;
mod new_partner_user;
mod person;

use std::sync::Arc;

use hyopps_connectors::{ConnectorError, LiveConnectors};

use crate::{StepError, Workflow};

pub use ids::{HandCompletion, IdKind, MetabaseId};
pub use new_partner::NewPartner;
pub use new_partner_user::NewPartnerUser;

/// Both workflows, calling the systems through `connectors`.
pub fn standard(connectors: impl Into<LiveConnectors>) -> Vec<Arc<dyn Workflow>> {
    let connectors = connectors.into();
    vec![
        Arc::new(NewPartner::new(connectors.clone())),
        Arc::new(NewPartnerUser::new(connectors)),
    ]
}

impl From<ConnectorError> for StepError {
    fn from(error: ConnectorError) -> Self {
        match error {
            ConnectorError::Transient {
                message,
                retry_after,
            } => StepError::Retryable {
                message,
                retry_after,
            },
            ConnectorError::ManualTask { instructions } => StepError::ManualTask {
                message: instructions,
            },
            other @ (ConnectorError::Permanent { .. } | ConnectorError::NotConfigured { .. }) => {
                StepError::Fatal {
                    message: other.to_string(),
                }
            }
        }
    }
}

/// A value the context must hold because an earlier step put it there.
fn from_context<'a>(context: &'a crate::StepContext, key: &str) -> Result<&'a str, StepError> {
    context
        .values
        .get(key)
        .and_then(|v| v.as_str())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| StepError::Fatal {
            message: format!(
                "An earlier step did not record {key}; complete that step first (or by hand)."
            ),
        })
}
